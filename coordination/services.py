"""Writes of activities and output logs: atomic, checking their rules, each writing an audit row.

Bad input raises Django's `ValidationError` with a dict of field names and messages a person can
act on; a missing right raises `PermissionDeniedError`. Nothing is saved when either is raised.

Field names of the errors, beyond the model fields: `breakdown_<category id>` for one category
of a breakdown, `dimension_<dimension id>` for a dimension whose categories add up to more than
the people reached, and `breakdown` for a category of another initiative.
"""

import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination import permissions
from coordination.models import (
    PULSE_SCALE,
    ActionItem,
    Activity,
    AgendaItem,
    ContributionKind,
    Decision,
    EarlyWarning,
    EarlyWarningNote,
    Meeting,
    MeetingFormat,
    MeetingRole,
    MeetingRoleKind,
    OutputBreakdown,
    OutputLog,
    PulseAnswer,
    PulseParticipation,
    PulseQuestion,
    PulseRound,
    SpeakerRequest,
)
from core.audit import audit_record
from core.errors import ApplicationError, PermissionDeniedError
from impact.models import Category, Objective
from impact.services import parse_number
from initiatives.models import Initiative, Membership, Organisation, Role
from initiatives.permissions import membership_get

_UNSET = object()
ACTIVITY_FIELDS = (
    "title",
    "description",
    "contribution_kind",
    "target_group",
    "place",
    "start_date",
    "end_date",
)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDeniedError(_("You are not allowed to do this."))


def _raise_if(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


# --- Activities ----------------------------------------------------------------------------


def _clean_objectives(initiative: Initiative, objectives, errors: dict) -> list[Objective]:
    ids = []
    for item in objectives or []:
        try:
            ids.append(int(getattr(item, "pk", item)))
        except (TypeError, ValueError):
            errors["objectives"] = _("Please choose only objectives of this initiative.")
            return []
    found = list(Objective.objects.filter(pk__in=set(ids), goal__initiative=initiative))
    if len(found) != len(set(ids)):
        errors["objectives"] = _("Please choose only objectives of this initiative.")
    elif not found:
        errors["objectives"] = _("Please choose at least one objective that the activity serves.")
    return found


def _clean_activity(initiative: Initiative, data: dict, errors: dict) -> dict:
    cleaned = dict(data)
    for name in ("title", "description", "target_group", "place"):
        cleaned[name] = (data.get(name) or "").strip()
    if not cleaned["title"]:
        errors["title"] = _("Please give the activity a title.")
    if data.get("contribution_kind") not in ContributionKind.values:
        errors["contribution_kind"] = _("Please choose how the activity reinforces the others.")
    start, end = data.get("start_date"), data.get("end_date")
    if not isinstance(start, datetime.date):
        errors["start_date"] = _("Please enter when the activity starts.")
    elif isinstance(end, datetime.date) and end < start:
        errors["end_date"] = _("The end cannot be before the start.")
    return cleaned


def activity_create(
    *,
    acting_user,
    initiative: Initiative,
    title: str,
    contribution_kind: str,
    objectives: Iterable,
    start_date: datetime.date | None,
    end_date: datetime.date | None = None,
    description: str = "",
    target_group: str = "",
    place: str = "",
    organisation: Organisation | None = None,
) -> Activity:
    """Register an activity of the acting partner's organisation (or `organisation`, which
    must be the acting partner's own). Raises PermissionDeniedError for anyone else."""
    membership = membership_get(user=acting_user, initiative=initiative)
    if organisation is None and membership is not None:
        organisation = membership.organisation
    _require(organisation is not None and organisation.initiative_id == initiative.pk)
    _require(permissions.can_create_activity(membership, organisation))
    errors: dict = {}
    fields = _clean_activity(
        initiative,
        {
            "title": title,
            "description": description,
            "contribution_kind": contribution_kind,
            "target_group": target_group,
            "place": place,
            "start_date": start_date,
            "end_date": end_date,
        },
        errors,
    )
    chosen = _clean_objectives(initiative, objectives, errors)
    _raise_if(errors)
    with transaction.atomic():
        activity = Activity.objects.create(
            initiative=initiative, organisation=organisation, created_by=acting_user, **fields
        )
        activity.objectives.set(chosen)
        audit_record(
            actor=acting_user,
            verb="activity.created",
            initiative=initiative,
            target=activity,
            activity=activity.pk,
            organisation=organisation.pk,
        )
    return activity


def activity_update(*, acting_user, activity: Activity, objectives=_UNSET, **changes) -> Activity:
    """Change an activity; fields left out stay as they are. The organisation never changes.

    Partner members change their own organisation's activities; the backbone office may
    correct any (the audit row says so)."""
    initiative = activity.initiative
    membership = membership_get(user=acting_user, initiative=initiative)
    _require(permissions.can_change_activity(membership, activity))
    unknown = set(changes) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"activity_update() got unexpected fields: {sorted(unknown)}")
    data = {name: changes.get(name, getattr(activity, name)) for name in ACTIVITY_FIELDS}
    errors: dict = {}
    fields = _clean_activity(initiative, data, errors)
    chosen = None
    if objectives is not _UNSET:
        chosen = _clean_objectives(initiative, objectives, errors)
    _raise_if(errors)
    changed = sorted(name for name in ACTIVITY_FIELDS if fields[name] != getattr(activity, name))
    with transaction.atomic():
        for name in ACTIVITY_FIELDS:
            setattr(activity, name, fields[name])
        activity.save()
        if chosen is not None:
            before = set(activity.objectives.values_list("pk", flat=True))
            if before != {objective.pk for objective in chosen}:
                changed.append("objectives")
            activity.objectives.set(chosen)
        audit_record(
            actor=acting_user,
            verb="activity.updated",
            initiative=initiative,
            target=activity,
            activity=activity.pk,
            changed=changed,
            correction_by_backbone_office=not permissions.can_log_output(membership, activity),
        )
    return activity


def activity_delete(*, acting_user, activity: Activity) -> None:
    """Delete an activity with its output logs."""
    initiative = activity.initiative
    membership = membership_get(user=acting_user, initiative=initiative)
    _require(permissions.can_change_activity(membership, activity))
    with transaction.atomic():
        audit_record(
            actor=acting_user,
            verb="activity.deleted",
            initiative=initiative,
            target=activity,
            activity=activity.pk,
            organisation=activity.organisation_id,
            title=activity.title,
            logs=activity.output_logs.count(),
        )
        activity.delete()


# --- Output logs ---------------------------------------------------------------------------


def _whole_number(raw, *, field: str, errors: dict) -> int | None:
    number = parse_number(raw, field=field, errors=errors)
    if number is None:
        return None
    if number != number.to_integral_value():
        errors[field] = _("Please enter a whole number of people, e.g. 12.")
        return None
    if number < 0:
        errors[field] = _("The number of people cannot be negative.")
        return None
    return int(number)


def _initiative_categories(initiative: Initiative) -> dict[int, Category]:
    return {
        category.pk: category
        for category in Category.objects.filter(dimension__initiative=initiative).select_related(
            "dimension"
        )
    }


