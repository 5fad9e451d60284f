"""Reads: progress from approved values only, partner counts, breakdowns, due lists, queries."""

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from impact import selectors, services
from impact.progress import Status
from impact.selectors import TaskState
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.impact.builders import FrameworkBuilder, report
from tests.impact.conftest import Q1_2025, Q2_2025

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
    assert small <= 10
