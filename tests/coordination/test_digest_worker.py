"""The digest sweep exactly once with a real Celery worker on Redis: the sweep task delivered
twice at once, and a sweep whose worker process is killed mid-task, still enqueue one digest
e-mail per person and period.

Uses the worker fixture of `tests/core/test_worker.py` (a `celery worker` process on a queue of
its own, against the committed test database in PostgreSQL).
"""

import datetime
import os
import signal
import time

import pytest

from config.celery import app as celery_app
from coordination.digest import digest_key, digest_period
from coordination.models import Notification
from coordination.notifications import notify
from core.models import EmailOutbox
from tests.core.test_worker import REDIS_URL, _pool_children, _wait_for, worker  # noqa: F401
from tests.factories import InitiativeFactory, MembershipFactory, UserFactory

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:task_always_eager has no effect"),
]


def _due_people(count: int) -> list:
    """`count` people on the daily digest, each with a notification of the day that ended."""
    initiative = InitiativeFactory(name="Worker-Initiative", slug="worker-initiative")
    start = digest_period("daily").start
    people = []
    for index in range(count):
        person = UserFactory(email=f"digest{index}@example.org", digest_frequency="daily")
        MembershipFactory(user=person, initiative=initiative, role="viewer")
        notify(recipients=[person], kind="test", text="Neu", url="/", initiative=initiative)
        people.append(person)
    Notification.objects.update(created_at=start + datetime.timedelta(minutes=1))
    return people


def _sweep(queue: str) -> None:
    with celery_app.connection_for_write(REDIS_URL) as conn:
        celery_app.send_task("coordination.send_digests", queue=queue, connection=conn)


def _digests(people) -> list[str]:
    period = digest_period("daily")
    keys = [digest_key(person, period) for person in people]
    return list(EmailOutbox.objects.filter(key__in=keys).values_list("key", flat=True))


def test_sweep_delivered_twice_enqueues_one_digest_per_person(worker):  # noqa: F811
    process, queue, _mail_dir = worker
    people = _due_people(3)
    _sweep(queue)
    _sweep(queue)
    _wait_for(lambda: len(_digests(people)) == 3, 60, process)
    _wait_for(lambda: not Notification.objects.filter(digested_at=None).exists(), 60, process)
    time.sleep(3)  # let the second sweep finish too
    assert sorted(_digests(people)) == sorted(set(_digests(people)))
    assert EmailOutbox.objects.count() == 3


def test_sweep_killed_mid_task_is_redelivered_and_sends_each_digest_once(worker):  # noqa: F811
    process, queue, _mail_dir = worker
    people = _due_people(60)
    _sweep(queue)
    # Kill the pool child as soon as the first digest is in, so the sweep dies half-way.
    _wait_for(lambda: EmailOutbox.objects.exists(), 60, process)
    for child in _pool_children(process.pid):
        os.kill(child, signal.SIGKILL)
    assert EmailOutbox.objects.count() < 60, "the sweep finished before it could be killed"
    # The task is acknowledged late, so the broker hands it out again; and beat would run the
    # sweep again within the hour, which a second delivery stands in for.
    _sweep(queue)
    _wait_for(lambda: len(_digests(people)) == 60, 90, process)
    time.sleep(3)
    assert EmailOutbox.objects.count() == 60
    assert not Notification.objects.filter(digested_at=None).exists()