def _clean_breakdown(
    initiative: Initiative, breakdown: Mapping, total: int | None, errors: dict
) -> dict[Category, int]:
    """{category: people}, with what is not assigned in a dimension added to its “not
    specified” category. Empty entries are left out; a dimension without any entry is not
    broken down at all."""
    categories = _initiative_categories(initiative)
    rows: dict[Category, int] = {}
    for key, raw in (breakdown or {}).items():
        try:
            category = categories.get(int(getattr(key, "pk", key)))
        except (TypeError, ValueError):
            category = None
        if category is None:
            errors["breakdown"] = _("This breakdown category does not belong to the initiative.")
            continue
        value = _whole_number(raw, field=f"breakdown_{category.pk}", errors=errors)
        if value is not None:
            rows[category] = value
    if total is None:
        return rows
    dimensions = {category.dimension for category in rows}
    for dimension in sorted(dimensions, key=lambda d: (d.order, d.pk)):
        assigned = sum(value for category, value in rows.items() if category.dimension == dimension)
        if assigned > total:
            errors[f"dimension_{dimension.pk}"] = _(
                "%(dimension)s: the categories add up to %(sum)s people, more than the "
                "%(total)s people reached."
            ) % {"dimension": dimension.name, "sum": assigned, "total": total}
            continue
        unspecified = next(
            (
                category
                for category in categories.values()
                if category.dimension_id == dimension.pk and category.is_unspecified
            ),
            None,
        )
        if assigned < total and unspecified is not None:
            rows[unspecified] = rows.get(unspecified, 0) + total - assigned
    return {category: value for category, value in rows.items() if value}


def _clean_log(activity: Activity, *, date, people_reached, breakdown, errors: dict) -> dict:
    if not isinstance(date, datetime.date):
        errors["date"] = _("Please enter the day the output happened.")
    elif date > timezone.localdate():
        errors["date"] = _("The date cannot be in the future: log an output once it has happened.")
    total = _whole_number(people_reached, field="people_reached", errors=errors)
    if total is None and "people_reached" not in errors:
        errors["people_reached"] = _("Please enter how many people were reached.")
    rows = _clean_breakdown(activity.initiative, breakdown, total, errors)
    return {"date": date, "people_reached": total, "rows": rows}


def _write_breakdown(log: OutputLog, rows: dict[Category, int]) -> None:
    log.breakdowns.all().delete()
    OutputBreakdown.objects.bulk_create(
        OutputBreakdown(log=log, category=category, value=value) for category, value in rows.items()
    )


def _breakdown_data(rows: dict[Category, int]) -> dict[str, int]:
    return {str(category.pk): value for category, value in rows.items()}


def output_log_create(
    *,
    acting_user,
    activity: Activity,
    date: datetime.date | None,
    people_reached,
    note: str = "",
    breakdown: Mapping | None = None,
) -> OutputLog:
    """Log what an activity reached. `people_reached` and the breakdown values may be numbers
    or text as typed ("12"); `breakdown` maps categories (or their ids) to people."""
    membership = membership_get(user=acting_user, initiative=activity.initiative)
    _require(permissions.can_log_output(membership, activity))
    errors: dict = {}
    cleaned = _clean_log(
        activity, date=date, people_reached=people_reached, breakdown=breakdown, errors=errors
    )
    _raise_if(errors)
    with transaction.atomic():
        log = OutputLog.objects.create(
            activity=activity,
            date=cleaned["date"],
            people_reached=cleaned["people_reached"],
            note=(note or "").strip(),
            created_by=acting_user,
        )
        _write_breakdown(log, cleaned["rows"])
        audit_record(
            actor=acting_user,
            verb="output_log.created",
            initiative=activity.initiative_id,
            target=log,
            activity=activity.pk,
            log=log.pk,
            people_reached=log.people_reached,
            breakdown=_breakdown_data(cleaned["rows"]),
        )
    return log


def output_log_update(
    *,
    acting_user,
    log: OutputLog,
    date=_UNSET,
    people_reached=_UNSET,
    note=_UNSET,
    breakdown=_UNSET,
) -> OutputLog:
    """Correct a logged output; arguments left out stay as they are. Without `breakdown` the
    stored categories are checked against the new total again, and the "not specified"
    remainder of each broken-down dimension is computed anew."""
    activity = log.activity
    membership = membership_get(user=acting_user, initiative=activity.initiative)
    _require(permissions.can_change_output_log(membership, log))
    if breakdown is _UNSET:
        # The stored "not specified" value is the remainder of the old total: kept, it would
        # refuse a lower total as if someone had entered it. As 0 it keeps its dimension broken
        # down and takes the new remainder.
        breakdown = {
            row.category_id: 0 if row.category.is_unspecified else row.value
            for row in log.breakdowns.select_related("category")
        }
    errors: dict = {}
    cleaned = _clean_log(
        activity,
        date=log.date if date is _UNSET else date,
        people_reached=log.people_reached if people_reached is _UNSET else people_reached,
        breakdown=breakdown,
        errors=errors,
    )
    _raise_if(errors)
    with transaction.atomic():
        log.date = cleaned["date"]
        log.people_reached = cleaned["people_reached"]
        if note is not _UNSET:
            log.note = (note or "").strip()
        log.save()
        _write_breakdown(log, cleaned["rows"])
        audit_record(
            actor=acting_user,
            verb="output_log.updated",
            initiative=activity.initiative_id,
            target=log,
            activity=activity.pk,
            log=log.pk,
            people_reached=log.people_reached,
            breakdown=_breakdown_data(cleaned["rows"]),
            correction_by_backbone_office=not permissions.can_log_output(membership, activity),
        )
    return log


def output_log_delete(*, acting_user, log: OutputLog) -> None:
    activity = log.activity
    membership = membership_get(user=acting_user, initiative=activity.initiative)
    _require(permissions.can_change_output_log(membership, log))
    with transaction.atomic():
        audit_record(
            actor=acting_user,
            verb="output_log.deleted",
            initiative=activity.initiative_id,
            target=log,
            activity=activity.pk,
            log=log.pk,
            date=log.date.isoformat(),
            people_reached=log.people_reached,
        )
        log.delete()


# --- Meetings -------------------------------------------------------------------------------

MEETING_FIELDS = (
    "title",
    "starts_at",
    "duration_minutes",
    "format",
    "location",
    "online_url",
    "description",
)
_url_validator = URLValidator(schemes=["http", "https"])


def _clean_meeting(data: dict, errors: dict) -> dict:
    cleaned = dict(data)
    for name in ("title", "location", "online_url", "description"):
        cleaned[name] = (data.get(name) or "").strip()
    if not cleaned["title"]:
        errors["title"] = _("Please give the meeting a title.")
    if not isinstance(data.get("starts_at"), datetime.datetime):
        errors["starts_at"] = _("Please enter the date and time of the start.")
    duration = data.get("duration_minutes")
    if not isinstance(duration, int) or duration <= 0:
        errors["duration_minutes"] = _("Please enter the duration in whole minutes, e.g. 90.")
    elif duration > 24 * 60:
        errors["duration_minutes"] = _("A meeting cannot take longer than 24 hours.")
    kind = data.get("format")
    if kind not in MeetingFormat.values:
        errors["format"] = _("Please choose whether the meeting is in person, online or hybrid.")
        return cleaned
    if kind != MeetingFormat.IN_PERSON:
        if not cleaned["online_url"]:
            errors["online_url"] = _("An online meeting needs the link to the video meeting.")
        else:
            try:
                _url_validator(cleaned["online_url"])
            except ValidationError:
                errors["online_url"] = _(
                    "Please enter a complete web address, e.g. https://meet.example.org/partner."
                )
    else:
        cleaned["online_url"] = ""
    if kind != MeetingFormat.ONLINE:
        if not cleaned["location"]:
            errors["location"] = _("A meeting in person needs a place, e.g. an address or room.")
    else:
        cleaned["location"] = ""
    return cleaned


