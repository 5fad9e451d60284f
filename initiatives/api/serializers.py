from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound

from initiatives import permissions
from initiatives.models import (
    AgendaVersion,
    Endorsement,
    GlossaryTerm,
    Initiative,
    Invitation,
    Membership,
    Organisation,
    Role,
    Sector,
)


class InitiativeOutput(serializers.ModelSerializer):
    my_role = serializers.SerializerMethodField()

    class Meta:
        model = Initiative
        fields = [
            "id",
            "slug",
            "name",
            "problem_statement",
            "target_group",
            "region",
            "start_date",
            "planned_end_date",
            "status",
            "my_role",
            "created_at",
            "updated_at",
        ]

    def get_my_role(self, obj) -> str | None:
        membership = self.context["memberships"].get(obj.pk)
        return membership.role if membership else None


class InitiativeInput(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    problem_statement = serializers.CharField()
    target_group = serializers.CharField(max_length=255)
    region = serializers.CharField(max_length=150)
    start_date = serializers.DateField()
    planned_end_date = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=Initiative.Status.choices, required=False)


class OrganisationOutput(serializers.ModelSerializer):
    initiative = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Organisation
        fields = ["id", "initiative", "name", "sector", "website", "contribution"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        membership = self.context["memberships"].get(instance.initiative_id)
        if not permissions.can_view_partner_details(membership):
            # Participants see names and sectors only.
            data.pop("website")
            data.pop("contribution")
        return data


class InitiativeSlugField(serializers.SlugRelatedField):
    """An initiative by slug; an unknown slug answers 404 like one the caller may not see.

    The views answer 404 for initiatives the caller does not belong to; a validation error for
    unknown slugs would tell the two apart and reveal which initiatives exist.
    """

    def __init__(self, **kwargs):
        super().__init__(slug_field="slug", queryset=Initiative.objects.all(), **kwargs)

    def to_internal_value(self, data):
        try:
            return self.get_queryset().get(slug=str(data))
        except Initiative.DoesNotExist as exc:
            raise NotFound() from exc


class OrganisationInput(serializers.Serializer):
    initiative = InitiativeSlugField(required=False)
    name = serializers.CharField(max_length=200)
    sector = serializers.ChoiceField(choices=Sector.choices)
    website = serializers.URLField(required=False, allow_blank=True, default="")
    contribution = serializers.CharField(required=False, allow_blank=True, default="")


class PersonOutput(serializers.ModelSerializer):
    class Meta:
        model = get_user_model()
        fields = ["id", "full_name"]


class MembershipOutput(serializers.ModelSerializer):
    initiative = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    person = PersonOutput(source="user", read_only=True)
    email = serializers.SerializerMethodField()

    class Meta:
        model = Membership
        fields = ["id", "initiative", "person", "email", "role", "organisation", "created_at"]

    def get_email(self, obj) -> str | None:
        membership = self.context["memberships"].get(obj.initiative_id)
        return obj.user.email if permissions.can_view_member_emails(membership) else None


class MembershipInput(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices)
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )


class InvitationOutput(serializers.ModelSerializer):
    initiative = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    status = serializers.CharField(read_only=True)

    class Meta:
        model = Invitation
        fields = [
            "id",
            "initiative",
            "email",
            "role",
            "organisation",
            "message",
            "status",
            "expires_at",
            "created_at",
        ]


class InvitationInput(serializers.Serializer):
    initiative = InitiativeSlugField()
    email = serializers.EmailField()
    role = serializers.ChoiceField(choices=Role.choices)
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    message = serializers.CharField(required=False, allow_blank=True, default="")


def _person_name(user) -> str | None:
    return (user.full_name or user.email) if user is not None else None


class EndorsementOutput(serializers.ModelSerializer):
    """One organisation's statement on one version; the person's name only for those who see
    the members (not participants)."""

    version = serializers.IntegerField(source="version_id", read_only=True)
    version_number = serializers.IntegerField(source="version.number", read_only=True)
    organisation = serializers.IntegerField(source="organisation_id", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    endorsed_by = serializers.SerializerMethodField()

    class Meta:
        model = Endorsement
        fields = [
            "id",
            "version",
            "version_number",
            "organisation",
            "organisation_name",
            "level",
            "reservation",
            "comment",
            "endorsed_by",
            "endorsed_at",
            "updated_at",
        ]

    def get_endorsed_by(self, obj) -> str | None:
        initiative_id = self.context.get("initiative_id") or obj.version.initiative_id
        membership = self.context["memberships"].get(initiative_id)
        if not permissions.can_view_endorsers(membership):
            return None
        return _person_name(obj.endorsed_by)


class AgendaVersionOutput(serializers.ModelSerializer):
    initiative = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    is_current = serializers.SerializerMethodField()
    published_by = serializers.SerializerMethodField()
    endorsements = serializers.SerializerMethodField()

    class Meta:
        model = AgendaVersion
        fields = [
            "id",
            "initiative",
            "number",
            "is_current",
            "vision",
            "problem",
            "approach",
            "principles",
            "change_note",
            "published_at",
            "published_by",
            "endorsements",
        ]

    def get_is_current(self, obj) -> bool:
        return obj.number == obj.latest_number

    def get_published_by(self, obj) -> str | None:
        membership = self.context["memberships"].get(obj.initiative_id)
        if not permissions.can_view_endorsers(membership):
            return None
        return _person_name(obj.published_by)

    @extend_schema_field(EndorsementOutput(many=True))
    def get_endorsements(self, obj) -> list[dict]:
        context = {**self.context, "initiative_id": obj.initiative_id}
        return EndorsementOutput(obj.endorsements.all(), many=True, context=context).data


class VersionField(serializers.PrimaryKeyRelatedField):
    """A published version by id; an unknown id answers 404 like a version the caller may
    not see (see `InitiativeSlugField`)."""

    def __init__(self, **kwargs):
        super().__init__(queryset=AgendaVersion.objects.select_related("initiative"), **kwargs)

    def to_internal_value(self, data):
        try:
            return self.get_queryset().get(pk=int(data))
        except (TypeError, ValueError, AgendaVersion.DoesNotExist) as exc:
            raise NotFound() from exc


class EndorsementInput(serializers.Serializer):
    version = VersionField(help_text="The id of the current version of the common agenda.")
    organisation = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="Optional: the caller's own organisation (the only one allowed).",
    )
    level = serializers.ChoiceField(choices=Endorsement.Level.choices)
    reservation = serializers.CharField(required=False, allow_blank=True, default="")
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class GlossaryTermOutput(serializers.ModelSerializer):
    initiative = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = GlossaryTerm
        fields = ["id", "initiative", "term", "definition", "updated_at"]
