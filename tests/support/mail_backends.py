"""E-mail backends for tests that run a real Celery worker in another process."""

import os
import time

from django.core.mail.backends.filebased import EmailBackend as FileBackend


class SlowFileBackend(FileBackend):
    """Writes each message to EMAIL_FILE_PATH after waiting EMAIL_SLOW_SECONDS.

    The pause gives a test time to kill the worker while it is in the middle of sending.
    """

    def send_messages(self, email_messages):
        time.sleep(float(os.environ.get("EMAIL_SLOW_SECONDS", "0")))
        return super().send_messages(email_messages)
