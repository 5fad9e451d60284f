"""Reads of the impact app, scoped to the viewer: each returns only what the viewer may see.

Progress (`indicator_progress_list`, `indicator_progress_get`) is computed from approved values
only, by the pure functions of `impact.progress`, with a fixed number of queries however many
indicators, periods and values there are.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.sorting import name_key
from impact import permissions, progress
from impact.models import (
    VALUE_DECIMALS,
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


def indicator_queryset(*, with_dimensions: bool = True) -> QuerySet[Indicator]:
    """All indicators, unscoped, with their initiative, reporting organisations and (unless
    `with_dimensions` is False) dimensions with categories: the base of the reads of
    indicators; callers filter it to what the viewer may see."""
    qs = Indicator.objects.select_related("objective__goal__initiative")
    if not with_dimensions:
        return qs.prefetch_related("reporting_organisations")
    return qs.prefetch_related(
        "reporting_organisations",
        Prefetch(
            "dimensions",
            queryset=Dimension.objects.order_by("order", "pk").prefetch_related("categories"),
        ),
    )


def goal_list(*, initiative: Initiative, viewer, with_dimensions: bool = True) -> QuerySet[Goal]:
    """The results framework: goals with their objectives and indicators (with reporting
    organisations, dimensions and categories), in order. Without `with_dimensions` the
    indicators' dimensions and categories are not loaded, for pages that show no breakdowns."""
    if not permissions.can_view_framework(_membership(viewer, initiative)):
        return Goal.objects.none()
    indicators = indicator_queryset(with_dimensions=with_dimensions)
    return Goal.objects.filter(initiative=initiative).prefetch_related(
        Prefetch(
            "objectives",
            queryset=Objective.objects.prefetch_related(
                Prefetch("indicators", queryset=indicators)
            ),
        )
    )


def indicator_list(
    *, initiative: Initiative, viewer, scope: str | None = None
) -> QuerySet[Indicator]:
    """All indicators of the initiative in framework order."""
    if not permissions.can_view_framework(_membership(viewer, initiative)):
        return Indicator.objects.none()
    qs = indicator_queryset().filter(objective__goal__initiative=initiative)
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


EXPORT_ORDER = (
    "indicator__objective__goal__order",
    "indicator__objective__order",
    "indicator__order",
    "indicator_id",
    "period__start",
    "organisation__name",
    "revision",
    "pk",
)
_EXPORT_FIELDS = (
    "pk",
    "indicator_id",
    "period_id",
    "organisation__name",
    "value",
    "numerator",
    "denominator",
    "status",
    "revision",
    "submitted_at",
    "reviewed_at",
    "comment",
)
_PART_FIELDS = (
    "breakdowns__category_id",
    "breakdowns__value",
    "breakdowns__numerator",
    "breakdowns__denominator",
)


@dataclass(frozen=True)
class BreakdownPart:
    """One category of a reported value, read as plain values."""

    category_id: int
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None