def meeting_create(
    *,
    acting_user,
    initiative: Initiative,
    title: str,
    starts_at: datetime.datetime | None,
    duration_minutes: int | None = 90,
    format: str = MeetingFormat.IN_PERSON,
    location: str = "",
    online_url: str = "",
    description: str = "",
) -> Meeting:
    """Schedule a meeting (coordinators and partner members). An online or hybrid meeting needs
    a valid link, one in person or hybrid a place."""
    membership = membership_get(user=acting_user, initiative=initiative)
    _require(permissions.can_schedule_meeting(membership))
    errors: dict = {}
    fields = _clean_meeting(
        {
            "title": title,
            "starts_at": starts_at,
            "duration_minutes": duration_minutes,
            "format": format,
            "location": location,
            "online_url": online_url,
            "description": description,
        },
        errors,
    )
    _raise_if(errors)
    with transaction.atomic():
        meeting = Meeting.objects.create(initiative=initiative, created_by=acting_user, **fields)
        audit_record(
            actor=acting_user,
            verb="meeting.created",
            initiative=initiative,
            target=meeting,
            meeting=meeting.pk,
        )
    return meeting


def meeting_update(*, acting_user, meeting: Meeting, **changes) -> Meeting:
    """Change a meeting; fields left out stay as they are."""
    membership = membership_get(user=acting_user, initiative=meeting.initiative)
    _require(permissions.can_change_meeting(membership, meeting))
    unknown = set(changes) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"meeting_update() got unexpected fields: {sorted(unknown)}")
    data = {name: changes.get(name, getattr(meeting, name)) for name in MEETING_FIELDS}
    errors: dict = {}
    fields = _clean_meeting(data, errors)
    _raise_if(errors)
    changed = sorted(name for name in MEETING_FIELDS if fields[name] != getattr(meeting, name))
    with transaction.atomic():
        for name in MEETING_FIELDS:
            setattr(meeting, name, fields[name])
        meeting.save()
        audit_record(
            actor=acting_user,
            verb="meeting.updated",
            initiative=meeting.initiative,
            target=meeting,
            meeting=meeting.pk,
            changed=changed,
        )
    return meeting


def meeting_cancel(*, acting_user, meeting: Meeting) -> Meeting:
    """Cancel a meeting; its record stays readable. A held meeting cannot be cancelled."""
    membership = membership_get(user=acting_user, initiative=meeting.initiative)
    _require(permissions.can_change_meeting(membership, meeting))
    if meeting.status == Meeting.Status.CANCELLED:
        return meeting
    if meeting.status == Meeting.Status.HELD:
        raise ApplicationError(_("This meeting has already taken place."))
    with transaction.atomic():
        meeting.status = Meeting.Status.CANCELLED
        meeting.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=acting_user,
            verb="meeting.cancelled",
            initiative=meeting.initiative,
            target=meeting,
            meeting=meeting.pk,
        )
    return meeting


def _clean_owner(initiative: Initiative, owner, errors: dict, field: str):
    if owner in (None, ""):
        return None
    user_id = getattr(owner, "pk", owner)
    membership = (
        Membership.objects.select_related("user")
        .filter(initiative=initiative, user_id=user_id, role__in=[Role.COORDINATOR, Role.PARTNER])
        .first()
        if str(user_id).isdigit()
        else None
    )
    if membership is None:
        errors[field] = _("Please choose a coordinator or partner member of this initiative.")
        return None
    return membership.user


def agenda_item_create(
    *,
    acting_user,
    meeting: Meeting,
    title: str,
    owner=None,
    time_box_minutes: int | None = None,
    notes: str = "",
) -> AgendaItem:
    """Add an item at the end of the meeting's agenda."""
    initiative = meeting.initiative
    membership = membership_get(user=acting_user, initiative=initiative)
    _require(permissions.can_edit_record(membership, meeting))
    errors: dict = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Please name the topic of the agenda item.")
    owner = _clean_owner(initiative, owner, errors, "owner")
    if time_box_minutes is not None and (
        not isinstance(time_box_minutes, int) or not 0 < time_box_minutes <= 24 * 60
    ):
        errors["time_box_minutes"] = _("Please enter the time box in whole minutes, e.g. 15.")
    _raise_if(errors)
    with transaction.atomic():
        # Locks the meeting so that two items added at once do not get the same position.
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        last = meeting.agenda_items.aggregate(last=models.Max("order"))["last"] or 0
        item = AgendaItem.objects.create(
            meeting=meeting,
            order=last + 1,
            title=title,
            owner=owner,
            time_box_minutes=time_box_minutes,
            notes=(notes or "").strip(),
            created_by=acting_user,
        )
        _live_bump(meeting)
        audit_record(
            actor=acting_user,
            verb="agenda_item.created",
            initiative=initiative,
            target=item,
            meeting=meeting.pk,
            agenda_item=item.pk,
        )
    return item


class NotesConflictError(ApplicationError):
    """The notes were saved by someone else since the writer loaded them; nothing was saved.

    `extra` carries what is stored now (`notes`, `version`, `by`), so the writer can compare
    and decide; the writer's own text is never thrown away.
    """

    code = "notes_conflict"


# A person's saves of the same notes within this time make one audit row, not one per pause in
# typing (autosave saves every few seconds).
NOTES_AUDIT_WINDOW = datetime.timedelta(minutes=10)


def agenda_item_notes_save(
    *, acting_user, agenda_item: AgendaItem, notes: str, base_version: int | None = None
) -> AgendaItem:
    """Replace the notes of an agenda item and count the save.

    `base_version` is the `notes_version` the writer started from; when someone else saved in
    between, `NotesConflictError` is raised and nothing is saved. Without it (a plain form of
    old) the notes are replaced. Open meeting pages see the change through the meeting's
    `live_version`.
    """
    meeting = agenda_item.meeting
    membership = membership_get(user=acting_user, initiative=meeting.initiative)
    _require(permissions.can_edit_record(membership, meeting))
    notes = (notes or "").strip()
    now = timezone.now()
    with transaction.atomic():
        # Only the item's row is locked: the writer of the notes is joined for the message.
        current = (
            AgendaItem.objects.select_for_update(of=("self",))
            .select_related("notes_updated_by")
            .get(pk=agenda_item.pk)
        )
        if base_version is not None and base_version != current.notes_version:
            if current.notes == notes:
                # Someone saved the very same text: nothing to tell apart.
                agenda_item.notes_version = current.notes_version
                return agenda_item
            by = current.notes_updated_by
            raise NotesConflictError(
                _(
                    "Someone else changed these notes while you were writing. Your text is "
                    "kept; compare it with theirs and save again."
                ),
                extra={
                    "notes": current.notes,
                    "version": current.notes_version,
                    "by": (by.full_name or by.email) if by else "",
                },
            )
        quiet = (
            current.notes_updated_by_id == acting_user.pk
            and current.notes_updated_at is not None
            and now - current.notes_updated_at < NOTES_AUDIT_WINDOW
        )
        if notes == current.notes:
            agenda_item.notes, agenda_item.notes_version = notes, current.notes_version
            return agenda_item
        agenda_item.notes = notes
        agenda_item.notes_version = current.notes_version + 1
        agenda_item.notes_updated_by = acting_user
        agenda_item.notes_updated_at = now
        agenda_item.save(
            update_fields=[
                "notes",
                "notes_version",
                "notes_updated_by",
                "notes_updated_at",
                "updated_at",
            ]
        )
        _live_bump(meeting)
        if not quiet:
            audit_record(
                actor=acting_user,
                verb="agenda_item.notes_saved",
                initiative=meeting.initiative,
                target=agenda_item,
                agenda_item=agenda_item.pk,
            )
    return agenda_item


