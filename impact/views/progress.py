"""HTML pages of the progress of the shared measurement: the initiative's dashboard, the page
of one indicator with its trend, breakdown and partner values, and the reflection notes."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.charts import NO_VALUE, format_number, format_percent
from core.errors import ApplicationError
from core.forms import form_add_service_error
from core.htmx import redirect, render_page
from core.http import require
from core.sorting import name_key
from impact import permissions, progress, selectors, services
from impact.charts import (
    figure_value,
    indicator_breakdown_chart,
    indicator_trend_chart,
    value_format,
)
from impact.forms.progress import DashboardFilterForm, ReflectionNoteForm
from impact.models import Indicator, ReflectionNote, ReportingPeriod, Submission
from impact.progress import Status as ProgressStatus
from impact.views.reporting import STATUS_BADGES, _initiative

# The dashboard's headline numbers, in this order.
STATUS_TILES = (
    ProgressStatus.ON_TRACK,
    ProgressStatus.AT_RISK,
    ProgressStatus.OFF_TRACK,
    ProgressStatus.NO_DATA,
)


@dataclass(frozen=True)
class IndicatorSummary:
    """One indicator on the dashboard: its status and latest value in words."""

    indicator: Indicator
    status: str
    status_label: str
    badge: str
    latest: selectors.PeriodProgress | None
    value: str
    target: str


def _summary(indicator: Indicator, item: selectors.IndicatorProgress | None) -> IndicatorSummary:
    status = item.status if item else ProgressStatus.NO_DATA
    latest = item.latest if item else None
    fmt = value_format(indicator, unit=True)
    value = target = ""
    if latest is not None:
        if indicator.is_additive:
            value = fmt(figure_value(latest.actual_to_date))
            target = fmt(latest.target_to_date) if latest.target_to_date is not None else ""
        else:
            value = fmt(figure_value(latest.actual))
            target = fmt(latest.target) if latest.target is not None else ""
    return IndicatorSummary(
        indicator=indicator,
        status=status,
        status_label=ProgressStatus(status).label,
        badge=STATUS_BADGES.get(status, "info"),
        latest=latest,
        value=value,
        target=target,
    )


def _quarters(initiative, today: datetime.date) -> list[tuple[progress.Span, str]]:
    """The quarters that have ended or begun, newest first: the points in time to look back to."""
    spans = progress.reporting_periods(
        start=initiative.start_date,
        planned_end=initiative.planned_end_date,
        today=today,
        frequency=progress.Frequency.QUARTERLY,
    )
    return [
        (span, _("End of %(period)s") % {"period": progress.period_label(span, "quarterly")})
        for span in reversed(spans)
        if span.start <= today
    ]


@login_required
def framework_detail(request, slug):
    """The initiative's dashboard: how many indicators are on track, at risk, off track or
    without data, then every goal and objective with its indicators; filtered by goal, partner
    organisation and point in time."""
    initiative, membership = _initiative(request, slug)
    require(permissions.can_view_framework(membership))
    today = timezone.localdate()
    goals = list(
        selectors.goal_list(initiative=initiative, viewer=request.user, with_dimensions=False)
    )
    organisations = {
        org.pk: org
        for goal in goals
        for objective in goal.objectives.all()
        for indicator in objective.indicators.all()
        for org in indicator.reporting_organisations.all()
    }
    organisations = sorted(organisations.values(), key=lambda org: name_key(org.name))
    quarters = _quarters(initiative, today)
    form = DashboardFilterForm(
        request.GET or None, goals=goals, organisations=organisations, quarters=quarters
    )
    goal_id, org_id, stand = form.value("ziel"), form.value("partner"), form.value("stand")
    organisation = next((org for org in organisations if str(org.pk) == org_id), None)
    items = selectors.indicator_progress_list(
        viewer=request.user,
        initiative=initiative,
        today=today,
        organisation=organisation,
        goals=goals,
        started_only=True,
        summary_only=True,
        as_of=datetime.date.fromisoformat(stand) if stand else None,
    )
    by_indicator = {item.indicator.pk: item for item in items}
    shown_goals = []
    counts = Counter()
    for goal in goals:
        if goal_id and str(goal.pk) != goal_id:
            continue
        objectives = []
        for objective in goal.objectives.all():
            summaries = [
                _summary(indicator, by_indicator.get(indicator.pk))
                for indicator in objective.indicators.all()
                if organisation is None or indicator.pk in by_indicator
            ]
            if organisation is not None and not summaries:
                continue
            counts.update(
                ProgressStatus.NO_DATA if s.status == ProgressStatus.NO_TARGET else s.status
                for s in summaries
            )
            objectives.append((objective, summaries))
        shown_goals.append((goal, objectives))
    tiles = [
        (status, status.label, counts[status], STATUS_BADGES[status]) for status in STATUS_TILES
    ]
    context = {
        "initiative": initiative,
        "membership": membership,
        "goals": shown_goals,
        "has_framework": bool(goals),
        "tiles": tiles,
        "indicator_count": sum(counts.values()),
        "form": form,
        "is_filtered": bool(goal_id or org_id or stand),
        "organisation": organisation,
        "as_of_label": dict(form.fields["stand"].choices).get(stand) if stand else "",
        "settings": selectors.measurement_settings_get(initiative=initiative),
        "can_manage_framework": permissions.can_manage_framework(membership),
        "can_manage_periods": permissions.can_manage_periods(membership),
    }
    return render_page(request, "impact/framework_detail.html", context, partial="dashboard")


# --- One indicator -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodRow:
    period: selectors.PeriodProgress
    actual: str
    target: str
    status_label: str
    badge: str


def _indicator(initiative, pk: int) -> Indicator:
    return get_object_or_404(
        Indicator.objects.select_related("objective__goal__initiative"),
        pk=pk,
        objective__goal__initiative=initiative,
    )


def _selected_period(item: selectors.IndicatorProgress, raw) -> selectors.PeriodProgress | None:
    """The period chosen by `?period=<id>`; by default the latest with an approved value, else
    the current one."""
    started = [p for p in item.periods if not p.is_future]
    if raw not in (None, ""):
        for period in started:
            if str(period.period_id) == str(raw):
                return period
    return item.latest or item.current


def _submission_value(indicator: Indicator, submission: Submission, fmt) -> str:
    """One organisation's value as text; percentages with what they were computed from."""
    if indicator.is_percentage:
        if submission.numerator is None:
            return NO_VALUE
        text = _("%(numerator)s of %(denominator)s") % {
            "numerator": format_number(submission.numerator),
            "denominator": format_number(submission.denominator),
        }
        if submission.denominator:
            text += f" ({format_percent(submission.numerator * 100 / submission.denominator)})"
        return text
    return fmt(submission.value)


