"""Demo data of the reports: one progress report of the Berlin initiative, asked for by the
report viewer, so the history and the download can be tried right after `make run`, and a
monthly progress report the coordinator has scheduled for the report viewer, and the record of
the latest meeting with decisions as a PDF.

Without a broker the report is generated when the demo data are committed; with one, the
worker generates it. Idempotent: nothing happens once the initiative has a report.
"""

from accounts.models import User
from coordination.models import Meeting
from reports import services
from reports.models import ReportRun, ReportSchedule
from reports.selectors import SECTION_KEYS


def load(world: dict) -> None:
    initiative = world.get("initiative")
    viewer = User.objects.filter(email="viewer@example.org").first()
    if initiative is None or viewer is None:
        return
    coordinator = User.objects.filter(email="coordinator@example.org").first()
    if (
        coordinator is not None
        and not ReportSchedule.objects.filter(initiative=initiative).exists()
    ):
        services.schedule_create(
            acting_user=coordinator,
            initiative=initiative,
            kind=ReportRun.Kind.PROGRESS,
            parameters={"sections": list(SECTION_KEYS)},
            frequency=ReportSchedule.Frequency.MONTHLY,
            recipients=[viewer, coordinator],
        )
    meeting = (
        Meeting.objects.filter(initiative=initiative, agenda_items__decisions__isnull=False)
        .order_by("-starts_at")
        .first()
    )
    if (
        meeting is not None
        and not ReportRun.objects.filter(
            initiative=initiative, kind=ReportRun.Kind.MEETING
        ).exists()
    ):
        services.report_request(
            acting_user=viewer,
            initiative=initiative,
            kind=ReportRun.Kind.MEETING,
            parameters={"meeting_id": meeting.pk},
            notify_when_done=False,
        )
    if ReportRun.objects.filter(initiative=initiative, kind=ReportRun.Kind.PROGRESS).exists():
        return
    services.report_request(
        acting_user=viewer,
        initiative=initiative,
        kind=ReportRun.Kind.PROGRESS,
        parameters={"sections": list(SECTION_KEYS)},
        notify_when_done=False,
    )
