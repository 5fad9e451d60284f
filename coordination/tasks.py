"""Celery tasks of the coordination app: ids in, a service call, nothing else."""

from celery import shared_task

from coordination import digest

# --- E-mail digest --------------------------------------------------------------------------


@shared_task(name="coordination.send_digests", acks_late=True, time_limit=600, soft_time_limit=540)
def send_digests() -> int:
    """Enqueue the e-mail digests whose period has ended (run hourly by beat). Safe to run
    twice or to redeliver after a lost worker: each person's digest of a period is enqueued
    once (see `coordination.digest`)."""
    return digest.digest_sweep()
