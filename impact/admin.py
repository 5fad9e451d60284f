"""Operators' view of the shared measurement system.

The framework can be inspected and corrected here; reported values, their breakdowns and their
history are read-only, because their workflow (submit, review, revise) lives in the services and
an edit here would bypass review and history.
"""

from django.contrib import admin

from impact.models import (
    Breakdown,
    Category,
    Dimension,
    Goal,
    Indicator,
    MeasurementSettings,
    Objective,
    PeriodTarget,
    ReportingPeriod,
    Submission,
    SubmissionEvent,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ObjectiveInline(admin.TabularInline):
    model = Objective
    extra = 0
    fields = ["title", "order"]


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["title", "initiative", "order"]
    list_filter = ["initiative"]
    search_fields = ["title"]
    inlines = [ObjectiveInline]


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ["title", "goal", "order"]
    list_filter = ["goal__initiative"]
    search_fields = ["title"]
    list_select_related = ["goal"]


class PeriodTargetInline(admin.TabularInline):
    model = PeriodTarget
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "objective", "kind", "scope", "frequency", "target_mode"]
    list_filter = ["objective__goal__initiative", "kind", "scope", "frequency"]
    search_fields = ["name", "definition"]
    filter_horizontal = ["reporting_organisations", "dimensions"]
    list_select_related = ["objective"]
    inlines = [PeriodTargetInline]


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 0
    fields = ["label", "order", "is_unspecified"]


@admin.register(Dimension)
class DimensionAdmin(admin.ModelAdmin):
    list_display = ["name", "initiative", "order"]
    list_filter = ["initiative"]
    inlines = [CategoryInline]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["__str__", "initiative", "frequency", "start", "end", "locked_at"]
    list_filter = ["initiative", "frequency"]
    readonly_fields = ["initiative", "frequency", "start", "end", "locked_at", "locked_by"]

    def has_add_permission(self, request):
        return False  # periods come from `periods_sync`


@admin.register(MeasurementSettings)
class MeasurementSettingsAdmin(admin.ModelAdmin):
    list_display = ["initiative", "on_track_percent", "at_risk_percent", "due_days"]


class BreakdownInline(ReadOnlyInline):
    model = Breakdown
    fields = ["category", "value", "numerator", "denominator"]
    readonly_fields = fields


class SubmissionEventInline(ReadOnlyInline):
    model = SubmissionEvent
    fields = ["created_at", "actor", "action", "reason"]
    readonly_fields = fields


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = [
        "indicator",
        "period",
        "organisation",
        "revision",
        "status",
        "is_current",
        "submitted_at",
    ]
    list_filter = ["status", "period__initiative", "is_current"]
    search_fields = ["indicator__name", "organisation__name"]
    list_select_related = ["indicator", "period", "organisation"]
    inlines = [BreakdownInline, SubmissionEventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
