"""The person's notifications: the list (unread marked), opening one, marking them read.

Notifications belong to a person, not to an initiative, so these pages have no initiative in
their URL; each person sees and changes only their own (404 for anyone else's).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect as django_redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coordination import notifications
from core.htmx import redirect, render_page

PAGE_SIZE = 20


@login_required
def notification_list(request):
    """Newest first, twenty to a page; unread ones are marked and can be marked read."""
    items = notifications.notification_list(viewer=request.user)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "unread_count": notifications.notification_unread_count(viewer=request.user),
    }
    return render_page(request, "coordination/notification_list.html", context)


def _safe(request, url: str, fallback: str) -> str:
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return fallback


@login_required
def notification_open(request, pk):
    """Mark the notification read and go where it leads (a link from the list and the
    digest, so it is a GET: it only marks the person's own notification read)."""
    notification = notifications.notification_mark_read(viewer=request.user, notification_id=pk)
    if notification is None:
        raise Http404
    return django_redirect(_safe(request, notification.url, "coordination:notification-list"))


@login_required
@require_POST
def notification_read(request, pk):
    if notifications.notification_mark_read(viewer=request.user, notification_id=pk) is None:
        raise Http404
    return redirect(request, _back(request))


@login_required
@require_POST
def notification_read_all(request):
    count = notifications.notification_mark_all_read(viewer=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect(request, _back(request))


def _back(request) -> str:
    return _safe(request, request.POST.get("next", ""), reverse("coordination:notification-list"))
