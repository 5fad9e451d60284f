from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from core import views as core_views
from initiatives import views as initiative_views

urlpatterns = [
    path("", initiative_views.home, name="home"),
    path("konto/", include("accounts.urls")),
    path("", include("initiatives.urls")),
    path("", include("impact.urls")),
    path("api/", include("config.api_urls")),
    path("gesundheit/", core_views.health, name="health"),
    path("betrieb/", admin.site.urls),
]

handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
