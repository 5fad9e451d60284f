"""Reads: progress from approved values only, partner counts, breakdowns, due lists, queries."""

import datetime
from dataclasses import replace
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import assume, given
from hypothesis import strategies as st

from impact import progress, selectors, services
from impact.progress import Kind, PartnerAggregation, PeriodAggregation, Status
from impact.selectors import TaskState
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.impact.builders import FrameworkBuilder, report
from tests.impact.conftest import Q1_2025, Q2_2025

Q3_2025 = datetime.date(2025, 8, 15)

D = Decimal
TODAY = datetime.date(2025, 9, 1)


def _unspecified(fw, value):
    return {fw.category("Geschlecht", "keine Angabe").pk: value}


def _placements(fw, world, day, user, organisation, value, **kwargs):
    return report(
        fw.indicator("Vermittlungen"),
        fw.period("Vermittlungen", day),
        by=user,
        organisation=organisation,
        value=value,
        breakdown=_unspecified(fw, value),
        **kwargs,
    )


def _period(progress, day):
    return next(p for p in progress.periods if p.start <= day <= p.end)


def test_progress_counts_approved_values_only_and_says_who_reported(fw, world):
    _placements(
        fw, world, Q1_2025, world.partner, world.organisation, "40", approve_by=world.coordinator
    )
    _placements(fw, world, Q1_2025, world.partner2, world.organisation2, "25", submit=True)
    progress = selectors.indicator_progress_get(
        viewer=world.viewer, indicator=fw.indicator("Vermittlungen"), today=TODAY
    )
    q1 = _period(progress, Q1_2025)
    assert q1.actual.value == D(40)  # the submitted 25 do not count yet
    assert (q1.reported, q1.expected) == (1, 2)
    assert _period(progress, Q2_2025).status == Status.NO_DATA


def test_percentages_of_partners_combine_by_numerators_and_denominators(fw, world):
    indicator = fw.indicator("Vermittlungsquote")
    period = fw.period(indicator, Q1_2025)
    women = fw.category("Geschlecht", "weiblich").pk
    unspecified = fw.category("Geschlecht", "keine Angabe").pk
    for user, organisation, num, den, women_num in [
        (world.partner, world.organisation, "12", "40", "2"),
        (world.partner2, world.organisation2, "8", "10", "4"),
    ]:
        report(
            indicator,
            period,
            by=user,
            organisation=organisation,
            numerator=num,
            denominator=den,
            breakdown={
                women: (women_num, "5"),
                unspecified: (D(num) - D(women_num), D(den) - 5),
            },
            approve_by=world.coordinator,
        )
    progress = selectors.indicator_progress_get(
        viewer=world.partner, indicator=indicator, today=TODAY
    )
    q1 = _period(progress, Q1_2025)
    assert (q1.actual.numerator, q1.actual.denominator, q1.actual.value) == (D(20), D(50), D(40))
    assert q1.breakdown[women].numerator == D(6)
    assert q1.breakdown[women].value == D(60)  # 6 of 10, not the average of 40 % and 80 %
    assert (q1.reported, q1.expected) == (2, 2)


def test_status_of_a_level_indicator_runs_from_the_baseline(fw, world):
    indicator = fw.indicator("Dauer bis zum Bescheid")  # 120 days → 80 days by end of 2027
    report(
        indicator,
        fw.period(indicator, Q1_2025),
        by=world.coordinator,
        value="100",
        approve_by=world.coordinator,
    )
    progress = selectors.indicator_progress_get(
        viewer=world.viewer, indicator=indicator, today=TODAY
    )
    q1 = _period(progress, Q1_2025)
    # Pro-rated target at 31 March 2025: 120 - 40 * 456/1461 ≈ 107.5; fell 20 of 12.5 days.
    assert D("107") < q1.target < D("108")
    assert q1.status == Status.ON_TRACK
    assert progress.status == Status.ON_TRACK
    assert (q1.reported, q1.expected) == (1, 1)


def test_indicator_without_values_has_no_data_not_off_track(fw, world):
    progress = selectors.indicator_progress_list(viewer=world.viewer, initiative=world.initiative)
    assert {p.status for p in progress} == {Status.NO_DATA}
    assert [p.indicator.name for p in progress][:2] == ["Vermittlungen", "Vermittlungsquote"]


