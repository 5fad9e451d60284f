"""Scheduled reports: one run per schedule and ended period however often the sweep runs, one
e-mail per recipient who may still see it, nothing while paused; only the backbone office
manages schedules."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from core.errors import PermissionDeniedError
from core.models import EmailOutbox
from initiatives.models import Membership
from reports import services
from reports.models import ReportRun, ReportSchedule

JAN_15 = datetime.date(2025, 1, 15)
FEB_3 = datetime.date(2025, 2, 3)
APR_2 = datetime.date(2025, 4, 2)


def _schedule(world, *, frequency="monthly", kind="progress", parameters=None, recipients=None):
    return services.schedule_create(
        acting_user=world.coordinator,
        initiative=world.initiative,
        kind=kind,
        parameters=parameters or {"sections": ["partners"]},
        frequency=frequency,
        recipients=recipients or [world.coordinator, world.viewer, world.partner],
        today=JAN_15,
    )


def _sweep(capture, today):
    with capture(execute=True):
        return services.schedule_sweep(today=today)


def _mailed():
    return sorted(
        EmailOutbox.objects.filter(key__startswith="report-scheduled:").values_list(
            "to_email", flat=True
        )
    )


@pytest.mark.parametrize(
    ("frequency", "today", "key"),
    [
        ("monthly", datetime.date(2025, 1, 1), "2024-12"),
        ("monthly", datetime.date(2025, 3, 31), "2025-02"),
        ("quarterly", datetime.date(2025, 1, 15), "2024-Q4"),
        ("quarterly", datetime.date(2025, 4, 1), "2025-Q1"),
        ("quarterly", datetime.date(2025, 12, 31), "2025-Q3"),
    ],
)
def test_the_period_that_ended_last(frequency, today, key):
    assert services.period_ended(frequency, today) == key


def test_a_new_schedule_waits_for_the_current_period_to_end(
    world, django_capture_on_commit_callbacks
):
    _schedule(world)
    assert _sweep(django_capture_on_commit_callbacks, JAN_15) == []
    assert not ReportRun.objects.exists()


def test_an_ended_month_is_reported_and_sent_once_even_if_the_sweep_runs_twice(
    world, django_capture_on_commit_callbacks
):
    schedule = _schedule(world)
    (run_id,) = _sweep(django_capture_on_commit_callbacks, FEB_3)
    assert _sweep(django_capture_on_commit_callbacks, FEB_3) == []
    run = ReportRun.objects.get()
    assert run.pk == run_id
    assert (run.schedule, run.period_key, run.status) == (schedule, "2025-01", "done")
    assert run.requested_by == world.coordinator
    assert _mailed() == sorted([world.coordinator.email, world.viewer.email, world.partner.email])
    schedule.refresh_from_db()
    assert schedule.last_period_sent == "2025-01"


def test_a_sweep_that_read_the_schedule_before_another_committed_makes_no_second_run(
    world, django_capture_on_commit_callbacks
):
    schedule = _schedule(world)
    _sweep(django_capture_on_commit_callbacks, FEB_3)
    # As if a concurrent sweep had read the schedule before the first one committed: only the
    # unique constraint on (schedule, period) stands in its way.
    ReportSchedule.objects.filter(pk=schedule.pk).update(last_period_sent="2024-12")
    assert _sweep(django_capture_on_commit_callbacks, FEB_3) == []
    assert ReportRun.objects.count() == 1
    assert len(_mailed()) == 3


def test_each_ended_period_gets_its_own_run(world, django_capture_on_commit_callbacks):
    _schedule(world, frequency="quarterly")
    _sweep(django_capture_on_commit_callbacks, datetime.date(2025, 1, 20))
    _sweep(django_capture_on_commit_callbacks, APR_2)
    _sweep(django_capture_on_commit_callbacks, datetime.date(2025, 7, 1))
    assert sorted(ReportRun.objects.values_list("period_key", flat=True)) == [
        "2025-Q1",
        "2025-Q2",
    ]


def test_a_paused_schedule_sends_nothing(world, django_capture_on_commit_callbacks):
    schedule = _schedule(world)
    services.schedule_set_active(acting_user=world.coordinator, schedule=schedule, active=False)
    assert _sweep(django_capture_on_commit_callbacks, FEB_3) == []
    assert not ReportRun.objects.exists()
    assert _mailed() == []


def test_a_recipient_who_left_the_initiative_gets_nothing(
    world, django_capture_on_commit_callbacks
):
    _schedule(world)
    Membership.objects.filter(user=world.viewer, initiative=world.initiative).delete()
    _sweep(django_capture_on_commit_callbacks, FEB_3)
    assert world.viewer.email not in _mailed()
    assert len(_mailed()) == 2


def test_recipients_who_may_not_see_a_backbone_report_get_nothing(
    world, django_capture_on_commit_callbacks
):
    _schedule(world, kind="partner", parameters={"organisation_id": world.organisation.pk})
    _sweep(django_capture_on_commit_callbacks, FEB_3)
    run = ReportRun.objects.get()
    assert run.audience == ReportRun.Audience.BACKBONE
    assert _mailed() == [world.coordinator.email]


@pytest.mark.parametrize("role", ["partner", "viewer", "participant", "other_coordinator"])
def test_only_the_backbone_office_schedules_reports(world, role):
    with pytest.raises(PermissionDeniedError):
        services.schedule_create(
            acting_user=world.user(role),
            initiative=world.initiative,
            kind="progress",
            parameters={"sections": ["partners"]},
            frequency="monthly",
            recipients=[world.coordinator],
        )


@pytest.mark.parametrize("role", ["participant", "outsider", "other_coordinator"])
def test_recipients_must_be_readers_of_the_initiative(world, role):
    with pytest.raises(ValidationError) as refused:
        _schedule(world, recipients=[world.coordinator, world.user(role)])
    assert "recipients" in refused.value.message_dict


def test_others_may_not_change_pause_or_delete_a_schedule(world):
    schedule = _schedule(world)
    for user in (world.partner, world.viewer, world.other_coordinator):
        with pytest.raises(PermissionDeniedError):
            services.schedule_set_active(acting_user=user, schedule=schedule, active=False)
        with pytest.raises(PermissionDeniedError):
            services.schedule_delete(acting_user=user, schedule=schedule)
    assert ReportSchedule.objects.filter(pk=schedule.pk, active=True).exists()


def test_deleting_a_schedule_keeps_its_reports(world, django_capture_on_commit_callbacks):
    schedule = _schedule(world)
    _sweep(django_capture_on_commit_callbacks, FEB_3)
    services.schedule_delete(acting_user=world.coordinator, schedule=schedule)
    assert ReportRun.objects.get().schedule is None


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_the_same_moment_make_one_run(world, monkeypatch):
    """On PostgreSQL, two sweeps in parallel threads (own connections): the schedule's row
    lock and the unique constraint leave exactly one run."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, there is no race to test")
    monkeypatch.setattr(services, "_enqueue", lambda run: None)
    _schedule(world)
    barrier = threading.Barrier(2)
    made, errors = [], []

    def sweep():
        try:
            barrier.wait()
            made.extend(services.schedule_sweep(today=FEB_3))
        except Exception as exc:  # reported below, a thread cannot fail the test itself
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert len(made) == 1
    assert ReportRun.objects.filter(period_key="2025-01").count() == 1


def test_the_beat_task_sweeps_the_schedules(world, monkeypatch):

    from config.celery import app
    from reports import tasks

    monkeypatch.setattr(services, "_enqueue", lambda run: None)
    _schedule(world)  # the period before 15 January 2025 is already reported
    assert tasks.run_schedules() == 1  # the month that ended before today
    assert tasks.run_schedules() == 0
    entry = app.conf.beat_schedule["reports.run-schedules"]
    assert entry["task"] == "reports.run_schedules"


def test_the_email_names_the_period_and_links_the_download(
    world, django_capture_on_commit_callbacks
):
    _schedule(world, recipients=[world.viewer])
    _sweep(django_capture_on_commit_callbacks, FEB_3)
    run = ReportRun.objects.get()
    mail = EmailOutbox.objects.get(key=f"report-scheduled:{run.pk}:{world.viewer.pk}")
    assert "2025-01" in mail.subject
    assert f"/pdf-berichte/{run.pk}/herunterladen/" in mail.text_body
    assert f"/pdf-berichte/{run.pk}/herunterladen/" in mail.html_body
