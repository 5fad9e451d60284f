"""The initiatives API: lean ViewSets that read through selectors and write through services."""

import django_filters
from django.db.models import IntegerField, Max, OuterRef, Prefetch, Subquery
from django.db.models.functions import Lower
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from initiatives import permissions, services
from initiatives.api import serializers as s
from initiatives.models import (
    AgendaVersion,
    Endorsement,
    GlossaryTerm,
    Initiative,
    Invitation,
    Membership,
    Organisation,
    Role,
)


def _memberships(user) -> dict[int, Membership]:
    """The caller's memberships by initiative id: one query per request."""
    cache = getattr(user, "_api_memberships", None)
    if cache is None:
        cache = {m.initiative_id: m for m in Membership.objects.filter(user=user)}
        user._api_memberships = cache
    return cache


class MembershipContextMixin:
    def get_serializer_context(self):
        return {**super().get_serializer_context(), "memberships": _memberships(self.request.user)}

    def membership_for(self, initiative_id):
        return _memberships(self.request.user).get(initiative_id)

    def require(self, allowed: bool):
        if not allowed:
            raise PermissionDenied()


class InitiativeFilter(django_filters.FilterSet):
    """`?initiative=<slug>`: the filter every resource of an initiative shares."""

    initiative = django_filters.CharFilter(field_name="initiative__slug", label="initiative (slug)")


class OrganisationFilter(InitiativeFilter):
    class Meta:
        model = Organisation
        fields = ["initiative", "sector"]


class MembershipFilter(InitiativeFilter):
    class Meta:
        model = Membership
        fields = ["initiative", "role"]


class InvitationFilter(InitiativeFilter):
    class Meta:
        model = Invitation
        fields = ["initiative"]


