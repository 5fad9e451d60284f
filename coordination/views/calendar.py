"""Calendar files: a meeting's invitation (.ics), each person's secret feed address and the
profile actions that make a new address or switch it off."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from coordination import calendar, selectors
from coordination.views.meetings import _initiative
from core.htmx import redirect

CONTENT_TYPE = "text/calendar; charset=utf-8"
# The profile view shows the new feed address once, taken from the session right after it was
# made (only its hash is stored).
SESSION_KEY = "calendar_feed_url"


def _calendar_response(content: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def meeting_ics(request, slug, pk):
    """The meeting's invitation to import into a calendar (readers of meetings only)."""
    initiative, _membership = _initiative(request, slug)
    meeting = selectors.meeting_get(viewer=request.user, initiative=initiative, pk=pk)
    if meeting is None:
        raise Http404
    return _calendar_response(calendar.meeting_ics(meeting), calendar.meeting_ics_filename(meeting))


@require_GET
@never_cache
def calendar_feed(request, token):
    """The personal feed. Authenticated by the token in the address alone, never by the
    session: calendar programs fetch it without logging in. Unknown or revoked tokens: 404."""
    user = calendar.calendar_feed_user(token=token)
    if user is None:
        raise Http404
    with translation.override(user.language):
        content = calendar.calendar_build(
            calendar.feed_meeting_list(user=user), name=_("Gemeinsam Wirken: meetings")
        )
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = 'inline; filename="gemeinsam-wirken.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_POST
def calendar_feed_renew(request):
    token = calendar.calendar_feed_renew(user=request.user)
    request.session[SESSION_KEY] = calendar.calendar_feed_url(token)
    messages.success(
        request,
        _(
            "Your new calendar address is ready; copy it now, it is shown only once. "
            "A previous address no longer works."
        ),
    )
    return redirect(request, "accounts:profile")


@login_required
@require_POST
def calendar_feed_switch_off(request):
    calendar.calendar_feed_switch_off(user=request.user)
    request.session.pop(SESSION_KEY, None)
    messages.success(request, _("Your calendar address has been switched off."))
    return redirect(request, "accounts:profile")
