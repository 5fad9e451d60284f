"""Spreadsheet exports of the reports page: the initiative's activities with their output
totals, as the viewer sees them on the activity pages, and the action items as the viewer sees
them on the action-items board.

The file conventions (CSV with BOM, semicolons and the decimal comma; XLSX with real numbers
and a frozen header) are those of `impact.transfer`, whose writers are used as they are.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from coordination import selectors as coordination_selectors
from initiatives.models import Initiative


def activity_table(*, viewer, initiative: Initiative) -> tuple[list[str], list[list]]:
    """The header and one row per activity the viewer may see, with the number of output
    logs and the people reached in all. Empty for members who may not see activities."""
    header = [
        _("Partner organisation"),
        _("Activity"),
        _("Kind of contribution"),
        _("Impact objectives"),
        _("Target group"),
        _("Place"),
        _("Start"),
        _("End"),
        _("Status"),
        _("Output logs"),
        _("People reached"),
    ]
    rows = [
        [
            activity.organisation.name,
            activity.title,
            str(activity.get_contribution_kind_display()),
            ", ".join(objective.title for objective in activity.objectives.all()),
            activity.target_group,
            activity.place,
            activity.start_date,
            activity.end_date,
            str(activity.get_status_display()),
            activity.log_count,
            activity.people_total,
        ]
        for activity in coordination_selectors.activity_list(viewer=viewer, initiative=initiative)
    ]
    return header, rows


def action_item_table(
    *,
    viewer,
    initiative: Initiative,
    mine: bool = False,
    overdue: bool = False,
    organisation: int | None = None,
) -> tuple[list[str], list[list]]:
    """The header and one row per action item the viewer sees on the action-items board (with
    the board's filters): what, who, by when, status, and the meeting and decision it came
    from. Empty for members who may not see meetings."""
    header = [
        _("What"),
        _("Details"),
        _("Person responsible"),
        _("Organisation responsible"),
        _("Due by"),
        _("Status"),
        _("Done at"),
        _("Meeting"),
        _("Meeting date"),
        _("Decision"),
    ]
    rows = []
    for item in coordination_selectors.action_item_list(
        viewer=viewer,
        initiative=initiative,
        mine=mine,
        overdue=overdue,
        organisation=organisation,
    ):
        meeting = item.agenda_item.meeting if item.agenda_item else None
        rows.append(
            [
                item.title,
                item.description,
                (item.assignee.full_name or item.assignee.email) if item.assignee else "",
                item.organisation.name if item.organisation else "",
                item.due_date,
                str(item.get_status_display()),
                timezone.localtime(item.done_at).date() if item.done_at else None,
                meeting.title if meeting else "",
                timezone.localtime(meeting.starts_at).date() if meeting else None,
                item.decision.text if item.decision else "",
            ]
        )
    return header, rows
