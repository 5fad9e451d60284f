"""Reads of the impact app, scoped to the viewer: each returns only what the viewer may see.

Progress (`indicator_progress_list`, `indicator_progress_get`) is computed from approved values
only, by the pure functions of `impact.progress`, with a fixed number of queries however many
indicators, periods and values there are.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db import models
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from impact import permissions, progress
from impact.models import (
    Breakdown,
    Category,
    Dimension,
    Goal,
    Indicator,
    MeasurementSettings,
    Objective,
    PeriodTarget,
    ReflectionNote,
    ReportingPeriod,
    Submission,
    SubmissionEvent,
)
from initiatives.models import Initiative, Organisation, Role
from initiatives.permissions import membership_get

Status = Submission.Status


def _membership(viewer, initiative: Initiative):
    return membership_get(user=viewer, initiative=initiative)


def measurement_settings_get(*, initiative: Initiative) -> MeasurementSettings:
    """The initiative's settings; the defaults (unsaved) while none have been stored."""
    settings = MeasurementSettings.objects.filter(initiative=initiative).first()
    return settings or MeasurementSettings(initiative=initiative)


def _indicator_queryset() -> QuerySet[Indicator]:
    return Indicator.objects.select_related("objective__goal__initiative").prefetch_related(
        "reporting_organisations",
        Prefetch(
            "dimensions",
            queryset=Dimension.objects.order_by("order", "pk").prefetch_related("categories"),
        ),
    )


def goal_list(*, initiative: Initiative, viewer) -> QuerySet[Goal]:
    """The results framework: goals with their objectives and indicators (with reporting
    organisations, dimensions and categories), in order."""
    if not permissions.can_view_framework(_membership(viewer, initiative)):
        return Goal.objects.none()
    return Goal.objects.filter(initiative=initiative).prefetch_related(
        Prefetch(
            "objectives",
            queryset=Objective.objects.prefetch_related(
                Prefetch("indicators", queryset=_indicator_queryset())
            ),
        )
    )


def indicator_list(
    *, initiative: Initiative, viewer, scope: str | None = None
) -> QuerySet[Indicator]:
    """All indicators of the initiative in framework order."""
    if not permissions.can_view_framework(_membership(viewer, initiative)):
        return Indicator.objects.none()
    qs = _indicator_queryset().filter(objective__goal__initiative=initiative)
    if scope:
        qs = qs.filter(scope=scope)
    return qs.order_by("objective__goal__order", "objective__order", "order", "pk")


def dimension_list(*, initiative: Initiative, viewer) -> QuerySet[Dimension]:
    if not permissions.can_view_framework(_membership(viewer, initiative)):
        return Dimension.objects.none()
    return Dimension.objects.filter(initiative=initiative).prefetch_related("categories")


def reporting_period_list(
    *, initiative: Initiative, viewer, frequency: str | None = None
) -> QuerySet[ReportingPeriod]:
    if not permissions.can_view_framework(_membership(viewer, initiative)):
        return ReportingPeriod.objects.none()
    qs = ReportingPeriod.objects.filter(initiative=initiative).select_related("locked_by")
    if frequency:
        qs = qs.filter(frequency=frequency)
    return qs.order_by("frequency", "start")


def period_target_map(*, indicator: Indicator) -> dict[datetime.date, Decimal]:
    """{first day of period: target} for an indicator with a target per period."""
    return dict(indicator.period_targets.values_list("period_start", "value"))


# --- Reported values -----------------------------------------------------------------------


def submission_list(
    *,
    viewer,
    initiative: Initiative,
    indicator: Indicator | None = None,
    period: ReportingPeriod | None = None,
    organisation: Organisation | None = None,
    status: str | None = None,
    include_superseded: bool = False,
) -> QuerySet[Submission]:
    """The reported values the viewer may see (see `impact.permissions`).

    Without `include_superseded`, corrected revisions are left out: a key then shows its
    approved value and, to those who may see it, a correction in progress.
    """
    membership = _membership(viewer, initiative)
    qs = Submission.objects.filter(period__initiative=initiative).filter(
        permissions.submission_visibility(membership)
    )
    if not include_superseded:
        qs = qs.exclude(status=Status.SUPERSEDED)
    if indicator is not None:
        qs = qs.filter(indicator=indicator)
    if period is not None:
        qs = qs.filter(period=period)
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related(
        "indicator", "period", "organisation", "submitted_by", "reviewed_by"
    ).prefetch_related(
        Prefetch(
            "breakdowns",
            queryset=Breakdown.objects.select_related("category__dimension").order_by(
                "category__dimension__order", "category__order", "category_id"
            ),
        )
    )