def submission_export_values(
    *,
    viewer,
    initiative: Initiative,
    period: ReportingPeriod | None = None,
    goal: Goal | None = None,
) -> Iterator[dict]:
    """The reported values of `submission_list` as plain dicts in framework order (indicator,
    period, organisation, revision), each with its breakdown as `BreakdownPart`s under
    "breakdowns"; optionally of one period or one goal.

    One query joins the values with their breakdown rows and is read in chunks while the rows
    are consumed, so an export of every value streams without building model objects.
    """
    qs = submission_list(viewer=viewer, initiative=initiative, period=period)
    if goal is not None:
        qs = qs.filter(indicator__objective__goal=goal)
    rows = (
        qs.prefetch_related(None)
        .select_related(None)
        .order_by(*EXPORT_ORDER)
        .values_list(*_EXPORT_FIELDS, *_PART_FIELDS)
    )
    width = len(_EXPORT_FIELDS)
    current = None
    for row in rows.iterator(chunk_size=2000):
        if current is None or current["pk"] != row[0]:
            if current is not None:
                yield current
            current = dict(zip(_EXPORT_FIELDS, row[:width], strict=True))
            current["organisation"] = current.pop("organisation__name")
            current["breakdowns"] = []
        if row[width] is not None:
            current["breakdowns"].append(BreakdownPart(*row[width:]))
    if current is not None:
        yield current


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
    # Missing, a draft or returned in a period the backbone office has locked: nothing can be
    # entered or submitted there any more, so it is no open work (no reminder, not overdue).
    LOCKED = "locked", _("Period locked")


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
    own_only: bool = False,
) -> list[ReportingTask]:
    """What is due, overdue, returned, waiting or done, for every period that has started.

    A partner member sees the tasks of their own organisation; the backbone office sees every
    expected organisation's tasks and its own (population indicators), optionally for one
    `organisation`, or with `own_only` only its own. A value is due until `due_days` after the
    end of its period, then overdue while it has not been submitted; a returned value is
    overdue too once that day has passed. In a locked period a value that is missing, a draft
    or returned is `TaskState.LOCKED`, no open work: it can be neither entered nor submitted
    until the period is unlocked. Report viewers and participants have no tasks.

    Only the values of the organisations asked for are read, so a partner's list does not
    grow with the other partners' values.
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
    is_coordinator = membership.role == Role.COORDINATOR
    for indicator in indicators:
        if indicator.is_population:
            if is_coordinator and organisation is None:
                keys.append((indicator, None))
            continue
        if is_coordinator and own_only:
            continue
        for org in indicator.reporting_organisations.all():
            own = membership.role == Role.PARTNER and org.pk == membership.organisation_id
            chosen = is_coordinator and organisation in (None, org)
            if own or chosen:
                keys.append((indicator, org))
    values = Submission.objects.filter(
        period__initiative=initiative, indicator__in={indicator.pk for indicator, _org in keys}
    )
    if membership.role == Role.PARTNER:
        values = values.filter(organisation_id=membership.organisation_id)
    elif organisation is not None:
        values = values.filter(organisation=organisation)
    elif own_only:
        values = values.filter(organisation__isnull=True)
    approved = set(
        values.filter(status=Status.APPROVED)
        .order_by()
        .values_list("indicator_id", "period_id", "organisation_id")
    )
    # The current version of every value as plain rows; model instances only for the tasks
    # that are listed (a backbone office's open tasks are few next to all values).
    current = {
        (indicator_id, period_id, organisation_id): (pk, status)
        for pk, indicator_id, period_id, organisation_id, status in values.filter(is_current=True)
        .order_by()
        .values_list("pk", "indicator_id", "period_id", "organisation_id", "status")
    }
    rows = []
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
                state = TaskState(head[1])
            if period.is_locked and state in OPEN_STATES:
                state = TaskState.LOCKED
            if open_only and state not in OPEN_STATES:
                continue
            rows.append((indicator, period, org, state, due_date, head, key in approved))
    heads = Submission.objects.in_bulk([row[5][0] for row in rows if row[5] is not None])
    tasks = []
    for indicator, period, org, state, due_date, head_row, was_approved in rows:
        head = heads[head_row[0]] if head_row is not None else None
        if head is not None:
            head.indicator, head.period, head.organisation = indicator, period, org
        tasks.append(
            ReportingTask(
                indicator=indicator,
                period=period,
                organisation=org,
                state=state,
                due_date=due_date,
                is_overdue=state in {TaskState.OVERDUE, TaskState.DRAFT, TaskState.RETURNED}
                and due_date < today,
                submission=head,
                correction_in_progress=was_approved
                and head is not None
                and head.status != Status.APPROVED,
            )
        )
    tasks.sort(key=lambda t: (t.due_date, name_key(t.organisation.name if t.organisation else "")))
    return tasks


@dataclass(frozen=True)
class OverdueReporting:
    """The values one organisation (None: the backbone office) has not reported in time."""

    organisation: Organisation | None
    count: int
    oldest_due_date: datetime.date
    # How many of them were returned for revision (the others are missing or drafts).
    returned: int


def reporting_overdue_counts(
    *, viewer, initiative: Initiative, today: datetime.date | None = None
) -> list[OverdueReporting]:
    """Per organisation, the values that `reporting_task_list` shows the backbone office as
    overdue: how many, the oldest due date and how many of them were returned; longest overdue
    first (then by name, the backbone office's own population indicators under ""). Only
    organisations with an overdue value are listed; empty for everyone but the backbone office.

    A value is overdue once `due_days` after the end of its period have passed while it has
    neither been approved nor submitted; values of locked periods are never overdue, as they
    can no longer be reported. The database counts per organisation and period the
    values that are done; the values owed are the indicators per organisation and frequency
    times the periods that are past due. So the work grows with organisations and periods, not
    with every expected value, and the values themselves are never read.
    """
    if not permissions.can_review_submissions(_membership(viewer, initiative)):
        return []
    today = today or timezone.localdate()
    due_days = measurement_settings_get(initiative=initiative).due_days
    due = datetime.timedelta(days=due_days)
    # Due on `end + due_days`, overdue from the day after that.
    last_end = today - due - datetime.timedelta(days=1)
    periods: dict[str, list[tuple[int, datetime.date]]] = defaultdict(list)
    for pk, frequency, end in (
        ReportingPeriod.objects.filter(
            initiative=initiative, start__lte=today, end__lte=last_end, locked_at__isnull=True
        )
        .order_by("end", "pk")
        .values_list("pk", "frequency", "end")
    ):
        periods[frequency].append((pk, end + due))

    population = Indicator.Scope.POPULATION
    owed: dict[tuple[int | None, str], int] = {}
    for organisation_id, frequency, n in (
        Indicator.reporting_organisations.through.objects.filter(
            indicator__objective__goal__initiative=initiative
        )
        .exclude(indicator__scope=population)
        .values_list("organisation_id", "indicator__frequency")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        owed[(organisation_id, frequency)] = n
    for frequency, n in (
        Indicator.objects.filter(objective__goal__initiative=initiative, scope=population)
        .values_list("frequency")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        owed[(None, frequency)] = n

    # Only rows of values that are owed count: those of an indicator's reporting organisations
    # (performance measures) or without an organisation (population indicators), in periods
    # of the indicator's own frequency (filtered below).
    expected = Q(indicator__scope=population, organisation__isnull=True) | (
        ~Q(indicator__scope=population)
        & Exists(
            Indicator.reporting_organisations.through.objects.filter(
                indicator_id=OuterRef("indicator_id"), organisation_id=OuterRef("organisation_id")
            )
        )
    )
    # An approved revision counts while a correction of it is under way, whatever the
    # correction's state. Population values have no organisation, and NULL equals nothing.
    approved_too = Exists(
        Submission.objects.filter(
            Q(organisation_id=OuterRef("organisation_id"))
            | Q(organisation__isnull=True, indicator__scope=population),
            indicator_id=OuterRef("indicator_id"),
            period_id=OuterRef("period_id"),
            status=Status.APPROVED,
        )
    )
    is_done = Q(status=Status.APPROVED) | Q(is_current=True, status=Status.SUBMITTED)
    is_returned = Q(is_current=True, status=Status.RETURNED)
    done: dict[tuple[int | None, int], int] = {}
    returned: dict[int | None, int] = defaultdict(int)
    for organisation_id, period_id, n_done, n_returned in (
        Submission.objects.filter(
            expected,
            is_done | is_returned,
            period__initiative=initiative,
            period__start__lte=today,
            period__end__lte=last_end,
            period__locked_at__isnull=True,
            # A value's period and indicator belong to the same initiative
            # (`submission_create` checks it), so the period alone says which initiative.
            period__frequency=F("indicator__frequency"),
        )
        .values_list("organisation_id", "period_id")
        .annotate(
            n_done=Count("indicator_id", distinct=True, filter=is_done),
            n_returned=Count("pk", filter=is_returned & ~approved_too),
        )
        .order_by()
    ):
        done[(organisation_id, period_id)] = n_done
        returned[organisation_id] += n_returned

    # What is owed per period minus what is done, summed per organisation.
    totals: dict[int | None, list] = {}
    for (organisation_id, frequency), n in owed.items():
        for period_id, due_date in periods[frequency]:
            missing = n - done.get((organisation_id, period_id), 0)
            if missing > 0:
                entry = totals.setdefault(organisation_id, [0, due_date])
                entry[0] += missing
                entry[1] = min(entry[1], due_date)
    organisations = Organisation.objects.in_bulk([pk for pk in totals if pk is not None])
    result = [
        OverdueReporting(
            organisation=organisations[pk] if pk is not None else None,
            count=count,
            oldest_due_date=oldest,
            returned=returned[pk],
        )
        for pk, (count, oldest) in totals.items()
    ]
    result.sort(
        key=lambda o: (o.oldest_due_date, name_key(o.organisation.name if o.organisation else ""))
    )
    return result


# --- Progress ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodProgress:
    """One period of an indicator: approved values combined, target and status.

    `reported` of `expected` organisations have an approved value (for population indicators
    the backbone office is the one expected). `breakdown` maps category ids to the partners'
    combined approved values of that category, combined so that each dimension adds up to
    `actual` (see `_latest_breakdown` and `_combined_breakdown`).
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


_SUM_PLACES = Decimal(1).scaleb(-VALUE_DECIMALS)


def _sum(value) -> Decimal:
    """A database sum as the same Decimal that adding up the stored values in Python gives:
    SQLite adds in floating point and returns the sum without the field's decimal places."""
    if value is None:
        return progress.ZERO
    return Decimal(value).quantize(_SUM_PLACES)


def _add_totals(into: dict, key, row: dict, *, reported: int = 0) -> None:
    """Put one database group (its count and sums) under `key`; periods of the same calendar
    unit (only ever one per frequency) are added together."""
    totals = progress.Totals(
        count=row["n"],
        value=_sum(row["value_sum"]),
        numerator=_sum(row["numerator_sum"]),
        denominator=_sum(row["denominator_sum"]),
    )
    found = into.get(key)
    if found is not None:
        earlier, seen = found
        totals = progress.Totals(
            count=earlier.count + totals.count,
            value=earlier.value + totals.value,
            numerator=earlier.numerator + totals.numerator,
            denominator=earlier.denominator + totals.denominator,
        )
        reported += seen
    into[key] = (totals, reported)


_SUMS = {
    "n": Count("pk"),
    "value_sum": Sum("value"),
    "numerator_sum": Sum("numerator"),
    "denominator_sum": Sum("denominator"),
}


def _span_targets(
    indicator: Indicator,
    *,
    spans: list,
    initiative: Initiative,
    per_period: dict,
    judged: bool,
) -> list[Decimal | None]:
    """The target of each span; all None where the values are not `judged` against them."""
    if not judged:
        return [None] * len(spans)
    return progress.period_targets(
        spans=spans,
        kind=indicator.kind,
        period_aggregation=indicator.period_aggregation,
        target_mode=indicator.target_mode,
        final_target=indicator.final_target,
        start=initiative.start_date,
        target_date=indicator.final_target_date or initiative.planned_end_date,
        baseline=indicator.baseline_value,
        per_period=per_period,
    )


def _latest_breakdown(parts: Iterable[dict], *, kind: str) -> dict[int, progress.Figure]:
    """The breakdown under the "most recent value" rule: the categories of the one value that
    gives the period's total, taken as a whole. Taking each category's most recent value on its
    own would mix partners (a category one partner left empty filled from another's value),
    and the breakdown would no longer add up to the total."""
    return {
        part["category_id"]: progress.combine_partners(
            [_reading({**part, "submitted_at": None})],
            kind=kind,
            aggregation=progress.PartnerAggregation.LATEST,
        )
        for part in parts
    }


def _combined_breakdown(
    categories: dict, *, behind: int, indicator: Indicator
) -> dict[int, progress.Figure]:
    """The breakdown under the rules that add up (sum, average), from each category's sums
    (`_add_totals` entries). An average divides every category by the `behind` values that make
    up the period's total, as the total is divided: a partner that left a category empty
    counts there as 0, so the categories add up to the total."""
    return {
        category_id: progress.combine_totals(
            replace(sums, count=behind),
            kind=indicator.kind,
            aggregation=indicator.partner_aggregation,
        )
        for category_id, (sums, _count) in categories.items()
    }


def _progress(
    indicators: list[Indicator],
    *,
    initiative: Initiative,
    today: datetime.date,
    organisation: Organisation | None = None,
    with_breakdowns: bool = True,
    started_only: bool = False,
    summary_only: bool = False,
    as_of: datetime.date | None = None,
) -> list[IndicatorProgress]:
    """Progress of `indicators` from approved values, in a fixed number of queries.

    Values of indicators whose partner rule only adds up (sum, average) are added up by the
    database per indicator and period (and per category for breakdowns); only the indicators
    that take the most recent value read their values one by one. `impact.progress` turns
    both into the same figures.
    """
    settings = measurement_settings_get(initiative=initiative)
    thresholds = settings.thresholds
    # The targets are the whole initiative's: one organisation's share of the values is its
    # contribution, not something to judge against them (a fair contributor would look off
    # track), so with an organisation there are no targets and the status is "no target".
    judged = organisation is None
    period_rows = {
        (period.frequency, progress.unit_start(period.start, period.frequency)): period
        for period in ReportingPeriod.objects.filter(initiative=initiative)
    }
    period_units = {period.pk: unit for (_frequency, unit), period in period_rows.items()}
    by_reading = {i.pk for i in indicators if progress.needs_readings(i.partner_aggregation)}
    by_totals = [i.pk for i in indicators if i.pk not in by_reading]

    approved_qs = Submission.objects.filter(status=Status.APPROVED)
    breakdown_qs = Breakdown.objects.filter(submission__status=Status.APPROVED)
    if organisation is not None:
        approved_qs = approved_qs.filter(organisation=organisation)
        breakdown_qs = breakdown_qs.filter(submission__organisation=organisation)

    # Indicators that add up: sums per indicator and period from the database.
    totals: dict = {}
    category_totals: dict = {}
    if by_totals:
        expected = Exists(
            Indicator.reporting_organisations.through.objects.filter(
                indicator_id=OuterRef("indicator_id"), organisation_id=OuterRef("organisation_id")
            )
        )
        groups = (
            approved_qs.filter(indicator__in=by_totals)
            .values("indicator_id", "period_id")
            .annotate(**_SUMS, expected_n=Count("pk", filter=expected))
            .order_by()
        )
        for row in groups:
            unit = period_units.get(row["period_id"])
            if unit is not None:
                key = (row["indicator_id"], unit)
                _add_totals(totals, key, row, reported=row["expected_n"])
        if with_breakdowns:
            for row in (
                breakdown_qs.filter(submission__indicator__in=by_totals)
                .values("submission__indicator_id", "submission__period_id", "category_id")
                .annotate(**_SUMS)
                .order_by()
            ):
                unit = period_units.get(row["submission__period_id"])
                if unit is not None:
                    key = (row["submission__indicator_id"], unit)
                    _add_totals(category_totals.setdefault(key, {}), row["category_id"], row)

    # Indicators that take the most recent value: every approved value.
    by_indicator_unit = defaultdict(list)
    parts = defaultdict(list)
    if by_reading:
        approved = list(
            approved_qs.filter(indicator__in=by_reading).values(
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
        for sub in approved:
            unit = period_units.get(sub["period_id"])
            if unit is not None:
                by_indicator_unit[(sub["indicator_id"], unit)].append(sub)
        if with_breakdowns:
            for row in breakdown_qs.filter(submission__indicator__in=by_reading).values(
                "submission_id", "category_id", "value", "numerator", "denominator"
            ):
                parts[row["submission_id"]].append(row)

    targets = defaultdict(dict)
    for indicator_id, period_start, value in PeriodTarget.objects.filter(
        indicator__in=[indicator.pk for indicator in indicators]
    ).values_list("indicator_id", "period_start", "value"):
        targets[indicator_id][period_start] = value

    calendars: dict[str, tuple] = {}

    def calendar(frequency: str) -> tuple:
        """The periods of a frequency with what the rows show about them: the same for every
        indicator of that frequency, so worked out once."""
        if frequency not in calendars:
            spans = progress.reporting_periods(
                start=initiative.start_date,
                planned_end=initiative.planned_end_date,
                today=today,
                frequency=frequency,
            )
            if started_only:
                spans = [span for span in spans if span.start <= today]
            if as_of is not None:
                spans = [span for span in spans if span.end <= as_of]
            units = [progress.unit_start(span.start, frequency) for span in spans]
            about = []
            for span, unit in zip(spans, units, strict=True):
                period = period_rows.get((frequency, unit))
                about.append(
                    (
                        progress.period_label(span, frequency),
                        period.pk if period else None,
                        bool(period and period.is_locked),
                        span.start > today,
                    )
                )
            calendars[frequency] = (spans, units, about)
        return calendars[frequency]

    results = []
    for indicator in indicators:
        frequency = indicator.frequency
        kind, aggregation = indicator.kind, indicator.partner_aggregation
        spans, units, about = calendar(frequency)
        expected_orgs = {org.pk for org in indicator.reporting_organisations.all()}
        if organisation is not None:
            expected_orgs &= {organisation.pk}
        expected = 1 if indicator.is_population else len(expected_orgs)
        if summary_only:
            results.append(
                _summary(
                    indicator,
                    spans=spans,
                    units=units,
                    about=about,
                    expected=expected,
                    expected_orgs=expected_orgs,
                    readings=by_indicator_unit if indicator.pk in by_reading else None,
                    totals=totals,
                    targets=targets.get(indicator.pk, {}),
                    initiative=initiative,
                    thresholds=thresholds,
                    judged=judged,
                )
            )
            continue
        figures, reported, breakdowns = [], [], []
        for unit in units:
            key = (indicator.pk, unit)
            breakdown = {}
            if indicator.pk in by_reading:
                subs = by_indicator_unit.get(key) or []
                figures.append(
                    progress.combine_partners(
                        [_reading(s) for s in subs], kind=kind, aggregation=aggregation
                    )
                )
                if indicator.is_population:
                    reported.append(1 if subs else 0)
                else:
                    reported.append(len({s["organisation_id"] for s in subs} & expected_orgs))
                if subs:
                    source = subs[progress.latest_position([_reading(s) for s in subs])]
                    breakdown = _latest_breakdown(parts.get(source["pk"], ()), kind=kind)
            else:
                found, count = totals.get(key, (None, 0))
                figures.append(progress.combine_totals(found, kind=kind, aggregation=aggregation))
                if indicator.is_population:
                    reported.append(1 if found is not None and found.count else 0)
                else:
                    reported.append(count)
                if found is not None:
                    breakdown = _combined_breakdown(
                        category_totals.get(key, {}), behind=found.count, indicator=indicator
                    )
            breakdowns.append(breakdown)
        span_targets = _span_targets(
            indicator,
            spans=spans,
            initiative=initiative,
            per_period=targets.get(indicator.pk, {}),
            judged=judged,
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
        latest_row = evaluation.latest
        for row, count, breakdown, (label, period_id, is_locked, is_future) in zip(
            evaluation.rows, reported, breakdowns, about, strict=True
        ):
            item = PeriodProgress(
                start=row.span.start,
                end=row.span.end,
                label=label,
                period_id=period_id,
                is_locked=is_locked,
                is_future=is_future,
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
            if row is latest_row:
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


def _summary(
    indicator: Indicator,
    *,
    spans: list,
    units: list,
    about: list,
    expected: int,
    expected_orgs: set,
    readings: dict | None,
    totals: dict,
    targets: dict,
    initiative: Initiative,
    thresholds: progress.Thresholds,
    judged: bool = True,
) -> IndicatorProgress:
    """The headline of one indicator (`periods` left empty): the same `latest`, status and
    achievement as the full computation, without a `PeriodProgress` for every period."""
    kind, aggregation = indicator.kind, indicator.partner_aggregation
    if readings is not None:
        figures = [
            progress.combine_partners(
                [_reading(s) for s in readings.get((indicator.pk, unit)) or ()],
                kind=kind,
                aggregation=aggregation,
            )
            for unit in units
        ]
    else:
        figures = [
            progress.combine_totals(
                totals.get((indicator.pk, unit), (None, 0))[0], kind=kind, aggregation=aggregation
            )
            for unit in units
        ]
    span_targets = _span_targets(
        indicator, spans=spans, initiative=initiative, per_period=targets, judged=judged
    )
    row = progress.evaluate_latest(
        spans=spans,
        figures=figures,
        targets=span_targets,
        kind=kind,
        direction=indicator.direction,
        period_aggregation=indicator.period_aggregation,
        baseline=indicator.baseline_value,
        thresholds=thresholds,
    )
    latest = None
    if row is not None:
        index = spans.index(row.span)
        key = (indicator.pk, units[index])
        if readings is not None:
            subs = readings.get(key) or []
            if indicator.is_population:
                count = 1 if subs else 0
            else:
                count = len({s["organisation_id"] for s in subs} & expected_orgs)
        else:
            found, count = totals.get(key, (None, 0))
            if indicator.is_population:
                count = 1 if found is not None and found.count else 0
        label, period_id, is_locked, is_future = about[index]
        latest = PeriodProgress(
            start=row.span.start,
            end=row.span.end,
            label=label,
            period_id=period_id,
            is_locked=is_locked,
            is_future=is_future,
            actual=row.actual,
            actual_to_date=row.actual_to_date,
            target=row.target,
            target_to_date=row.target_to_date,
            achievement=row.achievement,
            status=row.status,
            reported=count,
            expected=expected,
        )
    return IndicatorProgress(
        indicator=indicator,
        periods=(),
        latest=latest,
        status=row.status if row is not None else progress.Status.NO_DATA,
        achievement=row.achievement if row is not None else None,
        thresholds=thresholds,
        baseline_value=indicator.baseline_value,
        target_date=indicator.final_target_date or initiative.planned_end_date,
    )


def indicator_progress_list(
    *,
    viewer,
    initiative: Initiative,
    today: datetime.date | None = None,
    organisation: Organisation | None = None,
    with_breakdowns: bool = True,
    goals: Iterable[Goal] | None = None,
    started_only: bool = False,
    summary_only: bool = False,
    as_of: datetime.date | None = None,
) -> list[IndicatorProgress]:
    """Progress of every indicator of the initiative, in framework order, from approved values
    only. Empty for people who may not see the framework.

    With `organisation`: only the performance measures that organisation reports on, from its
    own approved values (it is then the one organisation expected). That is its contribution,
    not the initiative's progress: it is not judged against the initiative's targets, so every
    target is None and the status "no target" (or "no data"). Without `with_breakdowns`
    every `PeriodProgress.breakdown` stays empty, for pages that show no breakdowns: combining
    them is most of the work on a large initiative. `goals`, as `goal_list` returned them to
    the same viewer, saves reading the indicators a second time. With `started_only` the
    periods that have not begun yet (which hold no values) are left out of `periods`; the
    figures of the others stay the same, as later periods never change earlier ones.

    With `summary_only` (which implies no breakdowns) `periods` stays empty: only `latest`,
    `status` and `achievement` are worked out, equal to those of the full computation, for
    pages that show just the headline. `as_of` leaves out the periods that end after that day,
    so the headline is the one `progress_as_of` gives.
    """
    if goals is None:
        indicators = list(indicator_list(initiative=initiative, viewer=viewer))
    elif permissions.can_view_framework(_membership(viewer, initiative)):
        indicators = [
            indicator
            for goal in goals
            for objective in goal.objectives.all()
            for indicator in objective.indicators.all()
        ]
    else:
        indicators = []
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
        with_breakdowns=with_breakdowns and not summary_only,
        started_only=started_only,
        summary_only=summary_only,
        as_of=as_of,
    )


def latest_breakdowns(items: Iterable[IndicatorProgress]) -> dict[int, dict]:
    """The breakdown of each indicator's latest period with an approved value, by indicator:
    the same `PeriodProgress.breakdown` that `indicator_progress_list` gives that period, for
    pages that show the breakdown of that one period only (the PDF report). Asks for the
    approved values of those periods alone: with every period's breakdown combined, the
    breakdowns are most of the work on a large initiative. Like the items it is given, it is
    about all organisations' values (no organisation filter)."""
    wanted = {
        item.indicator.pk: (item.indicator, item.latest.period_id)
        for item in items
        if item.latest is not None and item.latest.period_id is not None
    }
    if not wanted:
        return {}
    period_ids = {period_id for _indicator, period_id in wanted.values()}
    by_reading = {
        pk
        for pk, (indicator, _period) in wanted.items()
        if progress.needs_readings(indicator.partner_aggregation)
    }
    approved = Submission.objects.filter(
        status=Status.APPROVED, period_id__in=period_ids, indicator_id__in=wanted
    )
    # The values behind each total: how many (averages divide by it) and, for the "most
    # recent value" rule, which one gives the total, in the order `_progress` reads them.
    behind: dict[int, int] = defaultdict(int)
    readings: dict[int, list] = defaultdict(list)
    for pk, indicator_id, period_id, submitted_at in approved.values_list(
        "pk", "indicator_id", "period_id", "submitted_at"
    ):
        if wanted[indicator_id][1] == period_id:
            behind[indicator_id] += 1
            readings[indicator_id].append((pk, progress.Reading(reported_at=submitted_at)))
    result: dict[int, dict] = {}
    sums: dict[int, dict] = defaultdict(dict)
    for row in (
        Breakdown.objects.filter(submission__in=approved.exclude(indicator_id__in=by_reading))
        .values("submission__indicator_id", "submission__period_id", "category_id")
        .annotate(**_SUMS)
        .order_by()
    ):
        indicator_id = row["submission__indicator_id"]
        if wanted[indicator_id][1] == row["submission__period_id"]:
            _add_totals(sums[indicator_id], row["category_id"], row)
    for indicator_id, categories in sums.items():
        result[indicator_id] = _combined_breakdown(
            categories, behind=behind[indicator_id], indicator=wanted[indicator_id][0]
        )
    sources = {}
    for indicator_id, found in readings.items():
        if indicator_id in by_reading:
            position = progress.latest_position([reading for _pk, reading in found])
            sources[found[position][0]] = indicator_id
    parts: dict[int, list] = defaultdict(list)
    if sources:
        for row in Breakdown.objects.filter(submission_id__in=sources).values(
            "submission_id", "category_id", "value", "numerator", "denominator"
        ):
            parts[sources[row["submission_id"]]].append(row)
    for indicator_id, found in parts.items():
        result[indicator_id] = _latest_breakdown(found, kind=wanted[indicator_id][0].kind)
    return result


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
    indicator = indicator_queryset().get(pk=indicator.pk)
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