def _indicator_page(request, initiative, membership, indicator, *, period_raw, form, status=200):
    item = selectors.indicator_progress_get(viewer=request.user, indicator=indicator)
    indicator = item.indicator  # with reporting organisations and dimensions prefetched
    fmt = value_format(indicator, unit=True)
    rows = [
        PeriodRow(
            period=p,
            actual=fmt(figure_value(p.actual)),
            target=fmt(p.target) if p.target is not None else NO_VALUE,
            status_label=ProgressStatus(p.status).label,
            badge=STATUS_BADGES.get(p.status, "info"),
        )
        for p in item.periods
        if not p.is_future
    ]
    selected = _selected_period(item, period_raw)
    period = None
    if selected is not None and selected.period_id is not None:
        period = ReportingPeriod.objects.filter(pk=selected.period_id).first()
    values = []
    if period is not None:
        values = list(
            selectors.submission_list(
                viewer=request.user,
                initiative=initiative,
                indicator=indicator,
                period=period,
                status=Submission.Status.APPROVED,
            ).order_by("organisation__name")
        )
    for submission in values:
        submission.display = _submission_value(indicator, submission, fmt)
    notes = list(selectors.reflection_note_list(viewer=request.user, indicator=indicator))
    can_write = permissions.can_write_reflection(membership)
    if form is None and can_write and period is not None:
        form = ReflectionNoteForm(initial={"period": period.pk})
    for note in notes:
        note.can_delete = permissions.can_delete_reflection(membership, note)
    context = {
        "initiative": initiative,
        "membership": membership,
        "indicator": indicator,
        "item": item,
        "status_label": ProgressStatus(item.status).label,
        "status_badge": STATUS_BADGES.get(item.status, "info"),
        "achievement": (
            format_percent(item.achievement * 100) if item.achievement is not None else ""
        ),
        "settings": selectors.measurement_settings_get(initiative=initiative),
        "fmt_baseline": fmt(item.baseline_value) if item.baseline_value is not None else "",
        "fmt_target": fmt(indicator.final_target) if indicator.final_target is not None else "",
        "rows": rows,
        "selectable": [row.period for row in rows if row.period.period_id is not None],
        "trend": (
            indicator_trend_chart(
                indicator, [row.period for row in rows], baseline=item.baseline_value
            )
            if rows
            else None
        ),
        "selected": selected,
        "period": period,
        "breakdown": indicator_breakdown_chart(indicator, selected),
        "values": values,
        "period_notes": [note for note in notes if period and note.period_id == period.pk],
        "other_notes": [note for note in notes if not period or note.period_id != period.pk],
        "can_write": can_write,
        "form": form,
    }
    return render_page(
        request, "impact/indicator_detail.html", context, partial="reflection-form", status=status
    )


