"""Reads of the reports app: the history of report runs and the content of each report.

A report's content is a frozen context (`ProgressReport`, `PeriodReport`, `PartnerReport`)
built from the selectors of `impact`, `initiatives` and `coordination` as the requester: the
same context renders the PDF in the worker and the HTML preview in the browser, so what a
report shows can be tested without a PDF. Building a context takes a fixed number of queries
however large the initiative is.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import Count, F, Prefetch, QuerySet, Sum
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.models import User
from coordination import permissions as coordination_permissions
from coordination import selectors as coordination_selectors
from coordination.models import ActionItem, Activity, AgendaItem, Meeting, OutputBreakdown
from core.charts import SeriesChart, trend_legend
from core.sorting import name_key
from impact import permissions as impact_permissions
from impact import selectors as impact_selectors
from impact.charts import figure_value, indicator_trend_chart, trend_labels
from impact.models import Indicator, ReflectionNote, ReportingPeriod, Submission
from impact.progress import Figure, Frequency, Status, Thresholds
from initiatives import selectors as initiative_selectors
from initiatives.models import Initiative, Organisation, Role, Sector
from initiatives.permissions import membership_get
from reports import permissions
from reports.models import ReportRun, ReportSchedule

# The sections of the progress report a person can choose, in the order they appear.
PROGRESS_SECTIONS = (
    ("agenda", gettext_lazy("Common agenda and who carries it")),
    ("partners", gettext_lazy("Partners by sector")),
    ("indicators", gettext_lazy("Goals, objectives and indicators")),
    ("activities", gettext_lazy("Activities of the partners and their alignment")),
    ("focus_groups", gettext_lazy("Focus groups and their step")),
    ("reflections", gettext_lazy("Reflection notes")),
)
SECTION_KEYS = tuple(key for key, _label in PROGRESS_SECTIONS)
# The small trend chart of an indicator shows at most this many periods (the latest); the table
# beside it sums up the earlier years. Every point is an element WeasyPrint lays out and draws.
CHART_PERIODS = 16
# The overview shows the values of at most this many of the latest calendar years.
YEAR_COLUMNS = 5


class ReportUnavailable(Exception):
    """The requester may not (or no longer) see the data, or the parameters point nowhere."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


# --- History ---------------------------------------------------------------------------------


def report_run_list(*, viewer, initiative: Initiative) -> QuerySet[ReportRun]:
    """The initiative's report runs the viewer may see (`permissions.can_view_run` as a
    filter), newest first."""
    membership = membership_get(user=viewer, initiative=initiative)
    if not permissions.can_generate_report(membership):
        return ReportRun.objects.none()
    return (
        ReportRun.objects.filter(initiative=initiative)
        .filter(permissions.run_visibility(membership))
        .select_related("requested_by", "organisation")
        .order_by("-created_at", "-pk")
    )


def period_choices(*, viewer, initiative: Initiative) -> QuerySet[ReportingPeriod]:
    """The periods a period report can be made for: those that have started, newest first."""
    return (
        impact_selectors.reporting_period_list(initiative=initiative, viewer=viewer)
        .filter(start__lte=timezone.localdate())
        .order_by("-start", "frequency")
    )


def schedule_list(*, viewer, initiative: Initiative) -> QuerySet[ReportSchedule]:
    """The initiative's scheduled reports with creator and recipients, oldest first; for the
    backbone office only."""
    membership = membership_get(user=viewer, initiative=initiative)
    if not permissions.can_manage_schedules(membership):
        return ReportSchedule.objects.none()
    return (
        ReportSchedule.objects.filter(initiative=initiative)
        .select_related("created_by")
        .prefetch_related(Prefetch("recipients", queryset=User.objects.order_by("full_name")))
        .order_by("created_at", "pk")
    )


def schedule_recipient_choices(*, initiative: Initiative) -> QuerySet[User]:
    """The members who may receive scheduled reports (those who may read reports), by name,
    each with their role as `member_role`."""
    return (
        User.objects.filter(
            memberships__initiative=initiative, memberships__role__in=permissions.GENERATORS
        )
        .annotate(member_role=F("memberships__role"))
        .order_by("full_name", "email")
    )


# --- Shared pieces of the reports ------------------------------------------------------------


@dataclass(frozen=True)
class Cover:
    """What the cover page and the running header show."""

    initiative: Initiative
    title: str
    subtitle: str
    requested_by: str
    generated_at: datetime.datetime
    audience_note: str


def _cover(*, initiative, title, subtitle, viewer, membership) -> Cover:
    if membership.role == Role.COORDINATOR:
        note = _("Prepared for the backbone office.")
    elif membership.role == Role.PARTNER:
        note = _("Prepared for %(organisation)s.") % {"organisation": membership.organisation.name}
    else:
        note = _("Contains approved values only.")
    return Cover(
        initiative=initiative,
        title=title,
        subtitle=subtitle,
        requested_by=viewer.full_name or viewer.email,
        generated_at=timezone.localtime(),
        audience_note=note,
    )


