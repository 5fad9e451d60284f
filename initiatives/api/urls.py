from rest_framework.routers import SimpleRouter

from initiatives.api import views

router = SimpleRouter()
router.register("initiatives", views.InitiativeViewSet, basename="initiative")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("memberships", views.MembershipViewSet, basename="membership")
router.register("invitations", views.InvitationViewSet, basename="invitation")

urlpatterns = router.urls
