from django.contrib import admin
from django.urls import include, path

from core import views as core_views
from initiatives import views as initiative_views

urlpatterns = [
    path("", initiative_views.home, name="home"),
    path("konto/", include("accounts.urls")),
    path("", include("initiatives.urls")),
    path("", include("impact.urls")),
    path("", include("coordination.urls")),
    path("", include("focusgroups.urls")),
    path("", include("reports.urls")),
    path("api/", include("config.api_urls")),
    path("gesundheit/", core_views.health, name="health"),
    path("betrieb/", admin.site.urls),
]

handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
# Uploaded files (evidence, reports) are never served from MEDIA_URL, not even in development:
# only views that check who may see them hand them out.
