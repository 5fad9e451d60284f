"""Celery tasks of the core: ids in, a service call, nothing else."""

from celery import shared_task
from django.conf import settings

from core import mail


@shared_task(
    name="core.send_email",
    bind=True,
    max_retries=8,
    time_limit=60,
    soft_time_limit=45,
)
def send_email(self, outbox_id: int) -> str:
    try:
        result = mail.email_deliver(outbox_id=outbox_id)
    except OSError as exc:  # SMTP and network errors are transient: retry with backoff.
        raise self.retry(exc=exc, countdown=min(30 * 2**self.request.retries, 600)) from exc
    if result == mail.Delivery.BUSY and not self.request.is_eager:
        # Another delivery holds the lease; if its worker died, the lease runs out and this
        # retry takes over. If it finishes first, the retry finds the row sent.
        raise self.retry(countdown=settings.EMAIL_LEASE_SECONDS + 1)
    return result


@shared_task(name="core.send_pending_email", time_limit=300)
def send_pending_email() -> int:
    sent = 0
    for outbox_id in mail.email_pending_ids():
        try:
            sent += mail.email_deliver(outbox_id=outbox_id) == mail.Delivery.SENT
        except OSError:
            continue
    return sent
