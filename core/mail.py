"""The one way the application sends e-mail.

`email_enqueue` renders the message in the recipient's language and stores it as an outbox
row keyed by what it is about; the task `core.send_email` delivers it after the surrounding
transaction commits. Enqueuing the same key twice sends one e-mail.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.models import EmailOutbox

logger = logging.getLogger(__name__)


ICS_FILENAME = "invitation.ics"


def _lease() -> timedelta:
    return timedelta(seconds=settings.EMAIL_LEASE_SECONDS)


class Delivery:
    """What one delivery attempt achieved."""

    SENT = "sent"  # this call sent the e-mail
    DONE = "done"  # nothing to do: sent or failed before
    BUSY = "busy"  # another worker holds a live lease; try again when it expires


def email_enqueue(
    *,
    key: str,
    to_email: str,
    template: str,
    context: dict,
    language: str | None = None,
    ics: str = "",
) -> EmailOutbox:
    """Store the e-mail `template` (subject, text and HTML parts) for `to_email` once.

    Templates: `emails/<template>_subject.txt`, `emails/<template>.txt`, `emails/<template>.html`.
    `ics`: an optional calendar invitation (iCalendar text), attached as `ICS_FILENAME`.
    Side effect: schedules delivery after commit. Returns the existing row if the key was
    enqueued before.
    """
    from core.tasks import send_email

    language = language or settings.LANGUAGE_CODE
    context = {**context, "site_url": settings.SITE_URL}
    with translation.override(language):
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
        text_body = render_to_string(f"emails/{template}.txt", context)
        html_body = render_to_string(f"emails/{template}.html", context)
    try:
        with transaction.atomic():
            row = EmailOutbox.objects.create(
                key=key,
                to_email=to_email,
                language=language,
                subject=subject,
                text_body=text_body,
                html_body=html_body,
                ics=ics,
            )
    except IntegrityError:
        return EmailOutbox.objects.get(key=key)
    transaction.on_commit(lambda: send_email.delay(row.pk))
    return row


def email_claim(*, outbox_id: int) -> bool:
    """Take the lease on one outbox row; False if it is sent, failed or leased by a live worker."""
    now = timezone.now()
    lease = _lease()
    claimable = Q(status=EmailOutbox.Status.PENDING) | Q(
        status=EmailOutbox.Status.SENDING, claimed_until__lt=now
    )
    claimed = EmailOutbox.objects.filter(claimable, pk=outbox_id).update(
        status=EmailOutbox.Status.SENDING, claimed_until=now + lease, attempts=F("attempts") + 1
    )
    return claimed == 1


def email_deliver(*, outbox_id: int) -> str:
    """Send one outbox row if it can be claimed; returns a `Delivery` value.

    A row leased by a worker that has died becomes claimable when its lease expires, so a
    crash mid-send delays the e-mail but never loses it. Raises the transport's exception
    after recording it, so the task can retry; after `EmailOutbox.MAX_ATTEMPTS` the row is
    marked failed with the reason and nothing is raised.
    """
    if not email_claim(outbox_id=outbox_id):
        status = EmailOutbox.objects.filter(pk=outbox_id).values_list("status", flat=True).first()
        return Delivery.BUSY if status == EmailOutbox.Status.SENDING else Delivery.DONE
    row = EmailOutbox.objects.get(pk=outbox_id)
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.text_body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[row.to_email],
        headers={"X-Outbox-Key": row.key},
    )
    if row.html_body:
        message.attach_alternative(row.html_body, "text/html")
    if row.ics:
        message.attach(ICS_FILENAME, row.ics, "text/calendar")
    try:
        message.send()
    except Exception as exc:
        failed = row.attempts >= EmailOutbox.MAX_ATTEMPTS
        EmailOutbox.objects.filter(pk=row.pk).update(
            status=EmailOutbox.Status.FAILED if failed else EmailOutbox.Status.PENDING,
            claimed_until=None,
            last_error=repr(exc)[:2000],
        )
        logger.warning("E-mail %s failed (attempt %s): %r", row.key, row.attempts, exc)
        if failed:
            return Delivery.DONE
        raise
    EmailOutbox.objects.filter(pk=row.pk).update(
        status=EmailOutbox.Status.SENT, sent_at=timezone.now(), claimed_until=None, last_error=""
    )
    return Delivery.SENT


def email_pending_ids() -> list[int]:
    """Rows that still need a delivery: pending, or leased by a worker that has died."""
    now = timezone.now()
    return list(
        EmailOutbox.objects.filter(
            Q(status=EmailOutbox.Status.PENDING)
            | Q(status=EmailOutbox.Status.SENDING, claimed_until__lt=now)
        ).values_list("pk", flat=True)[:500]
    )