def decision_record(
    *, acting_user, agenda_item: AgendaItem, text: str, decided_at: datetime.date | None = None
) -> Decision:
    """Record a decision on an agenda item; the day defaults to the meeting's day."""
    meeting = agenda_item.meeting
    membership = membership_get(user=acting_user, initiative=meeting.initiative)
    _require(permissions.can_edit_record(membership, meeting))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Please write down what was decided.")})
    if decided_at is None:
        decided_at = timezone.localtime(meeting.starts_at).date()
    with transaction.atomic():
        decision = Decision.objects.create(
            agenda_item=agenda_item, text=text, decided_at=decided_at, recorded_by=acting_user
        )
        _live_bump(meeting)
        audit_record(
            actor=acting_user,
            verb="decision.recorded",
            initiative=meeting.initiative,
            target=decision,
            meeting=meeting.pk,
            decision=decision.pk,
        )
    return decision


# --- Action items ---------------------------------------------------------------------------


def action_item_create(
    *,
    acting_user,
    initiative: Initiative,
    title: str,
    due_date: datetime.date | None,
    assignee=None,
    organisation: Organisation | int | None = None,
    description: str = "",
    agenda_item: AgendaItem | None = None,
    decision: Decision | None = None,
) -> ActionItem:
    """Create an action item for a person or a partner organisation (at least one of them),
    due today or later; optionally agreed at an agenda item or implementing a decision."""
    membership = membership_get(user=acting_user, initiative=initiative)
    _require(permissions.can_create_action_item(membership))
    errors: dict = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Please say what is to be done.")
    if not isinstance(due_date, datetime.date):
        errors["due_date"] = _("Please enter the day by which it should be done.")
    elif due_date < timezone.localdate():
        errors["due_date"] = _("The due date cannot be in the past.")
    person = _clean_owner(initiative, assignee, errors, "assignee")
    org = None
    if organisation not in (None, ""):
        org_id = getattr(organisation, "pk", organisation)
        org = (
            Organisation.objects.filter(initiative=initiative, pk=org_id).first()
            if str(org_id).isdigit()
            else None
        )
        if org is None:
            errors["organisation"] = _("Please choose a partner organisation of this initiative.")
    if person is None and org is None and "assignee" not in errors and "organisation" not in errors:
        errors["assignee"] = _("Please choose a person or an organisation responsible.")
    if decision is not None:
        agenda_item = agenda_item or decision.agenda_item
        if decision.agenda_item_id != agenda_item.pk:
            errors["decision"] = _("Please choose a decision of this agenda item.")
    if agenda_item is not None and agenda_item.meeting.initiative_id != initiative.pk:
        raise PermissionDeniedError(_("You are not allowed to do this."))
    _raise_if(errors)
    with transaction.atomic():
        item = ActionItem.objects.create(
            initiative=initiative,
            title=title,
            description=(description or "").strip(),
            assignee=person,
            organisation=org,
            due_date=due_date,
            agenda_item=agenda_item,
            decision=decision,
            created_by=acting_user,
        )
        audit_record(
            actor=acting_user,
            verb="action_item.created",
            initiative=initiative,
            target=item,
            action_item=item.pk,
        )
    return item


def action_item_set_status(*, acting_user, item: ActionItem, status: str) -> ActionItem:
    """Move an action item to “to do”, “in progress” or “done” (records when it was done)."""
    membership = membership_get(user=acting_user, initiative=item.initiative)
    _require(permissions.can_change_action_item_status(membership, item))
    if status not in ActionItem.Status.values:
        raise ValidationError({"status": _("Please choose to do, in progress or done.")})
    if status == item.status:
        return item
    before = item.status
    with transaction.atomic():
        item.status = status
        item.done_at = timezone.now() if status == ActionItem.Status.DONE else None
        item.save(update_fields=["status", "done_at", "updated_at"])
        audit_record(
            actor=acting_user,
            verb="action_item.status_changed",
            initiative=item.initiative,
            target=item,
            action_item=item.pk,
            before=before,
            after=status,
        )
    return item


# --- News posts and comments ----------------------------------------------------------------
#
# Each write notifies through `coordination.notifications.notify` inside its transaction, so a
# post that is rolled back leaves no notification behind. Mentions are kept only for members of
# the initiative; anyone mentioned gets one "mentioned you" notification instead of the general
# one, and a person is never notified about their own post or comment.

from django.urls import reverse as _reverse  # noqa: E402
from django.utils.translation import gettext_lazy as _lazy  # noqa: E402

from coordination.models import NewsComment, NewsPost, Notification  # noqa: E402
from coordination.notifications import (  # noqa: E402  (notify: the entry point for other apps)
    mention_ids,
    mentions_clean,
    notify,
)

NEWS_TITLE_MAX = NewsPost._meta.get_field("title").max_length
COMMENT_MAX = 5000


def _member_ids(initiative: Initiative) -> set[int]:
    return set(Membership.objects.filter(initiative=initiative).values_list("user_id", flat=True))


def news_url(post: NewsPost, comment: NewsComment | None = None) -> str:
    url = _reverse("coordination:news-detail", kwargs={"slug": post.initiative.slug, "pk": post.pk})
    return f"{url}#comment-{comment.pk}" if comment is not None else url


def _clean_post(data: dict, errors: dict, members: set[int]) -> dict:
    title = " ".join((data.get("title") or "").split())
    body = (data.get("body") or "").strip()
    if not title:
        errors["title"] = _("Please give the news a title.")
    elif len(title) > NEWS_TITLE_MAX:
        errors["title"] = _("Please shorten the title to at most %(max)s characters.") % {
            "max": NEWS_TITLE_MAX
        }
    if not body:
        errors["body"] = _("Please write the text of the news.")
    return {
        "title": title,
        "body": mentions_clean(body, allowed_ids=members),
        "pinned": bool(data.get("pinned")),
    }


def _notify_mentions(*, ids: set[int], actor, post: NewsPost, comment=None) -> None:
    text = (
        _lazy("%(author)s mentioned you in a comment on “%(title)s”.")
        if comment is not None
        else _lazy("%(author)s mentioned you in “%(title)s”.")
    )
    notify(
        recipients=ids,
        kind=Notification.Kind.MENTION,
        text=text,
        params={"author": actor, "title": post.title},
        url=news_url(post, comment),
        initiative=post.initiative,
        actor=actor,
    )