class InitiativeViewSet(
    MembershipContextMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Initiatives the caller belongs to. Anyone may found one; the backbone office edits it."""

    queryset = Initiative.objects.none()  # for the schema; get_queryset scopes to the caller
    serializer_class = s.InitiativeOutput
    lookup_field = "slug"

    def get_queryset(self):
        return Initiative.objects.filter(memberships__user=self.request.user).order_by("name")

    @extend_schema(request=s.InitiativeInput, responses={201: s.InitiativeOutput})
    def create(self, request):
        data = s.InitiativeInput(data=request.data)
        data.is_valid(raise_exception=True)
        initiative = services.initiative_create(acting_user=request.user, **data.validated_data)
        self.request.user._api_memberships = None
        return Response(self.get_serializer(initiative).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.InitiativeInput, responses=s.InitiativeOutput)
    def partial_update(self, request, slug=None):
        initiative = self.get_object()
        data = s.InitiativeInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        initiative = services.initiative_update(
            acting_user=request.user, initiative=initiative, **data.validated_data
        )
        return Response(self.get_serializer(initiative).data)


class OrganisationViewSet(MembershipContextMixin, viewsets.ModelViewSet):
    """Partner organisations of the caller's initiatives; `?initiative=<slug>` narrows the list."""

    queryset = Organisation.objects.none()  # for the schema; get_queryset scopes to the caller
    serializer_class = s.OrganisationOutput
    filterset_class = OrganisationFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return (
            Organisation.objects.filter(initiative__in=list(_memberships(self.request.user)))
            .select_related("initiative")
            .order_by("initiative__name", "name")
        )

    @extend_schema(request=s.OrganisationInput, responses={201: s.OrganisationOutput})
    def create(self, request):
        data = s.OrganisationInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        initiative = fields.pop("initiative", None)
        if initiative is None:
            return Response(
                {
                    "error": {
                        "code": "invalid",
                        "message": "initiative is required",
                        "fields": {"initiative": ["This field is required."]},
                    }
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        if self.membership_for(initiative.pk) is None:
            raise Http404
        organisation = services.organisation_create(
            acting_user=request.user, initiative=initiative, **fields
        )
        return Response(self.get_serializer(organisation).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.OrganisationInput, responses=s.OrganisationOutput)
    def partial_update(self, request, pk=None):
        organisation = self.get_object()
        data = s.OrganisationInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = {k: v for k, v in data.validated_data.items() if k != "initiative"}
        organisation = services.organisation_update(
            acting_user=request.user, organisation=organisation, **fields
        )
        return Response(self.get_serializer(organisation).data)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    def destroy(self, request, pk=None):
        services.organisation_delete(acting_user=request.user, organisation=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class MembershipViewSet(
    MembershipContextMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Members of the caller's initiatives (not for participants); e-mails for coordinators."""

    queryset = Membership.objects.none()  # for the schema; get_queryset scopes to the caller
    serializer_class = s.MembershipOutput
    filterset_class = MembershipFilter
    http_method_names = ["get", "patch", "delete", "head", "options"]

    def get_queryset(self):
        visible = [
            initiative_id
            for initiative_id, m in _memberships(self.request.user).items()
            if permissions.can_view_members(m)
        ]
        return (
            Membership.objects.filter(initiative__in=visible)
            .select_related("initiative", "user")
            .order_by("initiative__name", "role", "user__full_name")
        )

    @extend_schema(request=s.MembershipInput, responses=s.MembershipOutput)
    def partial_update(self, request, pk=None):
        membership = self.get_object()
        data = s.MembershipInput(data=request.data)
        data.is_valid(raise_exception=True)
        membership = services.membership_update(
            acting_user=request.user,
            membership=membership,
            role=data.validated_data["role"],
            organisation=data.validated_data.get("organisation"),
        )
        return Response(self.get_serializer(membership).data)

    def perform_destroy(self, instance):
        services.membership_remove(acting_user=self.request.user, membership=instance)


class InvitationViewSet(
    MembershipContextMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Invitations of the initiatives the caller coordinates. DELETE withdraws one."""

    queryset = Invitation.objects.none()  # for the schema; get_queryset scopes to the caller
    serializer_class = s.InvitationOutput
    filterset_class = InvitationFilter
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_queryset(self):
        managed = [
            initiative_id
            for initiative_id, m in _memberships(self.request.user).items()
            if m.role == Role.COORDINATOR
        ]
        return (
            Invitation.objects.filter(initiative__in=managed)
            .select_related("initiative")
            .order_by("-created_at")
        )

    @extend_schema(request=s.InvitationInput, responses={201: s.InvitationOutput})
    def create(self, request):
        data = s.InvitationInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        if self.membership_for(fields["initiative"].pk) is None:
            raise Http404
        invitation = services.invitation_create(acting_user=request.user, **fields)
        return Response(self.get_serializer(invitation).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, pk=None):
        services.invitation_revoke(acting_user=request.user, invitation=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


# The common agenda


class AgendaVersionFilter(InitiativeFilter):
    class Meta:
        model = AgendaVersion
        fields = ["initiative", "number"]


class EndorsementFilter(django_filters.FilterSet):
    initiative = django_filters.CharFilter(
        field_name="version__initiative__slug", label="initiative (slug)"
    )
    # Plain numbers: a choice filter would answer 400 for unknown ids and 200 for ids of
    # other initiatives, telling the two apart.
    version = django_filters.NumberFilter(field_name="version_id", label="version (id)")
    organisation = django_filters.NumberFilter(
        field_name="organisation_id", label="organisation (id)"
    )

    class Meta:
        model = Endorsement
        fields = ["initiative", "version", "organisation"]


class GlossaryTermFilter(InitiativeFilter):
    class Meta:
        model = GlossaryTerm
        fields = ["initiative"]


class AgendaVersionViewSet(
    MembershipContextMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Published versions of the common agenda, newest first, each with its endorsements.

    Every member sees them, participants included; drafts are not part of the API.
    """

    queryset = AgendaVersion.objects.none()  # for the schema; get_queryset scopes to the caller
    serializer_class = s.AgendaVersionOutput
    filterset_class = AgendaVersionFilter

    def get_queryset(self):
        latest = (
            AgendaVersion.objects.filter(initiative=OuterRef("initiative"))
            .order_by()
            .values("initiative")
            .annotate(latest=Max("number"))
            .values("latest")
        )
        endorsements = Endorsement.objects.select_related("organisation", "endorsed_by").order_by(
            "organisation__name"
        )
        return (
            AgendaVersion.objects.filter(initiative__in=list(_memberships(self.request.user)))
            .select_related("initiative", "published_by")
            .prefetch_related(Prefetch("endorsements", queryset=endorsements))
            .annotate(latest_number=Subquery(latest, output_field=IntegerField()))
            .order_by("initiative__name", "-number")
        )


class EndorsementViewSet(MembershipContextMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Endorsements of the caller's initiatives. POST states, for the caller's own
    organisation, how it carries the current version; posting again changes the statement."""

    queryset = Endorsement.objects.none()  # for the schema; get_queryset scopes to the caller
    serializer_class = s.EndorsementOutput
    filterset_class = EndorsementFilter

    def get_queryset(self):
        return (
            Endorsement.objects.filter(
                version__initiative__in=list(_memberships(self.request.user))
            )
            .select_related("version", "organisation", "endorsed_by")
            .order_by("version__initiative__name", "-version__number", "organisation__name")
        )

    @extend_schema(
        request=s.EndorsementInput, responses={200: s.EndorsementOutput, 201: s.EndorsementOutput}
    )
    def create(self, request):
        data = s.EndorsementInput(data=request.data)
        data.is_valid(raise_exception=True)
        version = data.validated_data["version"]
        membership = self.membership_for(version.initiative_id)
        if membership is None:
            raise Http404
        organisation = membership.organisation
        requested = data.validated_data.get("organisation")
        if requested is not None and requested != membership.organisation_id:
            raise PermissionDenied()
        endorsement, created = services.endorsement_set(
            acting_user=request.user,
            version=version,
            organisation=organisation,
            level=data.validated_data["level"],
            reservation=data.validated_data["reservation"],
            comment=data.validated_data["comment"],
        )
        return Response(
            self.get_serializer(endorsement).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class GlossaryTermViewSet(MembershipContextMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The shared language of the caller's initiatives: terms and what the partners mean."""

    queryset = GlossaryTerm.objects.none()  # for the schema; get_queryset scopes to the caller
    serializer_class = s.GlossaryTermOutput
    filterset_class = GlossaryTermFilter

    def get_queryset(self):
        return (
            GlossaryTerm.objects.filter(initiative__in=list(_memberships(self.request.user)))
            .select_related("initiative")
            .order_by("initiative__name", Lower("term"))
        )
