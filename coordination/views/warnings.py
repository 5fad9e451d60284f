"""HTML pages of the early-warning list: the list with filters, noting a warning, and a
warning's page with its follow-up notes and status."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coordination import forms, permissions, selectors, services
from coordination.models import EarlyWarning
from coordination.views._common import _int
from core.errors import ApplicationError
from core.forms import form_add_service_error
from core.htmx import redirect, render_form_page, render_page
from core.http import require
from initiatives.models import Role
from initiatives.permissions import access_initiative_page

PAGE_SIZE = 20


def _initiative(request, slug):
    return access_initiative_page(request, slug, permissions.can_view_warnings)


def _warning(request, initiative, pk) -> EarlyWarning:
    """A warning the viewer may see; one marked for the backbone office answers 404 to
    everyone else, as if it did not exist."""
    warning = selectors.warning_get(viewer=request.user, initiative=initiative, pk=pk)
    if warning is None:
        raise Http404
    return warning


def _warning_url(initiative, warning) -> str:
    return reverse(
        "coordination:warning-detail", kwargs={"slug": initiative.slug, "pk": warning.pk}
    )


@login_required
def warning_list(request, slug):
    """Unresolved warnings first, then newest first; filters: status, organisation and (for
    the backbone office) who may see them."""
    initiative, membership = _initiative(request, slug)
    organisations = selectors.organisation_list(initiative=initiative)
    is_coordinator = membership.role == Role.COORDINATOR
    filters = {
        "status": request.GET.get("status") or None,
        "organisation": _int(request.GET.get("organisation")),
        "visibility": request.GET.get("visibility") or None,
    }
    if filters["status"] not in EarlyWarning.Status.values:
        filters["status"] = None
    if filters["organisation"] not in {o.pk for o in organisations}:
        filters["organisation"] = None
    if not is_coordinator or filters["visibility"] not in EarlyWarning.Visibility.values:
        filters["visibility"] = None
    warnings = selectors.warning_list(viewer=request.user, initiative=initiative, **filters)
    page = Paginator(warnings, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({key: value for key, value in filters.items() if value})
    context = {
        "initiative": initiative,
        "membership": membership,
        "page": page,
        "query": query,
        "filters": filters,
        "is_filtered": any(filters.values()),
        "organisations": organisations,
        "statuses": EarlyWarning.Status.choices,
        "visibilities": EarlyWarning.Visibility.choices if is_coordinator else (),
        "counts": selectors.warning_status_counts(viewer=request.user, initiative=initiative),
        "can_create": permissions.can_create_warning(membership),
    }
    return render_page(request, "coordination/warning_list.html", context, partial="results")


@login_required
def warning_create(request, slug):
    initiative, membership = _initiative(request, slug)
    require(permissions.can_create_warning(membership))
    form = forms.WarningForm(
        request.POST or None, organisations=selectors.organisation_list(initiative=initiative)
    )
    if request.method == "POST" and form.is_valid():
        try:
            warning = services.warning_create(
                acting_user=request.user, initiative=initiative, **form.fields_for_service()
            )
        except (ValidationError, ApplicationError) as error:
            form_add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Thank you. The backbone office has been informed of the warning.")
                if warning.is_for_coordinators
                else _("Thank you. The warning is on the list for all members."),
            )
            return redirect(request, _warning_url(initiative, warning))
    return render_form_page(
        request, "coordination/warning_form.html", {"initiative": initiative, "form": form}
    )


def _detail_context(request, initiative, membership, warning, note_form=None):
    can_follow_up = permissions.can_follow_up_warning(membership, warning)
    return {
        "initiative": initiative,
        "membership": membership,
        "warning": warning,
        "notes": list(warning.notes.all()),
        "can_follow_up": can_follow_up,
        "form": (note_form or forms.WarningNoteForm()) if can_follow_up else None,
        "statuses": EarlyWarning.Status.choices,
    }


@login_required
def warning_detail(request, slug, pk):
    initiative, membership = _initiative(request, slug)
    warning = _warning(request, initiative, pk)
    context = _detail_context(request, initiative, membership, warning)
    return render_page(request, "coordination/warning_detail.html", context)


@login_required
@require_POST
def warning_note_create(request, slug, pk):
    initiative, membership = _initiative(request, slug)
    warning = _warning(request, initiative, pk)
    require(permissions.can_follow_up_warning(membership, warning))
    form = forms.WarningNoteForm(request.POST)
    if form.is_valid():
        try:
            services.warning_note_add(
                acting_user=request.user, warning=warning, text=form.cleaned_data["text"]
            )
        except (ValidationError, ApplicationError) as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The follow-up has been added."))
            return redirect(request, _warning_url(initiative, warning) + "#verlauf")
    context = _detail_context(request, initiative, membership, warning, note_form=form)
    return render_page(
        request, "coordination/warning_detail.html", context, partial="form", status=422
    )


@login_required
@require_POST
def warning_status(request, slug, pk):
    initiative, membership = _initiative(request, slug)
    warning = _warning(request, initiative, pk)
    require(permissions.can_follow_up_warning(membership, warning))
    form = forms.WarningStatusForm(request.POST)
    if form.is_valid():
        services.warning_set_status(
            acting_user=request.user, warning=warning, status=form.cleaned_data["status"]
        )
        messages.success(
            request,
            _("The warning is now: %(status)s.") % {"status": warning.get_status_display()},
        )
    else:
        messages.error(request, _("Please choose open, being handled or resolved."))
    return redirect(request, _warning_url(initiative, warning))