def news_post_create(
    *, acting_user, initiative: Initiative, title: str, body: str, pinned: bool = False
) -> NewsPost:
    """Publish a news post (the backbone office only). Notifies every member of the
    initiative; people mentioned in the text get a mention instead.

    Raises PermissionDeniedError for anyone else, ValidationError for a missing title or text.
    """
    membership = membership_get(user=acting_user, initiative=initiative)
    _require(permissions.can_manage_news(membership))
    members = _member_ids(initiative)
    errors: dict = {}
    fields = _clean_post({"title": title, "body": body, "pinned": pinned}, errors, members)
    _raise_if(errors)
    with transaction.atomic():
        post = NewsPost.objects.create(initiative=initiative, author=acting_user, **fields)
        audit_record(
            actor=acting_user,
            verb="news_post.created",
            initiative=initiative,
            target=post,
            news_post=post.pk,
        )
        mentioned = mention_ids(post.body) & members
        _notify_mentions(ids=mentioned, actor=acting_user, post=post)
        notify(
            recipients=members - mentioned,
            kind=Notification.Kind.NEWS_POST,
            text=_lazy("%(author)s published news: “%(title)s”."),
            params={"author": acting_user, "title": post.title},
            url=news_url(post),
            initiative=initiative,
            actor=acting_user,
        )
    return post


def news_post_update(
    *, acting_user, post: NewsPost, title: str, body: str, pinned: bool = False
) -> NewsPost:
    """Change a news post (the backbone office). Only people newly mentioned are notified."""
    initiative = post.initiative
    membership = membership_get(user=acting_user, initiative=initiative)
    _require(permissions.can_manage_news(membership))
    members = _member_ids(initiative)
    errors: dict = {}
    fields = _clean_post({"title": title, "body": body, "pinned": pinned}, errors, members)
    _raise_if(errors)
    before = mention_ids(post.body)
    changed = sorted(name for name, value in fields.items() if getattr(post, name) != value)
    with transaction.atomic():
        for name, value in fields.items():
            setattr(post, name, value)
        post.save()
        audit_record(
            actor=acting_user,
            verb="news_post.updated",
            initiative=initiative,
            target=post,
            news_post=post.pk,
            changed=changed,
        )
        _notify_mentions(
            ids=(mention_ids(post.body) - before) & members, actor=acting_user, post=post
        )
    return post


def news_post_delete(*, acting_user, post: NewsPost) -> None:
    """Delete a news post with its comments (the backbone office)."""
    initiative = post.initiative
    membership = membership_get(user=acting_user, initiative=initiative)
    _require(permissions.can_manage_news(membership))
    with transaction.atomic():
        audit_record(
            actor=acting_user,
            verb="news_post.deleted",
            initiative=initiative,
            target=post,
            news_post=post.pk,
            comments=post.comments.count(),
        )
        # Notifications that lead to the deleted post would only end on "not found".
        Notification.objects.filter(initiative=initiative, url=news_url(post)).delete()
        Notification.objects.filter(
            initiative=initiative, url__startswith=news_url(post) + "#"
        ).delete()
        post.delete()


def _clean_comment(body: str, members: set[int]) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Please write a comment.")})
    if len(body) > COMMENT_MAX:
        raise ValidationError(
            {
                "body": _("Please shorten the comment to at most %(max)s characters.")
                % {"max": COMMENT_MAX}
            }
        )
    return mentions_clean(body, allowed_ids=members)


def news_comment_create(*, acting_user, post: NewsPost, body: str) -> NewsComment:
    """Comment on a news post. Notifies the post's author and everyone who commented on it
    before (once each); people mentioned get a mention instead.

    Raises PermissionDeniedError for members who may not comment (participants).
    """
    initiative = post.initiative
    membership = membership_get(user=acting_user, initiative=initiative)
    _require(permissions.can_comment_news(membership))
    members = _member_ids(initiative)
    body = _clean_comment(body, members)
    with transaction.atomic():
        comment = NewsComment.objects.create(post=post, author=acting_user, body=body)
        audit_record(
            actor=acting_user,
            verb="news_comment.created",
            initiative=initiative,
            target=comment,
            news_post=post.pk,
            news_comment=comment.pk,
        )
        mentioned = mention_ids(body) & members
        _notify_mentions(ids=mentioned, actor=acting_user, post=post, comment=comment)
        involved = set(
            post.comments.exclude(author=None).values_list("author_id", flat=True).distinct()
        )
        if post.author_id is not None:
            involved.add(post.author_id)
        notify(
            recipients=(involved & members) - mentioned,
            kind=Notification.Kind.COMMENT,
            text=_lazy("%(author)s commented on “%(title)s”."),
            params={"author": acting_user, "title": post.title},
            url=news_url(post, comment),
            initiative=initiative,
            actor=acting_user,
        )
    return comment


def news_comment_update(*, acting_user, comment: NewsComment, body: str) -> NewsComment:
    """Change one's own comment; only people newly mentioned are notified."""
    post = comment.post
    membership = membership_get(user=acting_user, initiative=post.initiative)
    _require(permissions.can_edit_comment(membership, comment))
    members = _member_ids(post.initiative)
    body = _clean_comment(body, members)
    before = mention_ids(comment.body)
    with transaction.atomic():
        comment.body = body
        comment.save(update_fields=["body", "updated_at"])
        audit_record(
            actor=acting_user,
            verb="news_comment.updated",
            initiative=post.initiative,
            target=comment,
            news_comment=comment.pk,
        )
        _notify_mentions(
            ids=(mention_ids(body) - before) & members,
            actor=acting_user,
            post=post,
            comment=comment,
        )
    return comment


def news_comment_delete(*, acting_user, comment: NewsComment) -> None:
    """Delete a comment: its author, or the backbone office removing it."""
    post = comment.post
    membership = membership_get(user=acting_user, initiative=post.initiative)
    _require(permissions.can_delete_comment(membership, comment))
    with transaction.atomic():
        audit_record(
            actor=acting_user,
            verb="news_comment.deleted",
            initiative=post.initiative,
            target=comment,
            news_post=post.pk,
            news_comment=comment.pk,
            author=comment.author_id,
        )
        Notification.objects.filter(
            initiative=post.initiative, url=news_url(post, comment)
        ).delete()
        comment.delete()


# --- Partnership pulse ------------------------------------------------------------------------


def pulse_round_suggested_title(*, initiative: Initiative, today: datetime.date | None = None):
    """The quarter of `today` (“Q4 2026”), or the next one when that title is taken."""
    day = today or timezone.localdate()
    year, quarter = day.year, (day.month - 1) // 3 + 1
    taken = set(PulseRound.objects.filter(initiative=initiative).values_list("title", flat=True))
    for _step in range(8):
        title = f"Q{quarter} {year}"
        if title not in taken:
            return title
        quarter, year = (1, year + 1) if quarter == 4 else (quarter + 1, year)
    return ""


