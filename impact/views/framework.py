"""The backbone office's pages to set up the shared measurement: goals → objectives →
indicators with their targets, breakdown dimensions, the status rule and the reporting periods.

Every page is for coordinators only (`can_manage_framework`, `can_manage_periods`): other
members get 403, people outside the initiative 404. Writes go through `impact.services`; a
refused form answers 422 and keeps what was typed, a refused delete shows the service's reason.
"""

import datetime
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ApplicationError
from core.forms import form_add_service_error
from core.htmx import redirect, render_form_page, render_page
from core.http import require
from impact import permissions, progress, selectors, services
from impact.forms import framework as forms
from impact.models import Category, Dimension, Goal, Indicator, Objective, ReportingPeriod
from impact.views.reporting import _initiative

# --- Helpers -------------------------------------------------------------------------------


def _manager(request, slug):
    initiative, membership = _initiative(request, slug)
    require(permissions.can_manage_framework(membership))
    return initiative


def _period_manager(request, slug):
    initiative, membership = _initiative(request, slug)
    require(permissions.can_manage_periods(membership))
    return initiative


def _data(request):
    return request.POST if request.method == "POST" else None


def _edit_url(initiative, anchor: str = "") -> str:
    url = reverse("impact:framework-edit", kwargs={"slug": initiative.slug})
    return f"{url}#{anchor}" if anchor else url


def _form_page(request, initiative, form, *, title, submit_label, cancel_url, intro=""):
    """The simple one-form pages (goal, objective, breakdown, category, settings)."""
    context = {
        "initiative": initiative,
        "form": form,
        "title": title,
        "intro": intro,
        "submit_label": submit_label,
        "cancel_url": cancel_url,
    }
    return render_form_page(request, "impact/framework_edit_form.html", context)


def _confirm_page(request, initiative, *, title, body, submit_label, cancel_url, error=None):
    context = {
        "initiative": initiative,
        "title": title,
        "body": body,
        "submit_label": submit_label,
        "cancel_url": cancel_url,
        "error": error,
    }
    return render_page(
        request, "impact/framework_edit_confirm.html", context, status=409 if error else 200
    )


def _save(form, action, **kwargs):
    """Call the service with the form's values; on a refusal show it on the form and return
    None."""
    try:
        return action(**kwargs, **form.service_kwargs())
    except (ValidationError, ApplicationError) as error:
        form_add_service_error(form, error)
        return None


def _moved_ids(ids: list[int], pk: int, direction: str) -> list[int] | None:
    """The ids with `pk` swapped with its neighbour; None when it cannot move that way."""
    index = ids.index(pk)
    other = index - 1 if direction == "up" else index + 1
    if direction not in {"up", "down"} or not 0 <= other < len(ids):
        return None
    ids[index], ids[other] = ids[other], ids[index]
    return ids