def test_thresholds_of_the_initiative_are_used(fw, world):
    services.measurement_settings_update(
        acting_user=world.coordinator,
        initiative=world.initiative,
        on_track_percent=100,
        at_risk_percent=50,
        due_days=30,
    )
    progress = selectors.indicator_progress_list(viewer=world.viewer, initiative=world.initiative)
    assert progress[0].thresholds.on_track == D(1)


def test_reporting_tasks_show_due_overdue_returned_and_done(fw, world):
    today = datetime.date(2025, 5, 20)  # Q1 2025 overdue since 30 April, Q2 running
    _placements(
        fw, world, Q1_2025, world.partner, world.organisation, "40", approve_by=world.coordinator
    )
    returned = _placements(fw, world, Q2_2025, world.partner, world.organisation, "5", submit=True)
    services.submission_return(acting_user=world.coordinator, submission=returned, reason="Quelle?")

    def states(user, **kwargs):
        return {
            (
                t.indicator.name,
                t.period.label,
                t.organisation.name if t.organisation else None,
            ): t.state
            for t in selectors.reporting_task_list(
                viewer=user, initiative=world.initiative, today=today, **kwargs
            )
            if t.indicator.name == "Vermittlungen" and t.period.start.year == 2025
        }

    assert states(world.partner) == {
        ("Vermittlungen", "Q1 2025", "IQ Netzwerk"): TaskState.APPROVED,
        ("Vermittlungen", "Q2 2025", "IQ Netzwerk"): TaskState.RETURNED,
    }
    assert states(world.partner2) == {
        ("Vermittlungen", "Q1 2025", "IHK Berlin"): TaskState.OVERDUE,
        ("Vermittlungen", "Q2 2025", "IHK Berlin"): TaskState.DUE,
    }
    assert len(states(world.coordinator)) == 4
    assert states(world.coordinator, organisation=world.organisation2) == states(world.partner2)
    open_tasks = selectors.reporting_task_list(
        viewer=world.partner, initiative=world.initiative, today=today, open_only=True
    )
    assert TaskState.APPROVED not in {t.state for t in open_tasks}
    assert selectors.reporting_task_list(viewer=world.viewer, initiative=world.initiative) == []


def test_values_left_open_in_a_locked_period_are_no_open_work(fw, world):
    """After the backbone office locks a period, nothing can be entered or submitted there:
    missing values, drafts and returned values are shown as locked, not as due or overdue,
    and are not counted as overdue."""
    today = datetime.date(2025, 9, 1)
    draft = _placements(fw, world, Q1_2025, world.partner, world.organisation, "4")

    def overdue():
        return {
            entry.organisation.name: entry.count
            for entry in selectors.reporting_overdue_counts(
                viewer=world.coordinator, initiative=world.initiative, today=today
            )
            if entry.organisation
        }

    before = overdue()
    services.period_lock(acting_user=world.coordinator, period=fw.period("Vermittlungen", Q1_2025))

    def q1(user, **kwargs):
        return {
            t.organisation.name: (t.state, t.is_overdue, t.submission)
            for t in selectors.reporting_task_list(
                viewer=user, initiative=world.initiative, today=today, **kwargs
            )
            if t.indicator.name == "Vermittlungen" and t.period.label == "Q1 2025"
        }

    assert q1(world.coordinator) == {
        "IQ Netzwerk": (TaskState.LOCKED, False, draft),
        "IHK Berlin": (TaskState.LOCKED, False, None),
    }
    assert q1(world.coordinator, open_only=True) == {}
    assert q1(world.partner2, open_only=True) == {}
    # In Q1 each partner owed one value (missing, or the draft) of each quarterly indicator
    # it reports on: Vermittlungen and Vermittlungsquote, for IQ Netzwerk Fördermittel too.
    assert overdue() == {
        "IQ Netzwerk": before["IQ Netzwerk"] - 3,
        "IHK Berlin": before["IHK Berlin"] - 2,
    }


