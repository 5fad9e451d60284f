"""The backbone office's overdue values counted by the database (`reporting_overdue_counts`)
are exactly what walking every expected value (`reporting_task_list`) gives."""

import datetime
from collections import defaultdict

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.sorting import name_key
from impact import selectors, services
from impact.models import ReportingPeriod
from impact.progress import Frequency, Kind
from impact.selectors import TaskState
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.impact.builders import FrameworkBuilder, report


def _walked(*, viewer, initiative, today):
    """The overdue section as the cockpit worked it out before: every open task, grouped."""
    per_org = defaultdict(list)
    for task in selectors.reporting_task_list(
        viewer=viewer, initiative=initiative, today=today, open_only=True
    ):
        if task.is_overdue:
            per_org[task.organisation].append(task)
    rows = [
        (
            organisation,
            len(tasks),
            min(task.due_date for task in tasks),
            sum(1 for task in tasks if task.state == TaskState.RETURNED),
        )
        for organisation, tasks in per_org.items()
    ]
    return sorted(rows, key=lambda row: (row[2], name_key(row[0].name if row[0] else "")))


def _counted(*, viewer, initiative, today):
    return [
        (entry.organisation, entry.count, entry.oldest_due_date, entry.returned)
        for entry in selectors.reporting_overdue_counts(
            viewer=viewer, initiative=initiative, today=today
        )
    ]


def _returned(submission, coordinator):
    return services.submission_return(
        acting_user=coordinator, submission=submission, reason="Bitte die Quelle angeben."
    )


def _corrected(submission, by, *, submit=False, approve_by=None, return_by=None):
    """Start a correction of an approved value and take it as far as asked."""
    revision = services.submission_revise(acting_user=by, submission=submission)
    if submit or approve_by or return_by:
        revision = services.submission_submit(acting_user=by, submission=revision)
    if approve_by:
        revision = services.submission_approve(acting_user=approve_by, submission=revision)
    if return_by:
        revision = _returned(revision, return_by)
    return revision