def _move(request, initiative, *, queryset, pk, reorder, anchor):
    ids = list(queryset.values_list("pk", flat=True))
    moved = _moved_ids(ids, pk, request.POST.get("direction", ""))
    if moved is not None:
        try:
            reorder(moved)
        except (ValidationError, ApplicationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return redirect(request, _edit_url(initiative, anchor))


# --- The framework -------------------------------------------------------------------------


@login_required
def framework_edit(request, slug):
    """All goals → objectives → indicators in order, with add, edit, move and delete."""
    initiative = _manager(request, slug)
    goals = list(selectors.goal_list(initiative=initiative, viewer=request.user))
    context = {
        "initiative": initiative,
        "goals": goals,
        "dimension_count": selectors.dimension_list(
            initiative=initiative, viewer=request.user
        ).count(),
        "settings": selectors.measurement_settings_get(initiative=initiative),
    }
    return render_page(request, "impact/framework_edit.html", context)


@login_required
def goal_create(request, slug):
    initiative = _manager(request, slug)
    form = forms.GoalForm(_data(request))
    if request.method == "POST" and form.is_valid():
        goal = _save(form, services.goal_create, acting_user=request.user, initiative=initiative)
        if goal is not None:
            messages.success(request, _("The goal has been added."))
            return redirect(request, _edit_url(initiative, f"goal-{goal.pk}"))
    return _form_page(
        request,
        initiative,
        form,
        title=_("Add a goal"),
        intro=_("A goal is a long-term change the partners want to achieve together."),
        submit_label=_("Add goal"),
        cancel_url=_edit_url(initiative),
    )


@login_required
def goal_update(request, slug, pk):
    initiative = _manager(request, slug)
    goal = get_object_or_404(Goal, initiative=initiative, pk=pk)
    initial = {"title": goal.title, "description": goal.description}
    form = forms.GoalForm(_data(request), initial=initial)
    saved = request.method == "POST" and form.is_valid()
    if saved and _save(form, services.goal_update, acting_user=request.user, goal=goal):
        messages.success(request, _("The goal has been saved."))
        return redirect(request, _edit_url(initiative, f"goal-{goal.pk}"))
    return _form_page(
        request,
        initiative,
        form,
        title=_("Edit goal"),
        submit_label=_("Save changes"),
        cancel_url=_edit_url(initiative, f"goal-{goal.pk}"),
    )


@login_required
def goal_delete(request, slug, pk):
    initiative = _manager(request, slug)
    goal = get_object_or_404(Goal, initiative=initiative, pk=pk)
    error = None
    if request.method == "POST":
        try:
            services.goal_delete(acting_user=request.user, goal=goal)
        except ApplicationError as exc:
            error = exc.message
        else:
            messages.success(request, _("“%(title)s” has been deleted.") % {"title": goal.title})
            return redirect(request, _edit_url(initiative))
    return _confirm_page(
        request,
        initiative,
        title=_("Delete the goal “%(title)s”?") % {"title": goal.title},
        body=_(
            "Its objectives and indicators are deleted with it. This cannot be undone. Goals "
            "whose indicators already have values cannot be deleted."
        ),
        submit_label=_("Yes, delete"),
        cancel_url=_edit_url(initiative, f"goal-{goal.pk}"),
        error=error,
    )


@login_required
@require_POST
def goal_move(request, slug, pk):
    initiative = _manager(request, slug)
    goal = get_object_or_404(Goal, initiative=initiative, pk=pk)
    return _move(
        request,
        initiative,
        queryset=Goal.objects.filter(initiative=initiative),
        pk=goal.pk,
        reorder=lambda ids: services.goal_reorder(
            acting_user=request.user, initiative=initiative, goal_ids=ids
        ),
        anchor=f"goal-{goal.pk}",
    )


@login_required
def objective_create(request, slug, goal_id):
    initiative = _manager(request, slug)
    goal = get_object_or_404(Goal, initiative=initiative, pk=goal_id)
    form = forms.ObjectiveForm(_data(request), initiative=initiative)
    if request.method == "POST" and form.is_valid():
        objective = _save(form, services.objective_create, acting_user=request.user, goal=goal)
        if objective is not None:
            messages.success(request, _("The impact objective has been added."))
            return redirect(request, _edit_url(initiative, f"objective-{objective.pk}"))
    return _form_page(
        request,
        initiative,
        form,
        title=_("Add an impact objective to “%(goal)s”") % {"goal": goal.title},
        intro=_(
            "An impact objective says what should be different for the target group. "
            "Indicators then measure it."
        ),
        submit_label=_("Add impact objective"),
        cancel_url=_edit_url(initiative, f"goal-{goal.pk}"),
    )


def _objective(initiative, pk):
    return get_object_or_404(
        Objective.objects.select_related("goal__initiative"), goal__initiative=initiative, pk=pk
    )


@login_required
def objective_update(request, slug, pk):
    initiative = _manager(request, slug)
    objective = _objective(initiative, pk)
    initial = {
        "title": objective.title,
        "description": objective.description,
        "goal": objective.goal_id,
    }
    form = forms.ObjectiveForm(
        _data(request), initiative=initiative, with_goal=True, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        saved = _save(
            form, services.objective_update, acting_user=request.user, objective=objective
        )
        if saved is not None:
            messages.success(request, _("The impact objective has been saved."))
            return redirect(request, _edit_url(initiative, f"objective-{objective.pk}"))
    return _form_page(
        request,
        initiative,
        form,
        title=_("Edit impact objective"),
        submit_label=_("Save changes"),
        cancel_url=_edit_url(initiative, f"objective-{objective.pk}"),
    )


@login_required
def objective_delete(request, slug, pk):
    initiative = _manager(request, slug)
    objective = _objective(initiative, pk)
    error = None
    if request.method == "POST":
        try:
            services.objective_delete(acting_user=request.user, objective=objective)
        except ApplicationError as exc:
            error = exc.message
        else:
            messages.success(
                request, _("“%(title)s” has been deleted.") % {"title": objective.title}
            )
            return redirect(request, _edit_url(initiative, f"goal-{objective.goal_id}"))
    return _confirm_page(
        request,
        initiative,
        title=_("Delete the impact objective “%(title)s”?") % {"title": objective.title},
        body=_(
            "Its indicators are deleted with it. This cannot be undone. Objectives whose "
            "indicators already have values cannot be deleted."
        ),
        submit_label=_("Yes, delete"),
        cancel_url=_edit_url(initiative, f"objective-{objective.pk}"),
        error=error,
    )


@login_required
@require_POST
def objective_move(request, slug, pk):
    initiative = _manager(request, slug)
    objective = _objective(initiative, pk)
    return _move(
        request,
        initiative,
        queryset=Objective.objects.filter(goal=objective.goal),
        pk=objective.pk,
        reorder=lambda ids: services.objective_reorder(
            acting_user=request.user, goal=objective.goal, objective_ids=ids
        ),
        anchor=f"objective-{objective.pk}",
    )


def _indicator_page(request, initiative, form, *, title, submit_label, cancel_url, indicator=None):
    context = {
        "initiative": initiative,
        "form": form,
        "title": title,
        "submit_label": submit_label,
        "cancel_url": cancel_url,
        "indicator": indicator,
        "has_dimensions": form.fields["dimensions"].queryset.exists(),
    }
    return render_form_page(request, "impact/indicator_form.html", context)


def _after_indicator_saved(request, initiative, indicator, message):
    messages.success(request, message)
    if indicator.target_mode == progress.TargetMode.PER_PERIOD:
        return redirect(request, "impact:indicator-targets", slug=initiative.slug, pk=indicator.pk)
    return redirect(request, _edit_url(initiative, f"indicator-{indicator.pk}"))


@login_required
def indicator_create(request, slug, objective_id):
    initiative = _manager(request, slug)
    objective = _objective(initiative, objective_id)
    form = forms.IndicatorForm(_data(request), initiative=initiative)
    if request.method == "POST" and form.is_valid():
        indicator = _save(
            form, services.indicator_create, acting_user=request.user, objective=objective
        )
        if indicator is not None:
            return _after_indicator_saved(
                request, initiative, indicator, _("The indicator has been added.")
            )
    return _indicator_page(
        request,
        initiative,
        form,
        title=_("Add an indicator to “%(objective)s”") % {"objective": objective.title},
        submit_label=_("Add indicator"),
        cancel_url=_edit_url(initiative, f"objective-{objective.pk}"),
    )


def _indicator(initiative, pk):
    return get_object_or_404(
        Indicator.objects.select_related("objective__goal__initiative").prefetch_related(
            "reporting_organisations", "dimensions"
        ),
        objective__goal__initiative=initiative,
        pk=pk,
    )


@login_required
def indicator_update(request, slug, pk):
    initiative = _manager(request, slug)
    indicator = _indicator(initiative, pk)
    form = forms.IndicatorForm(_data(request), initiative=initiative, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        saved = _save(
            form, services.indicator_update, acting_user=request.user, indicator=indicator
        )
        if saved is not None:
            return _after_indicator_saved(
                request, initiative, saved, _("The indicator has been saved.")
            )
    return _indicator_page(
        request,
        initiative,
        form,
        title=_("Edit indicator “%(name)s”") % {"name": indicator.name},
        submit_label=_("Save changes"),
        cancel_url=_edit_url(initiative, f"indicator-{indicator.pk}"),
        indicator=indicator,
    )


@login_required
def indicator_delete(request, slug, pk):
    initiative = _manager(request, slug)
    indicator = _indicator(initiative, pk)
    error = None
    if request.method == "POST":
        try:
            services.indicator_delete(acting_user=request.user, indicator=indicator)
        except ApplicationError as exc:
            error = exc.message
        else:
            messages.success(request, _("“%(name)s” has been deleted.") % {"name": indicator.name})
            return redirect(request, _edit_url(initiative, f"objective-{indicator.objective_id}"))
    return _confirm_page(
        request,
        initiative,
        title=_("Delete the indicator “%(name)s”?") % {"name": indicator.name},
        body=_(
            "Its targets are deleted with it. This cannot be undone. Indicators that already "
            "have values cannot be deleted."
        ),
        submit_label=_("Yes, delete"),
        cancel_url=_edit_url(initiative, f"indicator-{indicator.pk}"),
        error=error,
    )


@login_required
@require_POST
def indicator_move(request, slug, pk):
    initiative = _manager(request, slug)
    indicator = _indicator(initiative, pk)
    return _move(
        request,
        initiative,
        queryset=Indicator.objects.filter(objective=indicator.objective),
        pk=indicator.pk,
        reorder=lambda ids: services.indicator_reorder(
            acting_user=request.user, objective=indicator.objective, indicator_ids=ids
        ),
        anchor=f"indicator-{indicator.pk}",
    )


def _target_spans(initiative, frequency):
    """The periods a target can be set for: to the planned end, or, without one, to the end of
    next year (the service accepts any period start in an open-ended initiative)."""
    today = timezone.localdate()
    return progress.reporting_periods(
        start=initiative.start_date,
        planned_end=initiative.planned_end_date,
        today=max(today, datetime.date(today.year + 1, 12, 31)),
        frequency=frequency,
    )


@login_required
def indicator_targets(request, slug, pk):
    """The table of targets per period, for indicators with a target for each period."""
    initiative = _manager(request, slug)
    indicator = _indicator(initiative, pk)
    spans = _target_spans(initiative, indicator.frequency)
    form = forms.PeriodTargetsForm(
        _data(request),
        spans=spans,
        labels=[progress.period_label(span, indicator.frequency) for span in spans],
        targets=selectors.period_target_map(indicator=indicator),
        unit=indicator.unit,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_set_period_targets(
                acting_user=request.user, indicator=indicator, targets=form.targets()
            )
        except (ValidationError, ApplicationError) as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The targets have been saved."))
            return redirect(request, _edit_url(initiative, f"indicator-{indicator.pk}"))
    rows = [(span, form[form.field_name(span.start)]) for span in spans]
    context = {
        "initiative": initiative,
        "indicator": indicator,
        "form": form,
        "years": [(year, list(items)) for year, items in groupby(rows, lambda r: r[0].start.year)],
        "per_period": indicator.target_mode == progress.TargetMode.PER_PERIOD,
    }
    return render_form_page(request, "impact/indicator_form_targets.html", context)


# --- Breakdown dimensions ------------------------------------------------------------------


def _dimension_list_url(initiative, anchor=""):
    url = reverse("impact:dimension-list", kwargs={"slug": initiative.slug})
    return f"{url}#{anchor}" if anchor else url


@login_required
def dimension_list(request, slug):
    initiative = _manager(request, slug)
    dimensions = selectors.dimension_list(initiative=initiative, viewer=request.user)
    context = {"initiative": initiative, "dimensions": dimensions}
    return render_page(request, "impact/dimension_list.html", context)


@login_required
def dimension_create(request, slug):
    initiative = _manager(request, slug)
    form = forms.DimensionCreateForm(_data(request))
    if request.method == "POST" and form.is_valid():
        dimension = _save(
            form, services.dimension_create, acting_user=request.user, initiative=initiative
        )
        if dimension is not None:
            messages.success(
                request, _("The breakdown “%(name)s” has been added.") % {"name": dimension.name}
            )
            return redirect(request, _dimension_list_url(initiative, f"dimension-{dimension.pk}"))
    return _form_page(
        request,
        initiative,
        form,
        title=_("Add a breakdown"),
        intro=_(
            "A breakdown shows for whom something changed, e.g. by gender or age group. "
            "Partners then split their values into its categories."
        ),
        submit_label=_("Add breakdown"),
        cancel_url=_dimension_list_url(initiative),
    )


def _dimension(initiative, pk):
    return get_object_or_404(
        Dimension.objects.prefetch_related("categories"), initiative=initiative, pk=pk
    )


@login_required
def dimension_update(request, slug, pk):
    """Rename a breakdown; its categories are listed with their own actions."""
    initiative = _manager(request, slug)
    dimension = _dimension(initiative, pk)
    form = forms.DimensionRenameForm(_data(request), initial={"name": dimension.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.dimension_update(
                acting_user=request.user, dimension=dimension, name=form.cleaned_data["name"]
            )
        except (ValidationError, ApplicationError) as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The breakdown has been renamed."))
            return redirect(request, _dimension_list_url(initiative, f"dimension-{dimension.pk}"))
    context = {
        "initiative": initiative,
        "dimension": dimension,
        "form": form,
        "category_form": forms.CategoryForm(auto_id="id_category_%s"),
    }
    context["category_form"].fields["label"].label = _("New category")
    return render_form_page(request, "impact/dimension_form.html", context)


@login_required
def dimension_delete(request, slug, pk):
    initiative = _manager(request, slug)
    dimension = _dimension(initiative, pk)
    error = None
    if request.method == "POST":
        try:
            services.dimension_delete(acting_user=request.user, dimension=dimension)
        except ApplicationError as exc:
            error = exc.message
        else:
            messages.success(
                request, _("The breakdown “%(name)s” has been deleted.") % {"name": dimension.name}
            )
            return redirect(request, _dimension_list_url(initiative))
    return _confirm_page(
        request,
        initiative,
        title=_("Delete the breakdown “%(name)s”?") % {"name": dimension.name},
        body=_(
            "Indicators are no longer broken down by it. This cannot be undone. A breakdown "
            "that values have already been split into cannot be deleted."
        ),
        submit_label=_("Yes, delete"),
        cancel_url=_dimension_list_url(initiative, f"dimension-{dimension.pk}"),
        error=error,
    )


def _dimension_url(initiative, dimension):
    return reverse("impact:dimension-update", kwargs={"slug": initiative.slug, "pk": dimension.pk})


@login_required
def category_create(request, slug, dimension_id):
    initiative = _manager(request, slug)
    dimension = _dimension(initiative, dimension_id)
    form = forms.CategoryForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.category_create(
                acting_user=request.user, dimension=dimension, label=form.cleaned_data["label"]
            )
        except (ValidationError, ApplicationError) as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The category has been added."))
            return redirect(request, _dimension_url(initiative, dimension))
    return _form_page(
        request,
        initiative,
        form,
        title=_("Add a category to “%(name)s”") % {"name": dimension.name},
        submit_label=_("Add category"),
        cancel_url=_dimension_url(initiative, dimension),
    )


def _category(initiative, pk):
    return get_object_or_404(
        Category.objects.select_related("dimension__initiative"),
        dimension__initiative=initiative,
        pk=pk,
    )


@login_required
def category_update(request, slug, pk):
    initiative = _manager(request, slug)
    category = _category(initiative, pk)
    form = forms.CategoryForm(_data(request), initial={"label": category.label})
    if request.method == "POST" and form.is_valid():
        try:
            services.category_update(
                acting_user=request.user, category=category, label=form.cleaned_data["label"]
            )
        except (ValidationError, ApplicationError) as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The category has been renamed."))
            return redirect(request, _dimension_url(initiative, category.dimension))
    return _form_page(
        request,
        initiative,
        form,
        title=_("Rename the category “%(label)s”") % {"label": category.label},
        submit_label=_("Save changes"),
        cancel_url=_dimension_url(initiative, category.dimension),
    )


@login_required
def category_delete(request, slug, pk):
    initiative = _manager(request, slug)
    category = _category(initiative, pk)
    error = None
    if request.method == "POST":
        try:
            services.category_delete(acting_user=request.user, category=category)
        except ApplicationError as exc:
            error = exc.message
        else:
            messages.success(
                request, _("The category “%(label)s” has been deleted.") % {"label": category.label}
            )
            return redirect(request, _dimension_url(initiative, category.dimension))
    return _confirm_page(
        request,
        initiative,
        title=_("Delete the category “%(label)s”?") % {"label": category.label},
        body=_("This cannot be undone. A category that values have been reported for stays."),
        submit_label=_("Yes, delete"),
        cancel_url=_dimension_url(initiative, category.dimension),
        error=error,
    )


# --- Settings and periods ------------------------------------------------------------------


@login_required
def measurement_settings_edit(request, slug):
    initiative = _period_manager(request, slug)
    settings = selectors.measurement_settings_get(initiative=initiative)
    form = forms.MeasurementSettingsForm(
        _data(request), initial=forms.MeasurementSettingsForm.initial_from(settings)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.measurement_settings_update(
                acting_user=request.user, initiative=initiative, **form.cleaned_data
            )
        except (ValidationError, ApplicationError) as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The status rule and the deadline have been saved."))
            return redirect(request, _edit_url(initiative))
    return _form_page(
        request,
        initiative,
        form,
        title=_("Status rule and reporting deadline"),
        intro=_(
            "Each indicator's latest approved value is compared with its target for that "
            "period. These shares decide whether it counts as on track, at risk or off track."
        ),
        submit_label=_("Save changes"),
        cancel_url=_edit_url(initiative),
    )


@login_required
def period_list(request, slug):
    """Reporting periods by frequency and year, each with who locked it when."""
    initiative = _period_manager(request, slug)
    periods = selectors.reporting_period_list(initiative=initiative, viewer=request.user)
    today = timezone.localdate()
    order = {value: position for position, value in enumerate(progress.Frequency.values)}
    groups = []
    for frequency, items in groupby(
        sorted(periods, key=lambda p: (order[p.frequency], -p.start.year, p.start)),
        key=lambda p: p.frequency,
    ):
        years = [(year, list(rows)) for year, rows in groupby(items, key=lambda p: p.start.year)]
        groups.append((progress.Frequency(frequency), years))
    # The year of the period just locked or unlocked stays open, besides the current one.
    year = request.GET.get("jahr", "")
    open_years = {today.year, int(year)} if year.isdigit() else {today.year}
    context = {
        "initiative": initiative,
        "groups": groups,
        "open_years": open_years,
        "today": today,
    }
    return render_page(request, "impact/period_list.html", context)


def _period(initiative, pk):
    return get_object_or_404(ReportingPeriod, initiative=initiative, pk=pk)


def _period_list_url(initiative, period):
    url = reverse("impact:period-list", kwargs={"slug": initiative.slug})
    return f"{url}?jahr={period.start.year}#period-{period.pk}"


@login_required
def period_lock(request, slug, pk):
    """Ask first, then lock: partners can no longer enter or change values of the period."""
    initiative = _period_manager(request, slug)
    period = _period(initiative, pk)
    if request.method == "POST":
        services.period_lock(acting_user=request.user, period=period)
        messages.success(
            request,
            _("%(period)s (%(frequency)s) is locked.")
            % {"period": period.label, "frequency": period.get_frequency_display()},
        )
        return redirect(request, _period_list_url(initiative, period))
    if period.is_locked:
        return redirect(request, _period_list_url(initiative, period))
    return _confirm_page(
        request,
        initiative,
        title=_("Lock %(period)s (%(frequency)s)?")
        % {"period": period.label, "frequency": period.get_frequency_display()},
        body=_(
            "Nobody can enter, change, submit or review values of this period any more until "
            "it is unlocked again. Values that are still missing stay missing."
        ),
        submit_label=_("Yes, lock"),
        cancel_url=_period_list_url(initiative, period),
    )


@login_required
@require_POST
def period_unlock(request, slug, pk):
    initiative = _period_manager(request, slug)
    period = _period(initiative, pk)
    services.period_unlock(acting_user=request.user, period=period)
    messages.success(
        request,
        _("%(period)s (%(frequency)s) is open again: values can be entered and changed.")
        % {"period": period.label, "frequency": period.get_frequency_display()},
    )
    return redirect(request, _period_list_url(initiative, period))
