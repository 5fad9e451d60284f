"""The e-mail digest: one e-mail per person and period with their unread notifications,
instead of an e-mail per event.

Each person chooses in their profile how often (`User.digest_frequency`): daily, weekly (the
default) or never. A period ends at `DIGEST_HOUR` o'clock local time, every day or every Monday;
the digest of a period lists the notifications created before its end that are still unread
and were in no digest before, going back at most `DIGEST_LOOKBACK`. Not only those created
during the period: a notification would otherwise never be sent when the person switches from
weekly to daily, when the sweep was down for longer than a period, or when it commits after its
period's digest was enqueued. `digest_sweep` runs every hour from Celery beat
(`coordination.send_digests`, see `config/celery.py`), finds whose period has ended with
something to tell, and calls `digest_send` for each of them.

Exactly once: the e-mail goes through `core.mail.email_enqueue` with the key
`digest:<user id>:<frequency>:<first day of the period's end>`; the outbox's unique key makes a
second enqueue of the same period a no-op, and `digest_send` checks for the key under a lock
on the person's row before it marks the notifications as sent (`Notification.digested_at`), all
in one transaction. A sweep that runs twice, a retried task or a worker that dies half-way
therefore never sends a period's digest twice, and never marks notifications as sent without
the e-mail row that lists them. Delivery itself is the outbox's job (lease, retries).
"""

import datetime
import logging
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import DigestFrequency
from coordination.models import Notification
from coordination.notifications import notification_list
from core.mail import email_enqueue
from core.models import EmailOutbox

logger = logging.getLogger(__name__)

DIGEST_HOUR = 7
# A digest lists at most this many notifications; it says how many more wait in the app.
DIGEST_LIMIT = 50
# How far back before a period's end a digest looks for unread notifications not yet sent. The
# floor keeps someone who switches the digest on after "never" from receiving months of them.
DIGEST_LOOKBACK = datetime.timedelta(days=14)


class Outcome:
    SENT = "sent"  # the digest e-mail was enqueued now
    DONE = "done"  # this period's digest was enqueued before
    NOTHING = "nothing"  # nothing new and unread in the period: no e-mail
    OFF = "off"  # the person switched the digest off (or the account is inactive)


@dataclass(frozen=True)
class Period:
    frequency: str
    start: datetime.datetime
    end: datetime.datetime

    @property
    def key_part(self) -> str:
        return f"{self.frequency}:{timezone.localtime(self.end).date().isoformat()}"


def _at_hour(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(DIGEST_HOUR)))


def digest_period(frequency: str, now: datetime.datetime | None = None) -> Period | None:
    """The latest period of `frequency` that has ended at `now`; None for "never".

    Daily periods run from 7:00 to 7:00 the next day, weekly ones from Monday 7:00 to the next
    Monday 7:00 (local time, so daylight saving time does not shift the hour).
    """
    if frequency not in (DigestFrequency.DAILY, DigestFrequency.WEEKLY):
        return None
    local = timezone.localtime(now or timezone.now())
    days = 1 if frequency == DigestFrequency.DAILY else 7
    end_day = local.date() - datetime.timedelta(days=local.weekday() if days == 7 else 0)
    if local < _at_hour(end_day):
        end_day -= datetime.timedelta(days=days)
    return Period(
        frequency=frequency,
        start=_at_hour(end_day - datetime.timedelta(days=days)),
        end=_at_hour(end_day),
    )


def digest_key(user, period: Period) -> str:
    return f"digest:{user.pk}:{period.key_part}"


def _pending(period: Period) -> dict:
    """Lookups for the notifications a digest of `period` lists: unread, in no digest before,
    created before the period's end and within `DIGEST_LOOKBACK` of it."""
    return {
        "read_at__isnull": True,
        "digested_at__isnull": True,
        "created_at__gte": period.end - DIGEST_LOOKBACK,
        "created_at__lt": period.end,
    }


def _unsent(user, period: Period):
    return notification_list(viewer=user).filter(**_pending(period))


def digest_send(*, user_id: int, now: datetime.datetime | None = None) -> str:
    """Enqueue the digest of the person's latest ended period, once; returns an `Outcome`.

    Side effects: one outbox row (sent after commit) and `digested_at` set on the notifications
    it lists, in one transaction that holds a lock on the person's row.
    """
    now = now or timezone.now()
    with transaction.atomic():
        user = (
            get_user_model().objects.select_for_update().filter(pk=user_id, is_active=True).first()
        )
        period = digest_period(user.digest_frequency, now) if user is not None else None
        if period is None:
            return Outcome.OFF
        key = digest_key(user, period)
        if EmailOutbox.objects.filter(key=key).exists():
            return Outcome.DONE
        notifications = list(_unsent(user, period).order_by("initiative__name", "-created_at"))
        if not notifications:
            return Outcome.NOTHING
        shown = notifications[:DIGEST_LIMIT]
        groups: dict[str, list[Notification]] = {}
        for notification in shown:
            name = notification.initiative.name if notification.initiative else ""
            groups.setdefault(name, []).append(notification)
        email_enqueue(
            key=key,
            to_email=user.email,
            template="digest",
            language=user.language,
            context={
                "name": user.full_name,
                "frequency": period.frequency,
                "count": len(notifications),
                "groups": [
                    {
                        "initiative": name,
                        "items": [
                            {
                                "text": n.text,
                                "created_at": n.created_at,
                                "path": reverse(
                                    "coordination:notification-open", kwargs={"pk": n.pk}
                                ),
                            }
                            for n in items
                        ],
                    }
                    for name, items in groups.items()
                ],
                "more": len(notifications) - len(shown),
                "notifications_path": reverse("coordination:notification-list"),
                "profile_path": reverse("accounts:profile"),
            },
        )
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(digested_at=now)
    return Outcome.SENT


def digest_due_user_ids(now: datetime.datetime | None = None) -> list[int]:
    """People with unread notifications not yet in a digest from before the end of their
    latest period (see `_pending`)."""
    ids: set[int] = set()
    for frequency in (DigestFrequency.DAILY, DigestFrequency.WEEKLY):
        period = digest_period(frequency, now)
        ids.update(
            Notification.objects.filter(
                recipient__digest_frequency=frequency,
                recipient__is_active=True,
                **_pending(period),
            )
            .values_list("recipient_id", flat=True)
            .distinct()
        )
    return sorted(ids)


def digest_sweep(*, now: datetime.datetime | None = None) -> int:
    """Send every digest that is due; returns how many were enqueued. A failure for one person
    is logged and does not stop the others (the next sweep tries again)."""
    now = now or timezone.now()
    sent = 0
    for user_id in digest_due_user_ids(now):
        try:
            sent += digest_send(user_id=user_id, now=now) == Outcome.SENT
        except Exception:
            logger.exception("Digest for user %s failed", user_id)
    return sent
