"""HTML pages of the mutually reinforcing activities: the list, an activity with its output logs
and the quick log form, the forms to register, change and delete, the partner by objective
alignment view and a partner's contributions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coordination import forms, permissions, selectors, services
from coordination.models import ContributionKind, OutputLog
from coordination.views._common import _int
from core.errors import ApplicationError
from core.forms import form_add_service_error
from core.htmx import redirect, render_form_page, render_page
from core.http import require
from initiatives.models import Organisation
from initiatives.permissions import access_initiative_page

PAGE_SIZE = 20
LOG_PAGE_SIZE = 20


def _initiative(request, slug):
    return access_initiative_page(request, slug, permissions.can_view_activities)


def _activity(request, initiative, pk):
    activity, _membership = permissions.access_activity(
        user=request.user, pk=pk, initiative=initiative
    )
    return activity


@login_required
def activity_list(request, slug):
    """All activities of the initiative, filterable by organisation, objective and kind."""
    initiative, membership = _initiative(request, slug)
    organisations = selectors.organisation_list(initiative=initiative)
    objectives = selectors.objective_list(initiative=initiative)
    filters = {
        "organisation": _int(request.GET.get("organisation")),
        "objective": _int(request.GET.get("objective")),
        "contribution_kind": request.GET.get("kind") or None,
    }
    if filters["organisation"] not in {o.pk for o in organisations}:
        filters["organisation"] = None
    if filters["objective"] not in {o.pk for o in objectives}:
        filters["objective"] = None
    if filters["contribution_kind"] not in ContributionKind.values:
        filters["contribution_kind"] = None
    activities = selectors.activity_list(viewer=request.user, initiative=initiative, **filters)
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode(
        {
            key: value
            for key, value in (
                ("organisation", filters["organisation"]),
                ("objective", filters["objective"]),
                ("kind", filters["contribution_kind"]),
            )
            if value
        }
    )
    context = {
        "initiative": initiative,
        "membership": membership,
        "page": page,
        "query": query,
        "filters": filters,
        "is_filtered": any(filters.values()),
        "organisations": organisations,
        "objectives": objectives,
        "kinds": ContributionKind.choices,
        "can_create": permissions.can_create_activity(membership),
        "has_objectives": bool(objectives),
    }
    return render_page(request, "coordination/activity_list.html", context, partial="results")


def _detail_context(request, initiative, membership, activity, log_form):
    logs = selectors.output_log_list(viewer=request.user, activity=activity)
    page = Paginator(logs, LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "initiative": initiative,
        "membership": membership,
        "activity": activity,
        "page": page,
        "log_form": log_form,
        "form": log_form,
        "can_change": permissions.can_change_activity(membership, activity),
        "can_log": permissions.can_log_output(membership, activity),
    }


@login_required
def activity_detail(request, slug, pk):
    """One activity with its objectives and output logs; the quick log form on top for the
    members of the organisation that runs it."""
    initiative, membership = _initiative(request, slug)
    activity = selectors.activity_get(viewer=request.user, initiative=initiative, pk=pk)
    if activity is None:
        raise Http404
    log_form = None
    if permissions.can_log_output(membership, activity):
        log_form = forms.OutputLogForm(dimensions=selectors.dimension_list(initiative=initiative))
    context = _detail_context(request, initiative, membership, activity, log_form)
    return render_page(request, "coordination/activity_detail.html", context)


@login_required
@require_POST
def output_log_create(request, slug, pk):
    """The quick log form posts here; a rejected entry shows the detail page with the form."""
    initiative, membership = _initiative(request, slug)
    activity = _activity(request, initiative, pk)
    require(permissions.can_log_output(membership, activity))
    form = forms.OutputLogForm(
        request.POST, dimensions=selectors.dimension_list(initiative=initiative)
    )
    if form.is_valid():
        try:
            log = services.output_log_create(
                acting_user=request.user, activity=activity, **form.entry()
            )
        except (ValidationError, ApplicationError) as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("Logged: %(people)s people reached on %(date)s.")
                % {"people": log.people_reached, "date": log.date.strftime("%d.%m.%Y")},
            )
            return redirect(request, "coordination:activity-detail", slug=initiative.slug, pk=pk)
    activity = selectors.activity_get(viewer=request.user, initiative=initiative, pk=pk)
    context = _detail_context(request, initiative, membership, activity, form)
    return render_form_page(request, "coordination/activity_detail.html", context)


def _activity_form_page(request, initiative, form, activity=None):
    return render_form_page(
        request,
        "coordination/activity_form.html",
        {
            "initiative": initiative,
            "form": form,
            "activity": activity,
            "is_new": activity is None,
            "organisation": activity.organisation if activity else request.membership.organisation,
        },
    )


@login_required
def activity_create(request, slug):
    """Register an activity of the member's own organisation (partner members only)."""
    initiative, membership = _initiative(request, slug)
    require(permissions.can_create_activity(membership))
    objectives = selectors.objective_list(initiative=initiative)
    form = forms.ActivityForm(request.POST or None, objectives=objectives)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(
                acting_user=request.user, initiative=initiative, **form.fields_for_service()
            )
        except (ValidationError, ApplicationError) as error:
            form_add_service_error(form, error)
        else:
            messages.success(
                request,
                _("“%(title)s” has been registered. Log its outputs here as they happen.")
                % {"title": activity.title},
            )
            return redirect(
                request, "coordination:activity-detail", slug=initiative.slug, pk=activity.pk
            )
    return _activity_form_page(request, initiative, form)


