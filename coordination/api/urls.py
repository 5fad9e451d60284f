from rest_framework.routers import SimpleRouter

from coordination.api import views

router = SimpleRouter()
router.register("activities", views.ActivityViewSet, basename="activity")
router.register("output-logs", views.OutputLogViewSet, basename="output-log")

urlpatterns = router.urls