def test_review_queue_lists_submitted_values_for_the_backbone_office(fw, world):
    _placements(fw, world, Q1_2025, world.partner, world.organisation, "40", submit=True)
    _placements(fw, world, Q2_2025, world.partner, world.organisation, "40")
    queue = selectors.submission_list_for_review(
        viewer=world.coordinator, initiative=world.initiative
    )
    assert [s.period.label for s in queue] == ["Q1 2025"]
    assert not selectors.submission_list_for_review(
        viewer=world.partner, initiative=world.initiative
    ).exists()


def _progress_queries(world) -> int:
    world.viewer.__dict__.pop("_membership_cache", None)
    with CaptureQueriesContext(connection) as queries:
        result = selectors.indicator_progress_list(
            viewer=world.viewer, initiative=world.initiative, today=TODAY
        )
        for item in result:  # everything a page would touch
            for period in item.periods:
                _ = (period.label, period.actual, period.breakdown, period.reported)
            _ = [o.name for o in item.indicator.reporting_organisations.all()]
            _ = [c.label for d in item.indicator.dimensions.all() for c in d.categories.all()]
    return len(queries)


def _grow(world, size: int, offset: int) -> None:
    """`size` more indicators with `size` approved values each, by new organisations."""
    coordinator = world.coordinator
    organisations = []
    for n in range(size):
        organisation = OrganisationFactory(initiative=world.initiative, name=f"Träger {offset + n}")
        user = UserFactory(email=f"p{offset + n}@example.org")
        MembershipFactory(
            user=user, initiative=world.initiative, role="partner", organisation=organisation
        )
        organisations.append((organisation, user))
    builder = FrameworkBuilder(world.initiative).goal(f"Ziel {offset}").objective("Ziel")
    for n in range(size):
        builder.indicator(f"Indikator {offset + n}").reported_by(*[o for o, _u in organisations])
    framework = builder.build()
    for indicator in framework.indicators:
        for organisation, user in organisations:
            report(
                indicator,
                framework.period(indicator, Q1_2025),
                by=user,
                organisation=organisation,
                value="3",
                approve_by=coordinator,
            )


def test_progress_needs_the_same_number_of_queries_for_ten_times_the_data(fw, world):
    _grow(world, 1, 0)
    small = _progress_queries(world)
    _grow(world, 10, 100)
    large = _progress_queries(world)
    assert small == large
    # Sums and breakdown sums for the indicators that add up, values and breakdowns for those
    # that take the most recent value: at most four reads of values, whatever the data.
    assert small <= 12


# --- Adding up in the database -------------------------------------------------------------


@given(
    st.lists(
        st.tuples(
            st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False),
            st.integers(min_value=0, max_value=500),
            st.integers(min_value=0, max_value=500),
        ),
        min_size=1,
        max_size=12,
    ),
    st.sampled_from([Kind.NUMBER, Kind.AMOUNT, Kind.PERCENTAGE]),
    st.sampled_from([PartnerAggregation.SUM, PartnerAggregation.AVERAGE]),
)
def test_totals_give_the_same_figure_as_combining_every_reading(entries, kind, aggregation):
    assume(not (kind == Kind.PERCENTAGE and aggregation == PartnerAggregation.AVERAGE))
    readings = [
        progress.Reading(value=value, numerator=D(min(a, b)), denominator=D(max(a, b)))
        for value, a, b in entries
    ]
    totals = progress.Totals(
        count=len(readings),
        value=sum((r.value for r in readings), D(0)),
        numerator=sum((r.numerator for r in readings), D(0)),
        denominator=sum((r.denominator for r in readings), D(0)),
    )
    expected = progress.combine_partners(readings, kind=kind, aggregation=aggregation)
    assert progress.combine_totals(totals, kind=kind, aggregation=aggregation) == expected
    assert progress.combine_totals(None, kind=kind, aggregation=aggregation) is None


def test_sums_from_the_database_keep_the_decimal_places_of_the_values(fw, world):
    """SQLite adds in floating point: 0.1 + 0.2 must still come out as 0.30, like the values."""
    for user, organisation, value in [
        (world.partner, world.organisation, "0.10"),
        (world.partner2, world.organisation2, "0.20"),
    ]:
        report(
            fw.indicator("Vermittlungen"),
            fw.period("Vermittlungen", Q1_2025),
            by=user,
            organisation=organisation,
            value=value,
            breakdown=_unspecified(fw, value),
            approve_by=world.coordinator,
        )
    item = next(
        i
        for i in selectors.indicator_progress_list(
            viewer=world.viewer, initiative=world.initiative, today=TODAY
        )
        if i.indicator.name == "Vermittlungen"
    )
    q1 = _period(item, Q1_2025)
    assert str(q1.actual.value) == "0.30"
    assert str(q1.breakdown[fw.category("Geschlecht", "keine Angabe").pk].value) == "0.30"
    assert (q1.reported, q1.expected) == (2, 2)


