from rest_framework.routers import SimpleRouter

from coordination.api import views

router = SimpleRouter()
router.register("activities", views.ActivityViewSet, basename="activity")
router.register("output-logs", views.OutputLogViewSet, basename="output-log")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("action-items", views.ActionItemViewSet, basename="action-item")

urlpatterns = router.urls
