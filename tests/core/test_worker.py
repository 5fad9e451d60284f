"""Exactly-once e-mail delivery with a real Celery worker on Redis.

The worker runs in its own process against the test database, so the data it needs is
committed (transactional tests). Mail goes to files; the test counts them.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app
from core.models import EmailOutbox
from tests.conftest import IN_CI

REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:task_always_eager has no effect"),
]


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"] != "django.db.backends.postgresql":
        return ""
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = f"{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
    return f"postgres://{user}{password}@{host}/{db['NAME']}"


@pytest.fixture
def worker(tmp_path):
    """Start `celery worker` on a queue of its own; yield (process, queue, mail dir)."""
    database_url = _database_url()
    if not REDIS_URL or not database_url:
        if IN_CI:
            pytest.fail("CI must provide REDIS_URL and a PostgreSQL DATABASE_URL for worker tests")
        pytest.skip(
            "needs REDIS_URL and PostgreSQL (a worker cannot share SQLite's in-memory test DB)"
        )
    queue = f"test-{uuid.uuid4().hex[:8]}"
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url,
        "DB_CONN_MAX_AGE": "0",
        "REDIS_URL": REDIS_URL,
        "EMAIL_BACKEND": "tests.support.mail_backends.SlowFileBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "EMAIL_SLOW_SECONDS": "4",
        "EMAIL_LEASE_SECONDS": "3",
        "CELERY_VISIBILITY_TIMEOUT": "10",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "-P",
            "prefork",
            "-c",
            "1",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-l",
            "warning",
            "-n",
            f"{queue}@%h",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        yield process, queue, mail_dir
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _send(queue: str, outbox_id: int) -> None:
    with celery_app.connection_for_write(REDIS_URL) as conn:
        celery_app.send_task("core.send_email", args=[outbox_id], queue=queue, connection=conn)


def _wait_for(predicate, timeout: float, process) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        if process.poll() is not None:
            output = process.stdout.read().decode(errors="replace")
            pytest.fail(f"worker exited early:\n{output}")
        time.sleep(0.2)
    pytest.fail("timed out waiting for the worker")


def _outbox_row() -> EmailOutbox:
    return EmailOutbox.objects.create(
        key=f"test:{uuid.uuid4()}",
        to_email="person@example.org",
        language="de",
        subject="Betreff",
        text_body="Text",
    )


def _mails(mail_dir: Path) -> list[Path]:
    return [p for p in mail_dir.iterdir() if p.stat().st_size]


def _pool_children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(x) for x in out.split()]


def test_same_email_task_delivered_twice_sends_one_email(worker):
    process, queue, mail_dir = worker
    row = _outbox_row()
    _send(queue, row.pk)
    _send(queue, row.pk)
    _wait_for(lambda: EmailOutbox.objects.get(pk=row.pk).status == "sent", 60, process)
    # Give the second delivery time to run (it waits for the lease, then finds the row sent).
    time.sleep(6)
    row.refresh_from_db()
    assert len(_mails(mail_dir)) == 1
    assert row.attempts == 1


def test_worker_killed_mid_send_redelivers_and_sends_once(worker):
    process, queue, mail_dir = worker
    row = _outbox_row()
    _send(queue, row.pk)
    _wait_for(lambda: EmailOutbox.objects.get(pk=row.pk).status == "sending", 60, process)
    children = _pool_children(process.pid)
    assert children, "the prefork pool has a child process"
    for child in children:
        os.kill(child, signal.SIGKILL)
    _wait_for(lambda: EmailOutbox.objects.get(pk=row.pk).status == "sent", 60, process)
    row.refresh_from_db()
    assert len(_mails(mail_dir)) == 1
    assert row.attempts == 2
