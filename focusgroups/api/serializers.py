from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from focusgroups.models import (
    BarrierCard,
    FocusGroup,
    Prototype,
    SolutionConcept,
    SuccessCriterion,
    Task,
)


class FocusGroupOutput(serializers.ModelSerializer):
    initiative = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    member_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = FocusGroup
        fields = [
            "id",
            "initiative",
            "name",
            "target_group",
            "desired_change",
            "status",
            "stage",
            "open_to_join",
            "hide_authorship",
            "dots_per_person",
            "card_tags",
            "member_count",
            "dissolved_at",
            "dissolved_reason",
            "handover_note",
            "created_at",
            "updated_at",
        ]


class StepOutput(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField()
    state = serializers.ChoiceField(choices=["done", "current", "upcoming"])
    exists = serializers.ListField(child=serializers.CharField())
    missing = serializers.ListField(child=serializers.CharField())
    ready = serializers.BooleanField()


class StageSummaryOutput(serializers.Serializer):
    stage = serializers.IntegerField()
    missing_perspectives = serializers.ListField(child=serializers.CharField())
    steps = StepOutput(many=True)


class BarrierCardOutput(serializers.ModelSerializer):
    """A card; `author` is null for every card written while its group hid authorship
    (`author_hidden`), whatever the group's setting is now; `is_mine` still says whether the
    caller wrote it. Built from `barrier_card_list_for_user`, which computes `visible_author`."""

    group = serializers.IntegerField(source="group_id", read_only=True)
    cluster = serializers.IntegerField(source="cluster_id", read_only=True, allow_null=True)
    cluster_name = serializers.SerializerMethodField()
    dot_count = serializers.IntegerField(read_only=True)
    my_dots = serializers.IntegerField(read_only=True)
    is_mine = serializers.SerializerMethodField()
    author = serializers.SerializerMethodField()

    class Meta:
        model = BarrierCard
        fields = [
            "id",
            "group",
            "text",
            "perspective",
            "cluster",
            "cluster_name",
            "dot_count",
            "my_dots",
            "is_mine",
            "author_hidden",
            "author",
            "created_at",
        ]

    def _viewer(self):
        return self.context["request"].user

    def get_cluster_name(self, obj) -> str | None:
        return obj.cluster.name if obj.cluster_id else None

    def get_is_mine(self, obj) -> bool:
        return obj.author_id == self._viewer().pk

    @extend_schema_field({"type": "string", "nullable": True})
    def get_author(self, obj) -> str | None:
        return obj.visible_author


class BarrierCardInput(serializers.Serializer):
    group = serializers.IntegerField(help_text="Id of the focus group.")
    text = serializers.CharField(max_length=500, allow_blank=True)
    perspective = serializers.CharField(max_length=60, help_text="One of the group's card_tags.")
    cluster = serializers.IntegerField(required=False, allow_null=True)


class BarrierVoteInput(serializers.Serializer):
    card = serializers.IntegerField(help_text="Id of the barrier card that gets one dot.")


class BarrierVoteOutput(serializers.Serializer):
    card = serializers.IntegerField()
    dot_count = serializers.IntegerField()
    my_dots = serializers.IntegerField()
    dots_left = serializers.IntegerField()


# Steps 4 and 5: prototypes with their success criteria and results


class SuccessCriterionOutput(serializers.ModelSerializer):
    """A criterion; `is_met` is null until a result is entered."""

    prototype = serializers.IntegerField(source="prototype_id", read_only=True)
    is_met = serializers.BooleanField(read_only=True, allow_null=True)
    indicator = serializers.IntegerField(source="indicator_id", read_only=True, allow_null=True)

    class Meta:
        model = SuccessCriterion
        fields = [
            "id",
            "prototype",
            "description",
            "direction",
            "target_value",
            "unit",
            "actual_value",
            "result_note",
            "is_met",
            "indicator",
        ]


class PrototypeOutput(serializers.ModelSerializer):
    group = serializers.IntegerField(source="group_id", read_only=True)
    concept = serializers.IntegerField(source="concept_id", read_only=True)
    concept_title = serializers.CharField(source="concept.title", read_only=True)
    previous = serializers.IntegerField(source="previous_id", read_only=True, allow_null=True)
    next_iterations = serializers.SerializerMethodField()
    criteria = SuccessCriterionOutput(many=True, read_only=True)
    criteria_count = serializers.IntegerField(read_only=True)
    met_count = serializers.IntegerField(read_only=True)
    feedback_count = serializers.IntegerField(read_only=True)
    feedback_average = serializers.FloatField(read_only=True, allow_null=True)

    class Meta:
        model = Prototype
        fields = [
            "id",
            "group",
            "concept",
            "concept_title",
            "title",
            "plan",
            "test_date",
            "place",
            "status",
            "results_summary",
            "previous",
            "changes_from_previous",
            "next_iterations",
            "criteria",
            "criteria_count",
            "met_count",
            "feedback_count",
            "feedback_average",
            "created_at",
            "updated_at",
        ]

    def get_next_iterations(self, obj) -> list[int]:
        return [p.pk for p in obj.next_iterations.all()]


class PrototypeInput(serializers.Serializer):
    group = serializers.IntegerField(help_text="Id of the focus group.")
    concept = serializers.IntegerField(help_text="Id of one of the group's solution concepts.")
    title = serializers.CharField(max_length=200, allow_blank=True)
    plan = serializers.CharField(required=False, allow_blank=True, default="")
    test_date = serializers.DateField(required=False, allow_null=True, default=None)
    place = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class PrototypeStatusInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=Prototype.Status.choices)


