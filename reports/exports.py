"""Spreadsheet exports of the reports page: the initiative's activities with their output
totals, as the viewer sees them on the activity pages.

The file conventions (CSV with BOM, semicolons and the decimal comma; XLSX with real numbers
and a frozen header) are those of `impact.transfer`, whose writers are used as they are.
"""

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
