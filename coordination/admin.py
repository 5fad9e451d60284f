from django.contrib import admin

from coordination.models import Activity, OutputBreakdown, OutputLog


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
