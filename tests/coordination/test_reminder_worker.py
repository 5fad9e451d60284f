"""Reminders exactly once with a real Celery worker on Redis.

The sweep task is delivered twice, and the worker's pool child is killed with SIGKILL in the
middle of a sweep; afterwards every reminder has been sent exactly once (counted as mail files
and as outbox rows). The worker runs `tests.support.slow_reminders`, the project's app with a
pause after each enqueued reminder, so the kill lands mid-sweep.

Run with PostgreSQL and Redis, e.g.
DATABASE_URL=postgres://postgres@127.0.0.1:5432/gw_reminders REDIS_URL=redis://127.0.0.1:6379/4
"""

import datetime
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from config.celery import app as celery_app
from coordination import services
from core.models import EmailOutbox
from initiatives.models import Role
from tests.conftest import IN_CI
from tests.core.test_worker import _database_url
from tests.factories import InitiativeFactory, MembershipFactory, UserFactory

REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:task_always_eager has no effect"),
]

READERS = 4  # people invited to tomorrow's meeting: one reminder each


@pytest.fixture
def worker(tmp_path):
    """Start a worker on a queue of its own (and the default queue, where the sweep sends the
    e-mail deliveries); yield (process, queue, mail dir)."""
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
        "EMAIL_SLOW_SECONDS": "0",
        "EMAIL_LEASE_SECONDS": "3",
        "CELERY_VISIBILITY_TIMEOUT": "10",
        "REMINDER_SLOW_SECONDS": "1.5",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tests.support.slow_reminders",
            "worker",
            "-P",
            "prefork",
            "-c",
            "1",
            "-Q",
            f"{queue},{celery_app.conf.task_default_queue}",
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


@pytest.fixture
def meeting_tomorrow(db):
    """A meeting tomorrow in an initiative with four members who may see meetings."""
    initiative = InitiativeFactory(slug=f"worker-{uuid.uuid4().hex[:6]}")
    people = []
    for index, role in enumerate([Role.COORDINATOR, Role.VIEWER, Role.VIEWER, Role.VIEWER]):
        user = UserFactory(email=f"person{index}@example.org", language="de")
        MembershipFactory(user=user, initiative=initiative, role=role)
        people.append(user)
    day = timezone.localdate() + datetime.timedelta(days=1)
    return services.meeting_create(
        acting_user=people[0],
        initiative=initiative,
        title="Partnertreffen",
        starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))),
        format="in_person",
        location="Rathaus Mitte",
    )


def _sweep(queue: str) -> None:
    with celery_app.connection_for_write(REDIS_URL) as conn:
        celery_app.send_task("coordination.send_reminders", queue=queue, connection=conn)


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


def _mails(mail_dir: Path) -> list[str]:
    return [p.read_text() for p in mail_dir.iterdir() if p.stat().st_size]


def _recipients(mail_dir: Path) -> list[str]:
    return sorted(
        line.split(":", 1)[1].strip()
        for text in _mails(mail_dir)
        for line in text.splitlines()
        if line.startswith("To:")
    )


def _all_sent() -> bool:
    rows = EmailOutbox.objects.filter(key__startswith="reminder:meeting:")
    return rows.count() == READERS and not rows.exclude(status="sent").exists()


def _expected() -> list[str]:
    return sorted(f"person{index}@example.org" for index in range(READERS))


def _pool_children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(x) for x in out.split()]


def test_sweep_delivered_twice_sends_each_reminder_once(worker, meeting_tomorrow):
    process, queue, mail_dir = worker
    _sweep(queue)
    _sweep(queue)
    _wait_for(_all_sent, 90, process)
    # A third sweep after all is sent finds nothing to do.
    _sweep(queue)
    time.sleep(4)
    assert _recipients(mail_dir) == _expected()
    assert all("invitation.ics" in text for text in _mails(mail_dir))
    assert EmailOutbox.objects.filter(key__startswith="reminder:").count() == READERS


def test_worker_killed_mid_sweep_sends_each_reminder_once(worker, meeting_tomorrow):
    process, queue, mail_dir = worker
    _sweep(queue)
    # Kill the pool child once the sweep has enqueued some, but not all, reminders.
    _wait_for(lambda: EmailOutbox.objects.count() >= 1, 60, process)
    assert EmailOutbox.objects.count() < READERS
    children = _pool_children(process.pid)
    assert children, "the prefork pool has a child process"
    for child in children:
        os.kill(child, signal.SIGKILL)
    # The sweep is redelivered (acks late, rejected on worker loss) and fills the gaps.
    _wait_for(_all_sent, 120, process)
    time.sleep(3)
    assert _recipients(mail_dir) == _expected()
    assert EmailOutbox.objects.filter(key__startswith="reminder:").count() == READERS