def pulse_round_open(
    *,
    acting_user,
    initiative: Initiative,
    title: str,
    opens_on: datetime.date | None,
    closes_on: datetime.date | None,
) -> PulseRound:
    """Open a round of the pulse (the backbone office). It may not end in the past, and may not
    overlap another round that has not been closed, so that every member answers one at a time."""
    membership = membership_get(user=acting_user, initiative=initiative)
    _require(permissions.can_manage_pulse(membership))
    errors: dict = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Please give the round a title, e.g. “Q4 2026”.")
    elif PulseRound.objects.filter(initiative=initiative, title__iexact=title).exists():
        errors["title"] = _("A round with this title exists already.")
    if not isinstance(opens_on, datetime.date):
        errors["opens_on"] = _("Please enter the first day of the round.")
    if not isinstance(closes_on, datetime.date):
        errors["closes_on"] = _("Please enter the last day of the round.")
    elif isinstance(opens_on, datetime.date) and closes_on < opens_on:
        errors["closes_on"] = _("The last day cannot be before the first day.")
    elif closes_on < timezone.localdate():
        errors["closes_on"] = _("The last day cannot be in the past.")
    if not errors:
        overlapping = (
            PulseRound.objects.filter(
                initiative=initiative,
                closed_at__isnull=True,
                opens_on__lte=closes_on,
                closes_on__gte=opens_on,
            )
            .order_by("opens_on")
            .first()
        )
        if overlapping is not None:
            errors["opens_on"] = _(
                "The round “%(title)s” runs at the same time. Close it first or choose other days."
            ) % {"title": overlapping.title}
    _raise_if(errors)
    with transaction.atomic():
        pulse_round = PulseRound.objects.create(
            initiative=initiative,
            title=title,
            opens_on=opens_on,
            closes_on=closes_on,
            created_by=acting_user,
        )
        audit_record(
            actor=acting_user,
            verb="pulse_round.opened",
            initiative=initiative,
            target=pulse_round,
            pulse_round=pulse_round.pk,
        )
    return pulse_round


def pulse_round_close(*, acting_user, pulse_round: PulseRound) -> PulseRound:
    """Close a round before its last day; closing a closed round changes nothing."""
    initiative = pulse_round.initiative
    membership = membership_get(user=acting_user, initiative=initiative)
    _require(permissions.can_manage_pulse(membership))
    if pulse_round.is_closed:
        return pulse_round
    with transaction.atomic():
        pulse_round.closed_at = timezone.now()
        pulse_round.save(update_fields=["closed_at", "updated_at"])
        audit_record(
            actor=acting_user,
            verb="pulse_round.closed",
            initiative=initiative,
            target=pulse_round,
            pulse_round=pulse_round.pk,
        )
    return pulse_round


def pulse_answer_submit(
    *, acting_user, pulse_round: PulseRound, ratings: Mapping, comment: str = ""
) -> None:
    """Answer a round once, anonymously: `ratings` maps each question (`PulseQuestion`) to
    1 to 5 (numbers or text as typed).

    Writes the answer without any reference to the person and, separately, that the person
    has answered; returns nothing, so no caller holds both. Raises ValidationError for a
    missing or out-of-range rating, ApplicationError when the round is not open or the person
    has answered already.
    """
    initiative = pulse_round.initiative
    membership = membership_get(user=acting_user, initiative=initiative)
    _require(permissions.can_answer_pulse(membership))
    if not pulse_round.is_open:
        raise ApplicationError(_("This round is not open for answers."), code="pulse_not_open")
    errors: dict = {}
    values: dict[str, int] = {}
    for question in PulseQuestion:
        raw = (ratings or {}).get(question.value)
        try:
            number = int(str(raw).strip()) if raw not in (None, "") else None
        except (TypeError, ValueError):
            number = None
        if number not in PULSE_SCALE:
            errors[question.value] = _("Please choose a value from 1 to 5.")
        else:
            values[question.value] = number
    _raise_if(errors)
    try:
        with transaction.atomic():
            PulseParticipation.objects.create(round=pulse_round, user=acting_user)
            PulseAnswer.objects.create(round=pulse_round, comment=(comment or "").strip(), **values)
            # No answer id here: the audit row only repeats that the person took part.
            audit_record(
                actor=acting_user,
                verb="pulse.answered",
                initiative=initiative,
                target=pulse_round,
                pulse_round=pulse_round.pk,
            )
    except IntegrityError:
        raise ApplicationError(
            _("You have already answered this round. Thank you!"), code="pulse_answered"
        ) from None


# --- Early warnings -----------------------------------------------------------------------


def _clean_warning_organisation(initiative: Initiative, organisation, errors: dict):
    if organisation in (None, ""):
        return None
    org_id = getattr(organisation, "pk", organisation)
    org = (
        Organisation.objects.filter(initiative=initiative, pk=org_id).first()
        if str(org_id).isdigit()
        else None
    )
    if org is None:
        errors["organisation"] = _("Please choose a partner organisation of this initiative.")
    return org


def warning_create(
    *,
    acting_user,
    initiative: Initiative,
    title: str,
    description: str,
    visibility: str = EarlyWarning.Visibility.MEMBERS,
    organisation: Organisation | int | None = None,
    area: str = "",
) -> EarlyWarning:
    """Note an emerging conflict or risk; `visibility` chooses all members or the backbone
    office only (the author always sees their own warning)."""
    membership = membership_get(user=acting_user, initiative=initiative)
    _require(permissions.can_create_warning(membership))
    errors: dict = {}
    title, description = (title or "").strip(), (description or "").strip()
    if not title:
        errors["title"] = _("Please give the warning a short title.")
    if not description:
        errors["description"] = _("Please describe what you noticed.")
    if visibility not in EarlyWarning.Visibility.values:
        errors["visibility"] = _("Please choose who may see the warning.")
    org = _clean_warning_organisation(initiative, organisation, errors)
    _raise_if(errors)
    with transaction.atomic():
        warning = EarlyWarning.objects.create(
            initiative=initiative,
            title=title,
            description=description,
            visibility=visibility,
            organisation=org,
            area=(area or "").strip(),
            author=acting_user,
        )
        audit_record(
            actor=acting_user,
            verb="warning.created",
            initiative=initiative,
            target=warning,
            warning=warning.pk,
            visibility=visibility,
        )
    return warning


def warning_set_status(*, acting_user, warning: EarlyWarning, status: str) -> EarlyWarning:
    """Mark a warning open, being handled or resolved (the backbone office or its author)."""
    membership = membership_get(user=acting_user, initiative=warning.initiative)
    _require(permissions.can_follow_up_warning(membership, warning))
    if status not in EarlyWarning.Status.values:
        raise ValidationError({"status": _("Please choose open, being handled or resolved.")})
    if status == warning.status:
        return warning
    before = warning.status
    with transaction.atomic():
        warning.status = status
        warning.resolved_at = timezone.now() if status == EarlyWarning.Status.RESOLVED else None
        warning.save(update_fields=["status", "resolved_at", "updated_at"])
        audit_record(
            actor=acting_user,
            verb="warning.status_changed",
            initiative=warning.initiative,
            target=warning,
            warning=warning.pk,
            before=before,
            after=status,
        )
    return warning


