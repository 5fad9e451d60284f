"""Input and output serializers of the impact API, kept apart: outputs describe what a caller
may read, inputs only parse; every rule of a write lives in `impact.services`."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from impact import permissions
from impact.models import (
    Breakdown,
    Category,
    Dimension,
    Goal,
    Indicator,
    Objective,
    PeriodTarget,
    ReportingPeriod,
    Submission,
    SubmissionEvent,
)
from initiatives.models import Organisation

# --- The results framework -------------------------------------------------------------------


class ObjectiveOutput(serializers.ModelSerializer):
    indicators = serializers.SerializerMethodField()

    class Meta:
        model = Objective
        fields = ["id", "title", "description", "order", "indicators"]

    def get_indicators(self, obj) -> list[int]:
        return [indicator.pk for indicator in obj.indicators.all()]


class GoalOutput(serializers.ModelSerializer):
    initiative = serializers.CharField(source="initiative.slug", read_only=True)
    objectives = ObjectiveOutput(many=True, read_only=True)

    class Meta:
        model = Goal
        fields = ["id", "initiative", "title", "description", "order", "objectives"]


class CategoryOutput(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "label", "order", "is_unspecified"]


class DimensionOutput(serializers.ModelSerializer):
    categories = CategoryOutput(many=True, read_only=True)

    class Meta:
        model = Dimension
        fields = ["id", "name", "order", "categories"]


class OrganisationRefOutput(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name"]


class PeriodTargetOutput(serializers.ModelSerializer):
    class Meta:
        model = PeriodTarget
        fields = ["period_start", "value"]


class IndicatorOutput(serializers.ModelSerializer):
    initiative = serializers.CharField(source="objective.goal.initiative.slug", read_only=True)
    goal = serializers.IntegerField(source="objective.goal_id", read_only=True)
    reporting_organisations = OrganisationRefOutput(many=True, read_only=True)
    dimensions = DimensionOutput(many=True, read_only=True)
    period_targets = PeriodTargetOutput(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "initiative",
            "goal",
            "objective",
            "order",
            "name",
            "definition",
            "unit",
            "kind",
            "direction",
            "scope",
            "frequency",
            "partner_aggregation",
            "period_aggregation",
            "baseline_value",
            "baseline_date",
            "target_mode",
            "final_target",
            "final_target_date",
            "period_targets",
            "reporting_organisations",
            "dimensions",
        ]


class ReportingPeriodOutput(serializers.ModelSerializer):
    initiative = serializers.CharField(source="initiative.slug", read_only=True)
    label = serializers.CharField(read_only=True)
    is_locked = serializers.BooleanField(read_only=True)

    class Meta:
        model = ReportingPeriod
        fields = [
            "id",
            "initiative",
            "frequency",
            "start",
            "end",
            "label",
            "is_locked",
            "locked_at",
        ]


# --- Progress --------------------------------------------------------------------------------


def _decimal(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=24, decimal_places=4, allow_null=True, **kwargs)


class FigureOutput(serializers.Serializer):
    """A combined value; for percentages `value` is the percentage of the two numbers."""

    value = _decimal()
    numerator = _decimal()
    denominator = _decimal()


class CategoryFigureOutput(FigureOutput):
    category = serializers.IntegerField()


class PeriodProgressOutput(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    label = serializers.CharField()
    period = serializers.IntegerField(source="period_id", allow_null=True)
    is_locked = serializers.BooleanField()
    is_future = serializers.BooleanField()
    actual = FigureOutput(allow_null=True)
    actual_to_date = FigureOutput(allow_null=True)
    target = _decimal()
    target_to_date = _decimal()
    achievement = _decimal()
    status = serializers.CharField()
    reported = serializers.IntegerField(help_text="Organisations with an approved value.")
    expected = serializers.IntegerField(help_text="Organisations expected to report.")
    breakdown = serializers.SerializerMethodField()

    @extend_schema_field(CategoryFigureOutput(many=True))
    def get_breakdown(self, obj) -> list[dict]:
        return [
            {"category": category_id, **FigureOutput(figure).data}
            for category_id, figure in sorted(obj.breakdown.items())
            if figure is not None
        ]


class ThresholdsOutput(serializers.Serializer):
    on_track = _decimal(help_text="Share of the pro-rated target from which a value is on track.")
    at_risk = _decimal(help_text="Share from which a value is at risk; below it is off track.")


class IndicatorProgressOutput(serializers.Serializer):
    indicator = serializers.IntegerField(source="indicator.pk")
    status = serializers.CharField()
    achievement = _decimal()
    baseline_value = _decimal()
    target_date = serializers.DateField(allow_null=True)
    thresholds = ThresholdsOutput()
    latest_period_start = serializers.DateField(source="latest.start", allow_null=True)
    periods = PeriodProgressOutput(many=True)


# --- Reported values -------------------------------------------------------------------------


class BreakdownOutput(serializers.ModelSerializer):
    dimension = serializers.IntegerField(source="category.dimension_id", read_only=True)
    category_label = serializers.CharField(source="category.label", read_only=True)

    class Meta:
        model = Breakdown
        fields = ["category", "category_label", "dimension", "value", "numerator", "denominator"]


class SubmissionOutput(serializers.ModelSerializer):
    initiative = serializers.CharField(source="period.initiative.slug", read_only=True)
    period_label = serializers.CharField(source="period.label", read_only=True)
    organisation_name = serializers.CharField(
        source="organisation.name", read_only=True, allow_null=True, default=None
    )
    percentage = _decimal(read_only=True)
    breakdown = BreakdownOutput(source="breakdowns", many=True, read_only=True)

    class Meta:
        model = Submission
        fields = [
            "id",
            "initiative",
            "indicator",
            "period",
            "period_label",
            "organisation",
            "organisation_name",
            "revision",
            "is_current",
            "supersedes",
            "status",
            "value",
            "numerator",
            "denominator",
            "percentage",
            "comment",
            "breakdown",
            "return_reason",
            "submitted_at",
            "reviewed_at",
            "created_at",
            "updated_at",
        ]


class SubmissionEventOutput(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()
    revision = serializers.IntegerField(source="submission.revision", read_only=True)

    class Meta:
        model = SubmissionEvent
        fields = ["action", "revision", "actor", "reason", "data", "created_at"]

    def get_actor(self, obj) -> str | None:
        return (obj.actor.full_name or obj.actor.email) if obj.actor is not None else None


class SubmissionDetailOutput(SubmissionOutput):
    """One value with its history, for its organisation and the backbone office (others get an
    empty history)."""

    history = serializers.SerializerMethodField()

    class Meta(SubmissionOutput.Meta):
        fields = [*SubmissionOutput.Meta.fields, "history"]

    @extend_schema_field(SubmissionEventOutput(many=True))
    def get_history(self, obj) -> list[dict]:
        events = self.context.get("history")
        if events is None or not permissions.can_view_submission_history(
            self.context.get("membership"), obj
        ):
            return []
        return SubmissionEventOutput(events, many=True).data


@extend_schema_field(
    {
        "oneOf": [{"type": "number"}, {"type": "string", "example": "12,5"}],
        "nullable": True,
    }
)
class NumberInput(serializers.Field):
    """A number as JSON number or as text ("12.5", "12,5", "1.234,5"); the services read it, so
    that the API and the forms answer bad input with the same messages."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | float | str):
            raise serializers.ValidationError(_("Please enter a number, for example 12 or 12,5."))
        return data

    def to_representation(self, value):
        return value