@pytest.fixture
def overdue_world(world):
    """Three partners and the backbone office, indicators of every frequency, population
    indicators, an indicator nobody reports on, values in every state (corrections too), a
    partner no longer asked to report, locked periods and a second initiative's values."""
    w = world
    third = OrganisationFactory(initiative=w.initiative, name="Jobcenter Mitte")
    partner3 = UserFactory(email="partner3@example.org")
    MembershipFactory(user=partner3, initiative=w.initiative, role="partner", organisation=third)
    a, b, c = w.organisation, w.organisation2, third
    coordinator = w.coordinator
    fw = (
        FrameworkBuilder(w.initiative)
        .indicator("Vermittlungen", frequency=Frequency.QUARTERLY)
        .reported_by(a, b)
        .indicator("Beratungen", frequency=Frequency.MONTHLY)
        .reported_by(b, c)
        .indicator("Fördermittel", kind=Kind.AMOUNT, frequency=Frequency.HALF_YEARLY)
        .reported_by(a, c)
        .indicator("Netzwerktreffen", frequency=Frequency.YEARLY)
        .reported_by(a, c)
        .indicator("Noch ohne Meldende", frequency=Frequency.QUARTERLY)
        .indicator("Arbeitslosenquote", scope="population", frequency=Frequency.MONTHLY)
        .indicator("Dauer bis zum Bescheid", scope="population", frequency=Frequency.QUARTERLY)
        .build()
    )

    def enter(name, day, by, organisation, **kwargs):
        indicator = fw.indicator(name)
        return report(
            indicator,
            fw.period(indicator, day),
            by=by,
            organisation=organisation,
            value="3",
            **kwargs,
        )

    def approved(name, day, by, organisation):
        return enter(name, day, by, organisation, approve_by=coordinator)

    # Vermittlungen, quarterly: IQ Netzwerk (a) and IHK Berlin (b).
    approved("Vermittlungen", datetime.date(2024, 2, 1), w.partner, a)
    approved("Vermittlungen", datetime.date(2024, 2, 1), w.partner2, b)
    enter("Vermittlungen", datetime.date(2024, 5, 1), w.partner, a, submit=True)
    enter("Vermittlungen", datetime.date(2024, 5, 1), w.partner2, b)
    _returned(
        enter("Vermittlungen", datetime.date(2024, 8, 1), w.partner, a, submit=True), coordinator
    )
    _corrected(approved("Vermittlungen", datetime.date(2024, 8, 1), w.partner2, b), w.partner2)
    _corrected(
        approved("Vermittlungen", datetime.date(2024, 11, 1), w.partner, a), w.partner, submit=True
    )
    _corrected(
        approved("Vermittlungen", datetime.date(2024, 11, 1), w.partner2, b),
        w.partner2,
        return_by=coordinator,
    )
    _corrected(
        approved("Vermittlungen", datetime.date(2025, 2, 1), w.partner, a),
        w.partner,
        approve_by=coordinator,
    )
    # Beratungen, monthly: IHK Berlin (b) and Jobcenter Mitte (c).
    approved("Beratungen", datetime.date(2024, 1, 10), w.partner2, b)
    _returned(
        enter("Beratungen", datetime.date(2024, 2, 10), w.partner2, b, submit=True), coordinator
    )
    enter("Beratungen", datetime.date(2024, 3, 10), w.partner2, b)
    enter("Beratungen", datetime.date(2024, 1, 10), partner3, c, submit=True)
    approved("Beratungen", datetime.date(2024, 4, 10), partner3, c)
    _returned(
        enter("Beratungen", datetime.date(2024, 6, 10), partner3, c, submit=True), coordinator
    )
    # Fördermittel, half-yearly, and Netzwerktreffen, yearly.
    approved("Fördermittel", datetime.date(2024, 3, 1), w.partner, a)
    _returned(
        enter("Fördermittel", datetime.date(2024, 3, 1), partner3, c, submit=True), coordinator
    )
    enter("Fördermittel", datetime.date(2024, 9, 1), w.partner, a)
    enter("Netzwerktreffen", datetime.date(2024, 6, 1), w.partner, a, submit=True)
    _returned(
        enter("Netzwerktreffen", datetime.date(2024, 6, 1), partner3, c, submit=True), coordinator
    )
    # Jobcenter Mitte is no longer asked for Netzwerktreffen: its value is owed by no one.
    services.indicator_update(
        acting_user=coordinator,
        indicator=fw.indicator("Netzwerktreffen"),
        reporting_organisations=[a],
    )
    # The backbone office's population indicators.
    approved("Arbeitslosenquote", datetime.date(2024, 1, 10), coordinator, None)
    enter("Arbeitslosenquote", datetime.date(2024, 2, 10), coordinator, None, submit=True)
    enter("Arbeitslosenquote", datetime.date(2024, 3, 10), coordinator, None)
    _returned(
        enter("Arbeitslosenquote", datetime.date(2024, 4, 10), coordinator, None, submit=True),
        coordinator,
    )
    _corrected(
        approved("Dauer bis zum Bescheid", datetime.date(2024, 2, 1), coordinator, None),
        coordinator,
    )
    _corrected(
        approved("Dauer bis zum Bescheid", datetime.date(2024, 5, 1), coordinator, None),
        coordinator,
        return_by=coordinator,
    )
    for name, day in (("Vermittlungen", (2024, 5, 1)), ("Beratungen", (2024, 3, 10))):
        services.period_lock(acting_user=coordinator, period=fw.period(name, datetime.date(*day)))
    # Another initiative's values count only there.
    other = (
        FrameworkBuilder(w.other_initiative)
        .indicator("Kitaplätze", scope="population", frequency=Frequency.QUARTERLY)
        .build()
    )
    kita = other.indicator("Kitaplätze")
    report(kita, other.period(kita, datetime.date(2024, 2, 1)), by=w.other_coordinator, value="9")
    w.third, w.partner3 = third, partner3
    return w


