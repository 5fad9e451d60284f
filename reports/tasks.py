"""Celery tasks of the reports app: ids in, a service call, nothing else.

The task runs on the queue `reports` (routing in `config/celery.py`), so long reports never
hold up e-mails and reminders. It is acknowledged late and rejected back to the queue when its
worker process is lost (settings `CELERY_TASK_ACKS_LATE`, `CELERY_TASK_REJECT_ON_WORKER_LOST`);
the run's lease makes the redelivery safe.
"""

from celery import shared_task
from django.conf import settings

from reports import services


@shared_task(
    name="reports.generate_report",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=10,
    time_limit=settings.REPORT_TIME_LIMIT,
    soft_time_limit=settings.REPORT_SOFT_TIME_LIMIT,
)
def generate_report(self, run_id: int) -> str:
    outcome = services.report_generate(run_id=run_id)
    if outcome == services.Outcome.BUSY and not self.request.is_eager:
        # Another delivery holds the lease. If its worker died (the broker redelivers at once),
        # the lease runs out and this retry takes over; if it finishes, the retry finds it done.
        raise self.retry(countdown=services.lease_remaining(run_id=run_id) + 1)
    return outcome


@shared_task(name="reports.resume_stale_runs", time_limit=60)
def resume_stale_runs() -> int:
    """Queue the generation again for runs whose task was lost; the lease and the attempts
    decide whether they are redone or failed."""
    run_ids = services.report_stale_ids()
    for run_id in run_ids:
        generate_report.delay(run_id)
    return len(run_ids)
