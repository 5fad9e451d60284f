"""Celery tasks of the coordination app: ids in, a service call, nothing else."""

from celery import shared_task

from coordination import reminders


@shared_task(name="coordination.send_reminders", time_limit=300, soft_time_limit=240)
def send_reminders() -> int:
    """The reminder sweep (beat, every 15 minutes in the daytime). Idempotent: run twice, retried
    or redelivered after a worker died, it enqueues each reminder's e-mail once."""
    return reminders.reminders_send()
