"""Asking for reports and generating them: permissions, parameters, the lease, attempts, the
soft time limit and the one e-mail per run."""

import datetime

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.errors import ApplicationError, PermissionDeniedError
from core.models import AuditEvent, EmailOutbox
from reports import services
from reports.models import ReportRun
from tests.reports.conftest import queued_run

Status = ReportRun.Status
ALL_SECTIONS = {"sections": ["agenda", "partners", "indicators", "reflections"]}


def _request(world, user, **kwargs):
    kwargs.setdefault("kind", ReportRun.Kind.PROGRESS)
    kwargs.setdefault("parameters", ALL_SECTIONS)
    return services.report_request(acting_user=user, initiative=world.initiative, **kwargs)


@pytest.mark.parametrize("role", ["coordinator", "partner", "viewer"])
def test_readers_request_a_report_and_the_worker_generates_it_after_commit(
    world, data, role, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run = _request(world, world.user(role))
    run.refresh_from_db()
    assert run.status == Status.DONE
    assert run.attempts == 1
    assert run.page_count >= 4
    assert run.size == run.file.size
    assert run.file.name.startswith(f"reports/{world.initiative.pk}/")
    assert AuditEvent.objects.filter(verb="report.requested", target=str(run)).exists()


@pytest.mark.parametrize("role", ["participant", "other_coordinator", "outsider"])
def test_participants_and_non_members_cannot_request_reports(world, role):
    with pytest.raises(PermissionDeniedError):
        _request(world, world.user(role))
    assert not ReportRun.objects.exists()


def test_a_progress_report_needs_a_section(world):
    with pytest.raises(ValidationError) as error:
        _request(world, world.viewer, parameters={"sections": ["gibt-es-nicht"]})
    assert "sections" in error.value.message_dict
    assert not ReportRun.objects.exists()


def test_a_period_report_needs_a_started_period_of_the_initiative(world, data):
    other_period = data.q1.__class__.objects.create(
        initiative=world.other_initiative,
        frequency="quarterly",
        start=datetime.date(2025, 1, 1),
        end=datetime.date(2025, 3, 31),
    )
    for period_id in (None, other_period.pk, "1"):
        with pytest.raises(ValidationError) as error:
            _request(world, world.viewer, kind="period", parameters={"period_id": period_id})
        assert "period" in error.value.message_dict
    assert not ReportRun.objects.exists()


def test_period_reports_of_partners_are_kept_to_their_organisation(world, data):
    run = _request(world, world.partner, kind="period", parameters={"period_id": data.q1.pk})
    assert run.audience == ReportRun.Audience.ORGANISATION
    assert run.organisation == world.organisation
    coordinator_run = _request(
        world, world.coordinator, kind="period", parameters={"period_id": data.q1.pk}
    )
    assert coordinator_run.audience == ReportRun.Audience.BACKBONE
    assert _request(world, world.partner).audience == ReportRun.Audience.APPROVED


# --- The lease -------------------------------------------------------------------------------


def test_a_second_delivery_while_the_lease_is_valid_does_nothing(world, data):
    run = queued_run(world)
    claimed = services.report_claim(run_id=run.pk)
    assert claimed is not None
    assert services.report_generate(run_id=run.pk) == services.Outcome.BUSY
    run.refresh_from_db()
    assert (run.status, run.attempts, run.file.name) == (Status.RUNNING, 1, "")


def test_a_delivery_after_the_lease_expired_redoes_the_work(world, data):
    run = queued_run(world)
    services.report_claim(run_id=run.pk)
    ReportRun.objects.filter(pk=run.pk).update(
        claimed_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert services.report_generate(run_id=run.pk) == services.Outcome.DONE
    run.refresh_from_db()
    assert (run.status, run.attempts) == (Status.DONE, 2)


def test_a_finished_run_is_not_generated_again(world, data):
    run = queued_run(world)
    assert services.report_generate(run_id=run.pk) == services.Outcome.DONE
    name = ReportRun.objects.get(pk=run.pk).file.name
    assert services.report_generate(run_id=run.pk) == services.Outcome.SKIPPED
    run.refresh_from_db()
    assert (run.attempts, run.file.name) == (1, name)


def test_after_three_attempts_without_an_end_the_run_fails_with_the_reason(world, data):
    run = queued_run(
        world,
        status=Status.RUNNING,
        attempts=ReportRun.MAX_ATTEMPTS,
        claimed_until=timezone.now() - datetime.timedelta(seconds=1),
    )
    assert services.report_generate(run_id=run.pk) == services.Outcome.SKIPPED
    run.refresh_from_db()
    assert run.status == Status.FAILED
    assert run.error_code == ReportRun.Error.ATTEMPTS
    assert run.attempts == ReportRun.MAX_ATTEMPTS
    assert not EmailOutbox.objects.exists()


def test_a_holder_whose_lease_was_taken_over_throws_its_file_away(world, data, settings):
    run = queued_run(world)
    first = services.report_claim(run_id=run.pk)
    # Another delivery takes over after the lease ran out and finishes first.
    ReportRun.objects.filter(pk=run.pk).update(claimed_until=timezone.now())
    assert services.report_generate(run_id=run.pk) == services.Outcome.DONE
    assert services._fail(first, code=ReportRun.Error.UNEXPECTED) == services.Outcome.LOST
    run.refresh_from_db()
    assert run.status == Status.DONE


# --- Failures --------------------------------------------------------------------------------


def _raise_soft_time_limit(report):
    raise SoftTimeLimitExceeded()


def _raise_bug(report):
    raise RuntimeError("kaputt")


def test_a_report_that_takes_too_long_fails_with_a_clear_reason(world, data, settings):
    settings.REPORT_RENDERER = "tests.reports.test_services._raise_soft_time_limit"
    run = queued_run(world)
    assert services.report_generate(run_id=run.pk) == services.Outcome.FAILED
    run.refresh_from_db()
    assert run.status == Status.FAILED
    assert run.error_code == ReportRun.Error.TIMEOUT
    assert run.get_error_code_display() == ReportRun.Error.TIMEOUT.label
    assert run.claimed_until is None
    assert not EmailOutbox.objects.exists()


def test_an_unexpected_error_fails_the_run_and_keeps_the_details(world, data, settings):
    settings.REPORT_RENDERER = "tests.reports.test_services._raise_bug"
    run = queued_run(world)
    assert services.report_generate(run_id=run.pk) == services.Outcome.FAILED
    run.refresh_from_db()
    assert run.error_code == ReportRun.Error.UNEXPECTED
    assert "kaputt" in run.error_detail


def test_a_requester_who_left_the_initiative_gets_no_report(world, data):
    run = queued_run(world, user=world.viewer)
    world.viewer.memberships.all().delete()
    world.viewer.__dict__.pop("_membership_cache", None)
    assert services.report_generate(run_id=run.pk) == services.Outcome.FAILED
    run.refresh_from_db()
    assert run.error_code == ReportRun.Error.FORBIDDEN
    assert not run.file


def test_a_failed_run_can_be_tried_again_with_fresh_attempts(
    world, data, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_RENDERER = "tests.reports.test_services._raise_bug"
    run = queued_run(world)
    services.report_generate(run_id=run.pk)
    settings.REPORT_RENDERER = "reports.rendering.pdf_render"
    with django_capture_on_commit_callbacks(execute=True):
        services.report_retry(acting_user=world.viewer, run=ReportRun.objects.get(pk=run.pk))
    run.refresh_from_db()
    assert (run.status, run.attempts, run.error_code) == (Status.DONE, 1, "")


def test_only_a_failed_run_can_be_tried_again(world, data):
    run = queued_run(world)
    with pytest.raises(ApplicationError):
        services.report_retry(acting_user=world.viewer, run=run)


def test_a_member_who_may_not_see_the_run_cannot_retry_it(world, data):
    run = queued_run(
        world,
        user=world.coordinator,
        kind="period",
        parameters={"period_id": data.q1.pk},
        audience=ReportRun.Audience.BACKBONE,
        status=Status.FAILED,
    )
    with pytest.raises(PermissionDeniedError):
        services.report_retry(acting_user=world.viewer, run=run)


# --- The e-mail ------------------------------------------------------------------------------


def test_one_email_with_the_link_in_the_requesters_language(world, data, mailoutbox):
    world.viewer.language = "en"
    world.viewer.save()
    run = queued_run(world, user=world.viewer, notify_when_done=True)
    services.report_generate(run_id=run.pk)
    rows = EmailOutbox.objects.filter(key=f"report-ready:{run.pk}")
    assert rows.count() == 1
    row = rows.get()
    assert row.to_email == world.viewer.email
    assert row.language == "en"
    assert f"/initiativen/{world.initiative.slug}/pdf-berichte/{run.pk}/herunterladen/" in (
        row.text_body
    )
    assert "is ready" in row.subject
    # A second finishing delivery (e.g. after a lease ran out) enqueues no second e-mail.
    services._notify(run)
    assert EmailOutbox.objects.filter(key=f"report-ready:{run.pk}").count() == 1


def test_no_email_when_the_requester_did_not_ask_for_one(world, data):
    run = queued_run(world, notify_when_done=False)
    services.report_generate(run_id=run.pk)
    assert not EmailOutbox.objects.exists()


def test_runs_whose_task_was_lost_are_taken_up_again(world, data):
    from reports.tasks import resume_stale_runs

    expired = timezone.now() - datetime.timedelta(seconds=1)
    lost = queued_run(world, status=Status.RUNNING, attempts=1, claimed_until=expired)
    exhausted = queued_run(
        world, status=Status.RUNNING, attempts=ReportRun.MAX_ATTEMPTS, claimed_until=expired
    )
    busy = queued_run(
        world,
        status=Status.RUNNING,
        attempts=1,
        claimed_until=timezone.now() + datetime.timedelta(minutes=1),
    )
    fresh = queued_run(world)  # its task is still on the way
    assert set(services.report_stale_ids()) == {lost.pk, exhausted.pk}
    assert resume_stale_runs() == 2
    statuses = dict(ReportRun.objects.values_list("pk", "status"))
    assert statuses[lost.pk] == Status.DONE
    assert statuses[exhausted.pk] == Status.FAILED
    assert (statuses[busy.pk], statuses[fresh.pk]) == (Status.RUNNING, Status.QUEUED)


def test_the_report_task_runs_on_its_own_queue_with_late_ack_and_time_limits():
    from config.celery import app
    from reports.tasks import generate_report

    route = app.amqp.router.route({}, "reports.generate_report", args=(1,), kwargs={})
    assert route["queue"].name == "reports"
    assert app.amqp.router.route({}, "core.send_email", args=(1,), kwargs={})["queue"].name == (
        "celery"
    )
    assert generate_report.acks_late and generate_report.reject_on_worker_lost
    assert (generate_report.time_limit, generate_report.soft_time_limit) == (120, 100)
