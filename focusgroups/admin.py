from django.contrib import admin

from focusgroups.models import BarrierCard, BarrierCluster, FocusGroup, FocusGroupMember


class MemberInline(admin.TabularInline):
    model = FocusGroupMember
    extra = 0
    raw_id_fields = ["user", "added_by"]


@admin.register(FocusGroup)
class FocusGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "initiative", "stage", "status"]
    list_filter = ["status", "stage"]
    search_fields = ["name", "initiative__name"]
    inlines = [MemberInline]
    raw_id_fields = ["founded_by", "dissolved_by"]


@admin.register(BarrierCard)
class BarrierCardAdmin(admin.ModelAdmin):
    list_display = ["text", "group", "perspective", "cluster"]
    list_filter = ["group"]
    raw_id_fields = ["author"]


admin.site.register(BarrierCluster)
