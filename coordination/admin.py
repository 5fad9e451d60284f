from django.contrib import admin

from coordination.models import (
    ActionItem,
    Activity,
    AgendaItem,
    Decision,
    Meeting,
    OutputBreakdown,
    OutputLog,
)


class OutputBreakdownInline(admin.TabularInline):
    model = OutputBreakdown
    extra = 0
    raw_id_fields = ["category"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "initiative", "contribution_kind", "start_date"]
    list_filter = ["contribution_kind", "initiative"]
    search_fields = ["title", "organisation__name"]
    list_select_related = ["organisation", "initiative"]
    filter_horizontal = ["objectives"]
    raw_id_fields = ["created_by"]


@admin.register(OutputLog)
class OutputLogAdmin(admin.ModelAdmin):
    list_display = ["activity", "date", "people_reached"]
    list_select_related = ["activity"]
    search_fields = ["activity__title"]
    raw_id_fields = ["activity", "created_by"]
    inlines = [OutputBreakdownInline]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    raw_id_fields = ["owner"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "initiative", "starts_at", "format", "status"]
    list_filter = ["status", "format", "initiative"]
    search_fields = ["title"]
    list_select_related = ["initiative"]
    raw_id_fields = ["created_by"]
    inlines = [AgendaItemInline]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "decided_at"]
    raw_id_fields = ["agenda_item", "recorded_by"]


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ["title", "initiative", "assignee", "organisation", "due_date", "status"]
    list_filter = ["status", "initiative"]
    search_fields = ["title"]
    list_select_related = ["initiative", "assignee", "organisation"]
    raw_id_fields = ["assignee", "organisation", "agenda_item", "decision", "created_by"]
