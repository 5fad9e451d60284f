"""In-app notifications, and the @mentions in texts that cause some of them.

`notify` is the one way to tell people about something; any feature may call it (the news
posts and comments of this app do, reminders and others can). Notifications are listed on the
notifications page, counted in the header and collected into the e-mail digest
(`coordination.digest`), so no feature needs to send an e-mail per event.

Mentions are stored in a text as `@[Name](user:<id>)`; `mentions_clean` keeps only tokens of
people who may be mentioned and turns any other token into plain text, `mention_ids` reads the
ids back, and `render_mentions` shows a text with the members' current names.
"""

import re
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone, translation
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from coordination.models import Notification
from initiatives.models import Initiative, Membership

MENTION_RE = re.compile(r"@\[(?P<name>[^\[\]\n]{1,150})\]\(user:(?P<id>\d{1,18})\)")
TEXT_LENGTH = Notification._meta.get_field("text").max_length


def notify(
    *,
    recipients: Iterable,
    kind: str,
    text,
    params: dict | None = None,
    url: str = "",
    initiative: Initiative | None = None,
    actor=None,
) -> list[Notification]:
    """Create one in-app notification for each of `recipients` (users or user ids).

    - `kind`: a short, stable name of what happened (`Notification.Kind` or a feature's own,
      e.g. "reminder"); it is not shown to people.
    - `text`: what the person reads, best a `gettext_lazy` string with `%(name)s`
      placeholders filled from `params`; it is rendered once per recipient language, so each
      person reads it in the language of their profile. Cut to 500 characters.
    - `url`: a path inside the site where the notification leads (opened from the
      notifications page and linked from the digest).
    - `initiative`: the initiative it concerns, or None for the person's account.
    - `actor`: who caused it. The actor is never notified about their own doing, and each
      recipient gets one notification however often they appear in `recipients`.

    Side effects: writes the rows (joining the caller's transaction); nothing is e-mailed
    here, the digest does that. Returns the created notifications.
    """
    actor_id = getattr(actor, "pk", actor)
    ids = {int(getattr(r, "pk", r)) for r in recipients if r is not None}
    ids.discard(actor_id)
    if not ids:
        return []
    people = get_user_model().objects.filter(pk__in=ids, is_active=True).only("pk", "language")
    now = timezone.now()
    rendered: dict[str, str] = {}
    rows = []
    for person in people:
        language = person.language
        if language not in rendered:
            with translation.override(language):
                message = str(text)
                if params:
                    message = message % {key: str(value) for key, value in params.items()}
            rendered[language] = _shorten(message)
        rows.append(
            Notification(
                recipient_id=person.pk,
                initiative=initiative,
                kind=str(kind),
                text=rendered[language],
                url=url,
                actor_id=actor_id,
                created_at=now,
            )
        )
    with transaction.atomic():
        return Notification.objects.bulk_create(rows)


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= TEXT_LENGTH else text[: TEXT_LENGTH - 1] + "…"


def _visible(queryset, user):
    """Notifications of initiatives the person still belongs to (or of no initiative): someone
    who left an initiative does not keep reading what happens in it."""
    member = Membership.objects.filter(initiative_id=OuterRef("initiative_id"), user_id=user.pk)
    return queryset.filter(Q(initiative__isnull=True) | Exists(member))


def notification_list(*, viewer):
    """The viewer's notifications, newest first, with their initiative."""
    return _visible(Notification.objects.filter(recipient=viewer), viewer).select_related(
        "initiative"
    )


UNREAD_CAP = 99


def notification_unread_count(*, viewer) -> int:
    """How many notifications the viewer has not read, counted up to `UNREAD_CAP` + 1 (the
    header shows "99+"); one query on the (recipient, read_at) index."""
    unread = _visible(Notification.objects.filter(recipient=viewer, read_at__isnull=True), viewer)
    return unread.values("pk")[: UNREAD_CAP + 1].count()


def notification_mark_read(*, viewer, notification_id: int) -> Notification | None:
    """Mark one of the viewer's notifications read; None if it is not theirs or missing."""
    notification = Notification.objects.filter(recipient=viewer, pk=notification_id).first()
    if notification is not None and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notification_mark_all_read(*, viewer) -> int:
    """Mark all the viewer's notifications read; returns how many were unread."""
    return Notification.objects.filter(recipient=viewer, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# --- Mentions -------------------------------------------------------------------------------


def mention_token(user) -> str:
    name = " ".join((user.full_name or user.email).replace("[", "(").replace("]", ")").split())
    return f"@[{name}](user:{user.pk})"


def mention_ids(text: str) -> set[int]:
    return {int(match["id"]) for match in MENTION_RE.finditer(text or "")}


def mentions_clean(text: str, *, allowed_ids: Iterable[int]) -> str:
    """Keep the mention tokens of people in `allowed_ids`; others become plain `@Name`."""
    allowed = set(allowed_ids)

    def keep(match):
        return match[0] if int(match["id"]) in allowed else f"@{match['name']}"

    return MENTION_RE.sub(keep, text or "")


def mention_names(texts: Iterable[str]) -> dict[int, str]:
    """The current names of everyone mentioned in `texts`, in one query."""
    ids = set().union(*(mention_ids(text) for text in texts)) if texts else set()
    if not ids:
        return {}
    return {
        pk: full_name or email
        for pk, full_name, email in get_user_model()
        .objects.filter(pk__in=ids)
        .values_list("pk", "full_name", "email")
    }


def render_mentions(text: str, names: dict[int, str]) -> str:
    """HTML of `text` with line breaks and each mention shown as the member's current name
    (the stored name if the account no longer exists). Everything else is escaped."""
    parts = []
    position = 0
    for match in MENTION_RE.finditer(text or ""):
        parts.append(escape(text[position : match.start()]))
        name = names.get(int(match["id"]), match["name"])
        parts.append(format_html('<span class="mention">@{}</span>', name))
        position = match.end()
    parts.append(escape((text or "")[position:]))
    html = "".join(str(part) for part in parts)
    paragraphs = [p.replace("\n", "<br>") for p in re.split(r"\n{2,}", html.replace("\r", ""))]
    return mark_safe("".join(f"<p>{p}</p>" for p in paragraphs if p.strip()))


def mention_plain(text: str, names: dict[int, str] | None = None) -> str:
    """`text` with mentions as `@Name`, for e-mails and notification texts."""
    names = names or {}
    return MENTION_RE.sub(lambda m: "@" + names.get(int(m["id"]), m["name"]), text or "")
