from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from focusgroups.models import BarrierCard, FocusGroup, SolutionConcept, Task


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
    """A card; `author` is null wherever the group hides authorship (`is_mine` still says
    whether the caller wrote it)."""

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
        if obj.group.hide_authorship or obj.author_id is None:
            return None
        return obj.author.full_name or obj.author.email


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


class SolutionConceptOutput(serializers.ModelSerializer):
    group = serializers.IntegerField(source="group_id", read_only=True)
    barriers = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = SolutionConcept
        fields = ["id", "group", "title", "description", "barriers", "created_at", "updated_at"]


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
