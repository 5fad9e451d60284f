"""Meetings as iCalendar (RFC 5545): the invitation of one meeting and each person's feed.

The generator is small on purpose (no dependency): one VEVENT per meeting with a UID that stays
the same for the meeting's lifetime, so a calendar updates the entry instead of adding a second
one; SEQUENCE grows whenever the meeting is changed (seconds between creation and the last
change), DTSTART/DTEND in UTC, lines ended by CRLF and folded at 75 octets.

The personal feed is addressed by a secret token. Only its SHA-256 hash is stored on the user;
the address itself is shown once, right after it was made. A new address revokes the old one.
"""

import datetime
import secrets
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from coordination import permissions
from coordination.models import AgendaItem, Meeting, MeetingFormat
from initiatives.models import invitation_token_hash

PRODID = "-//Gemeinsam Wirken//Treffen//DE"
FOLD_OCTETS = 75
# The feed shows past meetings this far back (and every future one).
FEED_PAST_DAYS = 90


# --- Generator -------------------------------------------------------------------------------


def escape_text(value: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold one content line into parts of at most 75 octets (RFC 5545 3.1), never inside a
    UTF-8 character; continuation lines start with a space."""
    parts = []
    current, size, limit = [], 0, FOLD_OCTETS
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, FOLD_OCTETS - 1
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


def format_utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def meeting_uid(meeting: Meeting) -> str:
    """Stable for the meeting's lifetime, unique across installations of the platform."""
    return f"meeting-{meeting.pk}@{_site_host()}"


def meeting_sequence(meeting: Meeting) -> int:
    """Grows with every change of the meeting (a changed time, place or cancellation)."""
    if meeting.created_at is None or meeting.updated_at is None:
        return 0
    return max(0, int((meeting.updated_at - meeting.created_at).total_seconds()))


def meeting_url(meeting: Meeting) -> str:
    path = reverse(
        "coordination:meeting-detail",
        kwargs={"slug": meeting.initiative.slug, "pk": meeting.pk},
    )
    return f"{settings.SITE_URL}{path}"


def _description(meeting: Meeting, agenda: list[AgendaItem]) -> str:
    """Plain text in the active language: aim, agenda, video link and the meeting page."""
    parts = []
    if meeting.description:
        parts.append(meeting.description.strip())
    if agenda:
        lines = [_("Agenda:")]
        for item in agenda:
            line = f"{item.order}. {item.title}"
            if item.time_box_minutes:
                minutes = ngettext("%(count)s minute", "%(count)s minutes", item.time_box_minutes)
                line += f" ({minutes % {'count': item.time_box_minutes}})"
            lines.append(line)
        parts.append("\n".join(lines))
    if meeting.online_url:
        parts.append(_("Video meeting: %(url)s") % {"url": meeting.online_url})
    parts.append(_("Meeting page: %(url)s") % {"url": meeting_url(meeting)})
    return "\n\n".join(parts)


def meeting_event_lines(
    meeting: Meeting, *, agenda: list[AgendaItem], stamp: datetime.datetime
) -> list[str]:
    """The VEVENT of one meeting, unfolded. `agenda`: its items in order."""
    lines = [
        "BEGIN:VEVENT",
        f"UID:{meeting_uid(meeting)}",
        f"DTSTAMP:{format_utc(stamp)}",
        f"DTSTART:{format_utc(meeting.starts_at)}",
        f"DTEND:{format_utc(meeting.ends_at)}",
        f"SEQUENCE:{meeting_sequence(meeting)}",
        f"SUMMARY:{escape_text(meeting.title)}",
    ]
    if meeting.format != MeetingFormat.ONLINE and meeting.location:
        lines.append(f"LOCATION:{escape_text(meeting.location)}")
    elif meeting.online_url:
        lines.append(f"LOCATION:{escape_text(meeting.online_url)}")
    lines.append(f"URL:{meeting.online_url or meeting_url(meeting)}")
    lines.append(f"DESCRIPTION:{escape_text(_description(meeting, agenda))}")
    cancelled = meeting.status == Meeting.Status.CANCELLED
    lines.append(f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}")
    lines.append("END:VEVENT")
    return lines


def calendar_build(
    meetings: Iterable[Meeting], *, name: str = "", stamp: datetime.datetime | None = None
) -> str:
    """A VCALENDAR (METHOD:PUBLISH) with one VEVENT per meeting; the meetings' agenda items
    are read from `agenda_items` (prefetch them). Text in the active language."""
    stamp = stamp or timezone.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    if name:
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    for meeting in meetings:
        agenda = sorted(meeting.agenda_items.all(), key=lambda item: (item.order, item.pk))
        lines.extend(meeting_event_lines(meeting, agenda=agenda, stamp=stamp))
    lines.append("END:VCALENDAR")
    return "".join(f"{fold(line)}\r\n" for line in lines)


def meeting_ics(meeting: Meeting) -> str:
    """The invitation of one meeting (download and e-mail attachment)."""
    return calendar_build([meeting])


def meeting_ics_filename(meeting: Meeting) -> str:
    return f"{meeting.starts_at.astimezone(datetime.UTC):%Y-%m-%d}-treffen-{meeting.pk}.ics"


# --- Personal feed ---------------------------------------------------------------------------


# Only a hash of the secret is stored, the same way as for invitation links.
feed_token_hash = invitation_token_hash


def calendar_feed_renew(*, user: User) -> str:
    """Make a new secret feed address for `user`; the previous one stops working at once.
    Returns the token (shown once; only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    User.objects.filter(pk=user.pk).update(calendar_token_hash=feed_token_hash(token))
    user.calendar_token_hash = feed_token_hash(token)
    return token


def calendar_feed_switch_off(*, user: User) -> None:
    User.objects.filter(pk=user.pk).update(calendar_token_hash="")
    user.calendar_token_hash = ""


def calendar_feed_user(*, token: str) -> User | None:
    """The active person whose feed address carries `token`, or None (unknown or revoked)."""
    if not token:
        return None
    return User.objects.filter(calendar_token_hash=feed_token_hash(token), is_active=True).first()


def calendar_feed_url(token: str) -> str:
    return f"{settings.SITE_URL}{reverse('coordination:calendar-feed', kwargs={'token': token})}"


def feed_meeting_list(*, user: User, today: datetime.date | None = None) -> QuerySet[Meeting]:
    """Meetings of every initiative in which `user` may see meetings, from `FEED_PAST_DAYS`
    ago on, with their agenda: two queries however many meetings there are."""
    now = (
        timezone.now()
        if today is None
        else timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
    )
    return (
        Meeting.objects.filter(
            initiative__memberships__user=user,
            initiative__memberships__role__in=permissions.READERS,
            starts_at__gte=now - datetime.timedelta(days=FEED_PAST_DAYS),
        )
        .select_related("initiative")
        .prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("order", "pk"))
        )
        .order_by("starts_at", "pk")
    )
