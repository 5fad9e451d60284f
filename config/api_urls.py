from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from initiatives.api.me import MeView

v1 = [
    path("me/", MeView.as_view(), name="me"),
    path("", include("initiatives.api.urls")),
    path("", include("coordination.api.urls")),
    path("", include("impact.api.urls")),
    path("", include("focusgroups.api.urls")),
]

urlpatterns = [
    path("v1/", include((v1, "api"), namespace="v1")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its script from a URL, so the page runs under script-src 'self'.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