class ResultInput(serializers.Serializer):
    criterion = serializers.IntegerField()
    actual_value = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    result_note = serializers.CharField(required=False, allow_blank=True, default="")


class PrototypeResultsInput(serializers.Serializer):
    results = ResultInput(many=True)
    results_summary = serializers.CharField(required=False, allow_blank=True, allow_null=True)


class SuccessCriterionInput(serializers.Serializer):
    prototype = serializers.IntegerField(help_text="Id of a planned prototype.")
    description = serializers.CharField(max_length=300, allow_blank=True)
    direction = serializers.ChoiceField(choices=SuccessCriterion.Direction.choices)
    target_value = serializers.DecimalField(max_digits=14, decimal_places=2)
    unit = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    indicator = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Optional. Id of an indicator of the initiative the result contributes to.",
    )

    def validate_indicator(self, value):
        """The indicator with this id; the service refuses one of another initiative."""
        from impact.models import Indicator

        if value is None:
            return None
        found = Indicator.objects.filter(pk=value).first()
        if found is None:
            raise serializers.ValidationError(_("Choose an indicator of this initiative."))
        return found


# --- Step 5: the guide (Leitfaden) ---------------------------------------------------------

from focusgroups.models import Guide  # noqa: E402


class GuideOutput(serializers.ModelSerializer):
    """A focus group's guide: its sections as plain text (paragraphs by empty lines)."""

    group = serializers.IntegerField(source="group_id", read_only=True)

    class Meta:
        model = Guide
        fields = [
            "id",
            "group",
            "status",
            *Guide.SECTIONS,
            "assembled_at",
            "finalised_at",
            "created_at",
            "updated_at",
        ]


class GuideInput(serializers.Serializer):
    """The sections to change; those left out keep their text."""

    problem = serializers.CharField(required=False, allow_blank=True)
    barriers = serializers.CharField(required=False, allow_blank=True)
    concept = serializers.CharField(required=False, allow_blank=True)
    results = serializers.CharField(required=False, allow_blank=True)
    improvements = serializers.CharField(required=False, allow_blank=True)
    lessons = serializers.CharField(required=False, allow_blank=True)
    recommendations = serializers.CharField(required=False, allow_blank=True)


class SolutionConceptOutput(serializers.ModelSerializer):
    group = serializers.IntegerField(source="group_id", read_only=True)
    barriers = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    objectives = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = SolutionConcept
        fields = [
            "id",
            "group",
            "title",
            "description",
            "barriers",
            "objectives",
            "created_at",
            "updated_at",
        ]


class SolutionConceptInput(serializers.Serializer):
    group = serializers.IntegerField(help_text="Id of the focus group.")
    title = serializers.CharField(max_length=200, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    barriers = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        default=list,
        help_text="Ids of the group's barrier cards the concept addresses.",
    )
    objectives = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        default=list,
        help_text="Ids of the initiative's impact objectives the concept serves.",
    )

    def validate_objectives(self, value):
        """The objectives with these ids; the service refuses those of another initiative."""
        from impact.models import Objective

        ids = set(value or [])
        found = list(Objective.objects.filter(pk__in=ids))
        if len(found) != len(ids):
            raise serializers.ValidationError(_("Choose objectives of this initiative."))
        return found


class TaskOutput(serializers.ModelSerializer):
    group = serializers.IntegerField(source="group_id", read_only=True)
    owner = serializers.IntegerField(source="owner_id", read_only=True, allow_null=True)
    owner_name = serializers.SerializerMethodField()
    concept = serializers.IntegerField(source="concept_id", read_only=True, allow_null=True)
    sprint = serializers.IntegerField(source="sprint_id", read_only=True, allow_null=True)
    retro_item = serializers.IntegerField(source="retro_item_id", read_only=True, allow_null=True)

    class Meta:
        model = Task
        fields = [
            "id",
            "group",
            "title",
            "owner",
            "owner_name",
            "due_date",
            "status",
            "concept",
            "sprint",
            "retro_item",
            "done_at",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field({"type": "string", "nullable": True})
    def get_owner_name(self, obj) -> str | None:
        if obj.owner_id is None:
            return None
        return obj.owner.full_name or obj.owner.email


class TaskUpdateInput(serializers.Serializer):
    title = serializers.CharField(max_length=200, allow_blank=True, required=False)
    owner = serializers.IntegerField(
        required=False, allow_null=True, help_text="User id of a member of the group."
    )
    due_date = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=Task.Status.choices, required=False)
    concept = serializers.IntegerField(
        required=False, allow_null=True, help_text="Id of a concept of the group."
    )
    sprint = serializers.IntegerField(
        required=False, allow_null=True, help_text="Id of a planned or running sprint."
    )


class TaskInput(TaskUpdateInput):
    group = serializers.IntegerField(help_text="Id of the focus group.")
    title = serializers.CharField(max_length=200, allow_blank=True)
