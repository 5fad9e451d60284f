"""Celery tasks of the impact app: ids in, a service call, nothing else."""

from celery import shared_task

from impact import services
from initiatives.models import Initiative


@shared_task(name="impact.sync_reporting_periods", time_limit=600)
def sync_reporting_periods() -> int:
    """Create the periods that have begun since yesterday, for every initiative."""
    created = 0
    for initiative in Initiative.objects.exclude(status=Initiative.Status.COMPLETED).iterator():
        created += len(services.periods_sync(initiative=initiative))
    return created
