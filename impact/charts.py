"""The charts of an indicator and how its values are written, for the indicator's page and
the PDF reports alike: both call these builders, so a chart cannot look different in print.

The drawing itself is `core.charts`; this module knows the indicator: its kind (percentages,
euros, counts with a unit), its approved values per period and its breakdown categories.
"""

from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import partial

from django.utils.translation import gettext as _

from core.charts import (
    SeriesChart,
    format_euro,
    format_number,
    format_percent,
    grouped_bar_chart,
    trend_chart,
)
from impact import selectors
from impact.models import Indicator
from impact.progress import Figure, Kind, Status


def value_format(
    indicator: Indicator, *, unit: bool = False
) -> Callable[[float | Decimal | None], str]:
    """How the indicator's values are written: "12,5 %", "1.234,50 €" or "1.234"; with `unit`
    counts carry the indicator's unit ("1.234 Personen")."""
    if indicator.kind == Kind.PERCENTAGE:
        return format_percent
    if indicator.kind == Kind.AMOUNT:
        return format_euro
    if unit and indicator.unit:
        return partial(format_number, suffix=indicator.unit)
    return format_number


def figure_value(figure: Figure | None) -> float | None:
    """The number of a combined value; None for no value (and for a percentage of 0 of 0)."""
    return float(figure.value) if figure is not None and figure.value is not None else None


def trend_labels() -> dict[str, str]:
    """The names of the trend chart's series, for its legend (also when drawn on its own with
    `core.charts.trend_legend`, as the progress report does once per chapter)."""
    return {
        "actual": _("Approved value"),
        "target": _("Target for the period"),
        "baseline": _("Baseline"),
    }


def indicator_trend_chart(
    indicator: Indicator,
    periods: Sequence[selectors.PeriodProgress],
    *,
    baseline: float | Decimal | None,
    legend: bool = True,
) -> SeriesChart:
    """The indicator's trend over `periods` (oldest first): the approved values of all partners
    as a solid line with points, the target pro-rated to each period as a dashed line and
    `baseline` as a dotted line, with a table of the values and statuses per period. Without
    `legend` the chart leaves out its legend (for a document that shows it once for many).

    Draws whatever it is given, also periods without any value: which periods to show, and
    whether a chart without values is worth showing, is the caller's choice.
    """
    unit = indicator.unit or indicator.get_kind_display()
    return trend_chart(
        title=_("Trend: %(name)s") % {"name": indicator.name},
        description=_(
            "Approved values of all partners per period (solid line with points), the target "
            "pro-rated to each period (dashed line) and the baseline (dotted line), in %(unit)s."
        )
        % {"unit": unit},
        periods=[period.label for period in periods],
        actual=[figure_value(period.actual) for period in periods],
        target=[period.target for period in periods],
        statuses=[str(Status(period.status).label) for period in periods],
        baseline=baseline,
        fmt=value_format(indicator),
        labels=trend_labels(),
        legend=legend,
    )


def indicator_breakdown_chart(
    indicator: Indicator, period: selectors.PeriodProgress | None
) -> SeriesChart | None:
    """The approved values of `period` by category, a group of bars per dimension of the
    indicator; None when the period has no breakdown or the indicator no categories.

    Expects the indicator's dimensions with their categories prefetched (as the selectors
    load them); otherwise it queries for them.
    """
    if period is None or not period.breakdown:
        return None
    categories = selectors.category_labels(indicator=indicator)
    groups = [
        (
            dimension.name,
            [
                (category.label, figure_value(period.breakdown.get(category.pk)))
                for category in dimension.categories.all()
            ],
        )
        for dimension in indicator.dimensions.all()
    ]
    if not categories or not groups:
        return None
    return grouped_bar_chart(
        title=_("Breakdown in %(period)s") % {"period": period.label},
        description=_(
            "Approved values of %(period)s by category, one group per breakdown; the share is "
            "the category's part of the group's total."
        )
        % {"period": period.label},
        groups=groups,
        value_label=indicator.unit or indicator.get_kind_display(),
        fmt=value_format(indicator),
        show_share=not indicator.is_percentage,
    )