def test_average_of_partners_is_the_sum_divided_by_the_number_of_values(fw, world):
    indicator = fw.indicator("Vermittlungen")
    indicator.partner_aggregation = PartnerAggregation.AVERAGE
    indicator.period_aggregation = PeriodAggregation.CUMULATIVE
    indicator.save(update_fields=["partner_aggregation", "period_aggregation"])
    for user, organisation, value in [
        (world.partner, world.organisation, "10"),
        (world.partner2, world.organisation2, "15"),
    ]:
        _placements(fw, world, Q1_2025, user, organisation, value, approve_by=world.coordinator)
    item = selectors.indicator_progress_get(viewer=world.viewer, indicator=indicator, today=TODAY)
    assert _period(item, Q1_2025).actual.value == D("12.5")


def test_progress_without_breakdowns_has_the_same_figures_and_statuses(fw, world):
    _placements(
        fw, world, Q1_2025, world.partner, world.organisation, "40", approve_by=world.coordinator
    )
    report(
        fw.indicator("Dauer bis zum Bescheid"),
        fw.period("Dauer bis zum Bescheid", Q1_2025),
        by=world.coordinator,
        value="100",
        approve_by=world.coordinator,
    )
    full = selectors.indicator_progress_list(
        viewer=world.viewer, initiative=world.initiative, today=TODAY
    )
    light = selectors.indicator_progress_list(
        viewer=world.viewer, initiative=world.initiative, today=TODAY, with_breakdowns=False
    )
    strip = [replace(p, breakdown={}) for item in full for p in item.periods]
    assert strip == [p for item in light for p in item.periods]
    assert [i.status for i in full] == [i.status for i in light]
    assert any(p.breakdown for item in full for p in item.periods)
    assert not any(p.breakdown for item in light for p in item.periods)


def test_progress_from_goals_equals_progress_from_the_indicator_list(fw, world):
    _placements(
        fw, world, Q1_2025, world.partner, world.organisation, "40", approve_by=world.coordinator
    )
    goals = list(selectors.goal_list(initiative=world.initiative, viewer=world.viewer))
    from_goals = selectors.indicator_progress_list(
        viewer=world.viewer, initiative=world.initiative, today=TODAY, goals=goals
    )
    plain = selectors.indicator_progress_list(
        viewer=world.viewer, initiative=world.initiative, today=TODAY
    )
    assert {i.indicator.pk: i.periods for i in from_goals} == {
        i.indicator.pk: i.periods for i in plain
    }
    assert (
        selectors.indicator_progress_list(
            viewer=world.outsider, initiative=world.initiative, goals=goals
        )
        == []
    )


# --- The inbox -----------------------------------------------------------------------------


def test_returned_value_is_overdue_once_its_due_date_has_passed(fw, world):
    returned = _placements(fw, world, Q1_2025, world.partner, world.organisation, "5", submit=True)
    services.submission_return(acting_user=world.coordinator, submission=returned, reason="Quelle?")

    def task(today):
        return next(
            t
            for t in selectors.reporting_task_list(
                viewer=world.partner, initiative=world.initiative, today=today
            )
            if t.indicator.name == "Vermittlungen" and t.period.pk == returned.period_id
        )

    before, after = task(datetime.date(2025, 4, 10)), task(datetime.date(2025, 5, 20))
    assert (before.state, before.is_overdue) == (TaskState.RETURNED, False)
    assert (after.state, after.is_overdue) == (TaskState.RETURNED, True)


def test_coordinator_own_tasks_are_the_population_indicators_only(fw, world):
    own = selectors.reporting_task_list(
        viewer=world.coordinator, initiative=world.initiative, today=TODAY, own_only=True
    )
    everything = selectors.reporting_task_list(
        viewer=world.coordinator, initiative=world.initiative, today=TODAY
    )
    assert own
    assert own == [t for t in everything if t.organisation is None]


