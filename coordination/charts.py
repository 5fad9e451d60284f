"""Charts of the coordination pages, built with `core.charts`."""

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coordination.models import PULSE_SCALE
from coordination.selectors import PulseTrendPoint
from core.charts import SeriesChart, format_number, trend_chart


def pulse_trend_chart(points: Sequence[PulseTrendPoint]) -> SeriesChart | None:
    """The pulse trend as an accessible line chart with its table, or None without any
    closed round."""
    if not points:
        return None
    statuses = []
    for point in points:
        if point.questions:
            statuses.append(
                ngettext("%(count)s answer", "%(count)s answers", point.count)
                % {"count": point.count}
                + " · "
                + _("lowest: %(question)s") % {"question": point.lowest.label}
            )
        else:
            statuses.append(
                _("too few answers (%(count)s)") % {"count": point.count},
            )
    return trend_chart(
        title=_("Partnership pulse over time"),
        description=_(
            "Mean of the five questions per round on a scale from 1 to 5 (solid line) and the "
            "mean of the lowest-rated question (dashed line). Rounds with fewer than three "
            "answers have no value."
        ),
        periods=[point.pulse_round.title for point in points],
        actual=[point.overall_mean for point in points],
        target=[point.lowest.mean if point.lowest else None for point in points],
        statuses=statuses,
        fmt=lambda value: format_number(value, decimals=1),
        # The answers run from 1 to 5: an axis from 0 would suggest a scale that starts there.
        value_range=(min(PULSE_SCALE), max(PULSE_SCALE)),
        labels={
            "period": _("Round"),
            "actual": _("Mean of all questions"),
            "target": _("Lowest-rated question"),
            "status": _("Answers"),
        },
    )