class BreakdownInput(serializers.Serializer):
    category = serializers.IntegerField(help_text="The id of a category of the indicator.")
    value = NumberInput(required=False, allow_null=True, help_text="For numbers and amounts.")
    numerator = NumberInput(required=False, allow_null=True, help_text="For percentages.")
    denominator = NumberInput(required=False, allow_null=True, help_text="For percentages.")


class SubmissionUpdateInput(serializers.Serializer):
    value = NumberInput(
        required=False, allow_null=True, help_text="For numbers and amounts (not percentages)."
    )
    numerator = NumberInput(
        required=False, allow_null=True, help_text="For percentages: how many of …"
    )
    denominator = NumberInput(required=False, allow_null=True, help_text="… of how many.")
    comment = serializers.CharField(required=False, allow_blank=True)
    breakdown = BreakdownInput(
        many=True,
        required=False,
        help_text="One entry per category; each dimension must add up to the total.",
    )


class SubmissionCreateInput(SubmissionUpdateInput):
    indicator = serializers.IntegerField()
    period = serializers.IntegerField()
    organisation = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text=(
            "Performance measures: the caller's own organisation (the default). Population "
            "indicators: empty."
        ),
    )


class SubmissionReturnInput(serializers.Serializer):
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="What the partner should check or correct (required).",
    )
