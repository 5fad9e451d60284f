"""Celery tasks of the focus groups: a service call, nothing else."""

from celery import shared_task

from focusgroups import services


@shared_task(name="focusgroups.purge_old_feedback", time_limit=300)
def purge_old_feedback() -> int:
    """Delete participants' answers older than the retention period their consent names."""
    return services.feedback_purge_expired()
