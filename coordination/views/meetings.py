"""HTML pages of meetings (the list, the forms, the meeting's record with its inline forms),
the action-items board and the decisions list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from coordination import forms, permissions, selectors, services
from coordination.models import ActionItem, AgendaItem, Meeting
from core.errors import ApplicationError
from core.htmx import redirect, render_form_page, render_page
from initiatives.models import Organisation
from initiatives.permissions import access_initiative

PAST_PAGE_SIZE = 10
DECISION_PAGE_SIZE = 20
# The done column shows the most recently finished items only; the board is about what is open.
DONE_LIMIT = 20


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _initiative(request, slug):
    initiative, membership = access_initiative(user=request.user, slug=slug)
    request.initiative, request.membership = initiative, membership
    _require(permissions.can_view_meetings(membership))
    return initiative, membership


def _meeting(initiative, pk) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("initiative", "created_by"), initiative=initiative, pk=pk
    )


def _back_to_record(request, initiative, meeting, item):
    """After a successful inline form: htmx reloads the page in place (the browser keeps the
    scroll position; a redirect to the same page with only a new #fragment would not reload),
    a plain browser goes to the agenda item."""
    if getattr(request, "htmx", False):
        return HttpResponseClientRefresh()
    return redirect(request, _meeting_url(initiative, meeting, item))


def _meeting_url(initiative, meeting, item=None) -> str:
    url = reverse("coordination:meeting-detail", kwargs={"slug": initiative.slug, "pk": meeting.pk})
    return f"{url}#item-{item.pk}" if item is not None else url


@login_required
def meeting_list(request, slug):
    """Upcoming meetings first (soonest on top), then past ones, latest first, paginated."""
    initiative, membership = _initiative(request, slug)
    upcoming, past = selectors.meeting_list(viewer=request.user, initiative=initiative)
    page = Paginator(past, PAST_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "initiative": initiative,
        "membership": membership,
        "upcoming": list(upcoming),
        "page": page,
        "can_schedule": permissions.can_schedule_meeting(membership),
    }
    return render_page(request, "coordination/meeting_list.html", context)


def _meeting_form_page(request, initiative, form, meeting=None):
    return render_form_page(
        request,
        "coordination/meeting_form.html",
        {"initiative": initiative, "form": form, "meeting": meeting, "is_new": meeting is None},
    )


@login_required
def meeting_create(request, slug):
    initiative, membership = _initiative(request, slug)
    _require(permissions.can_schedule_meeting(membership))
    form = forms.MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                acting_user=request.user, initiative=initiative, **form.fields_for_service()
            )
        except (ValidationError, ApplicationError) as error:
            forms.add_service_error(form, error)
        else:
            messages.success(
                request,
                _("“%(title)s” has been scheduled. Add the agenda items now.")
                % {"title": meeting.title},
            )
            return redirect(request, _meeting_url(initiative, meeting))
    return _meeting_form_page(request, initiative, form)


@login_required
def meeting_update(request, slug, pk):
    initiative, membership = _initiative(request, slug)
    meeting = _meeting(initiative, pk)
    _require(permissions.can_change_meeting(membership, meeting))
    form = forms.MeetingForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(
                acting_user=request.user, meeting=meeting, **form.fields_for_service()
            )
        except (ValidationError, ApplicationError) as error:
            forms.add_service_error(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect(request, _meeting_url(initiative, meeting))
        meeting.refresh_from_db()
    return _meeting_form_page(request, initiative, form, meeting)


@login_required
def meeting_cancel(request, slug, pk):
    """Ask first; the cancelled meeting keeps its record."""
    initiative, membership = _initiative(request, slug)
    meeting = _meeting(initiative, pk)
    _require(permissions.can_change_meeting(membership, meeting))
    error = None
    if request.method == "POST":
        try:
            services.meeting_cancel(acting_user=request.user, meeting=meeting)
        except ApplicationError as exc:
            error = exc.message
        else:
            messages.success(
                request, _("“%(title)s” has been cancelled.") % {"title": meeting.title}
            )
            return redirect(request, _meeting_url(initiative, meeting))
    return render(
        request,
        "coordination/meeting_confirm_cancel.html",
        {"initiative": initiative, "meeting": meeting, "error": error},
        status=422 if error else 200,
    )


def _record_context(request, initiative, membership, meeting, bound=None):
    """The meeting page's context; `bound` = (kind, agenda item id or None, form) puts a
    rejected form in place of the empty one."""
    can_edit = permissions.can_edit_record(membership, meeting)
    members = selectors.assignable_member_list(initiative=initiative) if can_edit else []
    organisations = selectors.organisation_list(initiative=initiative)
    kind, bound_item, bound_form = bound or (None, None, None)
    items = list(meeting.agenda_items.all())
    for item in items:
        if not can_edit:
            continue
        decisions = list(item.decisions.all())

        def pick(name, make, item=item):
            return bound_form if kind == name and bound_item == item.pk else make()

        item.notes_form = pick(
            "notes",
            lambda item=item: forms.NotesForm(
                prefix=f"notes-{item.pk}", initial={"notes": item.notes}
            ),
        )
        item.decision_form = pick(
            "decision", lambda item=item: forms.DecisionForm(prefix=f"decision-{item.pk}")
        )
        item.action_form = pick(
            "action",
            lambda item=item, decisions=decisions: forms.ActionItemForm(
                prefix=f"action-{item.pk}",
                members=members,
                organisations=organisations,
                decisions=decisions,
            ),
        )
    agenda_form = (
        bound_form
        if kind == "agenda"
        else (forms.AgendaItemForm(members=members) if can_edit else None)
    )
    return {
        "initiative": initiative,
        "membership": membership,
        "meeting": meeting,
        "items": items,
        "agenda_form": agenda_form,
        "can_edit": can_edit,
        "can_change": permissions.can_change_meeting(membership, meeting),
    }


def _meeting_record(request, initiative, pk):
    meeting = selectors.meeting_get(viewer=request.user, initiative=initiative, pk=pk)
    if meeting is None:
        raise Http404
    return meeting


@login_required
def meeting_detail(request, slug, pk):
    """The meeting's record: agenda items in order with their notes, decisions and action items;
    members who may write get a form for each inline."""
    initiative, membership = _initiative(request, slug)
    meeting = _meeting_record(request, initiative, pk)
    context = _record_context(request, initiative, membership, meeting)
    return render_page(request, "coordination/meeting_detail.html", context)


def _rejected(request, initiative, membership, pk, kind, item_pk, form):
    """Show the meeting page with the rejected form (htmx: only that form) and status 422."""
    meeting = _meeting_record(request, initiative, pk)
    context = _record_context(request, initiative, membership, meeting, (kind, item_pk, form))
    context["item"] = next((i for i in context["items"] if i.pk == item_pk), None)
    return render_page(
        request, "coordination/meeting_detail.html", context, partial=f"{kind}_form", status=422
    )


def _agenda_item(initiative, membership, pk, item_pk) -> AgendaItem:
    meeting = _meeting(initiative, pk)
    item = get_object_or_404(AgendaItem, meeting=meeting, pk=item_pk)
    item.meeting = meeting
    _require(permissions.can_edit_record(membership, meeting))
    return item


@login_required
@require_POST
def agenda_item_create(request, slug, pk):
    initiative, membership = _initiative(request, slug)
    meeting = _meeting(initiative, pk)
    _require(permissions.can_edit_record(membership, meeting))
    members = selectors.assignable_member_list(initiative=initiative)
    form = forms.AgendaItemForm(request.POST, members=members)
    if form.is_valid():
        try:
            item = services.agenda_item_create(
                acting_user=request.user, meeting=meeting, **form.fields_for_service()
            )
        except (ValidationError, ApplicationError) as error:
            forms.add_service_error(form, error)
        else:
            return _back_to_record(request, initiative, meeting, item)
    return _rejected(request, initiative, membership, pk, "agenda", None, form)


@login_required
@require_POST
def agenda_item_notes(request, slug, pk, item_pk):
    initiative, membership = _initiative(request, slug)
    item = _agenda_item(initiative, membership, pk, item_pk)
    form = forms.NotesForm(request.POST, prefix=f"notes-{item.pk}")
    if form.is_valid():
        services.agenda_item_notes_save(
            acting_user=request.user, agenda_item=item, notes=form.cleaned_data["notes"]
        )
        messages.success(request, _("The notes have been saved."))
        return _back_to_record(request, initiative, item.meeting, item)
    return _rejected(request, initiative, membership, pk, "notes", item.pk, form)


@login_required
@require_POST
def decision_create(request, slug, pk, item_pk):
    initiative, membership = _initiative(request, slug)
    item = _agenda_item(initiative, membership, pk, item_pk)
    form = forms.DecisionForm(request.POST, prefix=f"decision-{item.pk}")
    if form.is_valid():
        try:
            services.decision_record(
                acting_user=request.user, agenda_item=item, text=form.cleaned_data["text"]
            )
        except (ValidationError, ApplicationError) as error:
            forms.add_service_error(form, error)
        else:
            messages.success(request, _("The decision has been recorded."))
            return _back_to_record(request, initiative, item.meeting, item)
    return _rejected(request, initiative, membership, pk, "decision", item.pk, form)


def _action_form(request, initiative, *, prefix=None, decisions=()):
    return forms.ActionItemForm(
        request.POST or None,
        prefix=prefix,
        members=selectors.assignable_member_list(initiative=initiative),
        organisations=Organisation.objects.filter(initiative=initiative).order_by("name"),
        decisions=decisions,
    )


@login_required
@require_POST
def meeting_action_item_create(request, slug, pk, item_pk):
    """An action item agreed at an agenda item, optionally implementing one of its decisions."""
    initiative, membership = _initiative(request, slug)
    item = _agenda_item(initiative, membership, pk, item_pk)
    _require(permissions.can_create_action_item(membership))
    form = _action_form(
        request, initiative, prefix=f"action-{item.pk}", decisions=list(item.decisions.all())
    )
    if form.is_valid():
        try:
            services.action_item_create(
                acting_user=request.user,
                initiative=initiative,
                agenda_item=item,
                **form.fields_for_service(),
            )
        except (ValidationError, ApplicationError) as error:
            forms.add_service_error(form, error)
        else:
            messages.success(request, _("The action item has been added to the board."))
            return _back_to_record(request, initiative, item.meeting, item)
    return _rejected(request, initiative, membership, pk, "action", item.pk, form)


@login_required
def action_item_create(request, slug):
    """An action item that came up outside a meeting."""
    initiative, membership = _initiative(request, slug)
    _require(permissions.can_create_action_item(membership))
    form = _action_form(request, initiative)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_item_create(
                acting_user=request.user, initiative=initiative, **form.fields_for_service()
            )
        except (ValidationError, ApplicationError) as error:
            forms.add_service_error(form, error)
        else:
            messages.success(request, _("The action item has been added to the board."))
            return redirect(request, "coordination:action-item-board", slug=initiative.slug)
    return render_form_page(
        request, "coordination/action_item_form.html", {"initiative": initiative, "form": form}
    )


def _int(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


@login_required
def action_item_board(request, slug):
    """Three columns, to do / in progress / done; filters: mine, overdue, organisation."""
    initiative, membership = _initiative(request, slug)
    organisations = selectors.organisation_list(initiative=initiative)
    filters = {
        "mine": request.GET.get("mine") == "1",
        "overdue": request.GET.get("overdue") == "1",
        "organisation": _int(request.GET.get("organisation")),
    }
    if filters["organisation"] not in {o.pk for o in organisations}:
        filters["organisation"] = None
    items = selectors.action_item_list(viewer=request.user, initiative=initiative, **filters)
    open_items = list(items.exclude(status=ActionItem.Status.DONE))
    done = list(
        items.filter(status=ActionItem.Status.DONE).order_by("-done_at", "-pk")[:DONE_LIMIT]
    )
    for item in [*open_items, *done]:
        item.can_change = permissions.can_change_action_item_status(membership, item)
    columns = [
        (status, label, [i for i in open_items if i.status == status])
        for status, label in ActionItem.Status.choices
        if status != ActionItem.Status.DONE
    ]
    columns.append((ActionItem.Status.DONE, ActionItem.Status.DONE.label, done))
    query = urlencode(
        {
            key: value
            for key, value in (
                ("mine", "1" if filters["mine"] else ""),
                ("overdue", "1" if filters["overdue"] else ""),
                ("organisation", filters["organisation"] or ""),
            )
            if value
        }
    )
    context = {
        "initiative": initiative,
        "membership": membership,
        "columns": columns,
        "filters": filters,
        "is_filtered": any(filters.values()),
        "organisations": organisations,
        "statuses": ActionItem.Status.choices,
        "board_url": request.path + (f"?{query}" if query else ""),
        "done_limit": DONE_LIMIT,
        "can_create": permissions.can_create_action_item(membership),
        "is_empty": not open_items and not done,
    }
    return render_page(request, "coordination/action_item_board.html", context, partial="board")


@login_required
@require_POST
def action_item_status(request, slug, pk):
    """Move an item to another column; back to the board with its filters."""
    initiative, membership = _initiative(request, slug)
    item = get_object_or_404(
        ActionItem.objects.select_related("initiative"), initiative=initiative, pk=pk
    )
    _require(permissions.can_change_action_item_status(membership, item))
    form = forms.ActionItemStatusForm(request.POST)
    if form.is_valid():
        services.action_item_set_status(
            acting_user=request.user, item=item, status=form.cleaned_data["status"]
        )
        messages.success(
            request,
            _("“%(title)s” is now: %(status)s.")
            % {"title": item.title, "status": item.get_status_display()},
        )
    else:
        messages.error(request, _("Please choose to do, in progress or done."))
    target = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("coordination:action-item-board", kwargs={"slug": initiative.slug})
    return redirect(request, target)


@login_required
def decision_list(request, slug):
    """Decisions, latest first, with how many of their action items are done."""
    initiative, membership = _initiative(request, slug)
    decisions = selectors.decision_list(viewer=request.user, initiative=initiative)
    page = Paginator(decisions, DECISION_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"initiative": initiative, "membership": membership, "page": page}
    return render_page(request, "coordination/decision_list.html", context)