@login_required
def indicator_detail(request, slug, pk):
    """One indicator: definition, rule, status, trend, breakdown, partner values, reflection."""
    initiative, membership = _initiative(request, slug)
    require(permissions.can_view_framework(membership))
    indicator = _indicator(initiative, pk)
    return _indicator_page(
        request, initiative, membership, indicator, period_raw=request.GET.get("period"), form=None
    )


@login_required
@require_POST
def reflection_create(request, slug, pk):
    """Add a reflection note to the indicator for the period named in the form."""
    initiative, membership = _initiative(request, slug)
    require(permissions.can_view_framework(membership))
    require(permissions.can_write_reflection(membership))
    indicator = _indicator(initiative, pk)
    form = ReflectionNoteForm(request.POST)
    if form.is_valid():
        period = ReportingPeriod.objects.filter(
            pk=form.cleaned_data["period"], initiative=initiative, frequency=indicator.frequency
        ).first()
        if period is None:
            raise Http404
        try:
            services.reflection_note_create(
                acting_user=request.user,
                indicator=indicator,
                period=period,
                learning=form.cleaned_data["learning"],
                change=form.cleaned_data["change"],
            )
        except (ValidationError, ApplicationError) as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("Your reflection note has been added."))
            return redirect(
                request,
                reverse("impact:indicator-detail", kwargs={"slug": initiative.slug, "pk": pk})
                + f"?period={period.pk}#reflexion",
            )
    return _indicator_page(
        request,
        initiative,
        membership,
        indicator,
        period_raw=request.POST.get("period"),
        form=form,
        status=422,
    )


@login_required
def reflection_delete(request, slug, pk):
    """Ask, then delete a reflection note: its author or a coordinator."""
    initiative, membership = _initiative(request, slug)
    require(permissions.can_view_framework(membership))
    note = get_object_or_404(
        ReflectionNote.objects.select_related("indicator__objective__goal__initiative", "period"),
        pk=pk,
        indicator__objective__goal__initiative=initiative,
    )
    require(permissions.can_delete_reflection(membership, note))
    back = (
        reverse(
            "impact:indicator-detail", kwargs={"slug": initiative.slug, "pk": note.indicator_id}
        )
        + f"?period={note.period_id}#reflexion"
    )
    if request.method == "POST":
        services.reflection_note_delete(acting_user=request.user, note=note)
        messages.success(request, _("The reflection note has been deleted."))
        return redirect(request, back)
    context = {"initiative": initiative, "note": note, "back": back}
    return render_page(request, "impact/reflection_confirm_delete.html", context)
