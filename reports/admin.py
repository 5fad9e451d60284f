"""Operators' view of report runs: read-only, because runs change only through the services
and the worker (a status edited here would bypass the lease)."""

from django.contrib import admin

from reports.models import ReportRun, ReportSchedule


@admin.register(ReportRun)
class ReportRunAdmin(admin.ModelAdmin):
    list_display = ("pk", "initiative", "kind", "status", "attempts", "requested_by", "created_at")
    list_filter = ("status", "kind")
    search_fields = ("initiative__name", "requested_by__email")
    readonly_fields = [field.name for field in ReportRun._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReportSchedule)
class ReportScheduleAdmin(admin.ModelAdmin):
    """Read-only too: schedules change through the pages of the backbone office (audited)."""

    list_display = ("pk", "initiative", "kind", "frequency", "active", "last_period_sent")
    list_filter = ("frequency", "active", "kind")
    search_fields = ("initiative__name",)
    readonly_fields = [field.name for field in ReportSchedule._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
