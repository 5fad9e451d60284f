"""Celery tasks of the core: ids in, a service call, nothing else."""

from celery import shared_task

from core import mail


@shared_task(
    name="core.send_email",
    bind=True,
    max_retries=4,
    retry_backoff=30,
    retry_backoff_max=600,
    time_limit=60,
    soft_time_limit=45,
)
def send_email(self, outbox_id: int) -> bool:
    try:
        return mail.email_deliver(outbox_id=outbox_id)
    except OSError as exc:  # SMTP and network errors are transient; retry with backoff.
        raise self.retry(exc=exc) from exc


@shared_task(name="core.send_pending_email", time_limit=300)
def send_pending_email() -> int:
    sent = 0
    for outbox_id in mail.email_pending_ids():
        try:
            sent += bool(mail.email_deliver(outbox_id=outbox_id))
        except OSError:
            continue
    return sent