def _set_due_days(w, days):
    settings = selectors.measurement_settings_get(initiative=w.initiative)
    services.measurement_settings_update(
        acting_user=w.coordinator,
        initiative=w.initiative,
        on_track_percent=settings.on_track_percent,
        at_risk_percent=settings.at_risk_percent,
        due_days=days,
    )


DAYS = [
    datetime.date(2024, 1, 31),
    datetime.date(2024, 2, 1),
    datetime.date(2024, 3, 30),
    datetime.date(2024, 3, 31),
    datetime.date(2024, 5, 1),
    datetime.date(2024, 7, 31),
    datetime.date(2024, 8, 1),
    datetime.date(2024, 10, 15),
    datetime.date(2025, 1, 31),
    datetime.date(2025, 2, 1),
    datetime.date(2025, 6, 1),
    datetime.date(2025, 9, 1),
    datetime.date(2026, 3, 1),
]


def test_overdue_counts_equal_walking_every_expected_value(overdue_world):
    w = overdue_world
    seen = set()
    for due_days in (30, 0, 90):
        _set_due_days(w, due_days)
        for today in [*DAYS, None]:
            walked = _walked(viewer=w.coordinator, initiative=w.initiative, today=today)
            counted = _counted(viewer=w.coordinator, initiative=w.initiative, today=today)
            assert counted == walked, (due_days, today)
            seen |= {row[0] for row in walked}
            seen |= {"returned" for row in walked if row[3]}
    # The comparison covered every partner, the backbone office and returned values.
    assert seen == {w.organisation, w.organisation2, w.third, None, "returned"}


def test_overdue_counts_per_organisation_with_oldest_due_date_and_returned(overdue_world):
    w = overdue_world
    # 30 days to report: on 1 May 2024 the periods up to the end of March are overdue.
    counted = _counted(
        viewer=w.coordinator, initiative=w.initiative, today=datetime.date(2024, 5, 1)
    )
    # March 2024 is locked: its drafts and missing values are no longer owed.
    assert counted == [
        (w.organisation2, 1, datetime.date(2024, 3, 30), 1),  # Beratungen: Feb returned
        (w.third, 1, datetime.date(2024, 3, 30), 0),  # Beratungen: Feb missing
    ]


def test_overdue_counts_are_for_the_backbone_office_only(overdue_world):
    w = overdue_world
    today = datetime.date(2025, 9, 1)
    assert _counted(viewer=w.coordinator, initiative=w.initiative, today=today)
    for role in ("partner", "viewer", "participant", "other_coordinator", "outsider"):
        assert _counted(viewer=w.user(role), initiative=w.initiative, today=today) == [], role


def test_overdue_counts_need_the_same_queries_for_more_organisations_and_values(overdue_world):
    w = overdue_world
    today = datetime.date(2025, 9, 1)

    def queries():
        w.coordinator.__dict__.pop("_membership_cache", None)
        with CaptureQueriesContext(connection) as captured:
            _counted(viewer=w.coordinator, initiative=w.initiative, today=today)
        return len(captured)

    small = queries()
    partners = []
    for n in range(4):
        organisation = OrganisationFactory(initiative=w.initiative, name=f"Partner {n}")
        user = UserFactory(email=f"overdue{n}@example.org")
        MembershipFactory(
            user=user, initiative=w.initiative, role="partner", organisation=organisation
        )
        partners.append((user, organisation))
    fw = FrameworkBuilder(w.initiative)
    for n in range(3):
        fw = fw.indicator(f"Zusätzlich {n}", frequency=Frequency.MONTHLY).reported_by(
            *[organisation for _user, organisation in partners]
        )
    for indicator in fw.build().indicators:
        for user, organisation in partners:
            for month in (1, 2):
                period = ReportingPeriod.objects.get(
                    initiative=w.initiative,
                    frequency=Frequency.MONTHLY,
                    start=datetime.date(2025, month, 1),
                )
                report(
                    indicator,
                    period,
                    by=user,
                    organisation=organisation,
                    value="1",
                    approve_by=w.coordinator if month == 1 else None,
                )
    assert queries() == small
