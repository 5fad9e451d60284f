"""The demo data of the reports: a progress report and a meeting record in the history and a
monthly schedule for the report viewer; a second run changes nothing."""

from coordination import demo as coordination_demo
from impact import demo as impact_demo
from initiatives import demo as initiatives_demo
from reports import demo
from reports.models import ReportRun, ReportSchedule


def test_demo_has_a_report_and_a_schedule_and_is_idempotent(db):
    world = {"password": "demo", "logins": []}
    initiatives_demo.load(world)
    impact_demo.load(world)
    coordination_demo.load(world)
    demo.load(world)
    schedule = ReportSchedule.objects.get()
    assert schedule.frequency == "monthly" and schedule.active
    assert {user.email for user in schedule.recipients.all()} == {
        "viewer@example.org",
        "coordinator@example.org",
    }
    meeting_run = ReportRun.objects.get(kind=ReportRun.Kind.MEETING)
    assert meeting_run.parameters["meeting_id"]
    demo.load(world)
    assert ReportSchedule.objects.count() == 1
    assert ReportRun.objects.filter(kind=ReportRun.Kind.PROGRESS).count() == 1
    assert ReportRun.objects.filter(kind=ReportRun.Kind.MEETING).count() == 1