def _reader(viewer, initiative) -> object:
    membership = membership_get(user=viewer, initiative=initiative)
    if not permissions.can_generate_report(membership):
        raise ReportUnavailable(ReportRun.Error.FORBIDDEN)
    return membership


# --- Progress report -------------------------------------------------------------------------


@dataclass(frozen=True)
class BreakdownTable:
    """One dimension of an indicator: a row per period with a value per category."""

    dimension: str
    categories: tuple[str, ...]
    rows: tuple[tuple[str, tuple[Figure | None, ...]], ...]

    @property
    def pairs(self) -> tuple[tuple[str, Figure | None], ...]:
        """(category, value) of the first row: the latest period's breakdown."""
        return tuple(zip(self.categories, self.rows[0][1], strict=True)) if self.rows else ()


@dataclass(frozen=True)
class YearRow:
    """A year (or a quarter) of an indicator in one row, with the attributes of `PeriodProgress`
    the report's table shows: what adds up is summed over the year (values, targets, partners
    reported), the rest is the year's last period with an approved value."""

    label: str
    actual: Figure | None
    actual_to_date: Figure | None
    target: Decimal | None
    target_to_date: Decimal | None
    achievement: Decimal | None
    reported: int
    expected: int
    start: datetime.date


@dataclass(frozen=True)
class IndicatorSection:
    """One indicator in the progress report: a row of the overview (its value per year, the
    latest value against its target) and a compact block with its status, a small trend chart,
    the periods of the latest year (monthly: per quarter) beside it, and the breakdown of the
    latest period with an approved value."""

    indicator: Indicator
    progress: impact_selectors.IndicatorProgress
    years: tuple[YearRow | None, ...]
    recent: tuple[YearRow | impact_selectors.PeriodProgress, ...]
    status_label: str
    chart: SeriesChart | None
    breakdowns: tuple[BreakdownTable, ...]
    notes: tuple[ReflectionNote, ...]

    @property
    def latest(self) -> impact_selectors.PeriodProgress | None:
        return self.progress.latest

    @property
    def recent_year(self) -> int | None:
        return self.recent[0].start.year if self.recent else None


@dataclass(frozen=True)
class ObjectiveSection:
    title: str
    description: str
    indicators: tuple[IndicatorSection, ...]


@dataclass(frozen=True)
class GoalSection:
    title: str
    description: str
    objectives: tuple[ObjectiveSection, ...]


@dataclass(frozen=True)
class SectorGroup:
    label: str
    organisations: tuple[Organisation, ...]


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class ProgressReport:
    """Everything the initiative progress report shows, in order."""

    cover: Cover
    sections: tuple[str, ...]
    agenda: initiative_selectors.EndorsementOverview | None
    sectors: tuple[SectorGroup, ...]
    goals: tuple[GoalSection, ...]
    status_counts: tuple[StatusCount, ...]
    thresholds: Thresholds
    notes: tuple[ReflectionNote, ...]
    indicator_count: int = 0
    # The calendar years of the overview's columns, oldest first.
    years: tuple[int, ...] = ()
    legend: SafeString | None = None
    legend_alt: str = ""
    activities: "ActivitiesChapter | None" = None
    focus_groups: "FocusGroupsChapter | None" = None

    @property
    def kind(self) -> str:
        return ReportRun.Kind.PROGRESS

    @property
    def shows(self) -> dict[str, bool]:
        """{section: True} for the chosen sections, for templates."""
        return dict.fromkeys(self.sections, True)


def _trend_chart(indicator: Indicator, item, started) -> SeriesChart | None:
    """The indicator page's trend chart over the latest `CHART_PERIODS` of the `started`
    periods, without its legend (the report shows that once per chapter); None while none of
    these periods has an approved value."""
    periods = started[-CHART_PERIODS:]
    if not any(figure_value(period.actual) is not None for period in periods):
        return None
    return indicator_trend_chart(indicator, periods, baseline=item.baseline_value, legend=False)


def _breakdown_tables(indicator: Indicator, item, breakdown: dict) -> tuple[BreakdownTable, ...]:
    """The breakdown of the latest period with an approved value (`breakdown`, by category),
    one table per dimension."""
    period = item.latest
    if period is None or not breakdown:
        return ()
    tables = []
    for dimension in indicator.dimensions.all():
        categories = list(dimension.categories.all())
        values = tuple(breakdown.get(category.pk) for category in categories)
        if any(value is not None for value in values):
            tables.append(
                BreakdownTable(
                    dimension=dimension.name,
                    categories=tuple(category.label for category in categories),
                    rows=((period.label, values),),
                )
            )
    return tuple(tables)


