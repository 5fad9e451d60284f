from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound

from coordination.models import (
    ActionItem,
    Activity,
    AgendaItem,
    ContributionKind,
    Decision,
    Meeting,
    MeetingRole,
    OutputBreakdown,
    OutputLog,
)
from initiatives.api.serializers import InitiativeSlugField


class ActivityOutput(serializers.ModelSerializer):
    initiative = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    organisation = serializers.IntegerField(source="organisation_id", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    objectives = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=Activity.Status.choices, read_only=True)
    log_count = serializers.IntegerField(read_only=True)
    people_total = serializers.IntegerField(read_only=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "initiative",
            "organisation",
            "organisation_name",
            "title",
            "description",
            "contribution_kind",
            "objectives",
            "target_group",
            "place",
            "start_date",
            "end_date",
            "status",
            "log_count",
            "people_total",
            "created_at",
            "updated_at",
        ]

    def get_objectives(self, obj) -> list[int]:
        return [objective.pk for objective in obj.objectives.all()]


class ActivityInput(serializers.Serializer):
    initiative = InitiativeSlugField(required=False, help_text="Required when creating.")
    title = serializers.CharField(max_length=200, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    contribution_kind = serializers.ChoiceField(choices=ContributionKind.choices)
    objectives = serializers.ListField(
        child=serializers.IntegerField(), help_text="Ids of the objectives the activity serves."
    )
    target_group = serializers.CharField(
        max_length=255, required=False, allow_blank=True, default=""
    )
    place = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    start_date = serializers.DateField()
    end_date = serializers.DateField(required=False, allow_null=True, default=None)


class OutputBreakdownOutput(serializers.ModelSerializer):
    category = serializers.IntegerField(source="category_id", read_only=True)
    category_label = serializers.CharField(source="category.label", read_only=True)
    dimension = serializers.IntegerField(source="category.dimension_id", read_only=True)
    dimension_name = serializers.CharField(source="category.dimension.name", read_only=True)

    class Meta:
        model = OutputBreakdown
        fields = ["category", "category_label", "dimension", "dimension_name", "value"]


class OutputLogOutput(serializers.ModelSerializer):
    activity = serializers.IntegerField(source="activity_id", read_only=True)
    initiative = serializers.CharField(source="activity.initiative.slug", read_only=True)
    organisation = serializers.IntegerField(source="activity.organisation_id", read_only=True)
    breakdown = serializers.SerializerMethodField()

    class Meta:
        model = OutputLog
        fields = [
            "id",
            "activity",
            "initiative",
            "organisation",
            "date",
            "people_reached",
            "note",
            "breakdown",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(OutputBreakdownOutput(many=True))
    def get_breakdown(self, obj) -> list[dict]:
        return OutputBreakdownOutput(obj.breakdowns.all(), many=True).data


class ActivityField(serializers.PrimaryKeyRelatedField):
    """An activity by id among those the caller sees; any other id answers 404, so that the
    activities of other initiatives stay private."""

    def to_internal_value(self, data):
        try:
            return self.get_queryset().get(pk=int(data))
        except (TypeError, ValueError, Activity.DoesNotExist) as exc:
            raise NotFound() from exc


class OutputBreakdownInput(serializers.Serializer):
    category = serializers.IntegerField(help_text="Id of a category of the initiative.")
    value = serializers.IntegerField(help_text="People in this category.")


class OutputLogInput(serializers.Serializer):
    activity = ActivityField(
        queryset=Activity.objects.none(), required=False, help_text="Required when creating."
    )
    date = serializers.DateField()
    people_reached = serializers.IntegerField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    breakdown = OutputBreakdownInput(
        many=True,
        required=False,
        help_text=(
            "Optional. Per dimension at most the people reached; people not assigned in a "
            "dimension are counted under its “not specified” category."
        ),
    )

    def __init__(self, *args, activities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if activities is not None:
            self.fields["activity"].queryset = activities

    def breakdown_map(self) -> dict[int, int] | None:
        rows = self.validated_data.get("breakdown")
        if rows is None:
            return None
        return {row["category"]: row["value"] for row in rows}


# --- Meetings and action items --------------------------------------------------------------


class DecisionOutput(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = ["id", "text", "decided_at"]


class AgendaItemOutput(serializers.ModelSerializer):
    owner = serializers.IntegerField(source="owner_id", read_only=True, allow_null=True)
    decisions = DecisionOutput(many=True, read_only=True)

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "order",
            "title",
            "owner",
            "time_box_minutes",
            "notes",
            "notes_version",
            "decisions",
        ]


class MeetingRoleOutput(serializers.ModelSerializer):
    """Who holds one of the roles for this meeting (moderation, time keeper, documentation)."""

    user = serializers.IntegerField(source="user_id", read_only=True)
    user_name = serializers.SerializerMethodField()

    class Meta:
        model = MeetingRole
        fields = ["kind", "user", "user_name"]

    def get_user_name(self, obj) -> str:
        return obj.user.full_name or obj.user.email


class MeetingOutput(serializers.ModelSerializer):
    initiative = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    agenda_items = AgendaItemOutput(many=True, read_only=True)
    roles = MeetingRoleOutput(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "initiative",
            "title",
            "starts_at",
            "duration_minutes",
            "format",
            "location",
            "online_url",
            "description",
            "status",
            "roles",
            "agenda_items",
        ]


class ActionItemOutput(serializers.ModelSerializer):
    initiative = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    assignee = serializers.IntegerField(source="assignee_id", read_only=True, allow_null=True)
    organisation = serializers.IntegerField(
        source="organisation_id", read_only=True, allow_null=True
    )
    agenda_item = serializers.IntegerField(source="agenda_item_id", read_only=True, allow_null=True)
    decision = serializers.IntegerField(source="decision_id", read_only=True, allow_null=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "initiative",
            "title",
            "description",
            "assignee",
            "organisation",
            "due_date",
            "status",
            "done_at",
            "is_overdue",
            "agenda_item",
            "decision",
            "created_at",
            "updated_at",
        ]


class ActionItemInput(serializers.Serializer):
    initiative = InitiativeSlugField()
    title = serializers.CharField(max_length=200, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    assignee = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="User id of a member."
    )
    organisation = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="Id of a partner organisation."
    )
    due_date = serializers.DateField()
    decision = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Optional. Id of the decision the item implements.",
    )


class ActionItemStatusInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=ActionItem.Status.choices)
