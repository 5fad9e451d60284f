from django.contrib import admin

from core.models import AuditEvent, EmailOutbox


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "verb", "target", "initiative_id"]
    list_filter = ["verb"]
    search_fields = ["target", "actor__email"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]


@admin.register(EmailOutbox)
class EmailOutboxAdmin(admin.ModelAdmin):
    list_display = ["created_at", "to_email", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    search_fields = ["to_email", "subject", "key"]
    readonly_fields = ["key", "sent_at", "attempts", "claimed_until", "last_error"]
