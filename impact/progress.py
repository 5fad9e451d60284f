"""The arithmetic of shared measurement: pure functions on dates and Decimals, no database.

Everything the initiative shows about progress is computed here, from plain values that the
selectors hand in. The rules, in the words shown to users:

- Reporting periods follow the calendar (months, quarters, half-years, years) from the
  initiative's start date to its planned end date, or to the current period while there is no
  end date. The first and last period are cut at those dates, so the periods tile the range
  without gaps or overlaps.
- Partner values combine within a period by the indicator's partner rule: add up (percentages:
  numerators and denominators are added separately, then divided), take the most recent value,
  or average (never for percentages).
- Periods combine over time by the indicator's period rule: per period (the periods add up;
  percentages again by numerators and denominators) or cumulative (each value is already the
  total so far: the latest value counts, periods are never added).
- A final target is pro-rated linearly over time, from the initiative's start date to the target
  date. For values that add up over time the target of a period is its share of the final target
  (by days); for everything else the target of a period is the level on the straight line from
  the baseline to the final target at the end of the period.
- Status compares like with like. For values that add up over time: the total of the periods
  with approved values against the total target of those same periods. For everything else: the
  latest approved value against the target of its period. The share of the expected change that
  was achieved decides: at least 90 % on track, at least 70 % at risk, below that off track
  (the thresholds are set per initiative). For "lower is better" the rule is mirrored. Without an
  approved value the status is "no data", never "off track".
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("monthly")
    QUARTERLY = "quarterly", _("quarterly")
    HALF_YEARLY = "half_yearly", _("half-yearly")
    YEARLY = "yearly", _("yearly")


MONTHS_PER_PERIOD = {
    Frequency.MONTHLY: 1,
    Frequency.QUARTERLY: 3,
    Frequency.HALF_YEARLY: 6,
    Frequency.YEARLY: 12,
}


class Kind(models.TextChoices):
    NUMBER = "number", _("Number")
    PERCENTAGE = "percentage", _("Percentage (how many of how many)")
    AMOUNT = "amount", _("Amount in euros")


class Direction(models.TextChoices):
    INCREASE = "increase", _("Higher is better")
    DECREASE = "decrease", _("Lower is better")


class PartnerAggregation(models.TextChoices):
    SUM = "sum", _("Add up (percentages: numerators and denominators separately)")
    LATEST = "latest", _("Take the most recent value")
    AVERAGE = "average", _("Average (only where adding up makes no sense)")


class PeriodAggregation(models.TextChoices):
    PER_PERIOD = "per_period", _("Per period: the periods add up")
    CUMULATIVE = "cumulative", _("Cumulative: the latest value is the total so far")


class TargetMode(models.TextChoices):
    FINAL = "final", _("One final target, pro-rated over time")
    PER_PERIOD = "per_period", _("A target for each period")


class Status(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    NO_DATA = "no_data", _("No data yet")
    NO_TARGET = "no_target", _("No target set")


# --- Periods -------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Span:
    """A stretch of calendar days, both ends included."""

    start: datetime.date
    end: datetime.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


def _first_of_month(year: int, month: int) -> datetime.date:
    """The first day of `month` in `year`; months past 12 roll into later years."""
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    return datetime.date(year, month, 1)


def unit_start(day: datetime.date, frequency: str) -> datetime.date:
    """First day of the calendar month, quarter, half-year or year that contains `day`."""
    months = MONTHS_PER_PERIOD[Frequency(frequency)]
    return datetime.date(day.year, (day.month - 1) // months * months + 1, 1)


def unit_end(day: datetime.date, frequency: str) -> datetime.date:
    """Last day of the calendar unit that contains `day`."""
    start = unit_start(day, frequency)
    following = _first_of_month(start.year, start.month + MONTHS_PER_PERIOD[Frequency(frequency)])
    return following - datetime.timedelta(days=1)


def periods_between(*, start: datetime.date, end: datetime.date, frequency: str) -> list[Span]:
    """Calendar periods from `start` to `end` (both included); the outer two are cut to fit."""
    spans: list[Span] = []
    cursor = start
    while cursor <= end:
        last = min(unit_end(cursor, frequency), end)
        spans.append(Span(cursor, last))
        cursor = last + datetime.timedelta(days=1)
    return spans


def reporting_range(
    *,
    start: datetime.date,
    planned_end: datetime.date | None,
    today: datetime.date,
    frequency: str,
) -> Span | None:
    """The days that reporting periods cover; None before an open-ended initiative starts."""
    if planned_end is not None:
        return Span(start, planned_end) if planned_end >= start else None
    if today < start:
        return None
    return Span(start, unit_end(today, frequency))


def reporting_periods(
    *,
    start: datetime.date,
    planned_end: datetime.date | None,
    today: datetime.date,
    frequency: str,
) -> list[Span]:
    """The reporting periods of an initiative for one frequency, oldest first."""
    covered = reporting_range(
        start=start, planned_end=planned_end, today=today, frequency=frequency
    )
    if covered is None:
        return []
    return periods_between(start=covered.start, end=covered.end, frequency=frequency)


def period_label(span: Span, frequency: str) -> str:
    """How people name the period: "Januar 2025", "Q1 2025", "H2 2025", "2025"."""
    start = span.start
    frequency = Frequency(frequency)
    if frequency == Frequency.MONTHLY:
        return formats.date_format(start, "F Y")
    if frequency == Frequency.QUARTERLY:
        return gettext("Q%(number)d %(year)d") % {
            "number": (start.month - 1) // 3 + 1,
            "year": start.year,
        }
    if frequency == Frequency.HALF_YEARLY:
        return gettext("H%(number)d %(year)d") % {
            "number": (start.month - 1) // 6 + 1,
            "year": start.year,
        }
    return str(start.year)


# --- Values and how they combine -----------------------------------------------------------


def percentage(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """numerator / denominator * 100; None when the denominator is zero (nothing to divide)."""
    if denominator == ZERO:
        return None
    return numerator * HUNDRED / denominator


@dataclass(frozen=True)
class Reading:
    """One partner's approved value for one period (or one breakdown category of it).

    Numbers and amounts carry `value`; percentages carry `numerator` and `denominator`.
    `reported_at` orders readings for the "most recent value" rule.
    """

    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    reported_at: datetime.datetime | None = None


@dataclass(frozen=True)
class Figure:
    """A combined value. For percentages `value` is the computed percentage (None for 0 of 0)."""

    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None

    @classmethod
    def fraction(cls, numerator: Decimal, denominator: Decimal) -> Figure:
        return cls(percentage(numerator, denominator), numerator, denominator)


def latest_position(readings: Sequence[Reading]) -> int:
    """Where in `readings` the one reported last is; among equal times (or none at all) the
    last one given. The "most recent value" rule takes that reading's value, and its breakdown
    as a whole."""
    dated = [(r.reported_at, i) for i, r in enumerate(readings) if r.reported_at is not None]
    if not dated:
        return len(readings) - 1
    return max(dated)[1]


def _latest(readings: Sequence[Reading]) -> Reading:
    return readings[latest_position(readings)]


def combine_partners(readings: Iterable[Reading], *, kind: str, aggregation: str) -> Figure | None:
    """Combine the partners' values of one period; None when nobody has a value.

    Percentages add numerators and denominators separately and divide once: with every
    numerator at most its denominator the result can never exceed 100 %. Percentages are never
    averaged (ValueError), because the average of two shares is not the share of the whole.
    """
    readings = list(readings)
    if not readings:
        return None
    if kind == Kind.PERCENTAGE:
        if aggregation == PartnerAggregation.AVERAGE:
            raise ValueError("Percentages are combined by numerators and denominators.")
        if aggregation == PartnerAggregation.LATEST:
            latest = _latest(readings)
            return Figure.fraction(latest.numerator, latest.denominator)
        return Figure.fraction(
            sum((r.numerator for r in readings), ZERO),
            sum((r.denominator for r in readings), ZERO),
        )
    if aggregation == PartnerAggregation.LATEST:
        return Figure(_latest(readings).value)
    total = sum((r.value for r in readings), ZERO)
    if aggregation == PartnerAggregation.AVERAGE:
        return Figure(total / len(readings))
    return Figure(total)


@dataclass(frozen=True)
class Totals:
    """The partners' readings of one period (or one breakdown category) added up: how many
    there are and the sums of their values, numerators and denominators."""

    count: int
    value: Decimal = ZERO
    numerator: Decimal = ZERO
    denominator: Decimal = ZERO


def needs_readings(aggregation: str) -> bool:
    """Does the partner rule need each reading (most recent value), or only `Totals`?"""
    return aggregation == PartnerAggregation.LATEST


def combine_totals(totals: Totals | None, *, kind: str, aggregation: str) -> Figure | None:
    """`combine_partners` from the totals of the readings, for the rules that only add up
    (sum, average): the same figure, so that the database can do the adding up."""
    if totals is None or totals.count == 0:
        return None
    if needs_readings(aggregation):
        raise ValueError("The most recent value cannot be taken from totals.")
    if kind == Kind.PERCENTAGE:
        if aggregation == PartnerAggregation.AVERAGE:
            raise ValueError("Percentages are combined by numerators and denominators.")
        return Figure.fraction(totals.numerator, totals.denominator)
    if aggregation == PartnerAggregation.AVERAGE:
        return Figure(totals.value / totals.count)
    return Figure(totals.value)


def is_additive(*, kind: str, period_aggregation: str) -> bool:
    """Do the values of consecutive periods add up to a total? (Numbers and amounts per period.)"""
    return period_aggregation == PeriodAggregation.PER_PERIOD and kind != Kind.PERCENTAGE


def combine_periods(
    figures: Sequence[Figure | None], *, kind: str, period_aggregation: str
) -> Figure | None:
    """The value over time of the figures given (oldest first; None for periods without data).

    Per period: numbers and amounts add up; percentages add numerators and denominators.
    Cumulative: the latest figure is the total so far; periods are never added.
    """
    present = [f for f in figures if f is not None]
    if not present:
        return None
    if period_aggregation == PeriodAggregation.CUMULATIVE:
        return present[-1]
    if kind == Kind.PERCENTAGE:
        return Figure.fraction(
            sum((f.numerator for f in present), ZERO),
            sum((f.denominator for f in present), ZERO),
        )
    return Figure(sum((f.value for f in present), ZERO))


def combine_periods_to_date(
    figures: Sequence[Figure | None], *, kind: str, period_aggregation: str
) -> list[Figure | None]:
    """`combine_periods` of every beginning of `figures` (the first one, the first two, ...),
    in one pass: the running totals add up in the same order, so the figures are the same."""
    cumulative = period_aggregation == PeriodAggregation.CUMULATIVE
    fraction = kind == Kind.PERCENTAGE
    value = numerator = denominator = ZERO
    latest: Figure | None = None
    result: list[Figure | None] = []
    for figure in figures:
        if figure is not None:
            latest = figure
            if not cumulative:
                if fraction:
                    numerator += figure.numerator
                    denominator += figure.denominator
                else:
                    value += figure.value
        if latest is None or cumulative:
            result.append(latest)
        elif fraction:
            result.append(Figure.fraction(numerator, denominator))
        else:
            result.append(Figure(value))
    return result


# --- Targets -------------------------------------------------------------------------------


def _elapsed_days(*, day: datetime.date, start: datetime.date, target_date: datetime.date) -> int:
    total = (target_date - start).days + 1
    return min(max((day - start).days + 1, 0), total)


def elapsed_share(
    *, day: datetime.date, start: datetime.date, target_date: datetime.date
) -> Decimal:
    """Share of the days from `start` to `target_date` that have passed at the end of `day`.

    0 before `start`, 1 from `target_date` on, linear in between (both ends count as days).
    """
    total = (target_date - start).days + 1
    return Decimal(_elapsed_days(day=day, start=start, target_date=target_date)) / total


def period_targets(
    *,
    spans: Sequence[Span],
    kind: str,
    period_aggregation: str,
    target_mode: str,
    final_target: Decimal | None = None,
    start: datetime.date | None = None,
    target_date: datetime.date | None = None,
    baseline: Decimal | None = None,
    per_period: Mapping[datetime.date, Decimal] | None = None,
) -> list[Decimal | None]:
    """The target of each span.

    Per-period mode: the target set for the span's start date (None where none is set).
    Final mode, values that add up over time: the span's share of the final target,
        final * (share elapsed at the span's end - share elapsed before its start).
    Final mode, everything else: the level on the line from the baseline (0 without one) at
        `start` to the final target at `target_date`: baseline + (final - baseline) * share.
    Without a final target or target date, every target is None.
    """
    if target_mode == TargetMode.PER_PERIOD:
        per_period = per_period or {}
        return [per_period.get(span.start) for span in spans]
    if final_target is None or start is None or target_date is None or target_date < start:
        return [None] * len(spans)
    total = (target_date - start).days + 1

    def elapsed(day: datetime.date) -> int:
        return _elapsed_days(day=day, start=start, target_date=target_date)

    # Multiplying before dividing keeps whole results whole (no 91.000...01).
    if is_additive(kind=kind, period_aggregation=period_aggregation):
        day_before = datetime.timedelta(days=1)
        return [
            final_target * (elapsed(span.end) - elapsed(span.start - day_before)) / total
            for span in spans
        ]
    origin = baseline if baseline is not None else ZERO
    return [origin + (final_target - origin) * elapsed(span.end) / total for span in spans]


# --- Status --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Thresholds:
    """The status rule of an initiative, as shares of the expected change (0.9 = 90 %)."""

    on_track: Decimal = Decimal("0.9")
    at_risk: Decimal = Decimal("0.7")

    @classmethod
    def from_percent(cls, on_track: int | Decimal, at_risk: int | Decimal) -> Thresholds:
        return cls(Decimal(on_track) / HUNDRED, Decimal(at_risk) / HUNDRED)


DEFAULT_THRESHOLDS = Thresholds()


def achievement(
    *, actual: Decimal, target: Decimal, direction: str, start: Decimal | None = None
) -> Decimal:
    """How much of the expected change was achieved: 1 means exactly on target.

    With a starting level (`start`, the baseline) from which the target lies in the indicator's
    direction: (actual - start) / (target - start). For "lower is better" both differences are
    negative, so falling counts as progress.
    Otherwise the comparison is with the target alone:
        higher is better: actual / target (any actual meets a target of 0);
        lower is better:  (2 * target - actual) / target, the mirror image: 10 % above the target
                          counts like 10 % below it does for "higher is better"; against a
                          target of 0 only 0 meets it.
    """
    increase = direction == Direction.INCREASE
    if start is not None:
        expected = target - start
        if (expected > ZERO) if increase else (expected < ZERO):
            return (actual - start) / expected
    if increase:
        return actual / target if target > ZERO else ONE
    if target > ZERO:
        return (2 * target - actual) / target
    return ONE if actual <= target else ZERO


def status_for(
    *,
    actual: Decimal | None,
    target: Decimal | None,
    direction: str,
    start: Decimal | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> Status:
    """On track, at risk or off track by `achievement`; no data without an actual value."""
    return _judge(actual, target, direction=direction, start=start, thresholds=thresholds)[1]


def _status_by_score(score: Decimal, thresholds: Thresholds) -> Status:
    if score >= thresholds.on_track:
        return Status.ON_TRACK
    if score >= thresholds.at_risk:
        return Status.AT_RISK
    return Status.OFF_TRACK


# --- Progress of one indicator over time ---------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One period of an indicator's progress.

    `actual` is the partners' combined approved value of the period, `actual_to_date` the
    combination over time up to it. `target_to_date` adds up the targets for values that add up
    over time and equals `target` otherwise. `compared_actual` and `compared_target` are what the
    status compared (see the module docstring).
    """

    span: Span
    actual: Figure | None
    actual_to_date: Figure | None
    target: Decimal | None
    target_to_date: Decimal | None
    compared_actual: Decimal | None
    compared_target: Decimal | None
    achievement: Decimal | None
    status: Status


@dataclass(frozen=True)
class Evaluation:
    rows: tuple[Row, ...]

    @property
    def latest(self) -> Row | None:
        """The latest period with an approved value: the one the headline status is about."""
        for row in reversed(self.rows):
            if row.compared_actual is not None:
                return row
        return None

    @property
    def status(self) -> Status:
        latest = self.latest
        return latest.status if latest is not None else Status.NO_DATA


def evaluate(
    *,
    spans: Sequence[Span],
    figures: Sequence[Figure | None],
    targets: Sequence[Decimal | None],
    kind: str,
    direction: str,
    period_aggregation: str,
    baseline: Decimal | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> Evaluation:
    """Progress per period: actuals, targets, running totals and the status of each period.

    A period without an approved value (or with 0 of 0 for a percentage) has the status
    "no data". Values that add up over time compare the total of the periods with data so far
    against the total target of those same periods, counting from zero (the baseline describes
    a period before the work and is not part of the total). Everything else compares the
    period's value with the period's target, starting from the baseline.
    """
    if not len(spans) == len(figures) == len(targets):
        raise ValueError("spans, figures and targets must have the same length")
    additive = is_additive(kind=kind, period_aggregation=period_aggregation)
    rows: list[Row] = []
    target_total: Decimal | None = None
    reported_target_total: Decimal | None = None
    running = combine_periods_to_date(figures, kind=kind, period_aggregation=period_aggregation)
    for span, figure, target, to_date in zip(spans, figures, targets, running, strict=True):
        if additive:
            if target is not None:
                target_total = (target_total or ZERO) + target
            target_to_date = target_total
        else:
            target_to_date = target
        has_value = figure is not None and figure.value is not None
        compared_actual = compared_target = score = None
        start = None
        if has_value:
            if additive:
                if target is not None:
                    reported_target_total = (reported_target_total or ZERO) + target
                compared_actual, compared_target = to_date.value, reported_target_total
            else:
                compared_actual, compared_target, start = figure.value, target, baseline
        score, status = _judge(
            compared_actual,
            compared_target,
            direction=direction,
            start=start,
            thresholds=thresholds,
        )
        rows.append(
            Row(
                span=span,
                actual=figure,
                actual_to_date=to_date,
                target=target,
                target_to_date=target_to_date,
                compared_actual=compared_actual,
                compared_target=compared_target,
                achievement=score,
                status=status,
            )
        )
    return Evaluation(rows=tuple(rows))


def _judge(
    compared_actual: Decimal | None,
    compared_target: Decimal | None,
    *,
    direction: str,
    start: Decimal | None,
    thresholds: Thresholds,
) -> tuple[Decimal | None, Status]:
    """Score and status of one row: the rule of `status_for`, with the score it is based on,
    as a row shows the score too."""
    if compared_actual is None:
        return None, Status.NO_DATA
    if compared_target is None:
        return None, Status.NO_TARGET
    score = achievement(
        actual=compared_actual, target=compared_target, direction=direction, start=start
    )
    return score, _status_by_score(score, thresholds)


def evaluate_latest(
    *,
    spans: Sequence[Span],
    figures: Sequence[Figure | None],
    targets: Sequence[Decimal | None],
    kind: str,
    direction: str,
    period_aggregation: str,
    baseline: Decimal | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> Row | None:
    """`evaluate(...).latest` without working out the rows of the other periods: for pages
    that show only the headline. The totals add up in the same order, so the row is equal."""
    if not len(spans) == len(figures) == len(targets):
        raise ValueError("spans, figures and targets must have the same length")
    last = len(figures) - 1
    while last >= 0 and (figures[last] is None or figures[last].value is None):
        last -= 1
    if last < 0:
        return None
    figure, target = figures[last], targets[last]
    start = None
    if is_additive(kind=kind, period_aggregation=period_aggregation):
        to_date = combine_periods(
            figures[: last + 1], kind=kind, period_aggregation=period_aggregation
        )
        set_targets = [t for t in targets[: last + 1] if t is not None]
        target_to_date = sum(set_targets, ZERO) if set_targets else None
        reported_targets = [
            t
            for f, t in zip(figures[: last + 1], targets[: last + 1], strict=True)
            if t is not None and f is not None and f.value is not None
        ]
        compared_target = sum(reported_targets, ZERO) if reported_targets else None
        compared_actual = to_date.value
    else:
        if period_aggregation == PeriodAggregation.CUMULATIVE:
            to_date = figure
        else:
            to_date = combine_periods(
                figures[: last + 1], kind=kind, period_aggregation=period_aggregation
            )
        target_to_date = compared_target = target
        compared_actual, start = figure.value, baseline
    score, status = _judge(
        compared_actual, compared_target, direction=direction, start=start, thresholds=thresholds
    )
    return Row(
        span=spans[last],
        actual=figure,
        actual_to_date=to_date,
        target=target,
        target_to_date=target_to_date,
        compared_actual=compared_actual,
        compared_target=compared_target,
        achievement=score,
        status=status,
    )
