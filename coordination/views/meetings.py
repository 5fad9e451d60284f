"""HTML pages of meetings (the list, the forms, the meeting's record with its inline forms),
the action-items board and the decisions list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRefresh

from coordination import forms, permissions, selectors, services
from coordination.models import ActionItem, AgendaItem, Decision, Meeting, MeetingRoleKind
from coordination.views._common import _int
from core.errors import ApplicationError, PermissionDeniedError
from core.forms import form_add_service_error
from core.htmx import redirect, render_form_page, render_page
from core.http import require
from initiatives.models import Organisation
from initiatives.permissions import access_initiative_page

PAST_PAGE_SIZE = 10
DECISION_PAGE_SIZE = 20
# The done column shows the most recently finished items only; the board is about what is open.
DONE_LIMIT = 20


def _initiative(request, slug):
    return access_initiative_page(request, slug, permissions.can_view_meetings)


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
    require(permissions.can_schedule_meeting(membership))
    form = forms.MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                acting_user=request.user, initiative=initiative, **form.fields_for_service()
            )
        except (ValidationError, ApplicationError) as error:
            form_add_service_error(form, error)
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
    require(permissions.can_change_meeting(membership, meeting))
    form = forms.MeetingForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(
                acting_user=request.user, meeting=meeting, **form.fields_for_service()
            )
        except (ValidationError, ApplicationError) as error:
            form_add_service_error(form, error)
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
    require(permissions.can_change_meeting(membership, meeting))
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
            lambda item=item: forms.LiveNotesForm(
                prefix=f"notes-{item.pk}",
                initial={"notes": item.notes, "version": item.notes_version},
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
    context = {
        "initiative": initiative,
        "membership": membership,
        "meeting": meeting,
        "items": items,
        "agenda_form": agenda_form,
        "can_edit": can_edit,
        "can_change": permissions.can_change_meeting(membership, meeting),
    }
    context.update(_live_context(request, initiative, membership, meeting, items, members))
    return context


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
    require(permissions.can_edit_record(membership, meeting))
    return item


@login_required
@require_POST
def agenda_item_create(request, slug, pk):
    initiative, membership = _initiative(request, slug)
    meeting = _meeting(initiative, pk)
    require(permissions.can_edit_record(membership, meeting))
    members = selectors.assignable_member_list(initiative=initiative)
    form = forms.AgendaItemForm(request.POST, members=members)
    if form.is_valid():
        try:
            item = services.agenda_item_create(
                acting_user=request.user, meeting=meeting, **form.fields_for_service()
            )
        except (ValidationError, ApplicationError) as error:
            form_add_service_error(form, error)
        else:
            return _back_to_record(request, initiative, meeting, item)
    return _rejected(request, initiative, membership, pk, "agenda", None, form)


@login_required
@require_POST
def agenda_item_notes(request, slug, pk, item_pk):
    """Save the notes of an agenda item: from the autosave script (JSON in, JSON out: 200 with
    the new version, 409 with the other person's notes when someone saved in between) or from
    the plain form (back to the page; a conflict shows both texts)."""
    initiative, membership = _initiative(request, slug)
    item = _agenda_item(initiative, membership, pk, item_pk)
    wants_json = "application/json" in request.headers.get("Accept", "")
    form = forms.LiveNotesForm(request.POST, prefix=f"notes-{item.pk}")
    if form.is_valid():
        try:
            services.agenda_item_notes_save(
                acting_user=request.user,
                agenda_item=item,
                notes=form.cleaned_data["notes"],
                base_version=form.cleaned_data.get("version"),
            )
        except services.NotesConflictError as conflict:
            if wants_json:
                return JsonResponse({"error": conflict.message, **conflict.extra}, status=409)
            form.add_error(None, conflict.message)
            data = form.data.copy()
            data[form.add_prefix("version")] = conflict.extra["version"]
            form.data = data
            form.conflict = conflict.extra
        else:
            if wants_json:
                return JsonResponse(
                    {
                        "version": item.notes_version,
                        "saved_at": timezone.localtime().strftime("%H:%M:%S"),
                    }
                )
            messages.success(request, _("The notes have been saved."))
            return _back_to_record(request, initiative, item.meeting, item)
    elif wants_json:
        return JsonResponse({"error": _("The notes could not be saved.")}, status=422)
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
            form_add_service_error(form, error)
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
    require(permissions.can_create_action_item(membership))
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
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The action item has been added to the board."))
            return _back_to_record(request, initiative, item.meeting, item)
    return _rejected(request, initiative, membership, pk, "action", item.pk, form)


@login_required
def action_item_create(request, slug):
    """An action item that came up outside a meeting."""
    initiative, membership = _initiative(request, slug)
    require(permissions.can_create_action_item(membership))
    form = _action_form(request, initiative)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_item_create(
                acting_user=request.user, initiative=initiative, **form.fields_for_service()
            )
        except (ValidationError, ApplicationError) as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The action item has been added to the board."))
            return redirect(request, "coordination:action-item-board", slug=initiative.slug)
    return render_form_page(
        request, "coordination/action_item_form.html", {"initiative": initiative, "form": form}
    )


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
        item.can_edit = permissions.can_change_action_item(membership, item)
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
    require(permissions.can_change_action_item_status(membership, item))
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


# --- Meetings without minutes: roles, speakers' list, live notes, changing the record -------


def _live_context(request, initiative, membership, meeting, items, members) -> dict:
    """Roles with the rotation's proposals, the speakers' list and what each viewer may do on
    the meeting page."""
    can_assign = permissions.can_assign_meeting_roles(membership, meeting)
    slots = selectors.meeting_role_slots(
        meeting=meeting, members=members if can_assign else [], with_proposals=can_assign
    )
    if can_assign:
        for slot in slots:
            slot.form = forms.MeetingRoleForm(
                prefix=f"role-{slot.kind}",
                members=members,
                kind_label=slot.label,
                initial={"user": str(slot.holder.pk) if slot.holder else ""},
            )
    for item in items:
        item.meeting = meeting
        item.can_change = permissions.can_change_agenda_item(membership, item)
        for decision in item.decisions.all():
            decision.can_change = permissions.can_change_decision(membership, decision, meeting)
        for action in item.action_items.all():
            action.can_change = permissions.can_change_action_item(membership, action)
    return {
        "record_signature": selectors.record_signature(
            (item.pk, item.order, item.title, len(item.decisions.all())) for item in items
        ),
        "role_slots": slots,
        "can_assign_roles": can_assign,
        **_speakers_context(request, membership, meeting, slots),
    }


def _speakers_context(request, membership, meeting, slots) -> dict:
    moderator = next(
        (s.holder for s in slots if s.kind == MeetingRoleKind.MODERATION and s.holder), None
    )
    speakers = selectors.speaker_list_get(meeting_id=meeting.pk, viewer=request.user)
    return {
        "speakers": speakers,
        "live_version": speakers.version,
        "can_join_speakers": permissions.can_join_speakers(membership, meeting),
        "can_moderate": permissions.can_moderate(
            membership, meeting, moderator.pk if moderator else None
        ),
    }


def _speakers_only_context(request, initiative, membership, meeting) -> dict:
    slots = selectors.meeting_role_slots(meeting=meeting, members=[], with_proposals=False)
    return {
        "initiative": initiative,
        "meeting": meeting,
        **_speakers_context(request, membership, meeting, slots),
    }


def _meeting_with_roles(initiative, pk) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("initiative").prefetch_related("roles__user"),
        initiative=initiative,
        pk=pk,
    )


@login_required
@require_GET
def meeting_live(request, slug, pk):
    """What open meeting pages poll every few seconds: 204 while nothing changed; else the
    version, every agenda item's notes with their version, and the speakers' list as HTML.
    The page's script swaps only notes nobody is typing in."""
    initiative, membership = _initiative(request, slug)
    known = request.GET.get("v", "")
    version = selectors.meeting_live_version(initiative=initiative, meeting_id=pk)
    if version is None:
        raise Http404
    if known == str(version):
        return HttpResponse(status=204)
    meeting = _meeting_with_roles(initiative, pk)
    context = _speakers_only_context(request, initiative, membership, meeting)
    html = render_to_string("coordination/meeting_detail.html#speakers", context, request=request)
    rows = selectors.meeting_notes_list(meeting_id=meeting.pk)
    response = JsonResponse(
        {
            "version": context["live_version"],
            "items": [
                {"id": row["pk"], "notes": row["notes"], "version": row["notes_version"]}
                for row in rows
            ],
            "record": selectors.record_signature(
                (r["pk"], r["order"], r["title"], r["decision_count"]) for r in rows
            ),
            "speakers_html": html,
        }
    )
    response["Cache-Control"] = "no-store"
    return response


def _speakers_answer(request, initiative, membership, meeting, error=None):
    """After a change of the speakers' list: htmx gets the fresh list, a browser the page."""
    if getattr(request, "htmx", False):
        context = _speakers_only_context(request, initiative, membership, meeting)
        context["speakers_error"] = error
        return render(request, "coordination/meeting_detail.html#speakers", context)
    if error:
        messages.error(request, error)
    return redirect(request, _meeting_url(initiative, meeting) + "#speakers")


def _speaker_action(request, slug, pk, action):
    initiative, membership = _initiative(request, slug)
    meeting = _meeting_with_roles(initiative, pk)
    try:
        action(meeting)
    except PermissionDeniedError:
        raise PermissionDenied from None
    except ApplicationError as error:
        return _speakers_answer(request, initiative, membership, meeting, error.message)
    return _speakers_answer(request, initiative, membership, meeting)


@login_required
@require_POST
def speaker_add(request, slug, pk):
    return _speaker_action(
        request,
        slug,
        pk,
        lambda meeting: services.speaker_request_add(acting_user=request.user, meeting=meeting),
    )


@login_required
@require_POST
def speaker_withdraw(request, slug, pk):
    return _speaker_action(
        request,
        slug,
        pk,
        lambda meeting: services.speaker_request_withdraw(
            acting_user=request.user, meeting=meeting
        ),
    )


@login_required
@require_POST
def speaker_done(request, slug, pk, request_pk):
    return _speaker_action(
        request,
        slug,
        pk,
        lambda meeting: services.speaker_request_done(
            acting_user=request.user, meeting=meeting, request_id=request_pk
        ),
    )


@login_required
@require_POST
def speaker_remove(request, slug, pk, request_pk):
    return _speaker_action(
        request,
        slug,
        pk,
        lambda meeting: services.speaker_request_remove(
            acting_user=request.user, meeting=meeting, request_id=request_pk
        ),
    )


def _roles_answer(
    request, initiative, membership, pk, *, notice="", error_kind=None, error_form=None
):
    """After a role change: htmx gets the fresh roles (with the notice, or the rejected form),
    a browser the page with the notice as a message."""
    if getattr(request, "htmx", False):
        meeting = _meeting_record(request, initiative, pk)
        context = _record_context(request, initiative, membership, meeting)
        context["roles_notice"] = notice
        for slot in context["role_slots"]:
            if slot.kind == error_kind:
                slot.form = error_form
        return render(
            request,
            "coordination/meeting_detail.html#roles",
            context,
            status=422 if error_form is not None else 200,
        )
    if notice:
        messages.success(request, notice)
    elif error_form is not None:
        for error in error_form.errors.get("user", []) or error_form.non_field_errors():
            messages.error(request, error)
    meeting = _meeting(initiative, pk)
    return redirect(request, _meeting_url(initiative, meeting) + "#roles")


def _role_kind(kind: str) -> str:
    if kind not in MeetingRoleKind.values:
        raise Http404
    return kind


@login_required
@require_POST
def meeting_role_assign(request, slug, pk, kind):
    """Give a role of this meeting to someone (the rotation's proposal or another member)."""
    initiative, membership = _initiative(request, slug)
    meeting = _meeting(initiative, pk)
    kind = _role_kind(kind)
    require(permissions.can_assign_meeting_roles(membership, meeting))
    members = selectors.assignable_member_list(initiative=initiative)
    form = forms.MeetingRoleForm(
        request.POST,
        prefix=f"role-{kind}",
        members=members,
        kind_label=MeetingRoleKind(kind).label,
    )
    if form.is_valid():
        try:
            role = services.meeting_role_assign(
                acting_user=request.user,
                meeting=meeting,
                kind=kind,
                user=form.cleaned_data["user"] or None,
            )
        except (ValidationError, ApplicationError) as error:
            form_add_service_error(form, error)
        else:
            notice = _("%(name)s takes on the role “%(role)s” in this meeting.") % {
                "name": role.user,
                "role": role.get_kind_display(),
            }
            return _roles_answer(request, initiative, membership, pk, notice=notice)
    return _roles_answer(request, initiative, membership, pk, error_kind=kind, error_form=form)


@login_required
@require_POST
def meeting_role_unassign(request, slug, pk, kind):
    initiative, membership = _initiative(request, slug)
    meeting = _meeting(initiative, pk)
    kind = _role_kind(kind)
    require(permissions.can_assign_meeting_roles(membership, meeting))
    services.meeting_role_unassign(acting_user=request.user, meeting=meeting, kind=kind)
    notice = _("The role “%(role)s” is open again.") % {"role": MeetingRoleKind(kind).label}
    return _roles_answer(request, initiative, membership, pk, notice=notice)


def _changeable_item(request, initiative, membership, pk, item_pk) -> AgendaItem:
    meeting = _meeting(initiative, pk)
    item = get_object_or_404(
        AgendaItem.objects.select_related("owner"), meeting=meeting, pk=item_pk
    )
    item.meeting = meeting
    require(permissions.can_change_agenda_item(membership, item))
    return item


@login_required
def agenda_item_update(request, slug, pk, item_pk):
    initiative, membership = _initiative(request, slug)
    item = _changeable_item(request, initiative, membership, pk, item_pk)
    members = selectors.assignable_member_list(initiative=initiative)
    form = forms.AgendaItemForm(
        request.POST or None, members=members, initial=forms.agenda_item_initial(item)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_update(
                acting_user=request.user, agenda_item=item, **form.fields_for_service()
            )
        except (ValidationError, ApplicationError) as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The agenda item has been changed."))
            return redirect(request, _meeting_url(initiative, item.meeting, item))
    return render_form_page(
        request,
        "coordination/meeting_item_form.html",
        {
            "initiative": initiative,
            "meeting": item.meeting,
            "form": form,
            "heading": _("Change agenda item"),
            "template": "agenda",
        },
    )


def _confirm(request, initiative, meeting, *, heading, text, back, error=None):
    return render(
        request,
        "coordination/meeting_confirm_delete.html",
        {
            "initiative": initiative,
            "meeting": meeting,
            "heading": heading,
            "text": text,
            "back": back,
            "error": error,
        },
    )


@login_required
def agenda_item_delete(request, slug, pk, item_pk):
    """Ask first: the notes and decisions go with the item, its action items stay."""
    initiative, membership = _initiative(request, slug)
    item = _changeable_item(request, initiative, membership, pk, item_pk)
    if request.method == "POST":
        services.agenda_item_delete(acting_user=request.user, agenda_item=item)
        messages.success(
            request, _("“%(title)s” has been removed from the agenda.") % {"title": item.title}
        )
        return redirect(request, _meeting_url(initiative, item.meeting))
    return _confirm(
        request,
        initiative,
        item.meeting,
        heading=_("Remove “%(title)s” from the agenda?") % {"title": item.title},
        text=_(
            "Its notes and decisions are deleted with it. Action items agreed at it stay on "
            "the board. This cannot be undone."
        ),
        back=_meeting_url(initiative, item.meeting, item),
    )


@login_required
@require_POST
def agenda_item_move(request, slug, pk, item_pk):
    """Move an agenda item one place up or down; back to it, with the focus on the page."""
    initiative, membership = _initiative(request, slug)
    item = _changeable_item(request, initiative, membership, pk, item_pk)
    form = forms.AgendaItemMoveForm(request.POST)
    if form.is_valid():
        services.agenda_item_move(
            acting_user=request.user, agenda_item=item, direction=form.cleaned_data["direction"]
        )
    else:
        messages.error(request, _("Please choose up or down."))
    return redirect(request, _meeting_url(initiative, item.meeting, item))


def _changeable_decision(request, initiative, membership, pk, decision_pk) -> Decision:
    meeting = _meeting(initiative, pk)
    decision = get_object_or_404(
        Decision.objects.select_related("agenda_item"),
        agenda_item__meeting=meeting,
        pk=decision_pk,
    )
    decision.agenda_item.meeting = meeting
    require(permissions.can_change_decision(membership, decision, meeting))
    return decision


@login_required
def decision_update(request, slug, pk, decision_pk):
    initiative, membership = _initiative(request, slug)
    decision = _changeable_decision(request, initiative, membership, pk, decision_pk)
    meeting = decision.agenda_item.meeting
    form = forms.DecisionForm(request.POST or None, initial={"text": decision.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_update(
                acting_user=request.user, decision=decision, text=form.cleaned_data["text"]
            )
        except (ValidationError, ApplicationError) as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The decision has been changed."))
            return redirect(request, _meeting_url(initiative, meeting, decision.agenda_item))
    return render_form_page(
        request,
        "coordination/meeting_item_form.html",
        {
            "initiative": initiative,
            "meeting": meeting,
            "form": form,
            "heading": _("Change decision"),
            "template": "decision",
        },
    )


@login_required
def decision_delete(request, slug, pk, decision_pk):
    initiative, membership = _initiative(request, slug)
    decision = _changeable_decision(request, initiative, membership, pk, decision_pk)
    meeting = decision.agenda_item.meeting
    if request.method == "POST":
        services.decision_delete(acting_user=request.user, decision=decision)
        messages.success(request, _("The decision has been deleted."))
        return redirect(request, _meeting_url(initiative, meeting, decision.agenda_item))
    return _confirm(
        request,
        initiative,
        meeting,
        heading=_("Delete this decision?"),
        text=_(
            "“%(text)s” will no longer be part of the record. Action items implementing it "
            "stay on the board. This cannot be undone."
        )
        % {"text": decision.text},
        back=_meeting_url(initiative, meeting, decision.agenda_item),
    )


def _changeable_action(request, initiative, membership, pk) -> ActionItem:
    item = get_object_or_404(
        ActionItem.objects.select_related("initiative", "agenda_item__meeting"),
        initiative=initiative,
        pk=pk,
    )
    require(permissions.can_change_action_item(membership, item))
    return item


def _action_back(request, initiative, item) -> str:
    if item.agenda_item_id:
        return _meeting_url(initiative, item.agenda_item.meeting, item.agenda_item)
    return reverse("coordination:action-item-board", kwargs={"slug": initiative.slug})


@login_required
def action_item_update(request, slug, pk):
    initiative, membership = _initiative(request, slug)
    item = _changeable_action(request, initiative, membership, pk)
    decisions = list(item.agenda_item.decisions.all()) if item.agenda_item_id else []
    form = forms.ActionItemForm(
        request.POST or None,
        members=selectors.assignable_member_list(initiative=initiative),
        organisations=selectors.organisation_list(initiative=initiative),
        decisions=decisions,
        initial=forms.action_item_initial(item),
    )
    if request.method == "POST" and form.is_valid():
        data = form.fields_for_service()
        if not decisions:
            data.pop("decision", None)
        try:
            services.action_item_update(acting_user=request.user, item=item, **data)
        except (ValidationError, ApplicationError) as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The action item has been changed."))
            return redirect(request, _action_back(request, initiative, item))
    return render_form_page(
        request,
        "coordination/meeting_item_form.html",
        {
            "initiative": initiative,
            "meeting": item.agenda_item.meeting if item.agenda_item_id else None,
            "form": form,
            "heading": _("Change action item"),
            "template": "action",
            "back": _action_back(request, initiative, item),
        },
    )


@login_required
def action_item_delete(request, slug, pk):
    initiative, membership = _initiative(request, slug)
    item = _changeable_action(request, initiative, membership, pk)
    back = _action_back(request, initiative, item)
    if request.method == "POST":
        services.action_item_delete(acting_user=request.user, item=item)
        messages.success(request, _("“%(title)s” has been deleted.") % {"title": item.title})
        return redirect(request, back)
    return _confirm(
        request,
        initiative,
        item.agenda_item.meeting if item.agenda_item_id else None,
        heading=_("Delete “%(title)s”?") % {"title": item.title},
        text=_("The action item disappears from the board and the meeting. This cannot be undone."),
        back=back,
    )
