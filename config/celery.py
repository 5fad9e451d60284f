"""The Celery application and the one place where periodic work is scheduled."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("gemeinsam_wirken")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Beat schedule. Each entry says in plain words what it is for.
app.conf.beat_schedule = {
    # Re-send e-mails whose first delivery attempt failed or whose worker died mid-send.
    "core.retry-pending-email": {
        "task": "core.send_pending_email",
        "schedule": 300.0,
    },
    # Open the new reporting periods of initiatives without a planned end date, every night.
    "impact.sync-reporting-periods": {
        "task": "impact.sync_reporting_periods",
        "schedule": crontab(hour=2, minute=15),
    },
}
