"""Celery tasks of the coordination app: ids in, a service call, nothing else."""

from celery import shared_task

from coordination import digest, reminders


@shared_task(name="coordination.send_reminders", time_limit=300, soft_time_limit=240)
def send_reminders() -> int:
    """The reminder sweep (beat, every 15 minutes in the daytime). Idempotent: run twice, retried
    or redelivered after a worker died, it enqueues each reminder's e-mail once."""
    return reminders.reminders_send()


@shared_task(name="coordination.send_digests", acks_late=True, time_limit=600, soft_time_limit=540)
def send_digests() -> int:
    """Enqueue the e-mail digests whose period has ended (run hourly by beat). Safe to run
    twice or to redeliver after a lost worker: each person's digest of a period is enqueued
    once (see `coordination.digest`)."""
    return digest.digest_sweep()
