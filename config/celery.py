"""The Celery application and the one place where periodic work is scheduled."""

import os

from celery import Celery

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
}
