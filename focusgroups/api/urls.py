from django.urls import path
from rest_framework.routers import SimpleRouter

from focusgroups.api import views

router = SimpleRouter()
router.register("focus-groups", views.FocusGroupViewSet, basename="focus-group")
router.register("barrier-cards", views.BarrierCardViewSet, basename="barrier-card")
router.register("prototypes", views.PrototypeViewSet, basename="prototype")
router.register("focus-group-guides", views.GuideViewSet, basename="focus-group-guide")
router.register("solution-concepts", views.SolutionConceptViewSet, basename="solution-concept")
router.register("focus-group-tasks", views.TaskViewSet, basename="focus-group-task")

urlpatterns = [
    *router.urls,
    path("barrier-votes/", views.BarrierVoteView.as_view(), name="barrier-vote-list"),
    path("success-criteria/", views.SuccessCriterionView.as_view(), name="success-criterion-list"),
]
