"""Report contexts: what each role sees, and a fixed number of queries however large the
initiative is."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from impact import services as impact_services
from reports import selectors
from tests.impact.builders import FrameworkBuilder, report
from tests.reports.conftest import GENDER

TODAY = datetime.date(2025, 6, 30)


def _framework(world, size: int, prefix: str):
    builder = FrameworkBuilder(world.initiative).goal(f"Ziel {prefix}").objective(f"Ziel {prefix}")
    for number in range(size):
        builder.indicator(
            f"{prefix} {number}",
            frequency="quarterly",
            final_target="100",
            final_target_date=datetime.date(2027, 12, 31),
        )
        builder.with_dimension(f"Geschlecht {prefix}", GENDER).reported_by(
            world.organisation, world.organisation2
        )
    fw = builder.build()
    for indicator in fw.indicators:
        period = fw.period(indicator, datetime.date(2025, 2, 1))
        unspecified = fw.category(f"Geschlecht {prefix}", "keine Angabe").pk
        for user, organisation in (
            (world.partner, world.organisation),
            (world.partner2, world.organisation2),
        ):
            submission = report(
                indicator,
                period,
                by=user,
                organisation=organisation,
                value="3",
                breakdown={unspecified: "3"},
                approve_by=world.coordinator,
            )
            impact_services.reflection_note_create(
                acting_user=world.coordinator,
                indicator=indicator,
                period=submission.period,
                learning="Eine Erkenntnis.",
            )
    return fw


def _queries(function) -> int:
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)


def test_progress_report_takes_the_same_queries_for_ten_times_the_indicators(world):
    from reports.rendering import report_html
    from tests.initiatives.agenda_support import publish_version

    publish_version(initiative=world.initiative, coordinator=world.coordinator)

    def build():
        world.viewer.__dict__.pop("_membership_cache", None)
        report = selectors.progress_report_get(
            viewer=world.viewer, initiative=world.initiative, today=TODAY
        )
        report_html(report)  # templates may not query either

    _framework(world, 2, "klein")
    small = _queries(build)
    _framework(world, 20, "groß")
    assert _queries(build) == small


def test_period_report_takes_the_same_queries_for_ten_times_the_indicators(world):
    from reports.rendering import report_html

    fw = _framework(world, 2, "klein")
    period = fw.period(fw.indicators[0], datetime.date(2025, 2, 1))

    def build():
        world.coordinator.__dict__.pop("_membership_cache", None)
        report = selectors.period_report_get(
            viewer=world.coordinator, initiative=world.initiative, period_id=period.pk, today=TODAY
        )
        report_html(report)

    small = _queries(build)
    _framework(world, 20, "groß")
    assert _queries(build) == small


@pytest.mark.parametrize("role", ["participant", "other_coordinator", "outsider"])
def test_people_who_may_not_generate_reports_get_no_content(world, data, role):
    with pytest.raises(selectors.ReportUnavailable):
        selectors.progress_report_get(viewer=world.user(role), initiative=world.initiative)
    with pytest.raises(selectors.ReportUnavailable):
        selectors.period_report_get(
            viewer=world.user(role), initiative=world.initiative, period_id=data.q1.pk
        )


def test_a_period_of_another_initiative_is_unavailable(world, data):
    with pytest.raises(selectors.ReportUnavailable):
        selectors.period_report_get(
            viewer=world.other_coordinator,
            initiative=world.other_initiative,
            period_id=data.q1.pk,
        )


def test_progress_report_counts_status_and_groups_partners_by_sector(world, data):
    report = selectors.progress_report_get(
        viewer=world.viewer, initiative=world.initiative, today=TODAY
    )
    assert [group.label for group in report.sectors] == ["Zivilgesellschaft", "Wirtschaft"]
    assert sum(item.count for item in report.status_counts) == report.indicator_count == 3
    assert report.agenda.with_reservations == 1
    count = report.goals[0].objectives[0].indicators[0]
    assert count.breakdowns[0].dimension == "Geschlecht"
    assert count.breakdowns[0].categories == tuple(GENDER)
    assert [note.learning[:6] for note in count.notes] == ["Frauen"]
    assert count.chart is not None and "<title" in count.chart.svg


def test_progress_report_draws_the_indicator_pages_trend_over_its_latest_periods(
    world, data, client_for, monkeypatch
):
    """The report and the page build the chart with one function: same title, description
    and values per period (the report shows the latest periods only, and no legend)."""
    world.viewer.language = "de"
    world.viewer.save()
    # The page as of the report's day.
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    report = selectors.progress_report_get(
        viewer=world.viewer, initiative=world.initiative, today=TODAY
    )
    chart = report.goals[0].objectives[0].indicators[0].chart
    url = reverse(
        "impact:indicator-detail", kwargs={"slug": world.initiative.slug, "pk": data.count.pk}
    )
    trend = client_for(world.viewer).get(url).context["trend"]
    assert (chart.title, chart.description) == (trend.title, trend.description)
    assert chart.table.headers == trend.table.headers
    (rows,) = [group.rows for group in chart.table.groups]
    assert rows == trend.table.groups[0].rows[-selectors.CHART_PERIODS :]
    assert gettext("Approved value") in str(trend.svg)
    assert gettext("Approved value") not in str(chart.svg)


def test_progress_report_gives_values_per_year_and_the_latest_year_per_period(world, data):
    report = selectors.progress_report_get(
        viewer=world.viewer, initiative=world.initiative, today=datetime.date(2026, 6, 30)
    )
    sections = {
        section.indicator.name: section
        for goal in report.goals
        for objective in goal.objectives
        for section in objective.indicators
    }
    # The overview's columns: the years with started periods, oldest first.
    assert report.years == (2024, 2025, 2026)
    count = sections["Vermittlungen"]
    year_2024, year_2025, year_2026 = count.years
    # Numbers add up over the year: the approved Q1 value is the year's value; the year's
    # target is the sum of its quarters' targets.
    assert year_2024.actual is None
    assert year_2025.actual.value == Decimal("1234.50")
    assert year_2025.target == sum(
        (p.target for p in count.progress.periods if p.start.year == 2025), Decimal(0)
    )
    assert year_2026.actual is None
    # Beside the chart: the periods of the latest year.
    assert [row.label for row in count.recent] == ["Q1 2026", "Q2 2026"]
    assert count.recent_year == 2026
    rate = sections["Vermittlungsquote"]
    # A percentage does not add up: the year shows its last approved value with its fraction.
    assert rate.years[1].actual.numerator == Decimal("12")
    assert rate.years[1].achievement is not None
    # The breakdown is that of the latest period with an approved value, not every period.
    (gender,) = count.breakdowns
    assert gender.rows[0][0] == "Q1 2025"
    assert dict(gender.pairs)["weiblich"].value == Decimal("700")


def test_the_overview_shows_the_latest_five_years_at_most(world, data):
    report = selectors.progress_report_get(
        viewer=world.viewer, initiative=world.initiative, today=datetime.date(2031, 6, 30)
    )
    assert report.years == (2027, 2028, 2029, 2030, 2031)
    for goal in report.goals:
        for objective in goal.objectives:
            for section in objective.indicators:
                assert len(section.years) == 5


def _month(year, month, value):
    from types import SimpleNamespace

    from impact.progress import Figure

    return SimpleNamespace(
        start=datetime.date(year, month, 1),
        actual=Figure(Decimal(value)) if value is not None else None,
        target=Decimal(10),
        actual_to_date=None,
        target_to_date=None,
        achievement=None,
        reported=1 if value is not None else 0,
        expected=1,
        label=f"{month}/{year}",
    )


def test_monthly_values_of_the_latest_year_are_summed_per_quarter():
    from types import SimpleNamespace

    monthly = SimpleNamespace(frequency="monthly", is_additive=True)
    started = [_month(2025, m, 5) for m in range(1, 13)] + [
        _month(2026, 1, 1),
        _month(2026, 2, 2),
        _month(2026, 3, None),
        _month(2026, 4, 4),
    ]
    with translation.override("en"):
        rows = selectors._recent_rows(monthly, started)
        years = selectors._year_rows(monthly, started)
    assert [row.label for row in rows] == ["Q1 2026 (3 months)", "Q2 2026 (1 month)"]
    first, second = rows
    assert first.actual.value == 3 and first.reported == 2 and first.expected == 3
    assert second.actual.value == 4
    # Every year in one row: what adds up is summed, the current year so far.
    assert years[2025].actual.value == 60 and years[2025].target == 120
    assert years[2026].actual.value == 7 and years[2026].start == datetime.date(2026, 1, 1)
    # Quarterly indicators keep one row per period of the latest year.
    quarterly = SimpleNamespace(frequency="quarterly", is_additive=True)
    assert selectors._recent_rows(quarterly, started) == tuple(started[12:])


# --- The chapters on the partners' activities and the focus groups ---------------------------


def _chapters(world, data, viewer=None):
    from tests.reports.chapter_builders import build_chapters

    build_chapters(world, data)
    return selectors.progress_report_get(
        viewer=viewer or world.viewer, initiative=world.initiative, today=TODAY
    )


def test_the_activities_chapter_counts_activities_partners_and_people(world, data):
    chapter = _chapters(world, data).activities
    assert (chapter.activity_count, chapter.organisation_count, chapter.people_total) == (4, 3, 22)
    rows = {row.name: row for row in chapter.partners}
    assert list(rows) == ["IHK Berlin", "IQ Netzwerk", "Jobcenter Mitte"]  # by name
    iq = rows["IQ Netzwerk"]
    assert (iq.activity_count, iq.people_total) == (2, 18)
    assert iq.titles == "Bewerbungstraining · Mentoring für Fachkräfte"
    assert iq.sector == "Zivilgesellschaft"
    assert rows["Jobcenter Mitte"].people_total == 0  # an activity without logs


def test_the_alignment_marks_gaps_and_overlaps_per_objective(world, data):
    chapter = _chapters(world, data).activities
    [goal] = chapter.alignment
    assert goal.title == "Internationale Fachkräfte arbeiten qualifikationsadäquat"
    placement, recognition = goal.lines
    assert (placement.objective, placement.organisations, placement.activities) == (
        "Mehr Vermittlungen in passende Stellen",
        3,
        4,
    )
    assert placement.tone == "overlap"
    assert recognition.tone == "gap" and recognition.activities == 0
    with translation.override("en"):
        english = _chapters_again(world)
    assert english.alignment[0].lines[0].remark == "Overlap: 3 organisations"
    assert english.alignment[0].lines[1].remark == "Gap: no activity"
    assert "“Anerkennung geht schneller”" in english.alignment_summary
    assert "“Mehr Vermittlungen in passende Stellen”" in english.alignment_summary
    overlap = ngettext("Overlap: %(count)s organisation", "Overlap: %(count)s organisations", 3)
    assert placement.remark == overlap % {"count": 3}
    assert recognition.remark == gettext("Gap: no activity")


def _chapters_again(world):
    world.viewer.__dict__.pop("_membership_cache", None)
    return selectors.progress_report_get(
        viewer=world.viewer, initiative=world.initiative, today=TODAY
    ).activities


def test_focus_groups_show_their_step_what_it_waits_for_and_what_became_of_them(world, data):
    from focusgroups.selectors import group_facts
    from focusgroups.stages import waiting_for

    with translation.override("en"):
        report = _chapters(world, data)
    groups = report.focus_groups.groups
    assert [group.name for group in groups] == [
        "Anerkennung beschleunigen",
        "Betriebe gewinnen",
        "Coaching im Betrieb",
        "Abendkurse",  # dissolved groups last
    ]
    fresh, board, permanent, dissolved = groups
    assert (fresh.step, fresh.step_title) == (1, "Recognise structural barriers")
    assert (board.step, board.step_title) == (2, "Concretise barriers")
    fresh_group = world.initiative.focus_groups.get(name=fresh.name)
    with translation.override("en"):
        expected = waiting_for(fresh_group, group_facts(group=fresh_group))
    assert (fresh.state, fresh.tone) == expected  # the cockpit's words
    assert fresh.tone == "warning"
    assert permanent.state.startswith("made permanent (verstetigt) since")
    assert permanent.note == "Regelangebot des Jobcenters Mitte"
    assert dissolved.state.startswith("dissolved on") and not dissolved.is_active
    assert dissolved.note == "Die Volkshochschule übernimmt."
    assert fresh.member_count == 3  # founder, partner and participant
    assert (report.focus_groups.active_count, report.focus_groups.dissolved_count) == (3, 1)


@pytest.mark.parametrize("role", ["viewer", "partner2", "coordinator"])
def test_everyone_who_gets_the_report_sees_all_activities_and_groups(world, data, role):
    report = _chapters(world, data, viewer=world.user(role))
    assert report.activities.activity_count == 4
    assert len(report.focus_groups.groups) == 4  # partner2 belongs to none of them


def test_the_chapters_are_left_out_when_not_chosen_and_old_runs_still_work(world, data):
    from tests.reports.chapter_builders import build_chapters
    from tests.reports.conftest import queued_run

    build_chapters(world, data)
    report = selectors.progress_report_get(
        viewer=world.viewer, initiative=world.initiative, sections=["partners"], today=TODAY
    )
    assert report.activities is None and report.focus_groups is None
    # A run stored before the chapters existed asks for its four sections and gets them.
    run = queued_run(world)
    report = selectors.report_context_get(viewer=world.viewer, run=run, today=TODAY)
    assert report.sections == ("agenda", "partners", "indicators", "reflections")
    assert report.activities is None and report.goals


def test_without_activities_and_groups_the_chapters_are_empty(world, data):
    report = selectors.progress_report_get(
        viewer=world.viewer, initiative=world.initiative, today=TODAY
    )
    assert report.activities.activity_count == 0
    assert report.activities.alignment == () and report.activities.partners == ()
    assert report.focus_groups.groups == ()


def test_chapters_take_the_same_queries_for_ten_times_the_activities_and_groups(world, data):
    from reports.rendering import report_html
    from tests.reports.chapter_builders import add_volume, build_chapters

    build_chapters(world, data)

    def build():
        world.viewer.__dict__.pop("_membership_cache", None)
        report = selectors.progress_report_get(
            viewer=world.viewer,
            initiative=world.initiative,
            sections=["activities", "focus_groups"],
            today=TODAY,
        )
        report_html(report)  # templates may not query either

    add_volume(world, data.fw.objectives[:1], 2, "Klein")
    small = _queries(build)
    add_volume(world, data.fw.objectives, 20, "Groß")
    assert _queries(build) == small