def submission_list_for_review(*, viewer, initiative: Initiative) -> QuerySet[Submission]:
    """Values waiting for review, oldest first: for the backbone office only."""
    if not permissions.can_review_submissions(_membership(viewer, initiative)):
        return Submission.objects.none()
    return submission_list(viewer=viewer, initiative=initiative, status=Status.SUBMITTED).order_by(
        "submitted_at", "pk"
    )


def submission_history(*, viewer, submission: Submission) -> QuerySet[SubmissionEvent]:
    """Everything that happened to the value of this indicator, period and organisation,
    across all revisions, oldest first. Only for its organisation and the backbone office."""
    membership = _membership(viewer, submission.period.initiative)
    if not permissions.can_view_submission_history(membership, submission):
        return SubmissionEvent.objects.none()
    return (
        SubmissionEvent.objects.filter(
            submission__indicator_id=submission.indicator_id,
            submission__period_id=submission.period_id,
            submission__organisation_id=submission.organisation_id,
        )
        .select_related("actor", "submission")
        .order_by("created_at", "pk")
    )


# --- What is due -----------------------------------------------------------------------------


class TaskState(models.TextChoices):
    DUE = "due", _("Due")
    OVERDUE = "overdue", _("Overdue")
    DRAFT = "draft", _("Draft, not yet submitted")
    RETURNED = "returned", _("Returned for revision")
    SUBMITTED = "submitted", _("Waiting for review")
    APPROVED = "approved", _("Approved")


OPEN_STATES = frozenset({TaskState.DUE, TaskState.OVERDUE, TaskState.DRAFT, TaskState.RETURNED})


@dataclass(frozen=True)
class ReportingTask:
    """One value expected from one organisation (None: the backbone office) for one period."""

    indicator: Indicator
    period: ReportingPeriod
    organisation: Organisation | None
    state: str
    due_date: datetime.date
    is_overdue: bool
    submission: Submission | None
    correction_in_progress: bool = False


def reporting_task_list(
    *,
    viewer,
    initiative: Initiative,
    today: datetime.date | None = None,
    open_only: bool = False,
    organisation: Organisation | None = None,
) -> list[ReportingTask]:
    """What is due, overdue, returned, waiting or done, for every period that has started.

    A partner member sees the tasks of their own organisation; the backbone office sees every
    expected organisation's tasks and its own (population indicators), optionally for one
    `organisation`. A value is due until `due_days` after the end of its period, then overdue
    while it has not been submitted. Report viewers and participants have no tasks.
    """
    membership = _membership(viewer, initiative)
    if not permissions.can_enter_any_value(membership):
        return []
    today = today or timezone.localdate()
    due_days = measurement_settings_get(initiative=initiative).due_days
    indicators = list(indicator_list(initiative=initiative, viewer=viewer))
    periods = defaultdict(list)
    for period in ReportingPeriod.objects.filter(initiative=initiative, start__lte=today):
        periods[period.frequency].append(period)
    keys: list[tuple[Indicator, Organisation | None]] = []
    for indicator in indicators:
        if indicator.is_population:
            if membership.role == Role.COORDINATOR and organisation is None:
                keys.append((indicator, None))
            continue
        for org in indicator.reporting_organisations.all():
            own = membership.role == Role.PARTNER and org.pk == membership.organisation_id
            chosen = membership.role == Role.COORDINATOR and organisation in (None, org)
            if own or chosen:
                keys.append((indicator, org))
    current, approved = {}, set()
    for sub in Submission.objects.filter(
        period__initiative=initiative, indicator__in=[i.pk for i in indicators]
    ).filter(Q(is_current=True) | Q(status=Status.APPROVED)):
        key = (sub.indicator_id, sub.period_id, sub.organisation_id)
        if sub.status == Status.APPROVED:
            approved.add(key)
        if sub.is_current:
            current[key] = sub
    tasks = []
    for indicator, org in keys:
        for period in periods[indicator.frequency]:
            key = (indicator.pk, period.pk, org.pk if org else None)
            head = current.get(key)
            due_date = period.end + datetime.timedelta(days=due_days)
            if key in approved:
                state = TaskState.APPROVED
            elif head is None:
                state = TaskState.OVERDUE if due_date < today else TaskState.DUE
            else:
                state = TaskState(head.status)
            if open_only and state not in OPEN_STATES:
                continue
            if head is not None:
                head.indicator, head.period, head.organisation = indicator, period, org
            tasks.append(
                ReportingTask(
                    indicator=indicator,
                    period=period,
                    organisation=org,
                    state=state,
                    due_date=due_date,
                    is_overdue=state in {TaskState.OVERDUE, TaskState.DRAFT} and due_date < today,
                    submission=head,
                    correction_in_progress=key in approved
                    and head is not None
                    and head.status != Status.APPROVED,
                )
            )
    tasks.sort(key=lambda t: (t.due_date, t.organisation.name if t.organisation else ""))
    return tasks


