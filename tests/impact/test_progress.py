"""The arithmetic of progress: periods, combination rules, pro-rated targets and status."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import assume, given
from hypothesis import strategies as st

from impact import progress
from impact.progress import (
    Direction,
    Figure,
    Frequency,
    Kind,
    PartnerAggregation,
    PeriodAggregation,
    Reading,
    Span,
    Status,
    TargetMode,
)

D = Decimal
RANK = {Status.OFF_TRACK: 0, Status.AT_RISK: 1, Status.ON_TRACK: 2}

dates = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2040, 12, 31))
frequencies = st.sampled_from(list(Frequency))
amounts = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False)
positive = st.decimals(min_value=D("0.01"), max_value=10**6, places=2, allow_nan=False)
signed = st.decimals(min_value=-(10**6), max_value=10**6, places=2, allow_nan=False)


@st.composite
def fractions(draw):
    denominator = draw(st.integers(min_value=0, max_value=10_000))
    numerator = draw(st.integers(min_value=0, max_value=denominator))
    return Reading(numerator=D(numerator), denominator=D(denominator))


# --- Periods -------------------------------------------------------------------------------


@given(start=dates, length=st.integers(min_value=0, max_value=3000), frequency=frequencies)
def test_periods_tile_the_range_without_gaps_or_overlaps(start, length, frequency):
    end = start + datetime.timedelta(days=length)
    spans = progress.periods_between(start=start, end=end, frequency=frequency)
    assert spans[0].start == start
    assert spans[-1].end == end
    for previous, following in itertools.pairwise(spans):
        assert following.start == previous.end + datetime.timedelta(days=1)
    assert sum(span.days for span in spans) == length + 1
    for span in spans:
        assert progress.unit_start(span.start, frequency) == progress.unit_start(
            span.end, frequency
        )
    for span in spans[1:-1]:  # only the outer two may be cut
        assert span.start == progress.unit_start(span.start, frequency)
        assert span.end == progress.unit_end(span.start, frequency)


@given(start=dates, today=dates, frequency=frequencies)
def test_open_ended_initiative_reports_up_to_the_current_period(start, today, frequency):
    spans = progress.reporting_periods(
        start=start, planned_end=None, today=today, frequency=frequency
    )
    if today < start:
        assert spans == []
    else:
        assert spans[-1].contains(today)
        assert spans[-1].end == progress.unit_end(today, frequency)


def test_quarters_follow_the_calendar_and_the_first_is_cut_at_the_start():
    spans = progress.reporting_periods(
        start=datetime.date(2024, 2, 15),
        planned_end=datetime.date(2024, 12, 31),
        today=datetime.date(2030, 1, 1),
        frequency=Frequency.QUARTERLY,
    )
    assert spans == [
        Span(datetime.date(2024, 2, 15), datetime.date(2024, 3, 31)),
        Span(datetime.date(2024, 4, 1), datetime.date(2024, 6, 30)),
        Span(datetime.date(2024, 7, 1), datetime.date(2024, 9, 30)),
        Span(datetime.date(2024, 10, 1), datetime.date(2024, 12, 31)),
    ]


def test_planned_end_date_wins_over_today():
    spans = progress.reporting_periods(
        start=datetime.date(2025, 1, 1),
        planned_end=datetime.date(2026, 6, 30),
        today=datetime.date(2025, 2, 1),
        frequency=Frequency.HALF_YEARLY,
    )
    assert [s.start for s in spans] == [
        datetime.date(2025, 1, 1),
        datetime.date(2025, 7, 1),
        datetime.date(2026, 1, 1),
    ]


def test_period_labels():
    with translation.override("en"):
        span = Span(datetime.date(2025, 4, 1), datetime.date(2025, 6, 30))
        assert progress.period_label(span, Frequency.QUARTERLY) == "Q2 2025"
        assert progress.period_label(span, Frequency.HALF_YEARLY) == "H1 2025"
        assert progress.period_label(span, Frequency.YEARLY) == "2025"
        assert progress.period_label(span, Frequency.MONTHLY) == "April 2025"
    with translation.override("de"):
        assert progress.period_label(span, Frequency.MONTHLY) == "April 2025"


# --- Combining partners --------------------------------------------------------------------


@given(st.lists(fractions(), min_size=1, max_size=20))
def test_percentages_combine_by_numerators_and_denominators(readings):
    figure = progress.combine_partners(
        readings, kind=Kind.PERCENTAGE, aggregation=PartnerAggregation.SUM
    )
    numerator = sum(r.numerator for r in readings)
    denominator = sum(r.denominator for r in readings)
    assert (figure.numerator, figure.denominator) == (numerator, denominator)
    if denominator == 0:
        assert figure.value is None
    else:
        assert figure.value == numerator * 100 / denominator
        assert 0 <= figure.value <= 100


def test_percentages_are_not_averaged():
    readings = [
        Reading(numerator=D(12), denominator=D(40)),
        Reading(numerator=D(8), denominator=D(10)),
    ]
    figure = progress.combine_partners(
        readings, kind=Kind.PERCENTAGE, aggregation=PartnerAggregation.SUM
    )
    assert figure.value == D(40)  # 20 of 50, not the average of 30 % and 80 % (55 %)
    with pytest.raises(ValueError):
        progress.combine_partners(
            readings, kind=Kind.PERCENTAGE, aggregation=PartnerAggregation.AVERAGE
        )


@given(st.lists(amounts, min_size=1, max_size=20))
def test_sum_and_average_of_partner_values(values):
    readings = [Reading(value=v) for v in values]
    total = progress.combine_partners(readings, kind=Kind.NUMBER, aggregation="sum")
    average = progress.combine_partners(readings, kind=Kind.AMOUNT, aggregation="average")
    assert total.value == sum(values)
    assert average.value == sum(values) / len(values)
    assert min(values) <= average.value <= max(values)


def test_latest_takes_the_value_reported_last():
    at = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    readings = [
        Reading(value=D(5), reported_at=at + datetime.timedelta(days=2)),
        Reading(value=D(9), reported_at=at),
        Reading(value=D(7), reported_at=at + datetime.timedelta(days=1)),
    ]
    figure = progress.combine_partners(readings, kind=Kind.NUMBER, aggregation="latest")
    assert figure.value == D(5)


def test_nobody_reported_is_no_figure():
    assert progress.combine_partners([], kind=Kind.NUMBER, aggregation="sum") is None


# --- Combining periods ---------------------------------------------------------------------


@given(st.lists(st.one_of(st.none(), amounts), min_size=1, max_size=16))
def test_cumulative_never_adds_periods(values):
    figures = [Figure(v) if v is not None else None for v in values]
    combined = progress.combine_periods(
        figures, kind=Kind.NUMBER, period_aggregation=PeriodAggregation.CUMULATIVE
    )
    present = [v for v in values if v is not None]
    if not present:
        assert combined is None
    else:
        assert combined.value == present[-1]


@given(st.lists(st.one_of(st.none(), amounts), min_size=1, max_size=16))
def test_per_period_values_add_up(values):
    figures = [Figure(v) if v is not None else None for v in values]
    combined = progress.combine_periods(
        figures, kind=Kind.NUMBER, period_aggregation=PeriodAggregation.PER_PERIOD
    )
    present = [v for v in values if v is not None]
    assert (combined.value if combined else None) == (sum(present) if present else None)


@given(st.lists(fractions(), min_size=1, max_size=12))
def test_per_period_percentages_add_numerators_and_denominators(readings):
    figures = [Figure.fraction(r.numerator, r.denominator) for r in readings]
    combined = progress.combine_periods(
        figures, kind=Kind.PERCENTAGE, period_aggregation=PeriodAggregation.PER_PERIOD
    )
    assert combined.numerator == sum(r.numerator for r in readings)
    assert combined.denominator == sum(r.denominator for r in readings)
    assert combined.value is None or combined.value <= 100


def test_quarters_add_up_but_a_running_total_does_not():
    quarters = [Figure(D(10)), Figure(D(15)), None, Figure(D(20))]
    per_period = progress.combine_periods(quarters, kind="number", period_aggregation="per_period")
    cumulative = progress.combine_periods(quarters, kind="number", period_aggregation="cumulative")
    assert per_period.value == D(45)
    assert cumulative.value == D(20)


# --- Targets -------------------------------------------------------------------------------

START = datetime.date(2024, 1, 1)
END = datetime.date(2027, 12, 31)
QUARTERS = progress.periods_between(start=START, end=END, frequency=Frequency.QUARTERLY)


@given(final=amounts, start=dates, length=st.integers(min_value=0, max_value=2000), f=frequencies)
def test_shares_of_an_additive_final_target_add_up_to_it(final, start, length, f):
    end = start + datetime.timedelta(days=length)
    spans = progress.periods_between(start=start, end=end, frequency=f)
    targets = progress.period_targets(
        spans=spans,
        kind=Kind.NUMBER,
        period_aggregation=PeriodAggregation.PER_PERIOD,
        target_mode=TargetMode.FINAL,
        final_target=final,
        start=start,
        target_date=end,
    )
    assert abs(sum(targets) - final) < D("0.000001")
    assert all(t >= 0 for t in targets)


def test_additive_final_target_is_pro_rated_by_days():
    targets = progress.period_targets(
        spans=QUARTERS,
        kind=Kind.NUMBER,
        period_aggregation=PeriodAggregation.PER_PERIOD,
        target_mode=TargetMode.FINAL,
        final_target=D(1461),  # one per day from 2024 to 2027
        start=START,
        target_date=END,
    )
    assert targets[0] == D(91)  # 1 January to 31 March 2024 (a leap year)
    assert targets[1] == D(91)


@given(baseline=amounts, final=amounts)
def test_level_targets_run_from_baseline_to_final_target(baseline, final):
    targets = progress.period_targets(
        spans=QUARTERS,
        kind=Kind.PERCENTAGE,
        period_aggregation=PeriodAggregation.CUMULATIVE,
        target_mode=TargetMode.FINAL,
        final_target=final,
        start=START,
        target_date=END,
        baseline=baseline,
    )
    assert targets[-1] == final
    steps = [b - a for a, b in itertools.pairwise(targets)]
    assert all(s >= 0 for s in steps) if final >= baseline else all(s <= 0 for s in steps)


def test_per_period_targets_are_looked_up_by_period_start():
    targets = progress.period_targets(
        spans=QUARTERS[:3],
        kind=Kind.NUMBER,
        period_aggregation=PeriodAggregation.PER_PERIOD,
        target_mode=TargetMode.PER_PERIOD,
        per_period={QUARTERS[0].start: D(50), QUARTERS[2].start: D(70)},
    )
    assert targets == [D(50), None, D(70)]


@given(day=dates)
def test_elapsed_share_stays_between_zero_and_one(day):
    share = progress.elapsed_share(day=day, start=START, target_date=END)
    assert 0 <= share <= 1


# --- Status --------------------------------------------------------------------------------


@given(
    a1=signed,
    a2=signed,
    target=amounts,
    baseline=st.one_of(st.none(), amounts),
    direction=st.sampled_from(list(Direction)),
)
def test_status_is_monotone_in_the_actual(a1, a2, target, baseline, direction):
    low, high = sorted([a1, a2])
    s_low = progress.status_for(actual=low, target=target, direction=direction, start=baseline)
    s_high = progress.status_for(actual=high, target=target, direction=direction, start=baseline)
    if direction == Direction.INCREASE:
        assert RANK[s_low] <= RANK[s_high]
    else:
        assert RANK[s_low] >= RANK[s_high]


@given(actual=signed, target=signed, baseline=signed)
def test_lower_is_better_mirrors_higher_is_better_around_the_baseline(actual, target, baseline):
    assume(target != baseline)
    up = progress.status_for(actual=actual, target=target, direction="increase", start=baseline)
    if target > baseline:
        down = progress.status_for(
            actual=2 * baseline - actual,
            target=2 * baseline - target,
            direction="decrease",
            start=baseline,
        )
        assert up == down


@given(actual=amounts, target=positive)
def test_lower_is_better_without_baseline_mirrors_around_the_target(actual, target):
    up = progress.status_for(actual=actual, target=target, direction="increase")
    down = progress.status_for(actual=2 * target - actual, target=target, direction="decrease")
    assert up == down


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        ("100", Status.ON_TRACK),
        ("90", Status.ON_TRACK),
        ("89.99", Status.AT_RISK),
        ("70", Status.AT_RISK),
        ("69.99", Status.OFF_TRACK),
        ("0", Status.OFF_TRACK),
    ],
)
def test_default_thresholds_for_higher_is_better(actual, expected):
    assert progress.status_for(actual=D(actual), target=D(100), direction="increase") == expected


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        ("10", Status.ON_TRACK),  # exactly on the pro-rated target
        ("11", Status.ON_TRACK),  # fell 9 of the expected 10 points
        ("12", Status.AT_RISK),  # 8 of 10
        ("14", Status.OFF_TRACK),  # 6 of 10
        ("25", Status.OFF_TRACK),  # got worse
    ],
)
def test_lower_is_better_counts_falling_from_the_baseline(actual, expected):
    status = progress.status_for(actual=D(actual), target=D(10), direction="decrease", start=D(20))
    assert status == expected


def test_thresholds_can_be_changed_per_initiative():
    strict = progress.Thresholds.from_percent(95, 80)
    assert progress.status_for(actual=D(92), target=D(100), direction="increase") == "on_track"
    assert (
        progress.status_for(actual=D(92), target=D(100), direction="increase", thresholds=strict)
        == "at_risk"
    )


def test_no_value_is_no_data_and_no_target_is_no_target():
    assert progress.status_for(actual=None, target=D(5), direction="increase") == Status.NO_DATA
    assert progress.status_for(actual=D(5), target=None, direction="increase") == Status.NO_TARGET


@given(st.lists(st.one_of(st.none(), amounts), min_size=1, max_size=12), amounts)
def test_without_any_approved_value_the_status_is_no_data_never_off_track(values, final):
    spans = QUARTERS[: len(values)]
    evaluation = progress.evaluate(
        spans=spans,
        figures=[None] * len(spans),
        targets=[final] * len(spans),
        kind=Kind.NUMBER,
        direction=Direction.INCREASE,
        period_aggregation=PeriodAggregation.PER_PERIOD,
    )
    assert evaluation.status == Status.NO_DATA
    assert {row.status for row in evaluation.rows} == {Status.NO_DATA}


def test_additive_status_compares_only_periods_with_values():
    evaluation = progress.evaluate(
        spans=QUARTERS[:4],
        figures=[Figure(D(50)), None, Figure(D(40)), None],
        targets=[D(50)] * 4,
        kind=Kind.NUMBER,
        direction=Direction.INCREASE,
        period_aggregation=PeriodAggregation.PER_PERIOD,
    )
    latest = evaluation.latest
    assert latest.span == QUARTERS[2]
    assert (latest.compared_actual, latest.compared_target) == (D(90), D(100))
    assert latest.status == Status.ON_TRACK
    assert evaluation.rows[3].status == Status.NO_DATA
    assert evaluation.rows[3].target_to_date == D(200)  # the chart line runs on
    assert evaluation.rows[3].actual_to_date.value == D(90)


def test_cumulative_status_compares_the_latest_value_with_its_period_target():
    evaluation = progress.evaluate(
        spans=QUARTERS[:3],
        figures=[Figure(D(10)), Figure(D(25)), Figure(D(27))],
        targets=[D(10), D(20), D(40)],
        kind=Kind.NUMBER,
        direction=Direction.INCREASE,
        period_aggregation=PeriodAggregation.CUMULATIVE,
        baseline=D(0),
    )
    assert [row.status for row in evaluation.rows] == ["on_track", "on_track", "off_track"]
    assert evaluation.rows[2].actual_to_date.value == D(27)  # never 10 + 25 + 27
    assert evaluation.status == Status.OFF_TRACK


# --- Headline only -------------------------------------------------------------------------


@st.composite
def period_figures(draw, kind):
    if kind == Kind.PERCENTAGE:
        reading = draw(st.one_of(st.none(), fractions()))
        return None if reading is None else Figure.fraction(reading.numerator, reading.denominator)
    value = draw(st.one_of(st.none(), amounts))
    return None if value is None else Figure(value)


@given(data=st.data(), kind=st.sampled_from(list(Kind)), length=st.integers(0, 12))
def test_latest_row_alone_equals_the_latest_row_of_the_full_evaluation(data, kind, length):
    spans = progress.periods_between(
        start=datetime.date(2024, 1, 1),
        end=datetime.date(2024, 1, 1) + datetime.timedelta(days=91 * length - 1),
        frequency=Frequency.QUARTERLY,
    )[:length]
    figures = [data.draw(period_figures(kind)) for _span in spans]
    targets = data.draw(
        st.lists(st.one_of(st.none(), amounts), min_size=len(spans), max_size=len(spans))
    )
    arguments = {
        "spans": spans,
        "figures": figures,
        "targets": targets,
        "kind": kind,
        "direction": data.draw(st.sampled_from(list(Direction))),
        "period_aggregation": data.draw(st.sampled_from(list(PeriodAggregation))),
        "baseline": data.draw(st.one_of(st.none(), amounts)),
        "thresholds": progress.Thresholds.from_percent(90, 70),
    }
    assert progress.evaluate_latest(**arguments) == progress.evaluate(**arguments).latest
