"""Spreadsheets in and out: the bulk-entry template, the upload with its preview, applying or
discarding it, and the export of all values the viewer may see."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ApplicationError
from core.htmx import redirect, render_page
from core.http import require
from impact import permissions, selectors, services, transfer
from impact.forms import transfer as forms
from impact.models import Goal, ReportingPeriod, Submission, SubmissionImport
from impact.views.reporting import _initiative
from initiatives.models import Role

MISSING = "\u2013"  # an en dash for an empty cell, as on the other pages


def _object_id(request, name: str) -> int | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError as exc:
        raise Http404 from exc


def open_tasks(request, initiative, membership, period: ReportingPeriod | None = None):
    """The values the member still has to enter: their organisation's, or for the backbone
    office the population indicators; optionally for one period."""
    tasks = selectors.reporting_task_list(
        viewer=request.user,
        initiative=initiative,
        open_only=True,
        own_only=membership.role == Role.COORDINATOR,
    )
    if period is not None:
        tasks = [task for task in tasks if task.period.pk == period.pk]
    return tasks


@login_required
def import_template(request, slug):
    """A CSV or XLSX file with one row per value the member still has to enter (for one
    period with ?period=<id>), prefilled with drafts."""
    initiative, membership = _initiative(request, slug)
    require(permissions.can_enter_any_value(membership))
    period_id = _object_id(request, "period")
    period = (
        get_object_or_404(ReportingPeriod, pk=period_id, initiative=initiative)
        if period_id is not None
        else None
    )
    tasks = open_tasks(request, initiative, membership, period)
    header, rows = transfer.template_table(tasks)
    name = slugify(f"{_('values')} {initiative.slug} {period.label if period else ''}")
    return transfer.file_response(
        header, rows, kind=request.GET.get("format"), name=name, title=_("Values")
    )


def _upload_page(request, initiative, membership, form, *, status=200):
    context = {
        "initiative": initiative,
        "membership": membership,
        "form": form,
        "recent": SubmissionImport.objects.filter(
            initiative=initiative,
            organisation=membership.organisation if membership.role == Role.PARTNER else None,
            status=SubmissionImport.Status.CHECKED,
        )[:5],
    }
    return render_page(request, "impact/import_upload.html", context, partial="form", status=status)


@login_required
def import_upload(request, slug):
    """Upload a filled template: every row is checked and shown before anything is saved."""
    initiative, membership = _initiative(request, slug)
    require(permissions.can_enter_any_value(membership))
    if request.method != "POST":
        return _upload_page(request, initiative, membership, forms.ImportUploadForm())
    form = forms.ImportUploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = transfer.read_upload(upload)
            categories = [
                category
                for dimension in selectors.dimension_list(
                    initiative=initiative, viewer=request.user
                )
                for category in dimension.categories.all()
            ]
            rows = transfer.rows_from_table(table, categories)
        except transfer.TransferError as error:
            form.add_error("file", error.message)
        else:
            submission_import = services.submission_import_create(
                acting_user=request.user,
                initiative=initiative,
                file_name=upload.name,
                rows=rows,
            )
            return redirect(
                request, "impact:import-detail", slug=initiative.slug, pk=submission_import.pk
            )
    return _upload_page(request, initiative, membership, form, status=422)


def _import(request, slug, pk):
    """An import of the member's organisation (or the backbone office's); 404 for others."""
    initiative, membership = _initiative(request, slug)
    require(permissions.can_enter_any_value(membership))
    submission_import = get_object_or_404(SubmissionImport, pk=pk, initiative=initiative)
    if not permissions.can_use_import(membership, submission_import):
        raise Http404
    return initiative, membership, submission_import


def _display_rows(request, initiative, rows: list[dict]) -> list[dict]:
    """The stored rows with their breakdown as "dimension: category value" texts."""
    labels = {
        str(category.pk): f"{dimension.name}: {category.label}"
        for dimension in selectors.dimension_list(initiative=initiative, viewer=request.user)
        for category in dimension.categories.all()
    }
    shown = []
    for row in rows:
        parts = [
            (labels.get(pk, pk), text)
            for pk, text in (row.get("breakdown") or {}).items()
            if str(text).strip()
        ]
        parts += [
            (
                labels.get(pk, pk),
                _("%(numerator)s of %(denominator)s")
                % {
                    "numerator": pair[0] or MISSING,
                    "denominator": pair[1] or MISSING,
                },
            )
            for pk, pair in (row.get("breakdown_fraction") or {}).items()
            if any(str(part).strip() for part in pair)
        ]
        if row.get("numerator") or row.get("denominator"):
            value = _("%(numerator)s of %(denominator)s") % {
                "numerator": row.get("numerator") or MISSING,
                "denominator": row.get("denominator") or MISSING,
            }
        else:
            value = row.get("value") or ""
        shown.append({**row, "value_text": value, "parts": parts})
    return shown


def _detail_page(request, initiative, membership, submission_import, form, *, status=200):
    rows = _display_rows(request, initiative, submission_import.rows)
    context = {
        "initiative": initiative,
        "membership": membership,
        "import": submission_import,
        "rows": rows,
        "form": form,
        "ok_count": sum(1 for row in rows if not row.get("errors")),
        "submit_warning_count": sum(1 for row in rows if row.get("submit_errors")),
        "apply_failed": any(row.get("apply_errors") for row in rows),
        "is_open": submission_import.status == SubmissionImport.Status.CHECKED,
    }
    return render_page(request, "impact/import_detail.html", context, status=status)


@login_required
def import_detail(request, slug, pk):
    """The preview: every row with its values and messages, and the buttons to apply or
    discard."""
    initiative, membership, submission_import = _import(request, slug, pk)
    return _detail_page(request, initiative, membership, submission_import, forms.ImportApplyForm())


@login_required
@require_POST
def import_apply(request, slug, pk):
    """Enter all rows at once, or none of them."""
    initiative, membership, submission_import = _import(request, slug, pk)
    form = forms.ImportApplyForm(request.POST)
    submit = form.is_valid() and form.cleaned_data["submit"]
    try:
        services.submission_import_apply(
            acting_user=request.user, submission_import=submission_import, submit=submit
        )
    except ValidationError as error:
        form.add_error(None, error.message_dict.get("rows") or error.messages)
        return _detail_page(request, initiative, membership, submission_import, form, status=422)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(request, "impact:import-detail", slug=initiative.slug, pk=pk)
    count = len(submission_import.rows)
    messages.success(
        request,
        (
            _("%(count)s values have been submitted for review.")
            if submit
            else _("%(count)s values have been saved as drafts.")
        )
        % {"count": count},
    )
    return redirect(request, "impact:task-list", slug=initiative.slug)


@login_required
@require_POST
def import_discard(request, slug, pk):
    initiative, _membership, submission_import = _import(request, slug, pk)
    try:
        services.submission_import_discard(
            acting_user=request.user, submission_import=submission_import
        )
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(request, "impact:import-detail", slug=initiative.slug, pk=pk)
    messages.success(request, _("The uploaded file has been discarded; nothing was saved."))
    return redirect(request, "impact:task-list", slug=initiative.slug)


@login_required
def export(request, slug):
    """Every value the viewer may see, with its breakdown, as CSV or XLSX; ?period=<id> and
    ?goal=<id> narrow it down. A fixed number of queries however many values there are; the
    CSV file streams while the values are read."""
    initiative, membership = _initiative(request, slug)
    require(permissions.can_view_framework(membership))
    indicators = selectors.indicator_list(initiative=initiative, viewer=request.user)
    periods = selectors.reporting_period_list(initiative=initiative, viewer=request.user)
    parts = [initiative.slug]
    period = goal = None
    period_id = _object_id(request, "period")
    if period_id is not None:
        period = get_object_or_404(ReportingPeriod, pk=period_id, initiative=initiative)
        periods = [period]
        parts.append(period.label)
    goal_id = _object_id(request, "goal")
    if goal_id is not None:
        goal = get_object_or_404(Goal, pk=goal_id, initiative=initiative)
        indicators = indicators.filter(objective__goal=goal)
        parts.append(goal.title[:40])
    values = selectors.submission_export_values(
        viewer=request.user, initiative=initiative, period=period, goal=goal
    )
    header, rows = transfer.export_table(
        values, indicators, periods=periods, status_labels=dict(Submission.Status.choices)
    )
    parts.append(f"{timezone.localdate():%Y-%m-%d}")
    name = slugify(" ".join([_("values"), *parts]))
    return transfer.file_response(
        header, rows, kind=request.GET.get("format"), name=name, title=_("Values"), stream=True
    )