# --- Progress ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodProgress:
    """One period of an indicator: approved values combined, target and status.

    `reported` of `expected` organisations have an approved value (for population indicators
    the backbone office is the one expected). `breakdown` maps category ids to the partners'
    combined approved values of that category.
    """

    start: datetime.date
    end: datetime.date
    label: str
    period_id: int | None
    is_locked: bool
    is_future: bool
    actual: progress.Figure | None
    actual_to_date: progress.Figure | None
    target: Decimal | None
    target_to_date: Decimal | None
    achievement: Decimal | None
    status: str
    reported: int
    expected: int
    breakdown: dict[int, progress.Figure] = field(default_factory=dict)


@dataclass(frozen=True)
class IndicatorProgress:
    """An indicator's progress: the headline status is that of the latest period with an
    approved value (`latest`); `thresholds` is the rule to show next to it."""

    indicator: Indicator
    periods: tuple[PeriodProgress, ...]
    latest: PeriodProgress | None
    status: str
    achievement: Decimal | None
    thresholds: progress.Thresholds
    baseline_value: Decimal | None
    target_date: datetime.date | None

    @property
    def current(self) -> PeriodProgress | None:
        """The period that contains today (the last one that has started)."""
        started = [p for p in self.periods if not p.is_future]
        return started[-1] if started else None


def _reading(sub) -> progress.Reading:
    return progress.Reading(
        value=sub["value"],
        numerator=sub["numerator"],
        denominator=sub["denominator"],
        reported_at=sub["submitted_at"],
    )


def _progress(
    indicators: list[Indicator],
    *,
    initiative: Initiative,
    today: datetime.date,
    organisation: Organisation | None = None,
) -> list[IndicatorProgress]:
    settings = measurement_settings_get(initiative=initiative)
    thresholds = settings.thresholds
    ids = [indicator.pk for indicator in indicators]
    period_rows = {
        (period.frequency, progress.unit_start(period.start, period.frequency)): period
        for period in ReportingPeriod.objects.filter(initiative=initiative)
    }
    period_units = {period.pk: unit for (_frequency, unit), period in period_rows.items()}
    approved_qs = Submission.objects.filter(indicator__in=ids, status=Status.APPROVED)
    breakdown_qs = Breakdown.objects.filter(
        submission__indicator__in=ids, submission__status=Status.APPROVED
    )
    if organisation is not None:
        approved_qs = approved_qs.filter(organisation=organisation)
        breakdown_qs = breakdown_qs.filter(submission__organisation=organisation)
    approved = list(
        approved_qs.values(
            "pk",
            "indicator_id",
            "period_id",
            "organisation_id",
            "value",
            "numerator",
            "denominator",
            "submitted_at",
        )
    )
    parts = defaultdict(list)
    for row in breakdown_qs.values(
        "submission_id", "category_id", "value", "numerator", "denominator"
    ):
        parts[row["submission_id"]].append(row)
    by_indicator_unit = defaultdict(list)
    for sub in approved:
        unit = period_units.get(sub["period_id"])
        if unit is not None:
            by_indicator_unit[(sub["indicator_id"], unit)].append(sub)
    targets = defaultdict(dict)
    for target in PeriodTarget.objects.filter(indicator__in=ids):
        targets[target.indicator_id][target.period_start] = target.value

    results = []
    for indicator in indicators:
        frequency = indicator.frequency
        spans = progress.reporting_periods(
            start=initiative.start_date,
            planned_end=initiative.planned_end_date,
            today=today,
            frequency=frequency,
        )
        expected_orgs = {org.pk for org in indicator.reporting_organisations.all()}
        if organisation is not None:
            expected_orgs &= {organisation.pk}
        expected = 1 if indicator.is_population else len(expected_orgs)
        figures, reported, breakdowns = [], [], []
        for span in spans:
            subs = by_indicator_unit.get((indicator.pk, progress.unit_start(span.start, frequency)))
            subs = subs or []
            figures.append(
                progress.combine_partners(
                    [_reading(s) for s in subs],
                    kind=indicator.kind,
                    aggregation=indicator.partner_aggregation,
                )
            )
            if indicator.is_population:
                reported.append(1 if subs else 0)
            else:
                reported.append(len({s["organisation_id"] for s in subs} & expected_orgs))
            per_category = defaultdict(list)
            for sub in subs:
                for part in parts.get(sub["pk"], ()):
                    per_category[part["category_id"]].append(
                        _reading({**part, "submitted_at": sub["submitted_at"]})
                    )
            breakdowns.append(
                {
                    category_id: progress.combine_partners(
                        readings, kind=indicator.kind, aggregation=indicator.partner_aggregation
                    )
                    for category_id, readings in per_category.items()
                }
            )
        span_targets = progress.period_targets(
            spans=spans,
            kind=indicator.kind,
            period_aggregation=indicator.period_aggregation,
            target_mode=indicator.target_mode,
            final_target=indicator.final_target,
            start=initiative.start_date,
            target_date=indicator.final_target_date or initiative.planned_end_date,
            baseline=indicator.baseline_value,
            per_period=targets.get(indicator.pk, {}),
        )
        evaluation = progress.evaluate(
            spans=spans,
            figures=figures,
            targets=span_targets,
            kind=indicator.kind,
            direction=indicator.direction,
            period_aggregation=indicator.period_aggregation,
            baseline=indicator.baseline_value,
            thresholds=thresholds,
        )
        periods = []
        latest = None
        for row, count, breakdown in zip(evaluation.rows, reported, breakdowns, strict=True):
            period = period_rows.get((frequency, progress.unit_start(row.span.start, frequency)))
            item = PeriodProgress(
                start=row.span.start,
                end=row.span.end,
                label=progress.period_label(row.span, frequency),
                period_id=period.pk if period else None,
                is_locked=bool(period and period.is_locked),
                is_future=row.span.start > today,
                actual=row.actual,
                actual_to_date=row.actual_to_date,
                target=row.target,
                target_to_date=row.target_to_date,
                achievement=row.achievement,
                status=row.status,
                reported=count,
                expected=expected,
                breakdown=breakdown,
            )
            periods.append(item)
            if row is evaluation.latest:
                latest = item
        results.append(
            IndicatorProgress(
                indicator=indicator,
                periods=tuple(periods),
                latest=latest,
                status=evaluation.status,
                achievement=latest.achievement if latest else None,
                thresholds=thresholds,
                baseline_value=indicator.baseline_value,
                target_date=indicator.final_target_date or initiative.planned_end_date,
            )
        )
    return results


