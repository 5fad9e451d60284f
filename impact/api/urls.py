from rest_framework.routers import SimpleRouter

from impact.api import views

router = SimpleRouter()
router.register("goals", views.GoalViewSet, basename="goal")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("reporting-periods", views.ReportingPeriodViewSet, basename="reporting-period")
router.register("submissions", views.SubmissionViewSet, basename="submission")

urlpatterns = router.urls
