"""Reports with a real Celery worker on Redis: a duplicate delivery does nothing, and a worker
killed in the middle of a report does not lose it: it is redone and delivered once.

The worker runs in its own process against the test database, so the data it needs is
committed (transactional tests). Rendering is slowed down (tests.reports.support) so that the
test can kill the pool child while it renders; the lease is short so the redelivery takes over
within seconds.
"""

import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings

from config.celery import app as celery_app
from core.models import EmailOutbox
from reports.models import ReportRun
from tests.conftest import IN_CI
from tests.core.test_worker import REDIS_URL, _database_url, _pool_children, _wait_for
from tests.reports.conftest import build_data, queued_run

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:task_always_eager has no effect"),
]
LEASE_SECONDS = 3


@pytest.fixture
def media_root(settings, tmp_path):
    """The worker and the test share the media directory (overrides the package's fixture)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def reports_worker(media_root, tmp_path):
    """Start `celery worker` (one pool child) on a queue of its own; yield (process, queue)."""
    database_url = _database_url()
    if not REDIS_URL or not database_url:
        if IN_CI:
            pytest.fail("CI must provide REDIS_URL and a PostgreSQL DATABASE_URL for worker tests")
        pytest.skip(
            "needs REDIS_URL and PostgreSQL (a worker cannot share SQLite's in-memory test DB)"
        )
    queue = f"test-reports-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url,
        "DB_CONN_MAX_AGE": "0",
        "REDIS_URL": REDIS_URL,
        "MEDIA_ROOT": str(media_root),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "REPORT_RENDERER": "tests.reports.support.slow_pdf_render",
        "REPORT_SLOW_SECONDS": "2",
        "REPORT_LEASE_SECONDS": str(LEASE_SECONDS),
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
            "--max-memory-per-child",
            "1000000",
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
        yield process, queue
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _send(queue: str, run_id: int) -> None:
    with celery_app.connection_for_write(REDIS_URL) as conn:
        celery_app.send_task("reports.generate_report", args=[run_id], queue=queue, connection=conn)


def _status(run_id: int) -> str:
    return ReportRun.objects.get(pk=run_id).status


def _emails(run_id: int) -> int:
    return EmailOutbox.objects.filter(key=f"report-ready:{run_id}").count()


def test_the_same_report_task_delivered_twice_generates_one_report_and_one_email(
    world, reports_worker
):
    process, queue = reports_worker
    build_data(world)
    run = queued_run(world, notify_when_done=True)
    _send(queue, run.pk)
    _send(queue, run.pk)
    _wait_for(lambda: _status(run.pk) == ReportRun.Status.DONE, 90, process)
    # Give the second delivery time to run (it waits for the lease, then finds the run done).
    time.sleep(LEASE_SECONDS + 4)
    run.refresh_from_db()
    assert run.attempts == 1
    assert _emails(run.pk) == 1
    assert run.file.size == run.size and run.page_count >= 4


def test_a_worker_killed_mid_report_redoes_it_and_delivers_once(world, reports_worker):
    process, queue = reports_worker
    build_data(world)
    run = queued_run(world, notify_when_done=True)
    _send(queue, run.pk)
    _wait_for(lambda: _status(run.pk) == ReportRun.Status.RUNNING, 60, process)
    children = _pool_children(process.pid)
    assert children, "the prefork pool has a child process"
    for child in children:
        os.kill(child, signal.SIGKILL)
    _wait_for(lambda: _status(run.pk) == ReportRun.Status.DONE, 90, process)
    time.sleep(2)
    run.refresh_from_db()
    assert run.attempts == 2
    assert _emails(run.pk) == 1
    with run.file.open("rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