def _inbox_queries(world, user) -> int:
    user.__dict__.pop("_membership_cache", None)
    with CaptureQueriesContext(connection) as queries:
        selectors.reporting_task_list(viewer=user, initiative=world.initiative, today=TODAY)
    return len(queries)


def test_partner_inbox_reads_the_same_queries_for_ten_times_the_values(fw, world):
    indicator = fw.indicator("Vermittlungen")
    periods = list(world.initiative.reporting_periods.filter(frequency="quarterly"))
    slots = [
        (period, user, organisation)
        for period in periods
        for user, organisation in (
            (world.partner, world.organisation),
            (world.partner2, world.organisation2),
        )
    ]
    for period, user, organisation in slots[:2]:
        report(
            indicator,
            period,
            by=user,
            organisation=organisation,
            value="1",
            breakdown=_unspecified(fw, "1"),
            submit=True,
        )
    small = _inbox_queries(world, world.partner)
    for period, user, organisation in slots[2:20]:
        report(
            indicator,
            period,
            by=user,
            organisation=organisation,
            value="1",
            breakdown=_unspecified(fw, "1"),
            submit=True,
        )
    assert _inbox_queries(world, world.partner) == small


# --- Export --------------------------------------------------------------------------------


def test_export_values_carry_their_breakdown_in_framework_order(fw, world):
    women = fw.category("Geschlecht", "weiblich").pk
    unspecified = fw.category("Geschlecht", "keine Angabe").pk
    for day, value in ((Q2_2025, "7"), (Q1_2025, "10")):
        report(
            fw.indicator("Vermittlungen"),
            fw.period("Vermittlungen", day),
            by=world.partner,
            organisation=world.organisation,
            value=value,
            breakdown={women: "3", unspecified: str(int(value) - 3)},
            approve_by=world.coordinator,
        )
    report(
        fw.indicator("Fördermittel"),
        fw.period("Fördermittel", Q1_2025),
        by=world.partner,
        organisation=world.organisation,
        value="500",
        approve_by=world.coordinator,
    )
    rows = list(
        selectors.submission_export_values(viewer=world.viewer, initiative=world.initiative)
    )
    assert [(r["value"], r["organisation"]) for r in rows] == [
        (D(10), "IQ Netzwerk"),
        (D(7), "IQ Netzwerk"),
        (D(500), "IQ Netzwerk"),
    ]
    assert sorted((p.category_id, p.value) for p in rows[0]["breakdowns"]) == [
        (women, D(3)),
        (unspecified, D(7)),
    ]
    assert rows[2]["breakdowns"] == []
    assert (
        list(selectors.submission_export_values(viewer=world.outsider, initiative=world.initiative))
        == []
    )


def test_progress_of_started_periods_leaves_out_the_future_and_changes_nothing_else(fw, world):
    world.initiative.planned_end_date = datetime.date(2027, 12, 31)
    world.initiative.save(update_fields=["planned_end_date"])
    _placements(
        fw, world, Q1_2025, world.partner, world.organisation, "40", approve_by=world.coordinator
    )
    full = selectors.indicator_progress_list(
        viewer=world.viewer, initiative=world.initiative, today=TODAY
    )
    started = selectors.indicator_progress_list(
        viewer=world.viewer, initiative=world.initiative, today=TODAY, started_only=True
    )
    for whole, part in zip(full, started, strict=True):
        assert part.periods == tuple(p for p in whole.periods if not p.is_future)
        assert (part.status, part.latest, part.current) == (
            whole.status,
            whole.latest,
            whole.current,
        )
    assert any(p.is_future for item in full for p in item.periods)


