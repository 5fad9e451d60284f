"""The Celery application and the one place where periodic work is scheduled."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("gemeinsam_wirken")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# PDF reports take seconds and much memory: they run on a queue of their own, so e-mails and
# reminders are never stuck behind them (`make worker` and docker-compose.yml consume both).
app.conf.task_routes = {"reports.*": {"queue": "reports"}}

# Beat schedule. Each entry says in plain words what it is for.
app.conf.beat_schedule = {
    # Re-send e-mails whose first delivery attempt failed or whose worker died mid-send.
    "core.retry-pending-email": {
        "task": "core.send_pending_email",
        "schedule": 300.0,
    },
    # Take up PDF reports whose task was lost (worker ended by the hard time limit, broker
    # restarted): they are generated again, or failed once their attempts are used up.
    "reports.resume-stale-runs": {
        "task": "reports.resume_stale_runs",
        "schedule": 600.0,
    },
    # Make the scheduled reports of every month or quarter that has ended, once per period, and
    # send them to their recipients when ready. Hourly, so a report comes soon after the 1st.
    "reports.run-schedules": {
        "task": "reports.run_schedules",
        "schedule": 3600.0,
    },
    # Reminders (values due and overdue, action items, tomorrow's meetings): a sweep finds what
    # is due and enqueues each e-mail once, so running it again only fills gaps. Every quarter of
    # an hour from 7 to 19 o'clock, so reminders arrive in the morning, not at midnight.
    "coordination.send-reminders": {
        "task": "coordination.send_reminders",
        "schedule": crontab(minute="*/15", hour="7-19"),
    },
    # Send each person their e-mail digest of unread notifications once their day or week has
    # ended (7:00 local time; daily or weekly as chosen in the profile). Hourly, so a missed run
    # is caught up; the digest's outbox key makes a second run in the same period send nothing.
    "coordination.send-digests": {
        "task": "coordination.send_digests",
        "schedule": crontab(minute=5),
    },
    # Open the new reporting periods of initiatives without a planned end date, every night.
    "impact.sync-reporting-periods": {
        "task": "impact.sync_reporting_periods",
        "schedule": crontab(hour=2, minute=15),
    },
    # Delete participants' feedback on prototypes once it is older than the 12 months the
    # consent text promises, every night.
    "focusgroups.purge-old-feedback": {
        "task": "focusgroups.purge_old_feedback",
        "schedule": crontab(hour=3, minute=30),
    },
}
