"""The project's Celery app for worker tests, with a pause after each reminder is enqueued.

`celery -A tests.support.slow_reminders worker` with REMINDER_SLOW_SECONDS set gives a test time
to kill the pool child in the middle of the reminder sweep. Nothing else differs.
"""

import os
import time

from celery.signals import worker_process_init

from config.celery import app

__all__ = ["app"]


@worker_process_init.connect
def _slow_down_the_sweep(**_kwargs):
    from coordination import reminders

    enqueue = reminders.email_enqueue
    pause = float(os.environ.get("REMINDER_SLOW_SECONDS", "0"))

    def slow_enqueue(**kwargs):
        row = enqueue(**kwargs)
        time.sleep(pause)
        return row

    reminders.email_enqueue = slow_enqueue