def warning_note_add(*, acting_user, warning: EarlyWarning, text: str) -> EarlyWarningNote:
    """Add a follow-up note to a warning (the backbone office or its author)."""
    membership = membership_get(user=acting_user, initiative=warning.initiative)
    _require(permissions.can_follow_up_warning(membership, warning))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Please write down the follow-up.")})
    with transaction.atomic():
        note = EarlyWarningNote.objects.create(warning=warning, text=text, author=acting_user)
        # Touch the warning so that its list shows recent follow-ups first where it sorts so.
        warning.save(update_fields=["updated_at"])
        audit_record(
            actor=acting_user,
            verb="warning.note_added",
            initiative=warning.initiative,
            target=warning,
            warning=warning.pk,
            note=note.pk,
        )
    return note


# --- Meetings without minutes: roles, speakers' list, changing the record -------------------


def _live_bump(meeting: Meeting) -> None:
    """Tell open meeting pages that notes, roles or the speakers' list changed."""
    Meeting.objects.filter(pk=meeting.pk).update(live_version=models.F("live_version") + 1)


def meeting_role_assign(*, acting_user, meeting: Meeting, kind: str, user) -> MeetingRole:
    """Give one of the meeting's roles to a coordinator or partner member (replacing whoever
    held it). One person may hold several roles if the group is small."""
    initiative = meeting.initiative
    membership = membership_get(user=acting_user, initiative=initiative)
    _require(permissions.can_assign_meeting_roles(membership, meeting))
    errors: dict = {}
    if kind not in MeetingRoleKind.values:
        errors["kind"] = _("Please choose moderation, time keeper or documentation.")
    person = _clean_owner(initiative, user, errors, "user")
    if person is None and "user" not in errors:
        errors["user"] = _("Please choose who takes on the role.")
    _raise_if(errors)
    with transaction.atomic():
        role, _created = MeetingRole.objects.update_or_create(
            meeting=meeting, kind=kind, defaults={"user": person, "assigned_by": acting_user}
        )
        _live_bump(meeting)
        audit_record(
            actor=acting_user,
            verb="meeting_role.assigned",
            initiative=initiative,
            target=role,
            meeting=meeting.pk,
            kind=kind,
            user=person.pk,
        )
    return role


def meeting_role_unassign(*, acting_user, meeting: Meeting, kind: str) -> None:
    """Leave one of the meeting's roles open again; nothing happens when it is open already."""
    membership = membership_get(user=acting_user, initiative=meeting.initiative)
    _require(permissions.can_assign_meeting_roles(membership, meeting))
    with transaction.atomic():
        deleted, _details = MeetingRole.objects.filter(meeting=meeting, kind=kind).delete()
        if deleted:
            _live_bump(meeting)
            audit_record(
                actor=acting_user,
                verb="meeting_role.unassigned",
                initiative=meeting.initiative,
                target=meeting,
                meeting=meeting.pk,
                kind=kind,
            )


def _moderator_id(meeting: Meeting) -> int | None:
    return (
        MeetingRole.objects.filter(meeting=meeting, kind=MeetingRoleKind.MODERATION)
        .values_list("user_id", flat=True)
        .first()
    )


def speaker_request_add(*, acting_user, meeting: Meeting) -> SpeakerRequest:
    """Put oneself on the speakers' list; asking again while on it changes nothing (and keeps
    one's place)."""
    membership = membership_get(user=acting_user, initiative=meeting.initiative)
    _require(permissions.can_join_speakers(membership, meeting))
    with transaction.atomic():
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        existing = SpeakerRequest.objects.filter(
            meeting=meeting, user=acting_user, spoken_at__isnull=True
        ).first()
        if existing is not None:
            return existing
        request = SpeakerRequest.objects.create(meeting=meeting, user=acting_user)
        _live_bump(meeting)
        audit_record(
            actor=acting_user,
            verb="speaker_request.added",
            initiative=meeting.initiative,
            target=request,
            meeting=meeting.pk,
        )
    return request


def speaker_request_withdraw(*, acting_user, meeting: Meeting) -> None:
    """Take oneself off the speakers' list; nothing happens when one is not on it."""
    membership = membership_get(user=acting_user, initiative=meeting.initiative)
    _require(permissions.can_join_speakers(membership, meeting))
    with transaction.atomic():
        deleted, _details = SpeakerRequest.objects.filter(
            meeting=meeting, user=acting_user, spoken_at__isnull=True
        ).delete()
        if deleted:
            _live_bump(meeting)
            audit_record(
                actor=acting_user,
                verb="speaker_request.withdrawn",
                initiative=meeting.initiative,
                target=meeting,
                meeting=meeting.pk,
            )


def _open_request(meeting: Meeting, request_id) -> SpeakerRequest:
    request = (
        SpeakerRequest.objects.filter(meeting=meeting, pk=request_id, spoken_at__isnull=True)
        .select_related("user")
        .first()
        if str(request_id).isdigit()
        else None
    )
    if request is None:
        raise ApplicationError(
            _("This person is no longer on the speakers' list."), code="speaker_gone"
        )
    return request


def speaker_request_done(*, acting_user, meeting: Meeting, request_id) -> SpeakerRequest:
    """The moderator (or the backbone office) marks that someone has spoken: they leave the list
    and, should they ask again, queue behind everyone who has not spoken yet."""
    membership = membership_get(user=acting_user, initiative=meeting.initiative)
    _require(permissions.can_moderate(membership, meeting, _moderator_id(meeting)))
    with transaction.atomic():
        request = _open_request(meeting, request_id)
        request.spoken_at = timezone.now()
        request.save(update_fields=["spoken_at", "updated_at"])
        _live_bump(meeting)
        audit_record(
            actor=acting_user,
            verb="speaker_request.spoken",
            initiative=meeting.initiative,
            target=request,
            meeting=meeting.pk,
            speaker=request.user_id,
        )
    return request


def speaker_request_remove(*, acting_user, meeting: Meeting, request_id) -> None:
    """The moderator (or the backbone office) takes someone off the list without them having
    spoken, e.g. because they have left."""
    membership = membership_get(user=acting_user, initiative=meeting.initiative)
    _require(permissions.can_moderate(membership, meeting, _moderator_id(meeting)))
    with transaction.atomic():
        request = _open_request(meeting, request_id)
        speaker = request.user_id
        request.delete()
        _live_bump(meeting)
        audit_record(
            actor=acting_user,
            verb="speaker_request.removed",
            initiative=meeting.initiative,
            target=meeting,
            meeting=meeting.pk,
            speaker=speaker,
        )


def _clean_agenda_fields(initiative, *, title, owner, time_box_minutes, errors: dict) -> dict:
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Please name the topic of the agenda item.")
    owner = _clean_owner(initiative, owner, errors, "owner")
    if time_box_minutes is not None and (
        not isinstance(time_box_minutes, int) or not 0 < time_box_minutes <= 24 * 60
    ):
        errors["time_box_minutes"] = _("Please enter the time box in whole minutes, e.g. 15.")
    return {"title": title, "owner": owner, "time_box_minutes": time_box_minutes}