def _report_everywhere(fw, world):
    """Approved values for every indicator of the framework, in two quarters."""
    approve = {"approve_by": world.coordinator}
    for day, (first, second) in ((Q1_2025, ("40", "25")), (Q2_2025, ("12", "30"))):
        _placements(fw, world, day, world.partner, world.organisation, first, **approve)
        _placements(fw, world, day, world.partner2, world.organisation2, second, **approve)
        rate = fw.indicator("Vermittlungsquote")
        report(
            rate,
            fw.period("Vermittlungsquote", day),
            by=world.partner,
            organisation=world.organisation,
            numerator=first,
            denominator="100",
            breakdown={fw.category("Geschlecht", "keine Angabe").pk: (first, "100")},
            **approve,
        )
        for name in ("Abgeschlossene Anerkennungsverfahren", "Dauer bis zum Bescheid"):
            report(
                fw.indicator(name),
                fw.period(name, day),
                by=world.coordinator,
                value=second,
                **approve,
            )
    report(
        fw.indicator("Fördermittel"),
        fw.period("Fördermittel", Q1_2025),
        by=world.partner,
        organisation=world.organisation,
        value="1500.50",
        **approve,
    )


def test_headline_only_progress_equals_the_headline_of_the_full_progress(fw, world):
    _report_everywhere(fw, world)
    for organisation in (None, world.organisation, world.organisation2):
        for as_of in (None, datetime.date(2025, 3, 31), datetime.date(2025, 6, 30)):
            full = selectors.indicator_progress_list(
                viewer=world.viewer,
                initiative=world.initiative,
                today=TODAY,
                organisation=organisation,
                started_only=True,
            )
            if as_of is not None:
                full = [selectors.progress_as_of(item, as_of) for item in full]
            headline = selectors.indicator_progress_list(
                viewer=world.viewer,
                initiative=world.initiative,
                today=TODAY,
                organisation=organisation,
                started_only=True,
                summary_only=True,
                as_of=as_of,
            )
            assert [i.indicator for i in headline] == [i.indicator for i in full]
            for whole, summary in zip(full, headline, strict=True):
                assert summary.periods == ()
                assert summary.latest == (
                    replace(whole.latest, breakdown={}) if whole.latest else None
                )
                assert (summary.status, summary.achievement) == (whole.status, whole.achievement)
    assert any(
        item.latest and item.latest.target
        for item in selectors.indicator_progress_list(
            viewer=world.viewer, initiative=world.initiative, today=TODAY, summary_only=True
        )
    )


def test_headline_only_progress_is_empty_for_outsiders(fw, world):
    _report_everywhere(fw, world)
    assert (
        selectors.indicator_progress_list(
            viewer=world.outsider, initiative=world.initiative, today=TODAY, summary_only=True
        )
        == []
    )


@pytest.mark.parametrize(
    "aggregation", [PartnerAggregation.SUM, PartnerAggregation.LATEST, PartnerAggregation.AVERAGE]
)
def test_latest_breakdowns_equal_the_latest_period_of_the_full_progress(fw, world, aggregation):
    """The report asks for the latest period's breakdown alone; it must be the breakdown the
    full computation gives that period, also for the rules that read every value."""
    placements = fw.indicator("Vermittlungen")
    placements.partner_aggregation = aggregation
    if aggregation == PartnerAggregation.AVERAGE:
        # Averages are never added up over time.
        placements.period_aggregation = PeriodAggregation.CUMULATIVE
    placements.save(update_fields=["partner_aggregation", "period_aggregation"])
    women = fw.category("Geschlecht", "weiblich").pk
    men = fw.category("Geschlecht", "männlich").pk
    unspecified = fw.category("Geschlecht", "keine Angabe").pk
    for day, values in [(Q1_2025, ("40", "25")), (Q2_2025, ("12", "30"))]:
        for (user, organisation), value in zip(
            [(world.partner, world.organisation), (world.partner2, world.organisation2)],
            values,
            strict=True,
        ):
            _placements(fw, world, day, user, organisation, value, approve_by=world.coordinator)
    # In the third quarter the partners leave different categories empty.
    for user, organisation, breakdown in [
        (world.partner, world.organisation, {women: "5", men: "5"}),
        (world.partner2, world.organisation2, {women: "8"}),
    ]:
        report(
            placements,
            fw.period(placements, Q3_2025),
            by=user,
            organisation=organisation,
            value=str(sum(int(v) for v in breakdown.values())),
            breakdown=breakdown,
            approve_by=world.coordinator,
        )
    # A value still in review does not count, in neither computation.
    quota = fw.indicator("Vermittlungsquote")
    for user, organisation, approve in [
        (world.partner, world.organisation, world.coordinator),
        (world.partner2, world.organisation2, None),
    ]:
        report(
            quota,
            fw.period(quota, Q1_2025),
            by=user,
            organisation=organisation,
            numerator="12",
            denominator="40",
            breakdown={women: ("2", "5"), unspecified: ("10", "35")},
            submit=approve is None,
            approve_by=approve,
        )
    full = selectors.indicator_progress_list(
        viewer=world.viewer, initiative=world.initiative, today=TODAY
    )
    light = selectors.indicator_progress_list(
        viewer=world.viewer, initiative=world.initiative, today=TODAY, with_breakdowns=False
    )
    expected = {
        item.indicator.pk: item.latest.breakdown
        for item in full
        if item.latest is not None and item.latest.breakdown
    }
    assert set(expected) == {placements.pk, quota.pk}
    assert selectors.latest_breakdowns(light) == expected
    # The latest period is the third quarter: its values, not the earlier quarters'.
    item = next(item for item in full if item.indicator.pk == placements.pk)
    assert item.latest.start == _period(item, Q3_2025).start
    assert expected[placements.pk][women] != _period(item, Q2_2025).breakdown.get(women)
    # And its breakdown adds up to its total, whichever categories each partner filled.
    assert sum(f.value for f in expected[placements.pk].values()) == item.latest.actual.value


