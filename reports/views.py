"""HTML pages of the reports: ask for a report, watch it being generated, download it, and the
history of the initiative's reports.

Asking for a report only stores the run and queues the task: the request answers at once, the
worker generates the PDF, and the run's page polls a small status partial every two seconds
until it is done or has failed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coordination import permissions as coordination_permissions
from coordination.models import Meeting
from core.errors import ApplicationError
from core.forms import form_add_service_error
from core.htmx import redirect, render_form_page, render_page
from impact import permissions as impact_permissions
from impact import transfer
from impact.models import ReportingPeriod
from initiatives.models import Organisation
from initiatives.permissions import access_initiative_page
from reports import exports, permissions, rendering, selectors, services
from reports.forms import ReportRequestForm, ScheduleForm
from reports.models import ReportRun

HISTORY_PAGE_SIZE = 20
SECTION_LABELS = dict(selectors.PROGRESS_SECTIONS)


def _initiative(request, slug):
    return access_initiative_page(request, slug, permissions.can_generate_report)


def _run(request, slug, pk):
    initiative, membership = _initiative(request, slug)
    run = permissions.access_run(initiative=initiative, membership=membership, pk=pk)
    return run, membership


def _describe(runs) -> None:
    """Give each run a readable `description` of its parameters (one query for the periods)."""
    period_ids = {run.period_id for run in runs if run.period_id}
    periods = {period.pk: period for period in ReportingPeriod.objects.filter(pk__in=period_ids)}
    meeting_ids = {run.meeting_id for run in runs if run.kind == ReportRun.Kind.MEETING}
    meetings = dict(
        Meeting.objects.filter(pk__in=meeting_ids).values_list("pk", "title") if meeting_ids else ()
    )
    organisation_ids = {run.organisation_param_id for run in runs if run.organisation_param_id}
    names = dict(
        Organisation.objects.filter(pk__in=organisation_ids).values_list("pk", "name")
        if organisation_ids
        else ()
    )
    for run in runs:
        if run.kind == ReportRun.Kind.MEETING:
            run.description = meetings.get(run.meeting_id, _("meeting no longer exists"))
        elif run.kind == ReportRun.Kind.PARTNER:
            run.description = names.get(
                run.organisation_param_id, _("organisation no longer exists")
            )
        elif run.kind == ReportRun.Kind.PERIOD:
            period = periods.get(run.period_id)
            run.description = period.label if period else _("period no longer exists")
        else:
            run.description = ", ".join(
                str(SECTION_LABELS[key]) for key in run.sections if key in SECTION_LABELS
            )
    _describe_guides(runs)


@login_required
def report_list(request, slug):
    """Ask for a report, and the history of the initiative's reports the member may see."""
    initiative, membership = _initiative(request, slug)
    periods = selectors.period_choices(viewer=request.user, initiative=initiative)
    organisations = selectors.partner_organisation_choices(
        viewer=request.user, initiative=initiative
    )
    form = ReportRequestForm(
        request.POST if request.method == "POST" else None,
        periods=periods,
        organisations=organisations,
    )
    if request.method == "POST" and form.is_valid():
        try:
            run = services.report_request(
                acting_user=request.user,
                initiative=initiative,
                kind=form.cleaned_data["kind"],
                parameters=form.parameters(),
                notify_when_done=form.cleaned_data["notify_when_done"],
            )
        except (ValidationError, ApplicationError) as error:
            form_add_service_error(form, error)
        else:
            return redirect(request, "reports:report-detail", slug=initiative.slug, pk=run.pk)
    page = Paginator(
        selectors.report_run_list(viewer=request.user, initiative=initiative), HISTORY_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    _describe(page.object_list)
    context = {
        "initiative": initiative,
        "membership": membership,
        "form": form,
        "has_periods": periods.exists(),
        "page": page,
        "can_export_activities": coordination_permissions.can_view_activities(membership),
        "can_export_action_items": coordination_permissions.can_view_meetings(membership),
        "can_export_values": impact_permissions.can_view_framework(membership),
        "can_manage_schedules": permissions.can_manage_schedules(membership),
    }
    return render_form_page(request, "reports/report_list.html", context)


@login_required
def report_detail(request, slug, pk):
    """One report: its state while it is generated (htmx polls the `status` partial), then
    the download, or the reason it failed with a button to try again."""
    run, membership = _run(request, slug, pk)
    if not request.htmx:  # the polled status partial does not show the description
        _describe([run])
    context = {"initiative": run.initiative, "membership": membership, "run": run}
    return render_page(request, "reports/report_detail.html", context, partial="status")


@login_required
def report_download(request, slug, pk):
    run, _membership = _run(request, slug, pk)
    if run.status != ReportRun.Status.DONE or not run.file:
        raise Http404
    day = timezone.localtime(run.finished_at or run.created_at).date().isoformat()
    filename = f"{slugify(run.get_kind_display())}-{run.initiative.slug}-{day}.pdf"
    return FileResponse(
        run.file.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf"
    )


@login_required
def report_preview(request, slug, pk):
    """The report's content as an HTML page, from the same context as the PDF, as the member
    sees the data now."""
    run, _membership = _run(request, slug, pk)
    try:
        context = selectors.report_context_get(viewer=request.user, run=run)
    except selectors.ReportUnavailable as unavailable:
        raise Http404 from unavailable
    return HttpResponse(rendering.report_html(context, preview=True))


@login_required
@require_POST
def report_retry(request, slug, pk):
    run, _membership = _run(request, slug, pk)
    try:
        services.report_retry(acting_user=request.user, run=run)
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect(request, "reports:report-detail", slug=slug, pk=run.pk)


@login_required
@require_POST
def report_repeat(request, slug, pk):
    """Generate the report again with the same settings, as a new run of the member's own."""
    run, _membership = _run(request, slug, pk)
    try:
        new_run = services.report_request(
            acting_user=request.user,
            initiative=run.initiative,
            kind=run.kind,
            parameters=run.parameters,
            notify_when_done=run.notify_when_done,
        )
    except (ValidationError, ApplicationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect(request, "reports:report-list", slug=slug)
    return redirect(request, "reports:report-detail", slug=slug, pk=new_run.pk)


@login_required
@require_POST
def meeting_report_request(request, slug, meeting_pk):
    """Ask for the record of one meeting as a PDF (the "As PDF" action of the meeting page)."""
    initiative, _membership = _initiative(request, slug)
    try:
        run = services.report_request(
            acting_user=request.user,
            initiative=initiative,
            kind=ReportRun.Kind.MEETING,
            parameters={"meeting_id": meeting_pk},
            notify_when_done=False,
        )
    except ValidationError as error:
        raise Http404 from error
    return redirect(request, "reports:report-detail", slug=initiative.slug, pk=run.pk)


def _spreadsheet(request, header, rows, *, title: str, initiative) -> HttpResponse:
    """The export as CSV or, with ?format=xlsx, as an Excel workbook, named after what it
    holds, the initiative and the day."""
    day = timezone.localdate().isoformat()
    return transfer.file_response(
        header,
        rows,
        kind=request.GET.get("format"),
        name=f"{slugify(title)}-{initiative.slug}-{day}",
        title=title,
    )


@login_required
def action_item_export(request, slug):
    """The action items as CSV or, with ?format=xlsx, as an Excel workbook: the rows the
    member sees on the action-items board, with the board's filters (mine, overdue,
    organisation)."""
    initiative, membership = _initiative(request, slug)
    if not coordination_permissions.can_view_meetings(membership):
        raise PermissionDenied
    organisation = request.GET.get("organisation", "")
    header, rows = exports.action_item_table(
        viewer=request.user,
        initiative=initiative,
        mine=request.GET.get("mine") == "1",
        overdue=request.GET.get("overdue") == "1",
        organisation=int(organisation) if organisation.isdigit() else None,
    )
    return _spreadsheet(request, header, rows, title=_("Action items"), initiative=initiative)


@login_required
def activity_export(request, slug):
    """The initiative's activities with their output totals as CSV or, with ?format=xlsx, as
    an Excel workbook; with the rows the member sees on the activity pages."""
    initiative, membership = _initiative(request, slug)
    if not coordination_permissions.can_view_activities(membership):
        raise PermissionDenied
    header, rows = exports.activity_table(viewer=request.user, initiative=initiative)
    return _spreadsheet(request, header, rows, title=_("Activities"), initiative=initiative)


# --- Scheduled reports -----------------------------------------------------------------------


def _schedules_initiative(request, slug):
    return access_initiative_page(request, slug, permissions.can_manage_schedules)


def _schedule(request, slug, pk):
    schedule, membership = permissions.access_schedule(user=request.user, slug=slug, pk=pk)
    request.initiative, request.membership = schedule.initiative, membership
    return schedule


def _describe_schedules(schedules) -> None:
    organisation_ids = {
        schedule.parameters.get("organisation_id")
        for schedule in schedules
        if schedule.parameters.get("organisation_id")
    }
    names = dict(
        Organisation.objects.filter(pk__in=organisation_ids).values_list("pk", "name")
        if organisation_ids
        else ()
    )
    for schedule in schedules:
        if schedule.kind == ReportRun.Kind.PARTNER:
            schedule.description = names.get(
                schedule.parameters.get("organisation_id"), _("organisation no longer exists")
            )
        else:
            schedule.description = ", ".join(
                str(SECTION_LABELS[key]) for key in schedule.sections if key in SECTION_LABELS
            )


@login_required
def schedule_list(request, slug):
    """The initiative's scheduled reports, for the backbone office."""
    initiative, membership = _schedules_initiative(request, slug)
    schedules = list(selectors.schedule_list(viewer=request.user, initiative=initiative))
    _describe_schedules(schedules)
    return render_page(
        request,
        "reports/schedule_list.html",
        {"initiative": initiative, "membership": membership, "schedules": schedules},
    )


def _schedule_form(request, initiative, schedule=None):
    return ScheduleForm(
        request.POST if request.method == "POST" else None,
        organisations=selectors.partner_organisation_choices(
            viewer=request.user, initiative=initiative
        ),
        members=selectors.schedule_recipient_choices(initiative=initiative),
        schedule=schedule,
    )


def _schedule_save(request, form, initiative, schedule=None):
    fields = {
        "acting_user": request.user,
        "kind": form.cleaned_data["kind"],
        "parameters": form.parameters(),
        "frequency": form.cleaned_data["frequency"],
        "recipients": list(form.cleaned_data["recipients"]),
    }
    if schedule is None:
        return services.schedule_create(initiative=initiative, **fields)
    return services.schedule_update(schedule=schedule, **fields)


@login_required
def schedule_create(request, slug):
    initiative, membership = _schedules_initiative(request, slug)
    form = _schedule_form(request, initiative)
    if request.method == "POST" and form.is_valid():
        try:
            _schedule_save(request, form, initiative)
        except (ValidationError, ApplicationError) as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The report has been scheduled."))
            return redirect(request, "reports:schedule-list", slug=initiative.slug)
    context = {"initiative": initiative, "membership": membership, "form": form, "is_new": True}
    return render_form_page(request, "reports/schedule_form.html", context)


@login_required
def schedule_update(request, slug, pk):
    schedule = _schedule(request, slug, pk)
    initiative = schedule.initiative
    form = _schedule_form(request, initiative, schedule)
    if request.method == "POST" and form.is_valid():
        try:
            _schedule_save(request, form, initiative, schedule)
        except (ValidationError, ApplicationError) as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The scheduled report has been saved."))
            return redirect(request, "reports:schedule-list", slug=initiative.slug)
    context = {"initiative": initiative, "form": form, "schedule": schedule, "is_new": False}
    return render_form_page(request, "reports/schedule_form.html", context)


@login_required
@require_POST
def schedule_pause(request, slug, pk):
    """Pause an active schedule or resume a paused one."""
    schedule = _schedule(request, slug, pk)
    services.schedule_set_active(
        acting_user=request.user, schedule=schedule, active=not schedule.active
    )
    if schedule.active:
        messages.success(request, _("The scheduled report has been resumed."))
    else:
        messages.success(request, _("The scheduled report has been paused."))
    return redirect(request, "reports:schedule-list", slug=slug)


@login_required
def schedule_delete(request, slug, pk):
    schedule = _schedule(request, slug, pk)
    if request.method == "POST":
        services.schedule_delete(acting_user=request.user, schedule=schedule)
        messages.success(request, _("The scheduled report has been deleted."))
        return redirect(request, "reports:schedule-list", slug=slug)
    _describe_schedules([schedule])
    return render_page(
        request,
        "reports/schedule_confirm_delete.html",
        {"initiative": schedule.initiative, "schedule": schedule},
    )


# --- The guide (Leitfaden) of a focus group ----------------------------------------------------


@login_required
@require_POST
def guide_request(request, slug, group_pk):
    """Ask for a focus group's guide as a PDF (the button on the guide page); the run's page
    shows the progress and the download. 404 for a group the member does not see."""
    initiative, _membership = _initiative(request, slug)
    try:
        run = services.report_request(
            acting_user=request.user,
            initiative=initiative,
            kind=ReportRun.Kind.GUIDE,
            parameters={"focus_group_id": group_pk},
        )
    except ValidationError as error:
        raise Http404 from error
    return redirect(request, "reports:report-detail", slug=initiative.slug, pk=run.pk)


def _describe_guides(runs) -> None:
    """The group's name as the description of guide runs (one query)."""
    from focusgroups.models import FocusGroup

    ids = {run.focus_group_param_id for run in runs if run.kind == ReportRun.Kind.GUIDE}
    if not ids:
        return
    names = dict(FocusGroup.objects.filter(pk__in=ids).values_list("pk", "name"))
    for run in runs:
        if run.kind == ReportRun.Kind.GUIDE:
            run.description = names.get(run.focus_group_param_id, _("group no longer exists"))