def _summary_row(indicator: Indicator, label: str, periods, *, start: datetime.date) -> YearRow:
    """Several periods in one row: what adds up is summed, the rest is the last approved value."""
    with_value = [period for period in periods if period.actual is not None]
    # The totals so far and the achievement as of the last approved value.
    last = with_value[-1] if with_value else periods[-1]
    if indicator.is_additive:
        targets = [period.target for period in periods if period.target is not None]
        actual = (
            Figure(sum((period.actual.value or 0 for period in with_value), Decimal(0)))
            if with_value
            else None
        )
        target = sum(targets, Decimal(0)) if targets else None
    else:
        actual, target = last.actual, last.target
    return YearRow(
        label=label,
        actual=actual,
        actual_to_date=last.actual_to_date,
        target=target,
        target_to_date=last.target_to_date,
        achievement=last.achievement,
        reported=sum(period.reported for period in periods),
        expected=sum(period.expected for period in periods),
        start=start,
    )


def _year_rows(indicator: Indicator, started) -> dict[int, YearRow]:
    """Each calendar year of the started periods in one row (the latest year so far)."""
    by_year = defaultdict(list)
    for period in started:
        by_year[period.start.year].append(period)
    return {
        year: _summary_row(indicator, str(year), periods, start=periods[0].start)
        for year, periods in by_year.items()
    }


