"""HTML pages of the shared measurement: the partners' reporting and the review queue of the
backbone office (the progress pages are in `impact.views.progress`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ApplicationError
from core.forms import form_add_service_error
from core.htmx import redirect, render_form_page, render_page
from core.http import require
from impact import permissions, selectors, services
from impact.forms import reporting as forms
from impact.forms import transfer as transfer_forms
from impact.models import Evidence, Indicator, ReportingPeriod, Submission
from impact.progress import Status as ProgressStatus
from impact.selectors import TaskState
from initiatives.models import Role
from initiatives.permissions import access_initiative_page

# The order in which open tasks are listed: what needs action most first.
TASK_GROUPS = (
    (TaskState.RETURNED, "returned"),
    (TaskState.OVERDUE, "overdue"),
    (TaskState.DRAFT, "draft"),
    (TaskState.DUE, "due"),
)
REVIEW_PAGE_SIZE = 25
STATUS_BADGES = {
    ProgressStatus.ON_TRACK: "success",
    ProgressStatus.AT_RISK: "warning",
    ProgressStatus.OFF_TRACK: "danger",
    ProgressStatus.NO_DATA: "info",
    ProgressStatus.NO_TARGET: "info",
}


def _initiative(request, slug):
    return access_initiative_page(request, slug)


@login_required
def task_list(request, slug):
    """My reporting: what is due, overdue, returned or in draft for the member's organisation
    (for the backbone office: the population indicators), what is done, and what was left
    unreported in periods that are locked now."""
    initiative, membership = _initiative(request, slug)
    require(permissions.can_enter_any_value(membership))
    is_coordinator = membership.role == Role.COORDINATOR
    tasks = selectors.reporting_task_list(
        viewer=request.user, initiative=initiative, own_only=is_coordinator
    )
    groups = [(key, [task for task in tasks if task.state == state]) for state, key in TASK_GROUPS]
    locked = [task for task in tasks if task.state == TaskState.LOCKED]
    done = [
        task
        for task in tasks
        if task.state not in selectors.OPEN_STATES and task.state != TaskState.LOCKED
    ]
    open_periods = sorted(
        {task.period.pk: task.period for _key, items in groups for task in items}.values(),
        key=lambda period: (period.start, period.frequency),
    )
    context = {
        "initiative": initiative,
        "membership": membership,
        "groups": groups,
        "open_count": sum(len(items) for _key, items in groups),
        "done": done,
        "locked": locked,
        "today": timezone.localdate(),
        "template_form": transfer_forms.TemplateForm(periods=open_periods, auto_id="template_%s"),
        "review_count": (
            selectors.submission_list_for_review(viewer=request.user, initiative=initiative).count()
            if permissions.can_review_submissions(membership)
            else None
        ),
    }
    return render_page(request, "impact/task_list.html", context)


def _value_key(request, slug, indicator_id, period_id):
    """The indicator, period and organisation of a value the member enters; 404 when the value
    is not one the member enters (another organisation's, or a period not yet started)."""
    initiative, membership = _initiative(request, slug)
    require(permissions.can_enter_any_value(membership))
    indicator = get_object_or_404(
        Indicator.objects.select_related("objective__goal__initiative").prefetch_related(
            "dimensions__categories"
        ),
        pk=indicator_id,
        objective__goal__initiative=initiative,
    )
    period = get_object_or_404(
        ReportingPeriod,
        pk=period_id,
        initiative=initiative,
        frequency=indicator.frequency,
        start__lte=timezone.localdate(),
    )
    organisation = membership.organisation if membership.role == Role.PARTNER else None
    if not permissions.can_enter_value(membership, indicator, organisation):
        raise Http404
    if organisation is not None and not any(
        org.pk == organisation.pk for org in indicator.reporting_organisations.all()
    ):
        raise Http404
    return initiative, membership, indicator, period, organisation


def _current_submission(request, initiative, indicator, period, organisation):
    """The latest revision of the value and, while a correction is open, the approved one."""
    submissions = selectors.submission_list(
        viewer=request.user,
        initiative=initiative,
        indicator=indicator,
        period=period,
        organisation=organisation,
    )
    if organisation is None:
        submissions = submissions.filter(organisation__isnull=True)
    current = approved = None
    for submission in submissions:
        if submission.is_current:
            current = submission
        if submission.status == Submission.Status.APPROVED:
            approved = submission
    return current, approved


def _save(request, form, *, indicator, period, organisation, submission, submit: bool):
    """Save the typed value with its new evidence files and, with `submit`, hand it in: all of
    it or nothing (files stored before a later step failed are removed again)."""
    added = []
    try:
        with transaction.atomic():
            if submission is None:
                submission = services.submission_create(
                    acting_user=request.user,
                    indicator=indicator,
                    period=period,
                    organisation=organisation,
                    **form.entry(),
                )
            else:
                submission = services.submission_update(
                    acting_user=request.user, submission=submission, **form.entry()
                )
            for upload in form.evidence_files():
                added.append(
                    services.evidence_add(
                        acting_user=request.user, submission=submission, upload=upload
                    )
                )
            if submit:
                submission = services.submission_submit(
                    acting_user=request.user, submission=submission
                )
    except Exception:
        for evidence in added:
            evidence.file.storage.delete(evidence.file.name)
        raise
    return submission


@login_required
def submission_edit(request, slug, indicator_id, period_id):
    """Enter, change and submit one value; read-only once submitted or approved."""
    initiative, membership, indicator, period, organisation = _value_key(
        request, slug, indicator_id, period_id
    )
    current, approved = _current_submission(request, initiative, indicator, period, organisation)
    editable = not period.is_locked and (
        current is None or current.status in {Submission.Status.DRAFT, Submission.Status.RETURNED}
    )
    form = None
    if editable:
        form = forms.SubmissionForm(
            request.POST if request.method == "POST" else None,
            request.FILES if request.method == "POST" else None,
            indicator=indicator,
            submission=current,
        )
        if request.method == "POST" and form.is_valid():
            submit = request.POST.get("action") == "submit"
            try:
                _save(
                    request,
                    form,
                    indicator=indicator,
                    period=period,
                    organisation=organisation,
                    submission=current,
                    submit=submit,
                )
            except (ValidationError, ApplicationError) as error:
                form.add_service_error(error)
            else:
                messages.success(
                    request,
                    _("The value has been submitted to the backbone office for review.")
                    if submit
                    else _("The draft has been saved. Submit it when it is complete."),
                )
                return redirect(request, "impact:task-list", slug=initiative.slug)
    elif request.method == "POST":
        raise PermissionDenied
    context = {
        "initiative": initiative,
        "membership": membership,
        "indicator": indicator,
        "period": period,
        "organisation": organisation,
        "submission": current,
        "approved": approved,
        "form": form,
        "evidence": list(current.evidence.all()) if current is not None else [],
        "history": (
            selectors.submission_history(viewer=request.user, submission=current)
            if current is not None
            else []
        ),
    }
    return render_form_page(request, "impact/submission_form.html", context)


@login_required
@require_POST
def submission_revise(request, slug, indicator_id, period_id):
    """Start a correction of the approved value: a new draft with the same numbers."""
    initiative, _membership, indicator, period, organisation = _value_key(
        request, slug, indicator_id, period_id
    )
    current, _approved = _current_submission(request, initiative, indicator, period, organisation)
    if current is None:
        raise Http404
    try:
        services.submission_revise(acting_user=request.user, submission=current)
    except (ValidationError, ApplicationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(
            request,
            _("The correction has been started. The approved value counts until it is approved."),
        )
    return redirect(
        request,
        "impact:submission-edit",
        slug=initiative.slug,
        indicator_id=indicator.pk,
        period_id=period.pk,
    )


@login_required
@require_POST
def submission_discard(request, slug, indicator_id, period_id):
    """Delete a draft that was never submitted; discarding a correction restores the approved
    value as the latest one."""
    initiative, _membership, indicator, period, organisation = _value_key(
        request, slug, indicator_id, period_id
    )
    current, _approved = _current_submission(request, initiative, indicator, period, organisation)
    if current is None:
        raise Http404
    try:
        services.submission_discard(acting_user=request.user, submission=current)
    except (ValidationError, ApplicationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect(
            request,
            "impact:submission-edit",
            slug=initiative.slug,
            indicator_id=indicator.pk,
            period_id=period.pk,
        )
    messages.success(request, _("The draft has been discarded."))
    return redirect(request, "impact:task-list", slug=initiative.slug)


@login_required
def review_list(request, slug):
    """The backbone office's queue: submitted values, oldest first, a page at a time (a large
    initiative has hundreds waiting after a reporting deadline)."""
    initiative, membership = _initiative(request, slug)
    require(permissions.can_review_submissions(membership))
    submissions = selectors.submission_list_for_review(viewer=request.user, initiative=initiative)
    page = Paginator(submissions, REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"initiative": initiative, "membership": membership, "page": page}
    return render_page(request, "impact/review_list.html", context)


def _reviewed_submission(request, slug, pk):
    initiative, membership = _initiative(request, slug)
    require(permissions.can_review_submissions(membership))
    submission, _membership = permissions.access_submission(user=request.user, pk=pk)
    if submission.period.initiative_id != initiative.pk:
        raise Http404
    return initiative, membership, submission


def _review_page(request, initiative, submission, form, *, status=200):
    # Read again through the selector: the state after a refused write, with the breakdown.
    submission = selectors.submission_list(
        viewer=request.user, initiative=initiative, include_superseded=True
    ).get(pk=submission.pk)
    context = {
        "initiative": initiative,
        "submission": submission,
        "indicator": submission.indicator,
        "breakdowns": submission.breakdowns.all(),
        "evidence": submission.evidence.all(),
        "history": selectors.submission_history(viewer=request.user, submission=submission),
        "form": form,
        "can_review": submission.status == Submission.Status.SUBMITTED,
    }
    return render_page(
        request, "impact/submission_review.html", context, partial="return-form", status=status
    )


@login_required
def submission_review(request, slug, pk):
    """One submitted value with its breakdown and history, to approve or return."""
    initiative, _membership, submission = _reviewed_submission(request, slug, pk)
    return _review_page(request, initiative, submission, forms.ReturnForm())


@login_required
@require_POST
def submission_approve(request, slug, pk):
    initiative, _membership, submission = _reviewed_submission(request, slug, pk)
    try:
        services.submission_approve(acting_user=request.user, submission=submission)
    except (ValidationError, ApplicationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect(request, "impact:submission-review", slug=initiative.slug, pk=pk)
    messages.success(
        request,
        _("The value of %(organisation)s has been approved and now counts for the initiative.")
        % {"organisation": submission.organisation or _("the backbone office")},
    )
    return redirect(request, "impact:review-list", slug=initiative.slug)


@login_required
@require_POST
def submission_return(request, slug, pk):
    initiative, _membership, submission = _reviewed_submission(request, slug, pk)
    form = forms.ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.submission_return(
                acting_user=request.user, submission=submission, reason=form.cleaned_data["reason"]
            )
        except (ValidationError, ApplicationError) as error:
            form_add_service_error(form, error)
        else:
            messages.success(
                request,
                _("The value has been returned with your reason. The partner can correct it."),
            )
            return redirect(request, "impact:review-list", slug=initiative.slug)
    return _review_page(request, initiative, submission, form, status=422)


# --- Evidence files ----------------------------------------------------------------------------


def _evidence(request, slug, pk):
    """An evidence file of a value the member may see; 404 for others' drafts and strangers."""
    initiative, membership = _initiative(request, slug)
    require(permissions.can_view_framework(membership))
    evidence = get_object_or_404(
        Evidence.objects.select_related(
            "submission__indicator__objective__goal__initiative",
            "submission__period",
            "submission__organisation",
        ),
        pk=pk,
        submission__period__initiative=initiative,
    )
    if not permissions.can_view_submission(membership, evidence.submission):
        raise Http404
    return initiative, membership, evidence


@login_required
def evidence_download(request, slug, pk):
    """The file under its original name, as a download with the type read from its content."""
    _unused, _membership, evidence = _evidence(request, slug, pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def evidence_delete(request, slug, pk):
    """Ask, then remove an evidence file from a draft or returned value."""
    initiative, membership, evidence = _evidence(request, slug, pk)
    submission = evidence.submission
    require(permissions.can_enter_value(membership, submission.indicator, submission.organisation))
    back = {
        "slug": initiative.slug,
        "indicator_id": submission.indicator_id,
        "period_id": submission.period_id,
    }
    if request.method == "POST":
        try:
            services.evidence_delete(acting_user=request.user, evidence=evidence)
        except (ValidationError, ApplicationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(
                request,
                _("“%(name)s” has been removed.") % {"name": evidence.original_name},
            )
        return redirect(request, "impact:submission-edit", **back)
    editable = not submission.period.is_locked and submission.status in {
        Submission.Status.DRAFT,
        Submission.Status.RETURNED,
    }
    context = {
        "initiative": initiative,
        "membership": membership,
        "evidence": evidence,
        "submission": submission,
        "editable": editable,
        "back": back,
    }
    return render_page(request, "impact/evidence_confirm_delete.html", context)