def _breakdown_gaps(fw, world, aggregation):
    """Two partners in the first quarter, the second one later, each leaving a category empty
    that the other filled."""
    placements = fw.indicator("Vermittlungen")
    placements.partner_aggregation = aggregation
    placements.period_aggregation = PeriodAggregation.CUMULATIVE
    placements.save(update_fields=["partner_aggregation", "period_aggregation"])
    women = fw.category("Geschlecht", "weiblich").pk
    men = fw.category("Geschlecht", "männlich").pk
    period = fw.period(placements, Q1_2025)
    for user, organisation, value, breakdown in [
        (world.partner, world.organisation, "10", {women: "5", men: "5"}),
        (world.partner2, world.organisation2, "8", {women: "8"}),
    ]:
        report(
            placements,
            period,
            by=user,
            organisation=organisation,
            value=value,
            breakdown=breakdown,
            approve_by=world.coordinator,
        )
    item = selectors.indicator_progress_get(viewer=world.viewer, indicator=placements, today=TODAY)
    return _period(item, Q1_2025), women, men


def test_latest_rule_takes_the_breakdown_of_the_value_that_gives_the_total(fw, world):
    q1, women, _men = _breakdown_gaps(fw, world, PartnerAggregation.LATEST)
    assert q1.actual.value == D(8)
    # Not the first partner's 5 men next to the second partner's 8 women (13 in all).
    assert {k: f.value for k, f in q1.breakdown.items()} == {women: D(8)}


def test_average_rule_divides_each_category_by_the_values_behind_the_total(fw, world):
    q1, women, men = _breakdown_gaps(fw, world, PartnerAggregation.AVERAGE)
    assert q1.actual.value == D(9)
    # The men's 5 are divided by both values (2.5), not only by the one that filled it.
    assert {k: f.value for k, f in q1.breakdown.items()} == {women: D("6.5"), men: D("2.5")}


def test_one_organisations_values_are_not_judged_against_the_initiatives_target(fw, world):
    for user, organisation in [
        (world.partner, world.organisation),
        (world.partner2, world.organisation2),
    ]:
        _placements(fw, world, Q1_2025, user, organisation, "13", approve_by=world.coordinator)

    def placements(**kwargs):
        return next(
            item
            for item in selectors.indicator_progress_list(
                viewer=world.viewer, initiative=world.initiative, today=TODAY, **kwargs
            )
            if item.indicator.name == "Vermittlungen"
        )

    whole = placements()
    assert whole.latest.target_to_date is not None
    assert whole.status != Status.NO_TARGET
    for summary_only in (False, True):
        one = placements(organisation=world.organisation, summary_only=summary_only)
        assert one.latest.actual.value == D(13)
        assert (one.latest.target, one.latest.target_to_date) == (None, None)
        assert (one.status, one.achievement) == (Status.NO_TARGET, None)