def indicator_progress_list(
    *,
    viewer,
    initiative: Initiative,
    today: datetime.date | None = None,
    organisation: Organisation | None = None,
) -> list[IndicatorProgress]:
    """Progress of every indicator of the initiative, in framework order, from approved values
    only. Empty for people who may not see the framework.

    With `organisation`: only the performance measures that organisation reports on, from its
    own approved values (it is then the one organisation expected).
    """
    indicators = list(indicator_list(initiative=initiative, viewer=viewer))
    if organisation is not None:
        indicators = [
            indicator
            for indicator in indicators
            if not indicator.is_population
            and any(org.pk == organisation.pk for org in indicator.reporting_organisations.all())
        ]
    if not indicators:
        return []
    return _progress(
        indicators,
        initiative=initiative,
        today=today or timezone.localdate(),
        organisation=organisation,
    )


def progress_as_of(item: IndicatorProgress, day: datetime.date) -> IndicatorProgress:
    """The indicator's progress as it stood at the end of `day`: the headline is the latest
    period ending by then that has an approved value (values reported later for those periods
    count, as the figures are about the periods, not about when they were entered)."""
    latest = None
    for period in item.periods:
        if period.end <= day and period.actual is not None and period.actual.value is not None:
            latest = period
    return replace(
        item,
        latest=latest,
        status=latest.status if latest else progress.Status.NO_DATA,
        achievement=latest.achievement if latest else None,
    )


def indicator_progress_get(
    *, viewer, indicator: Indicator, today: datetime.date | None = None
) -> IndicatorProgress | None:
    """Progress of one indicator; None for people who may not see the framework."""
    initiative = indicator.initiative
    if not permissions.can_view_framework(_membership(viewer, initiative)):
        return None
    indicator = _indicator_queryset().get(pk=indicator.pk)
    return _progress([indicator], initiative=initiative, today=today or timezone.localdate())[0]


def category_labels(*, indicator: Indicator) -> dict[int, Category]:
    """The indicator's breakdown categories by id, for labelling `PeriodProgress.breakdown`."""
    return {
        category.pk: category
        for dimension in indicator.dimensions.all()
        for category in dimension.categories.all()
    }


# --- Reflection ----------------------------------------------------------------------------


def reflection_note_list(
    *, viewer, indicator: Indicator, period: ReportingPeriod | None = None
) -> QuerySet[ReflectionNote]:
    """The indicator's reflection notes, newest period first, for readers of the framework;
    optionally those of one period."""
    if not permissions.can_view_framework(_membership(viewer, indicator.initiative)):
        return ReflectionNote.objects.none()
    qs = ReflectionNote.objects.filter(indicator=indicator)
    if period is not None:
        qs = qs.filter(period=period)
    return qs.select_related("author", "organisation", "period").order_by(
        "-period__start", "-created_at", "-pk"
    )
