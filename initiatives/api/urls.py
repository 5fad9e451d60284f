from rest_framework.routers import SimpleRouter

from initiatives.api import views

router = SimpleRouter()
router.register("initiatives", views.InitiativeViewSet, basename="initiative")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("memberships", views.MembershipViewSet, basename="membership")
router.register("invitations", views.InvitationViewSet, basename="invitation")
router.register("agenda-versions", views.AgendaVersionViewSet, basename="agenda-version")
router.register("endorsements", views.EndorsementViewSet, basename="endorsement")
router.register("glossary-terms", views.GlossaryTermViewSet, basename="glossary-term")

urlpatterns = router.urls
