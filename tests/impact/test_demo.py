"""The demo data: every state of the workflow can be seen, and a second run changes nothing."""

from django.apps import apps

from core.models import AuditEvent
from impact import demo
from impact.models import ReportingPeriod, Submission, SubmissionEvent
from impact.selectors import TaskState, reporting_task_list
from initiatives import demo as initiatives_demo


def _load() -> dict:
    world = {"password": "demo", "logins": []}
    initiatives_demo.load(world)
    demo.load(world)
    return world


def _snapshot() -> dict:
    counts = {m.__name__: m.objects.count() for m in apps.get_app_config("impact").get_models()}
    counts["audit"] = AuditEvent.objects.count()
    counts["changed"] = max(Submission.objects.values_list("updated_at", flat=True))
    return counts


def test_demo_shows_every_state_and_is_idempotent(db):
    world = _load()
    statuses = set(Submission.objects.values_list("status", flat=True))
    assert statuses == {"draft", "submitted", "returned", "approved", "superseded"}
    assert SubmissionEvent.objects.filter(action="resubmitted").exists()
    assert all(s.return_reason for s in Submission.objects.filter(status="returned"))
    assert ReportingPeriod.objects.filter(locked_at__isnull=False).exists()
    partner2 = world["users"]["partner2@example.org"]
    states = {t.state for t in reporting_task_list(viewer=partner2, initiative=world["initiative"])}
    assert TaskState.OVERDUE in states

    before = _snapshot()
    _load()
    assert _snapshot() == before
