"""Step 5 pages: the good-practice guide (Leitfaden), what became of the practice, and the
objectives of the common agenda the group works towards."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ApplicationError, PermissionDeniedError
from core.forms import form_add_service_error
from core.htmx import redirect, render_form_page, render_page
from core.http import require
from focusgroups import forms, permissions, selectors, services
from focusgroups.models import Guide
from focusgroups.views.groups import _group


def _guide_url(group) -> str:
    return reverse("focusgroups:guide", args=[group.initiative.slug, group.pk])


@login_required
def guide_detail(request, slug, pk):
    """The guide with its sections, status and what can be done with it next."""
    initiative, membership, group, is_member = _group(request, slug, pk)
    guide = selectors.guide_get(group=group)
    objectives, indicators = selectors.group_links_get(group=group)
    sections = guide.section_list() if guide else []
    missing = (
        [title for name, title, text in sections if name in Guide.REQUIRED_SECTIONS and not text]
        if guide
        else []
    )
    return render_page(
        request,
        "focusgroups/guide_detail.html",
        {
            "initiative": initiative,
            "group": group,
            "guide": guide,
            "sections": sections,
            "missing": missing,
            "objectives": objectives,
            "indicators": indicators,
            "can_edit": permissions.can_edit_guide(membership, group, guide, is_member=is_member),
            "can_finalise": permissions.can_finalise_guide(
                membership, group, guide, is_member=is_member
            ),
            "can_reopen": permissions.can_reopen_guide(membership, group, guide),
            "can_record_outcome": permissions.can_record_outcome(
                membership, group, is_member=is_member
            ),
            "can_link": permissions.can_link_objectives(membership, group, is_member=is_member),
            "can_request_pdf": guide is not None and permissions.can_request_guide_pdf(membership),
        },
    )


@login_required
def guide_edit(request, slug, pk):
    initiative, membership, group, is_member = _group(request, slug, pk)
    guide = selectors.guide_get(group=group)
    require(permissions.can_edit_guide(membership, group, guide, is_member=is_member))
    form = forms.GuideForm(request.POST if request.method == "POST" else None, instance=guide)
    if request.method == "POST" and form.is_valid():
        try:
            services.guide_update(
                acting_user=request.user,
                group=group,
                **{name: form.cleaned_data[name] for name in form.Meta.fields},
            )
        except ApplicationError as error:
            if isinstance(error, PermissionDeniedError):
                raise PermissionDenied(error.message) from error
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The guide has been saved."))
            return redirect(request, _guide_url(group))
    return render_form_page(
        request,
        "focusgroups/guide_form.html",
        {"form": form, "initiative": initiative, "group": group, "guide": guide},
    )


@login_required
def guide_assemble(request, slug, pk):
    """Fill the sections from the group's content. Without a guide a click does it; over an
    existing text the page first asks, because the text is replaced."""
    initiative, membership, group, is_member = _group(request, slug, pk)
    guide = selectors.guide_get(group=group)
    require(permissions.can_edit_guide(membership, group, guide, is_member=is_member))
    if request.method == "POST":
        services.guide_assemble(acting_user=request.user, group=group)
        messages.success(
            request,
            _(
                "The guide has been assembled from the group's content. Read it through and "
                "add what only the group knows."
            ),
        )
        return redirect(request, _guide_url(group))
    return render_page(
        request,
        "focusgroups/guide_assemble.html",
        {"initiative": initiative, "group": group, "guide": guide},
    )


@login_required
@require_POST
def guide_status(request, slug, pk):
    """Finalise the draft (`action=finalise`) or reopen a final guide (`action=reopen`)."""
    _initiative, membership, group, is_member = _group(request, slug, pk)
    guide = selectors.guide_get(group=group)
    action = request.POST.get("action")
    if action == "finalise":
        require(permissions.can_finalise_guide(membership, group, guide, is_member=is_member))
        service, done = services.guide_finalise, _("The guide is final now.")
    elif action == "reopen":
        require(permissions.can_reopen_guide(membership, group, guide))
        service, done = services.guide_reopen, _("The guide is open for changes again.")
    else:
        raise Http404
    try:
        service(acting_user=request.user, group=group)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except ApplicationError as error:
        if isinstance(error, PermissionDeniedError):
            raise PermissionDenied(error.message) from error
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect(request, _guide_url(group))


@login_required
def group_outcome(request, slug, pk):
    """Record whether the practice was made permanent or scaled, where and since when."""
    initiative, membership, group, is_member = _group(request, slug, pk)
    require(permissions.can_record_outcome(membership, group, is_member=is_member))
    initial = {"outcome": group.outcome, "where": group.outcome_where, "date": group.outcome_date}
    form = forms.OutcomeForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.focus_group_outcome_set(
                acting_user=request.user, group=group, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("What became of the practice has been saved."))
            return redirect(request, group)
    return render_form_page(
        request,
        "focusgroups/guide_outcome_form.html",
        {"form": form, "initiative": initiative, "group": group},
    )


@login_required
def group_links(request, slug, pk):
    """Choose the impact objectives (and indicators) of the common agenda the group serves."""
    initiative, membership, group, is_member = _group(request, slug, pk)
    require(permissions.can_link_objectives(membership, group, is_member=is_member))
    objectives = selectors.objective_choices(initiative=initiative)
    indicators = selectors.indicator_choices(initiative=initiative)
    chosen, measured = selectors.group_links_get(group=group)
    form = forms.LinksForm(
        request.POST if request.method == "POST" else None,
        objectives=objectives,
        indicators=indicators,
        initial={"objectives": [o.pk for o in chosen], "indicators": [i.pk for i in measured]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.focus_group_links_set(
                acting_user=request.user,
                group=group,
                objectives=form.cleaned_data["objectives"],
                indicators=form.cleaned_data["indicators"],
            )
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The links to the common agenda have been saved."))
            return redirect(request, group)
    return render_form_page(
        request,
        "focusgroups/guide_links_form.html",
        {
            "form": form,
            "initiative": initiative,
            "group": group,
            "has_objectives": objectives.exists(),
        },
    )
