from django.contrib import admin

from initiatives.models import Initiative, Invitation, Membership, Organisation


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