def _recent_rows(indicator: Indicator, started) -> tuple:
    """The periods of the latest year; monthly values summed up per quarter (the chart beside
    them shows the months), so that there are four at most."""
    if not started:
        return ()
    latest_year = started[-1].start.year
    latest = [period for period in started if period.start.year == latest_year]
    if indicator.frequency != Frequency.MONTHLY:
        return tuple(latest)
    by_quarter = defaultdict(list)
    for period in latest:
        by_quarter[(period.start.month - 1) // 3 + 1].append(period)
    return tuple(
        _summary_row(
            indicator,
            ngettext(
                "Q%(quarter)s %(year)s (%(months)s month)",
                "Q%(quarter)s %(year)s (%(months)s months)",
                len(periods),
            )
            % {"quarter": quarter, "year": latest_year, "months": len(periods)},
            periods,
            start=periods[0].start,
        )
        for quarter, periods in by_quarter.items()
    )


def progress_report_get(
    *, viewer, initiative: Initiative, sections=SECTION_KEYS, today: datetime.date | None = None
) -> ProgressReport:
    """The initiative progress report as `viewer` may see it: approved values only.

    Raises ReportUnavailable when the viewer may not generate reports.
    """
    membership = _reader(viewer, initiative)
    sections = tuple(key for key in SECTION_KEYS if key in set(sections)) or SECTION_KEYS
    today = today or timezone.localdate()
    measurement = impact_selectors.measurement_settings_get(initiative=initiative)

    agenda = None
    if "agenda" in sections and initiative_selectors.agenda_version_current(initiative=initiative):
        agenda = initiative_selectors.endorsement_overview(initiative=initiative)

    sectors = ()
    if "partners" in sections:
        grouped = defaultdict(list)
        for organisation in initiative_selectors.organisation_list(initiative=initiative):
            grouped[organisation.sector].append(organisation)
        sectors = tuple(
            SectorGroup(label=str(label), organisations=tuple(grouped[value]))
            for value, label in Sector.choices
            if grouped[value]
        )

    notes_by_indicator = defaultdict(list)
    notes = ()
    if "reflections" in sections or "indicators" in sections:
        notes = tuple(
            ReflectionNote.objects.filter(indicator__objective__goal__initiative=initiative)
            .select_related("indicator", "period", "author", "organisation")
            .order_by("indicator__objective__goal__order", "indicator__order", "-period__start")
        )
        for note in notes:
            notes_by_indicator[note.indicator_id].append(note)

    goal_rows = list(impact_selectors.goal_list(initiative=initiative, viewer=viewer))
    # Every period's figures, but the breakdown of the latest period only: that is all the
    # report shows of the breakdowns.
    progress = {
        item.indicator.pk: item
        for item in impact_selectors.indicator_progress_list(
            viewer=viewer,
            initiative=initiative,
            today=today,
            goals=goal_rows,
            with_breakdowns=False,
        )
    }
    latest_breakdowns = impact_selectors.latest_breakdowns(progress.values())
    counts = defaultdict(int)
    # First the indicators and their years, then the sections: the overview's columns are the
    # latest years any indicator has values for.
    framework = []
    all_years = set()
    for goal in goal_rows:
        objectives = []
        for objective in goal.objectives.all():
            items = []
            for indicator in objective.indicators.all():
                item = progress.get(indicator.pk)
                if item is None:
                    continue
                counts[item.status] += 1
                started = tuple(p for p in item.periods if not p.is_future)
                years = _year_rows(indicator, started)
                all_years.update(years)
                items.append((indicator, item, started, years))
            objectives.append((objective, items))
        framework.append((goal, objectives))
    columns = tuple(sorted(all_years)[-YEAR_COLUMNS:])
    legend_title = _("How to read the trend charts")
    legend_labels = trend_labels()
    goals = tuple(
        GoalSection(
            title=goal.title,
            description=goal.description,
            objectives=tuple(
                ObjectiveSection(
                    title=objective.title,
                    description=objective.description,
                    indicators=tuple(
                        IndicatorSection(
                            indicator=indicator,
                            progress=item,
                            years=tuple(years.get(year) for year in columns),
                            recent=_recent_rows(indicator, started),
                            status_label=str(Status(item.status).label),
                            chart=_trend_chart(indicator, item, started),
                            breakdowns=_breakdown_tables(
                                indicator, item, latest_breakdowns.get(indicator.pk, {})
                            ),
                            notes=tuple(notes_by_indicator.get(indicator.pk, ())),
                        )
                        for indicator, item, started, years in items
                    ),
                )
                for objective, items in objectives
            ),
        )
        for goal, objectives in framework
    )

    return ProgressReport(
        cover=_cover(
            initiative=initiative,
            title=_("Progress report"),
            subtitle=_("As of %(date)s") % {"date": _date(today)},
            viewer=viewer,
            membership=membership,
        ),
        sections=sections,
        agenda=agenda,
        sectors=sectors,
        goals=goals if "indicators" in sections else (),
        status_counts=tuple(
            StatusCount(status=value, label=str(label), count=counts[value])
            for value, label in Status.choices
        ),
        thresholds=measurement.thresholds,
        notes=notes if "reflections" in sections else (),
        indicator_count=len(progress),
        years=columns,
        legend=trend_legend(title=legend_title, labels=legend_labels),
        legend_alt=f"{legend_title}: {', '.join(legend_labels.values())}",
        activities=(
            _activities_chapter(viewer=viewer, initiative=initiative)
            if "activities" in sections
            else None
        ),
        focus_groups=(
            _focus_groups_chapter(viewer=viewer, initiative=initiative, membership=membership)
            if "focus_groups" in sections
            else None
        ),
    )


def _date(day: datetime.date) -> str:
    from django.utils.formats import date_format

    return date_format(day, "DATE_FORMAT")


# --- Progress report: the partners' activities and the focus groups ---------------------------


@dataclass(frozen=True)
class AlignmentLine:
    """One objective of the alignment view, transposed for print: how many organisations and
    activities serve it, and whether that makes it a gap or an overlap."""

    objective: str
    organisations: int
    activities: int
    remark: str
    tone: str  # "gap", "overlap" or ""


@dataclass(frozen=True)
class AlignmentGoalLines:
    title: str
    lines: tuple[AlignmentLine, ...]


@dataclass(frozen=True)
class PartnerActivities:
    """One organisation's activities in one row: a row per activity would make the table of a
    large initiative hundreds of rows long (and every cell costs the renderer time)."""

    name: str
    sector: str
    activity_count: int
    people_total: int
    titles: str


@dataclass(frozen=True)
class ActivitiesChapter:
    activity_count: int
    organisation_count: int
    people_total: int
    alignment: tuple[AlignmentGoalLines, ...]
    alignment_summary: str
    partners: tuple[PartnerActivities, ...]


@dataclass(frozen=True)
class FocusGroupLine:
    """A focus group with its step and where that step stands: what it still waits for, the
    outcome of its practice, or that the group dissolved (`note`: why, or where it goes on)."""

    name: str
    step: int
    step_title: str
    state: str
    note: str
    tone: str  # "warning", "done", "dissolved" or ""
    member_count: int
    is_active: bool


@dataclass(frozen=True)
class FocusGroupsChapter:
    groups: tuple[FocusGroupLine, ...]

    @property
    def active_count(self) -> int:
        return sum(1 for group in self.groups if group.is_active)

    @property
    def dissolved_count(self) -> int:
        return len(self.groups) - self.active_count


def _titles(objectives) -> str:
    return ", ".join(_("“%(title)s”") % {"title": objective.title} for objective in objectives)


def _alignment_summary(alignment) -> str:
    """One sentence naming the gaps and the overlaps, the two things the alignment is for."""
    values = {
        "gaps": _titles(alignment.gaps),
        "overlaps": _titles(alignment.overlaps),
        "threshold": alignment.threshold,
    }
    if alignment.gaps and alignment.overlaps:
        text = _(
            "No activity serves %(gaps)s yet; %(threshold)s or more organisations work on "
            "%(overlaps)s, worth a conversation about whether their offers reinforce or "
            "duplicate each other."
        )
    elif alignment.gaps:
        text = _(
            "No activity serves %(gaps)s yet; no objective has %(threshold)s or more "
            "organisations working on it."
        )
    elif alignment.overlaps:
        text = _(
            "Every objective is served by at least one activity; %(threshold)s or more "
            "organisations work on %(overlaps)s, worth a conversation about whether their "
            "offers reinforce or duplicate each other."
        )
    else:
        text = _(
            "Every objective is served by at least one activity, and none has %(threshold)s or "
            "more organisations working on it."
        )
    return text % values


def _alignment_lines(alignment) -> tuple[AlignmentGoalLines, ...]:
    goals = []
    for goal in alignment.goals:
        lines = []
        for column in goal.columns:
            if column.is_gap:
                remark, tone = _("Gap: no activity"), "gap"
            elif column.is_overlap:
                remark = ngettext(
                    "Overlap: %(count)s organisation",
                    "Overlap: %(count)s organisations",
                    column.organisations,
                ) % {"count": column.organisations}
                tone = "overlap"
            else:
                remark, tone = "", ""
            lines.append(
                AlignmentLine(
                    objective=column.objective.title,
                    organisations=column.organisations,
                    activities=column.total,
                    remark=remark,
                    tone=tone,
                )
            )
        goals.append(AlignmentGoalLines(title=goal.goal.title, lines=tuple(lines)))
    return tuple(goals)


def _activities_chapter(*, viewer, initiative: Initiative) -> ActivitiesChapter:
    """The activities summed up per partner and the alignment view by objective, in five
    queries however many activities there are."""
    # The objectives of each activity are not shown: the alignment counts them already.
    activities = coordination_selectors.activity_list(
        viewer=viewer, initiative=initiative
    ).prefetch_related(None)
    by_organisation: dict[int, list[Activity]] = {}
    for activity in activities:
        by_organisation.setdefault(activity.organisation_id, []).append(activity)
    partners = tuple(
        PartnerActivities(
            name=group[0].organisation.name,
            sector=str(group[0].organisation.get_sector_display()),
            activity_count=len(group),
            people_total=sum(activity.people_total for activity in group),
            titles=" · ".join(activity.title for activity in group),
        )
        for group in by_organisation.values()
    )
    alignment = (
        coordination_selectors.alignment_get(viewer=viewer, initiative=initiative)
        if partners
        else None
    )
    return ActivitiesChapter(
        activity_count=sum(partner.activity_count for partner in partners),
        organisation_count=len(partners),
        people_total=sum(partner.people_total for partner in partners),
        alignment=_alignment_lines(alignment) if alignment else (),
        alignment_summary=_alignment_summary(alignment) if alignment and alignment.columns else "",
        partners=partners,
    )


def _focus_group_state(group, facts) -> tuple[str, str, str]:
    """(state, note, tone) of a group: dissolved, its practice's outcome, or what its step
    still waits for (in the cockpit's words)."""
    from focusgroups.stages import waiting_for

    if not group.is_active:
        state = _("dissolved on %(date)s") % {"date": _date(timezone.localdate(group.dissolved_at))}
        return state, group.dissolved_reason, "dissolved"
    if group.outcome:
        state = _("%(outcome)s since %(date)s") % {
            "outcome": group.get_outcome_display(),
            "date": _date(group.outcome_date),
        }
        return state, group.outcome_where, "done"
    text, tone = waiting_for(group, facts[group.pk])
    return text, "", tone


def _focus_groups_chapter(*, viewer, initiative: Initiative, membership) -> FocusGroupsChapter:
    """The groups the viewer may see, active ones first, each by name, with its step and what
    that step waits for; the gates' facts of all groups come in one batch."""
    from focusgroups import permissions as focus_permissions
    from focusgroups import selectors as focus_selectors
    from focusgroups.models import FocusGroup, FocusGroupMember, Stage

    groups = FocusGroup.objects.filter(initiative=initiative)
    if not focus_permissions.can_view_all_focus_groups(membership):
        # Participants see the groups they belong to (a subquery keeps the member count whole).
        groups = groups.filter(
            pk__in=FocusGroupMember.objects.filter(user=viewer).values("group_id")
        )
    # Active groups first (a stable sort keeps the names in order), then the dissolved ones.
    groups = sorted(
        groups.annotate(member_count=Count("members")).order_by("name", "pk"),
        key=lambda group: not group.is_active,
    )
    facts = focus_selectors.group_facts_for_groups(
        groups=[group for group in groups if group.is_active and not group.outcome]
    )
    lines = []
    for group in groups:
        state, note, tone = _focus_group_state(group, facts)
        lines.append(
            FocusGroupLine(
                name=group.name,
                step=group.stage,
                step_title=str(Stage(group.stage).label),
                state=state,
                note=note,
                tone=tone,
                member_count=group.member_count,
                is_active=group.is_active,
            )
        )
    return FocusGroupsChapter(groups=tuple(lines))


# --- Indicator report for one period ---------------------------------------------------------


@dataclass(frozen=True)
class PeriodValueRow:
    """One expected value: an organisation (None: the backbone office) and what it reported."""

    organisation: Organisation | None
    submission: Submission | None
    state: str
    state_label: str

    @property
    def is_missing(self) -> bool:
        return self.submission is None


@dataclass(frozen=True)
class PeriodIndicator:
    indicator: Indicator
    combined: impact_selectors.PeriodProgress | None
    rows: tuple[PeriodValueRow, ...]

    @property
    def missing(self) -> tuple[PeriodValueRow, ...]:
        return tuple(row for row in self.rows if row.is_missing)


@dataclass(frozen=True)
class PeriodReport:
    """Everything the indicator report for one period shows."""

    cover: Cover
    period: ReportingPeriod
    due_date: datetime.date
    sees_review: bool
    indicators: tuple[PeriodIndicator, ...]
    sections: tuple[str, ...] = field(default=())

    @property
    def kind(self) -> str:
        return ReportRun.Kind.PERIOD

    @property
    def expected(self) -> int:
        return sum(len(item.rows) for item in self.indicators)

    @property
    def missing(self) -> int:
        return sum(len(item.missing) for item in self.indicators)

    @property
    def approved(self) -> int:
        return sum(
            1
            for item in self.indicators
            for row in item.rows
            if row.state == Submission.Status.APPROVED
        )


def period_report_get(
    *, viewer, initiative: Initiative, period_id: int | None, today: datetime.date | None = None
) -> PeriodReport:
    """For one period: per indicator what each expected organisation reported (as far as the
    viewer may see it), the review status, and what is missing.

    Raises ReportUnavailable for viewers who may not generate reports and for a period that
    does not belong to the initiative.
    """
    membership = _reader(viewer, initiative)
    period = (
        ReportingPeriod.objects.filter(pk=period_id, initiative=initiative).first()
        if period_id
        else None
    )
    if period is None:
        raise ReportUnavailable(ReportRun.Error.INVALID)
    today = today or timezone.localdate()
    due_days = impact_selectors.measurement_settings_get(initiative=initiative).due_days
    indicators = list(
        impact_selectors.indicator_list(initiative=initiative, viewer=viewer).filter(
            frequency=period.frequency
        )
    )
    combined = {}
    for item in impact_selectors.indicator_progress_list(
        viewer=viewer, initiative=initiative, today=today
    ):
        for row in item.periods:
            if row.period_id == period.pk:
                combined[item.indicator.pk] = row
    chosen: dict[tuple[int, int | None], Submission] = {}
    for submission in impact_selectors.submission_list(
        viewer=viewer, initiative=initiative, period=period
    ):
        key = (submission.indicator_id, submission.organisation_id)
        # The approved value counts for the initiative; a correction in progress does not.
        if key not in chosen or submission.status == Submission.Status.APPROVED:
            chosen[key] = submission
    sees_review = impact_permissions.can_review_submissions(membership)
    missing_label = _("Missing") if sees_review else _("No approved value yet")
    items = []
    for indicator in indicators:
        expected = (
            [None] if indicator.is_population else list(indicator.reporting_organisations.all())
        )
        rows = []
        for organisation in sorted(expected, key=lambda org: name_key(org.name if org else "")):
            submission = chosen.get((indicator.pk, organisation.pk if organisation else None))
            if submission is None:
                rows.append(PeriodValueRow(organisation, None, "missing", missing_label))
            else:
                rows.append(
                    PeriodValueRow(
                        organisation,
                        submission,
                        submission.status,
                        str(submission.get_status_display()),
                    )
                )
        items.append(
            PeriodIndicator(
                indicator=indicator, combined=combined.get(indicator.pk), rows=tuple(rows)
            )
        )
    return PeriodReport(
        cover=_cover(
            initiative=initiative,
            title=_("Indicator report"),
            subtitle=_("Reporting period %(period)s (%(start)s to %(end)s)")
            % {"period": period.label, "start": _date(period.start), "end": _date(period.end)},
            viewer=viewer,
            membership=membership,
        ),
        period=period,
        due_date=period.end + datetime.timedelta(days=due_days),
        sees_review=sees_review,
        indicators=tuple(items),
    )


# --- Contribution report of one partner organisation ------------------------------------------


@dataclass(frozen=True)
class PeopleBreakdown:
    """People reached by one organisation's activities, summed per category of a dimension."""

    dimension: str
    rows: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class PartnerIndicator:
    indicator: Indicator
    submissions: tuple[Submission, ...]


@dataclass(frozen=True)
class PartnerReport:
    """Everything the contribution report of one partner organisation shows."""

    cover: Cover
    organisation: Organisation
    activities: tuple[Activity, ...]
    log_count: int
    people_total: int
    breakdowns: tuple[PeopleBreakdown, ...]
    indicators: tuple[PartnerIndicator, ...]
    sections: tuple[str, ...] = field(default=())

    @property
    def kind(self) -> str:
        return ReportRun.Kind.PARTNER


# Values in the contribution report: those handed in to the backbone office.
PARTNER_REPORT_STATUSES = (Submission.Status.SUBMITTED, Submission.Status.APPROVED)


def partner_organisation_choices(*, viewer, initiative: Initiative) -> QuerySet[Organisation]:
    """The organisations whose contribution report the viewer may generate."""
    membership = membership_get(user=viewer, initiative=initiative)
    organisations = Organisation.objects.filter(initiative=initiative).order_by("name")
    if not permissions.can_generate_report(membership):
        return organisations.none()
    if membership.role == Role.PARTNER:
        return organisations.filter(pk=membership.organisation_id)
    return organisations


def partner_report_get(
    *, viewer, initiative: Initiative, organisation_id: int | None
) -> PartnerReport:
    """One partner organisation's activities (objectives, kind of contribution, output
    totals), the people reached summed per breakdown category, and its submitted and
    approved values per indicator and period, as far as the viewer may see them.

    Raises ReportUnavailable for viewers who may not generate reports or not about this
    organisation, and for an organisation that is not a partner of the initiative.
    """
    membership = _reader(viewer, initiative)
    organisation = (
        Organisation.objects.filter(pk=organisation_id, initiative=initiative).first()
        if organisation_id
        else None
    )
    if organisation is None:
        raise ReportUnavailable(ReportRun.Error.INVALID)
    if not permissions.can_report_on_organisation(membership, organisation.pk):
        raise ReportUnavailable(ReportRun.Error.FORBIDDEN)

    activities: tuple[Activity, ...] = ()
    breakdowns: list[PeopleBreakdown] = []
    if coordination_permissions.can_view_activities(membership):
        activities = tuple(
            coordination_selectors.activity_list(
                viewer=viewer, initiative=initiative, organisation=organisation.pk
            )
        )
        totals = dict(
            OutputBreakdown.objects.filter(
                log__activity__initiative=initiative, log__activity__organisation=organisation
            )
            .values("category_id")
            .annotate(total=Sum("value"))
            .values_list("category_id", "total")
        )
        for dimension in coordination_selectors.dimension_list(initiative=initiative):
            rows = tuple(
                (category.label, totals[category.pk])
                for category in dimension.categories.all()
                if totals.get(category.pk)
            )
            if rows:
                breakdowns.append(PeopleBreakdown(dimension=dimension.name, rows=rows))

    grouped: dict[int, list[Submission]] = defaultdict(list)
    indicators: dict[int, Indicator] = {}
    for submission in (
        impact_selectors.submission_list(
            viewer=viewer, initiative=initiative, organisation=organisation
        )
        .filter(status__in=PARTNER_REPORT_STATUSES)
        .order_by(*impact_selectors.EXPORT_ORDER)
    ):
        indicators.setdefault(submission.indicator_id, submission.indicator)
        grouped[submission.indicator_id].append(submission)

    return PartnerReport(
        cover=_cover(
            initiative=initiative,
            title=_("Contribution report"),
            subtitle=organisation.name,
            viewer=viewer,
            membership=membership,
        ),
        organisation=organisation,
        activities=activities,
        log_count=sum(activity.log_count for activity in activities),
        people_total=sum(activity.people_total for activity in activities),
        breakdowns=tuple(breakdowns),
        indicators=tuple(
            PartnerIndicator(indicator=indicator, submissions=tuple(grouped[pk]))
            for pk, indicator in indicators.items()
        ),
    )


# --- Meeting record ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingReport:
    """The record of one meeting: when and where, the agenda items in order with their notes,
    decisions and action items (who, by when, status), and every action item agreed at it."""

    cover: Cover
    meeting: Meeting
    items: tuple[AgendaItem, ...]
    action_items: tuple[ActionItem, ...]
    sections: tuple[str, ...] = field(default=())

    @property
    def kind(self) -> str:
        return ReportRun.Kind.MEETING

    @property
    def decision_count(self) -> int:
        return sum(len(item.decisions.all()) for item in self.items)


def meeting_report_get(*, viewer, initiative: Initiative, meeting_id: int | None) -> MeetingReport:
    """The meeting record as `viewer` sees it on the meeting page, in a fixed number of queries.

    Raises ReportUnavailable for viewers who may not generate reports or see meetings, and for
    a meeting that is not one of the initiative's.
    """
    membership = _reader(viewer, initiative)
    meeting = (
        coordination_selectors.meeting_get(viewer=viewer, initiative=initiative, pk=meeting_id)
        if meeting_id
        else None
    )
    if meeting is None:
        raise ReportUnavailable(
            ReportRun.Error.INVALID
            if coordination_permissions.can_view_meetings(membership)
            else ReportRun.Error.FORBIDDEN
        )
    items = tuple(meeting.agenda_items.all())
    cover = _cover(
        initiative=initiative,
        title=_("Meeting record"),
        subtitle=meeting.title,
        viewer=viewer,
        membership=membership,
    )
    return MeetingReport(
        # The record holds no values: it is the same for every member who sees meetings.
        cover=replace(
            cover, audience_note=_("The record as every member of the initiative sees it.")
        ),
        meeting=meeting,
        items=items,
        action_items=tuple(action for item in items for action in item.action_items.all()),
    )


def report_context_get(*, viewer, run: ReportRun, today: datetime.date | None = None):
    """The context of `run`'s report as its requester sees it now."""
    if run.kind == ReportRun.Kind.GUIDE:
        return guide_report_get(
            viewer=viewer, initiative=run.initiative, group_id=run.focus_group_param_id
        )
    if run.kind == ReportRun.Kind.PARTNER:
        return partner_report_get(
            viewer=viewer, initiative=run.initiative, organisation_id=run.organisation_param_id
        )
    if run.kind == ReportRun.Kind.MEETING:
        return meeting_report_get(
            viewer=viewer, initiative=run.initiative, meeting_id=run.meeting_id
        )
    if run.kind == ReportRun.Kind.PERIOD:
        return period_report_get(
            viewer=viewer, initiative=run.initiative, period_id=run.period_id, today=today
        )
    return progress_report_get(
        viewer=viewer, initiative=run.initiative, sections=run.sections, today=today
    )


# --- The guide (Leitfaden) of a focus group ----------------------------------------------------


@dataclass(frozen=True)
class GuideChapter:
    """One section of the guide as the group wrote it (plain text, paragraphs by empty lines)."""

    key: str
    title: str
    text: str


@dataclass(frozen=True)
class GuidePrototype:
    """A tested prototype with its criteria: target against result, reached or not."""

    title: str
    concept: str
    test_date: datetime.date | None
    place: str
    previous: str | None
    criteria: tuple  # SuccessCriterion rows

    @property
    def measured(self) -> int:
        return sum(1 for criterion in self.criteria if criterion.is_met is not None)

    @property
    def met(self) -> int:
        return sum(1 for criterion in self.criteria if criterion.is_met)


@dataclass(frozen=True)
class GuideReport:
    """Everything the guide PDF shows: the group's own text, then the figures behind it."""

    cover: Cover
    group: object  # focusgroups.models.FocusGroup
    is_final: bool
    finalised_at: datetime.datetime | None
    chapters: tuple[GuideChapter, ...]
    barriers: tuple  # focusgroups.selectors.RankedBarrier, most dots first
    prototypes: tuple[GuidePrototype, ...]
    objectives: tuple
    indicators: tuple
    perspectives: tuple[str, ...]
    organisations: tuple[str, ...]
    participant_count: int
    sections: tuple[str, ...] = field(default=())

    @property
    def kind(self) -> str:
        return ReportRun.Kind.GUIDE

    @property
    def criteria_measured(self) -> int:
        return sum(prototype.measured for prototype in self.prototypes)

    @property
    def criteria_met(self) -> int:
        return sum(prototype.met for prototype in self.prototypes)


def guide_group_get(*, viewer, initiative: Initiative, group_id):
    """The focus group `group_id` of `initiative` if the viewer may see it, else None."""
    from focusgroups import permissions as focus_permissions
    from focusgroups.models import FocusGroup

    membership = membership_get(user=viewer, initiative=initiative)
    group = FocusGroup.objects.filter(initiative=initiative, pk=group_id).first()
    if group is None or membership is None:
        return None
    is_member = group.members.filter(user=viewer).exists()
    if not focus_permissions.can_view_focus_group(membership, is_member=is_member):
        return None
    group.initiative = initiative
    return group


def guide_report_get(*, viewer, initiative: Initiative, group_id: int | None) -> GuideReport:
    """The guide of one focus group as its members wrote it, with the prioritised barriers
    and the test results against the criteria read live from the group's work.

    Raises ReportUnavailable for viewers who may not generate reports or not see the group,
    and for a group that is gone or has no guide.
    """
    from focusgroups import selectors as focus_selectors
    from focusgroups.models import FocusGroup, Guide
    from focusgroups.stages import diversity, membership_perspective

    membership = _reader(viewer, initiative)
    if not FocusGroup.objects.filter(initiative=initiative, pk=group_id or 0).exists():
        raise ReportUnavailable(ReportRun.Error.INVALID)
    group = guide_group_get(viewer=viewer, initiative=initiative, group_id=group_id)
    if group is None:
        raise ReportUnavailable(ReportRun.Error.FORBIDDEN)
    guide = Guide.objects.filter(group=group).first()
    if guide is None:
        raise ReportUnavailable(ReportRun.Error.INVALID)
    source = focus_selectors.guide_source_get(group=group)
    memberships = list(
        initiative.memberships.filter(user__focus_group_memberships__group=group).select_related(
            "organisation"
        )
    )
    present = diversity(membership_perspective(m) for m in memberships)
    subtitle = group.name if guide.is_final else _("%(name)s (draft)") % {"name": group.name}
    return GuideReport(
        cover=_cover(
            initiative=initiative,
            title=_("Good-practice guide"),
            subtitle=subtitle,
            viewer=viewer,
            membership=membership,
        ),
        group=group,
        is_final=guide.is_final,
        finalised_at=guide.finalised_at,
        chapters=tuple(
            GuideChapter(key=name, title=title, text=text)
            for name, title, text in guide.section_list()
        ),
        barriers=tuple(source.barriers[:10]),
        prototypes=tuple(
            GuidePrototype(
                title=prototype.title,
                concept=prototype.concept.title,
                test_date=prototype.test_date,
                place=prototype.place,
                previous=prototype.previous.title if prototype.previous_id else None,
                criteria=tuple(prototype.criteria.all()),
            )
            for prototype in source.prototypes
        ),
        objectives=tuple(source.objectives),
        indicators=tuple(source.indicators),
        perspectives=tuple(str(label) for label in present.present_labels),
        organisations=tuple(
            sorted({m.organisation.name for m in memberships if m.organisation_id}, key=name_key)
        ),
        participant_count=sum(1 for m in memberships if m.role == Role.PARTICIPANT),
    )
