"""The unread-notifications count in the page header (`templates/base.html`)."""

from django import template

from coordination.notifications import UNREAD_CAP, notification_unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> dict:
    """`{"count": n, "label": "n" or "99+"}` for the signed-in user; one query, made only
    when a whole page is drawn (htmx fragments do not extend the base template)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"count": 0, "label": ""}
    # A page that shows the count itself (the notifications page) has counted already.
    count = context.get("unread_count")
    if count is None:
        count = notification_unread_count(viewer=user)
    return {"count": count, "label": f"{UNREAD_CAP}+" if count > UNREAD_CAP else str(count)}