@login_required
def activity_update(request, slug, pk):
    initiative, membership = _initiative(request, slug)
    activity = _activity(request, initiative, pk)
    require(permissions.can_change_activity(membership, activity))
    objectives = selectors.objective_list(initiative=initiative)
    form = forms.ActivityForm(request.POST or None, objectives=objectives, activity=activity)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(
                acting_user=request.user, activity=activity, **form.fields_for_service()
            )
        except (ValidationError, ApplicationError) as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect(request, "coordination:activity-detail", slug=initiative.slug, pk=pk)
        # A refused service call may have changed the instance in memory: show what is stored.
        activity.refresh_from_db()
    return _activity_form_page(request, initiative, form, activity)


@login_required
def activity_delete(request, slug, pk):
    initiative, membership = _initiative(request, slug)
    activity = _activity(request, initiative, pk)
    require(permissions.can_change_activity(membership, activity))
    if request.method == "POST":
        services.activity_delete(acting_user=request.user, activity=activity)
        messages.success(request, _("“%(title)s” has been deleted.") % {"title": activity.title})
        return redirect(request, "coordination:activity-list", slug=initiative.slug)
    return render(
        request,
        "coordination/activity_confirm_delete.html",
        {
            "initiative": initiative,
            "activity": activity,
            "log_count": activity.output_logs.count(),
        },
    )


def _log(request, initiative, membership, pk, log_pk):
    activity = _activity(request, initiative, pk)
    log = get_object_or_404(
        OutputLog.objects.prefetch_related("breakdowns__category"), activity=activity, pk=log_pk
    )
    log.activity = activity
    require(permissions.can_change_output_log(membership, log))
    return activity, log


@login_required
def output_log_update(request, slug, pk, log_pk):
    """Correct a logged output: its organisation's members, or the backbone office."""
    initiative, membership = _initiative(request, slug)
    activity, log = _log(request, initiative, membership, pk, log_pk)
    form = forms.OutputLogForm(
        request.POST or None, dimensions=selectors.dimension_list(initiative=initiative), log=log
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.output_log_update(acting_user=request.user, log=log, **form.entry())
        except (ValidationError, ApplicationError) as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect(request, "coordination:activity-detail", slug=initiative.slug, pk=pk)
    return render_form_page(
        request,
        "coordination/output_log_form.html",
        {"initiative": initiative, "activity": activity, "log": log, "form": form},
    )


@login_required
def output_log_delete(request, slug, pk, log_pk):
    initiative, membership = _initiative(request, slug)
    activity, log = _log(request, initiative, membership, pk, log_pk)
    if request.method == "POST":
        services.output_log_delete(acting_user=request.user, log=log)
        messages.success(request, _("The entry has been deleted."))
        return redirect(request, "coordination:activity-detail", slug=initiative.slug, pk=pk)
    return render(
        request,
        "coordination/output_log_confirm_delete.html",
        {"initiative": initiative, "activity": activity, "log": log},
    )


@login_required
def activity_alignment(request, slug):
    """Partners by objectives: how many activities serve each objective, gaps and overlaps."""
    initiative, membership = _initiative(request, slug)
    alignment = selectors.alignment_get(viewer=request.user, initiative=initiative)
    context = {
        "initiative": initiative,
        "membership": membership,
        "alignment": alignment,
        "list_url": reverse("coordination:activity-list", kwargs={"slug": initiative.slug}),
    }
    return render_page(request, "coordination/activity_alignment.html", context)


@login_required
def organisation_contributions(request, slug, pk):
    """A partner's contributions to the common agenda: its activities by objective."""
    initiative, membership = _initiative(request, slug)
    organisation = get_object_or_404(Organisation, initiative=initiative, pk=pk)
    contributions = selectors.contributions_get(
        viewer=request.user, initiative=initiative, organisation=organisation
    )
    context = {
        "initiative": initiative,
        "membership": membership,
        "organisation": organisation,
        "contributions": contributions,
        "can_create": permissions.can_create_activity(membership, organisation),
    }
    return render_page(request, "coordination/organisation_contributions.html", context)