def agenda_item_update(
    *, acting_user, agenda_item: AgendaItem, title: str, owner=None, time_box_minutes=None
) -> AgendaItem:
    """Change an agenda item's topic, who leads it and its time box."""
    meeting = agenda_item.meeting
    membership = membership_get(user=acting_user, initiative=meeting.initiative)
    _require(permissions.can_change_agenda_item(membership, agenda_item))
    errors: dict = {}
    fields = _clean_agenda_fields(
        meeting.initiative,
        title=title,
        owner=owner,
        time_box_minutes=time_box_minutes,
        errors=errors,
    )
    _raise_if(errors)
    with transaction.atomic():
        for name, value in fields.items():
            setattr(agenda_item, name, value)
        agenda_item.save(update_fields=[*fields, "updated_at"])
        _live_bump(meeting)
        audit_record(
            actor=acting_user,
            verb="agenda_item.updated",
            initiative=meeting.initiative,
            target=agenda_item,
            meeting=meeting.pk,
            agenda_item=agenda_item.pk,
        )
    return agenda_item


def agenda_item_delete(*, acting_user, agenda_item: AgendaItem) -> None:
    """Delete an agenda item with its notes and decisions; its action items stay on the board
    (without the link), and the items after it move up one place."""
    meeting = agenda_item.meeting
    membership = membership_get(user=acting_user, initiative=meeting.initiative)
    _require(permissions.can_change_agenda_item(membership, agenda_item))
    with transaction.atomic():
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        pk, order, title = agenda_item.pk, agenda_item.order, agenda_item.title
        agenda_item.delete()
        # One row at a time, lowest first: the unique order is never held twice.
        for later in AgendaItem.objects.filter(meeting=meeting, order__gt=order).order_by("order"):
            later.order -= 1
            later.save(update_fields=["order", "updated_at"])
        _live_bump(meeting)
        audit_record(
            actor=acting_user,
            verb="agenda_item.deleted",
            initiative=meeting.initiative,
            target=meeting,
            meeting=meeting.pk,
            agenda_item=pk,
            title=title,
        )


def agenda_item_move(*, acting_user, agenda_item: AgendaItem, direction: str) -> AgendaItem:
    """Swap an agenda item with its neighbour ("up" or "down"); at either end nothing moves."""
    meeting = agenda_item.meeting
    membership = membership_get(user=acting_user, initiative=meeting.initiative)
    _require(permissions.can_change_agenda_item(membership, agenda_item))
    if direction not in ("up", "down"):
        raise ValidationError({"direction": _("Please choose up or down.")})
    with transaction.atomic():
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        item = AgendaItem.objects.get(pk=agenda_item.pk)
        siblings = AgendaItem.objects.filter(meeting=meeting)
        neighbour = (
            siblings.filter(order__lt=item.order).order_by("-order").first()
            if direction == "up"
            else siblings.filter(order__gt=item.order).order_by("order").first()
        )
        if neighbour is None:
            return agenda_item
        mine, theirs = item.order, neighbour.order
        # Through a free position, as the order is unique per meeting.
        free = (siblings.aggregate(last=models.Max("order"))["last"] or 0) + 1
        AgendaItem.objects.filter(pk=item.pk).update(order=free)
        AgendaItem.objects.filter(pk=neighbour.pk).update(order=mine)
        AgendaItem.objects.filter(pk=item.pk).update(order=theirs)
        agenda_item.order = theirs
        _live_bump(meeting)
        audit_record(
            actor=acting_user,
            verb="agenda_item.moved",
            initiative=meeting.initiative,
            target=agenda_item,
            meeting=meeting.pk,
            agenda_item=agenda_item.pk,
            direction=direction,
        )
    return agenda_item


def decision_update(*, acting_user, decision: Decision, text: str) -> Decision:
    """Correct the wording of a decision (`decision.agenda_item.meeting` must be loaded)."""
    meeting = decision.agenda_item.meeting
    membership = membership_get(user=acting_user, initiative=meeting.initiative)
    _require(permissions.can_change_decision(membership, decision, meeting))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Please write down what was decided.")})
    with transaction.atomic():
        decision.text = text
        decision.save(update_fields=["text", "updated_at"])
        _live_bump(meeting)
        audit_record(
            actor=acting_user,
            verb="decision.updated",
            initiative=meeting.initiative,
            target=decision,
            meeting=meeting.pk,
            decision=decision.pk,
        )
    return decision


def decision_delete(*, acting_user, decision: Decision) -> None:
    """Delete a decision; action items that implemented it stay, without the link."""
    meeting = decision.agenda_item.meeting
    membership = membership_get(user=acting_user, initiative=meeting.initiative)
    _require(permissions.can_change_decision(membership, decision, meeting))
    with transaction.atomic():
        pk, text = decision.pk, decision.text
        decision.delete()
        _live_bump(meeting)
        audit_record(
            actor=acting_user,
            verb="decision.deleted",
            initiative=meeting.initiative,
            target=meeting,
            meeting=meeting.pk,
            decision=pk,
            text=text[:200],
        )


def action_item_update(
    *,
    acting_user,
    item: ActionItem,
    title: str,
    due_date: datetime.date | None,
    assignee=None,
    organisation=None,
    description: str = "",
    decision: Decision | None = _UNSET,
) -> ActionItem:
    """Change what, who and by when. A due date may stay where it was even if that day has
    passed; a new one cannot lie in the past."""
    initiative = item.initiative
    membership = membership_get(user=acting_user, initiative=initiative)
    _require(permissions.can_change_action_item(membership, item))
    errors: dict = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Please say what is to be done.")
    if not isinstance(due_date, datetime.date):
        errors["due_date"] = _("Please enter the day by which it should be done.")
    elif due_date != item.due_date and due_date < timezone.localdate():
        errors["due_date"] = _("The due date cannot be in the past.")
    person = _clean_owner(initiative, assignee, errors, "assignee")
    org = None
    if organisation not in (None, ""):
        org_id = getattr(organisation, "pk", organisation)
        org = (
            Organisation.objects.filter(initiative=initiative, pk=org_id).first()
            if str(org_id).isdigit()
            else None
        )
        if org is None:
            errors["organisation"] = _("Please choose a partner organisation of this initiative.")
    if person is None and org is None and "assignee" not in errors and "organisation" not in errors:
        errors["assignee"] = _("Please choose a person or an organisation responsible.")
    if (
        decision is not _UNSET
        and decision is not None
        and decision.agenda_item_id != (item.agenda_item_id)
    ):
        errors["decision"] = _("Please choose a decision of this agenda item.")
    _raise_if(errors)
    with transaction.atomic():
        item.title, item.description = title, (description or "").strip()
        item.assignee, item.organisation, item.due_date = person, org, due_date
        if decision is not _UNSET:
            item.decision = decision
        item.save()
        audit_record(
            actor=acting_user,
            verb="action_item.updated",
            initiative=initiative,
            target=item,
            action_item=item.pk,
        )
    return item


def action_item_delete(*, acting_user, item: ActionItem) -> None:
    """Delete an action item, e.g. one recorded twice."""
    membership = membership_get(user=acting_user, initiative=item.initiative)
    _require(permissions.can_change_action_item(membership, item))
    with transaction.atomic():
        pk, title = item.pk, item.title
        item.delete()
        audit_record(
            actor=acting_user,
            verb="action_item.deleted",
            initiative=item.initiative,
            target=item.initiative,
            action_item=pk,
            title=title,
        )
