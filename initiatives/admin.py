from django.contrib import admin

from initiatives.models import (
    AgendaDraft,
    AgendaVersion,
    Endorsement,
    GlossaryTerm,
    Initiative,
    Invitation,
    Membership,
    Organisation,
)


class OrganisationInline(admin.TabularInline):
    model = Organisation
    extra = 0
    fields = ["name", "sector", "website"]


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "status", "start_date", "planned_end_date"]
    list_filter = ["status"]
    search_fields = ["name", "region"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OrganisationInline]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "initiative", "sector"]
    list_filter = ["sector", "initiative"]
    search_fields = ["name"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "initiative", "role", "organisation"]
    list_filter = ["role", "initiative"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user"]
    list_select_related = ["user", "initiative", "organisation"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "initiative", "role", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["role", "initiative"]
    search_fields = ["email"]
    readonly_fields = ["token_hash", "accepted_at", "accepted_by", "invited_by"]


@admin.register(AgendaVersion)
class AgendaVersionAdmin(admin.ModelAdmin):
    """Published versions are records of what the partners agreed on: read-only here too."""

    list_display = ["initiative", "number", "published_at", "published_by"]
    list_filter = ["initiative"]
    list_select_related = ["initiative", "published_by"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(AgendaDraft)
class AgendaDraftAdmin(admin.ModelAdmin):
    list_display = ["initiative", "updated_at", "updated_by"]
    list_select_related = ["initiative", "updated_by"]
    readonly_fields = ["updated_by"]


@admin.register(Endorsement)
class EndorsementAdmin(admin.ModelAdmin):
    list_display = ["organisation", "version", "level", "endorsed_at", "endorsed_by"]
    list_filter = ["level", "version__initiative"]
    list_select_related = ["organisation", "version__initiative", "endorsed_by"]
    readonly_fields = ["endorsed_by", "endorsed_at"]


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    list_display = ["term", "initiative"]
    list_filter = ["initiative"]
    search_fields = ["term", "definition"]
