"""Steps 4 and 5: prototypes with measurable success criteria, their results, feedback links
and the second round. Thin views: parse, authorise, call a service or selector, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ApplicationError
from core.forms import form_add_service_error
from core.htmx import redirect, render_form_page, render_page
from core.http import require
from focusgroups import forms, permissions, selectors, services
from focusgroups.models import FeedbackLink, Prototype, SuccessCriterion
from focusgroups.views.groups import _refuse
from impact import permissions as impact_permissions

FEEDBACK_PAGE_SIZE = 20


def _group(request, slug, pk):
    initiative, membership, group, is_member = permissions.access_focus_group(
        user=request.user, slug=slug, pk=pk
    )
    request.initiative, request.membership = initiative, membership
    can_work = permissions.can_work_on_prototypes(membership, group, is_member=is_member)
    return initiative, group, can_work


def _prototype(request, slug, pk, prototype_pk):
    initiative, membership, group, is_member, prototype = permissions.access_prototype(
        user=request.user, slug=slug, pk=pk, prototype_pk=prototype_pk
    )
    request.initiative, request.membership = initiative, membership
    can_work = permissions.can_work_on_prototypes(membership, group, is_member=is_member)
    return initiative, group, prototype, can_work


def _detail_url(prototype: Prototype, anchor: str = "") -> str:
    url = reverse(
        "focusgroups:prototype-detail",
        args=[prototype.group.initiative.slug, prototype.group_id, prototype.pk],
    )
    return url + (f"#{anchor}" if anchor else "")


@login_required
def prototype_list(request, slug, pk):
    initiative, group, can_work = _group(request, slug, pk)
    return render_page(
        request,
        "focusgroups/prototype_list.html",
        {
            "initiative": initiative,
            "group": group,
            "prototypes": list(selectors.prototype_list(group=group)),
            "has_concepts": selectors.concept_choices(group=group).exists(),
            "can_work": can_work,
        },
    )


@login_required
def prototype_create(request, slug, pk):
    initiative, group, can_work = _group(request, slug, pk)
    require(can_work)
    concepts = selectors.concept_choices(group=group)
    form = forms.PrototypeForm(request.POST or None, concepts=concepts)
    if request.method == "POST" and form.is_valid():
        try:
            prototype = services.prototype_create(
                acting_user=request.user, group=group, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(
                request,
                _("The prototype has been planned. Now define what counts as success."),
            )
            return redirect(request, _detail_url(prototype, "kriterien"))
    return render_form_page(
        request,
        "focusgroups/prototype_form.html",
        {
            "form": form,
            "initiative": initiative,
            "group": group,
            "is_new": True,
            "has_concepts": concepts.exists(),
        },
    )


@login_required
def prototype_update(request, slug, pk, prototype_pk):
    initiative, group, prototype, can_work = _prototype(request, slug, pk, prototype_pk)
    require(can_work)
    concepts = selectors.concept_choices(group=group)
    form = forms.PrototypeForm(
        request.POST or None,
        concepts=concepts,
        instance=Prototype.objects.get(pk=prototype.pk),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.prototype_update(
                acting_user=request.user, prototype=prototype, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect(request, _detail_url(prototype))
    return render_form_page(
        request,
        "focusgroups/prototype_form.html",
        {
            "form": form,
            "initiative": initiative,
            "group": group,
            "prototype": prototype,
            "is_new": False,
            "has_concepts": True,
        },
    )


def _offered(status: str, prototype: Prototype, detail) -> bool:
    """Offer only the status changes whose rules are met (the service checks them anyway)."""
    if status == Prototype.Status.EVALUATED:
        return bool(detail.criteria) and detail.result_count == len(detail.criteria)
    if status == Prototype.Status.PLANNED:
        return not detail.result_count
    if status == Prototype.Status.TESTED and prototype.status == Prototype.Status.PLANNED:
        return bool(detail.criteria)
    return True


def _indicators(request):
    """The initiative's indicators a criterion may name; None (the form leaves the field out)
    for those who may not see the results framework, participants."""
    if not impact_permissions.can_view_framework(request.membership):
        return None
    return selectors.indicator_choices(initiative=request.initiative)


def _detail_context(request, initiative, group, prototype, can_work, **forms_) -> dict:
    detail = selectors.prototype_detail(prototype=prototype)
    can_view_framework = impact_permissions.can_view_framework(request.membership)
    if can_view_framework:
        selectors.criteria_indicators_attach(detail.criteria)
    planned = prototype.status == Prototype.Status.PLANNED
    page = Paginator(selectors.feedback_answers(prototype=prototype), FEEDBACK_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    transitions = services.PROTOTYPE_TRANSITIONS[prototype.status] if can_work else set()
    links = selectors.feedback_link_list(prototype=prototype)
    for link in links:
        link.url = request.build_absolute_uri(link.get_absolute_url())
    return {
        "initiative": initiative,
        "group": group,
        "prototype": prototype,
        "detail": detail,
        "can_work": can_work,
        "can_view_framework": can_view_framework,
        "can_edit_criteria": can_work and planned,
        "can_enter_results": can_work and prototype.status == Prototype.Status.TESTED,
        "can_iterate": can_work and not planned and not detail.next_iterations,
        "transitions": [
            (s, Prototype.Status(s).label)
            for s in Prototype.Status.values
            if s in transitions and _offered(s, prototype, detail)
        ],
        "summary": selectors.feedback_summary(prototype=prototype),
        "answers": page,
        "links": links,
        "criterion_form": forms_.get("criterion_form")
        or forms.SuccessCriterionForm(indicators=_indicators(request)),
        "link_form": forms_.get("link_form") or forms.FeedbackLinkForm(),
    }


@login_required
def prototype_detail(request, slug, pk, prototype_pk):
    initiative, group, prototype, can_work = _prototype(request, slug, pk, prototype_pk)
    return render_page(
        request,
        "focusgroups/prototype_detail.html",
        _detail_context(request, initiative, group, prototype, can_work),
    )


@login_required
@require_POST
def prototype_status(request, slug, pk, prototype_pk):
    _initiative, _this_group, prototype, can_work = _prototype(request, slug, pk, prototype_pk)
    require(can_work)
    status = request.POST.get("status", "")
    try:
        services.prototype_status_set(acting_user=request.user, prototype=prototype, status=status)
    except ApplicationError as error:
        _refuse(error)
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The prototype is now “%(status)s”.") % {"status": prototype.get_status_display()},
        )
    return redirect(request, _detail_url(prototype))


@login_required
@require_POST
def criterion_create(request, slug, pk, prototype_pk):
    initiative, group, prototype, can_work = _prototype(request, slug, pk, prototype_pk)
    require(can_work)
    form = forms.SuccessCriterionForm(request.POST, indicators=_indicators(request))
    if form.is_valid():
        try:
            services.success_criterion_add(
                acting_user=request.user, prototype=prototype, **form.cleaned_data
            )
        except (ValidationError, ApplicationError) as error:
            if isinstance(error, ApplicationError):
                _refuse(error)
            form_add_service_error(form, error)
    if form.errors:
        context = _detail_context(
            request, initiative, group, prototype, can_work, criterion_form=form
        )
        return render_page(
            request,
            "focusgroups/prototype_detail.html",
            context,
            partial="criterion-form",
            status=422,
        )
    messages.success(request, _("The criterion has been added."))
    return redirect(request, _detail_url(prototype, "kriterien"))


def _criterion(prototype, criterion_pk) -> SuccessCriterion:
    criterion = get_object_or_404(SuccessCriterion, prototype=prototype, pk=criterion_pk)
    criterion.prototype = prototype
    return criterion


@login_required
def criterion_update(request, slug, pk, prototype_pk, criterion_pk):
    initiative, group, prototype, can_work = _prototype(request, slug, pk, prototype_pk)
    require(can_work)
    criterion = _criterion(prototype, criterion_pk)
    form = forms.SuccessCriterionForm(
        request.POST or None,
        instance=SuccessCriterion.objects.get(pk=criterion.pk),
        indicators=_indicators(request),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.success_criterion_update(
                acting_user=request.user, criterion=criterion, **form.cleaned_data
            )
        except (ValidationError, ApplicationError) as error:
            if isinstance(error, ApplicationError):
                _refuse(error)
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The criterion has been saved."))
            return redirect(request, _detail_url(prototype, "kriterien"))
    return render_form_page(
        request,
        "focusgroups/prototype_criterion_form.html",
        {
            "form": form,
            "initiative": initiative,
            "group": group,
            "prototype": prototype,
            "criterion": criterion,
        },
    )


@login_required
def criterion_delete(request, slug, pk, prototype_pk, criterion_pk):
    initiative, group, prototype, can_work = _prototype(request, slug, pk, prototype_pk)
    require(can_work)
    criterion = _criterion(prototype, criterion_pk)
    if request.method == "POST":
        try:
            services.success_criterion_delete(acting_user=request.user, criterion=criterion)
        except ApplicationError as error:
            _refuse(error)
            messages.error(request, error.message)
        else:
            messages.success(request, _("The criterion has been removed."))
        return redirect(request, _detail_url(prototype, "kriterien"))
    return render_page(
        request,
        "focusgroups/prototype_criterion_delete.html",
        {"initiative": initiative, "group": group, "prototype": prototype, "criterion": criterion},
    )


@login_required
def prototype_results(request, slug, pk, prototype_pk):
    initiative, group, prototype, can_work = _prototype(request, slug, pk, prototype_pk)
    require(can_work)
    criteria = prototype.criteria.order_by("created_at", "pk")
    form = forms.ResultsForm(
        request.POST or None,
        criteria=criteria,
        initial={"results_summary": prototype.results_summary},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.prototype_results_save(
                acting_user=request.user,
                prototype=prototype,
                results=form.results(),
                results_summary=form.cleaned_data["results_summary"],
            )
        except (ValidationError, ApplicationError) as error:
            if isinstance(error, ApplicationError):
                _refuse(error)
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The results have been saved."))
            return redirect(request, _detail_url(prototype, "kriterien"))
    return render_form_page(
        request,
        "focusgroups/prototype_results.html",
        {
            "form": form,
            "initiative": initiative,
            "group": group,
            "prototype": prototype,
            "is_tested": prototype.status == Prototype.Status.TESTED,
        },
    )


@login_required
def prototype_iterate(request, slug, pk, prototype_pk):
    initiative, group, prototype, can_work = _prototype(request, slug, pk, prototype_pk)
    require(can_work)
    form = forms.IterationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.prototype_iterate(
                acting_user=request.user, prototype=prototype, **form.cleaned_data
            )
        except (ValidationError, ApplicationError) as error:
            if isinstance(error, ApplicationError):
                _refuse(error)
            form_add_service_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "The second round is planned. Its success criteria are copied from the "
                    "first round, so both can be compared."
                ),
            )
            return redirect(request, _detail_url(new))
    return render_form_page(
        request,
        "focusgroups/prototype_iterate.html",
        {
            "form": form,
            "initiative": initiative,
            "group": group,
            "prototype": prototype,
            "summary": selectors.feedback_summary(prototype=prototype),
            "suggestions": list(
                selectors.feedback_answers(prototype=prototype)
                .exclude(to_change="")
                .values_list("to_change", flat=True)[:10]
            ),
        },
    )


@login_required
@require_POST
def feedback_link_create(request, slug, pk, prototype_pk):
    initiative, group, prototype, can_work = _prototype(request, slug, pk, prototype_pk)
    require(can_work)
    form = forms.FeedbackLinkForm(request.POST)
    if form.is_valid():
        try:
            services.feedback_link_create(
                acting_user=request.user, prototype=prototype, **form.cleaned_data
            )
        except ApplicationError as error:
            _refuse(error)
            form_add_service_error(form, error)
    if form.errors:
        context = _detail_context(request, initiative, group, prototype, can_work, link_form=form)
        return render_page(
            request, "focusgroups/prototype_detail.html", context, partial="link-form", status=422
        )
    messages.success(
        request, _("The feedback link is ready. Hand it to the participants of the test.")
    )
    return redirect(request, _detail_url(prototype, "feedback"))


@login_required
@require_POST
def feedback_link_close(request, slug, pk, prototype_pk, link_pk):
    _initiative, _this_group, prototype, can_work = _prototype(request, slug, pk, prototype_pk)
    require(can_work)
    link = get_object_or_404(FeedbackLink, prototype=prototype, pk=link_pk)
    link.prototype = prototype
    try:
        services.feedback_link_close(acting_user=request.user, link=link)
    except ApplicationError as error:
        _refuse(error)
        messages.error(request, error.message)
    else:
        messages.success(request, _("The link is closed; it takes no more answers."))
    return redirect(request, _detail_url(prototype, "feedback"))
