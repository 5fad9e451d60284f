"""Reminder e-mails found by a periodic sweep, each sent exactly once.

What is reminded, and to whom (each kind can be switched off in the profile), in every initiative
that is neither paused nor completed:
- reporting: values of a partner organisation due within `DUE_SOON_DAYS` (the due date is the
  end of the period plus the initiative's `due_days`), to the organisation's members; overdue
  values, to them again the day after; values still overdue `ESCALATE_AFTER_DAYS` after the due
  date, to the initiative's coordinators. One e-mail lists every value of one due date;
- action items: due tomorrow, and overdue since yesterday or a few days, to the person
  responsible or, for an organisation's item, to its members;
- meetings: tomorrow's, to every member who may see the initiative's meetings, with the
  invitation (.ics) attached.

Exactly once: every reminder is an outbox row (`core.mail.email_enqueue`) whose unique key names
the kind, the thing, its day (due date or meeting day) and the person. A sweep run twice, a beat
restart, a retried task or a worker killed mid-sweep finds the rows it made before and adds only
the missing ones; delivery claims each row with a lease. Nothing is scheduled ahead: the sweep
looks at the calendar each time, so a changed due date or meeting time is simply found anew.
Overdue reminders look back a few days only (`CATCH_UP_DAYS`), so switching reminders on for an
old initiative does not send a flood about long-forgotten items.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from coordination import calendar, permissions
from coordination.models import ActionItem, AgendaItem, Meeting
from core.mail import email_enqueue
from core.models import EmailOutbox
from impact import selectors as impact_selectors
from initiatives.models import Initiative, Membership, Role

# Reporting: remind this many days before the due date, escalate this many days after it.
DUE_SOON_DAYS = 7
ESCALATE_AFTER_DAYS = 7
# Overdue reminders are sent within this many days after the moment they became due, so an
# outage of the sweep is caught up but an old backlog is not mailed out.
CATCH_UP_DAYS = 7


class Kind:
    REPORTING_DUE = "reporting-due"
    REPORTING_OVERDUE = "reporting-overdue"
    REPORTING_ESCALATED = "reporting-escalated"
    ACTION_DUE = "action-due"
    ACTION_OVERDUE = "action-overdue"
    MEETING = "meeting"


@dataclass(frozen=True)
class Reminder:
    """One e-mail to one person; `build` makes (template, context, ics) in the person's
    language, only when the reminder has not been enqueued before."""

    key: str
    user: User
    build: Callable[[], tuple[str, dict, str]]


def reminder_key(kind: str, thing: str, day: datetime.date, user_id: int) -> str:
    return f"reminder:{kind}:{thing}:{day.isoformat()}:{user_id}"


def _path(name: str, **kwargs) -> str:
    return reverse(name, kwargs=kwargs)


# --- Action items ----------------------------------------------------------------------------


def _action_item_reminders(today: datetime.date) -> Iterator[Reminder]:
    tomorrow = today + datetime.timedelta(days=1)
    items = list(
        ActionItem.objects.exclude(status=ActionItem.Status.DONE)
        .filter(
            due_date__gte=today - datetime.timedelta(days=CATCH_UP_DAYS), due_date__lte=tomorrow
        )
        .exclude(due_date=today)
        .select_related("initiative", "assignee", "organisation", "agenda_item__meeting")
        .order_by("due_date", "pk")
    )
    if not items:
        return
    initiative_ids = {item.initiative_id for item in items}
    memberships = Membership.objects.filter(
        initiative_id__in=initiative_ids, role__in=permissions.WRITERS, user__is_active=True
    ).select_related("user")
    members_of = defaultdict(list)  # (initiative, organisation) -> users
    member_of = set()  # (initiative, user)
    for membership in memberships:
        member_of.add((membership.initiative_id, membership.user_id))
        if membership.role == Role.PARTNER and membership.organisation_id:
            members_of[membership.initiative_id, membership.organisation_id].append(membership.user)
    for item in items:
        if item.assignee_id:
            people = [item.assignee] if (item.initiative_id, item.assignee_id) in member_of else []
        else:
            people = members_of[item.initiative_id, item.organisation_id]
        kind = Kind.ACTION_DUE if item.due_date == tomorrow else Kind.ACTION_OVERDUE
        for user in people:
            if not user.remind_action_items or not user.is_active:
                continue

            def build(item=item, kind=kind):
                board = _path("coordination:action-item-board", slug=item.initiative.slug)
                meeting = item.agenda_item.meeting if item.agenda_item else None
                return (
                    "reminder_action_item",
                    {
                        "item": item,
                        "overdue": kind == Kind.ACTION_OVERDUE,
                        "initiative_name": item.initiative.name,
                        "board_path": f"{board}?mine=1",
                        "meeting_title": meeting.title if meeting else "",
                        "meeting_path": _path(
                            "coordination:meeting-detail",
                            slug=item.initiative.slug,
                            pk=meeting.pk,
                        )
                        if meeting
                        else "",
                    },
                    "",
                )

            yield Reminder(
                key=reminder_key(kind, f"action-item-{item.pk}", item.due_date, user.pk),
                user=user,
                build=build,
            )


# --- Meetings --------------------------------------------------------------------------------


def _day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
    end = timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time())
    )
    return start, end


def _meeting_reminders(today: datetime.date) -> Iterator[Reminder]:
    tomorrow = today + datetime.timedelta(days=1)
    start, end = _day_bounds(tomorrow)
    meetings = list(
        Meeting.objects.filter(
            status=Meeting.Status.PLANNED, starts_at__gte=start, starts_at__lt=end
        )
        .select_related("initiative")
        .prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("order", "pk"))
        )
        .order_by("starts_at", "pk")
    )
    if not meetings:
        return
    invited = defaultdict(list)
    for membership in Membership.objects.filter(
        initiative_id__in={m.initiative_id for m in meetings},
        role__in=permissions.READERS,
        user__is_active=True,
        user__remind_meetings=True,
    ).select_related("user"):
        invited[membership.initiative_id].append(membership.user)
    for meeting in meetings:
        for user in invited[meeting.initiative_id]:

            def build(meeting=meeting):
                return (
                    "reminder_meeting",
                    {
                        "meeting": meeting,
                        "agenda": list(meeting.agenda_items.all()),
                        "initiative_name": meeting.initiative.name,
                        "meeting_path": _path(
                            "coordination:meeting-detail",
                            slug=meeting.initiative.slug,
                            pk=meeting.pk,
                        ),
                    },
                    calendar.meeting_ics(meeting),
                )

            yield Reminder(
                key=reminder_key(Kind.MEETING, f"meeting-{meeting.pk}", tomorrow, user.pk),
                user=user,
                build=build,
            )


# --- Reporting -------------------------------------------------------------------------------


def _reporting_batches(
    initiative: Initiative, viewer: User, today: datetime.date
) -> list[tuple[datetime.date, list]]:
    """The open values of partner organisations that `viewer` sees on their own reporting page,
    grouped by organisation and due date, earliest due date first."""
    batches = defaultdict(list)
    for task in impact_selectors.reporting_task_list(
        viewer=viewer, initiative=initiative, today=today, open_only=True
    ):
        if task.organisation is not None:
            batches[task.organisation.pk, task.due_date].append(task)
    by_due_date = sorted(batches.items(), key=lambda batch: batch[0][1])
    return [(due_date, tasks) for (_organisation, due_date), tasks in by_due_date]


def _reporting_kind(due_date: datetime.date, today: datetime.date) -> str | None:
    days_left = (due_date - today).days
    overdue_days = -days_left
    if 0 <= days_left <= DUE_SOON_DAYS:
        return Kind.REPORTING_DUE
    if 1 <= overdue_days < min(ESCALATE_AFTER_DAYS, 1 + CATCH_UP_DAYS):
        return Kind.REPORTING_OVERDUE
    if ESCALATE_AFTER_DAYS <= overdue_days < ESCALATE_AFTER_DAYS + CATCH_UP_DAYS:
        return Kind.REPORTING_ESCALATED
    return None


def _reporting_reminders(today: datetime.date) -> Iterator[Reminder]:
    """Every running initiative's reporting reminders. Each is computed from what its
    recipients see on their own reporting page: a partner organisation's from one of its
    members (so partners are reminded whether or not the initiative has an active
    coordinator), escalations from one of the coordinators they go to."""
    initiatives = {
        initiative.pk: initiative
        for initiative in Initiative.objects.exclude(
            status__in=[Initiative.Status.PAUSED, Initiative.Status.COMPLETED]
        )
    }
    coordinators = defaultdict(list)
    partners = defaultdict(list)
    for membership in (
        Membership.objects.filter(
            initiative_id__in=initiatives,
            role__in=[Role.COORDINATOR, Role.PARTNER],
            user__is_active=True,
            user__remind_reporting=True,
        )
        .select_related("user")
        .order_by("initiative_id", "pk")
    ):
        if membership.role == Role.COORDINATOR:
            coordinators[membership.initiative_id].append(membership.user)
        elif membership.organisation_id is not None:
            key = (membership.initiative_id, membership.organisation_id)
            partners[key].append(membership.user)
    for (initiative_id, _organisation_id), people in partners.items():
        initiative = initiatives[initiative_id]
        for due_date, tasks in _reporting_batches(initiative, people[0], today):
            kind = _reporting_kind(due_date, today)
            if kind in (Kind.REPORTING_DUE, Kind.REPORTING_OVERDUE):
                yield from _reporting_reminders_for(
                    kind, initiative, tasks, due_date, people, today
                )
    for initiative_id, people in coordinators.items():
        initiative = initiatives[initiative_id]
        for due_date, tasks in _reporting_batches(initiative, people[0], today):
            if _reporting_kind(due_date, today) == Kind.REPORTING_ESCALATED:
                yield from _reporting_reminders_for(
                    Kind.REPORTING_ESCALATED, initiative, tasks, due_date, people, today
                )


def _reporting_reminders_for(
    kind: str,
    initiative: Initiative,
    tasks: list,
    due_date: datetime.date,
    people: list[User],
    today: datetime.date,
) -> Iterator[Reminder]:
    """One reminder per person about one organisation's values of one due date."""
    thing = f"initiative-{initiative.pk}-organisation-{tasks[0].organisation.pk}"

    def build():
        escalated = kind == Kind.REPORTING_ESCALATED
        return (
            "reminder_reporting",
            {
                "kind": kind.replace("reporting-", ""),
                "tasks": tasks,
                "count": len(tasks),
                "organisation_name": tasks[0].organisation.name,
                "initiative_name": initiative.name,
                "due_date": due_date,
                "overdue_days": (today - due_date).days,
                "link_path": (
                    initiative.get_absolute_url()
                    if escalated
                    else _path("impact:task-list", slug=initiative.slug)
                ),
            },
            "",
        )

    for user in people:
        yield Reminder(key=reminder_key(kind, thing, due_date, user.pk), user=user, build=build)


# --- The sweep -------------------------------------------------------------------------------


def reminder_list(*, today: datetime.date | None = None) -> list[Reminder]:
    """Every reminder that is due `today` (default: today in the site's time zone), sent or not."""
    today = today or timezone.localdate()
    return [
        *_reporting_reminders(today),
        *_action_item_reminders(today),
        *_meeting_reminders(today),
    ]


def reminders_send(*, today: datetime.date | None = None) -> int:
    """Enqueue the reminders due `today` that are not in the outbox yet; returns how many were
    new to this run (a concurrent run may have enqueued some of them first).

    Safe to run any number of times, also concurrently: the outbox key is unique, and
    `email_enqueue` returns the existing row for a key enqueued before.
    """
    reminders = reminder_list(today=today)
    if not reminders:
        return 0
    known = set(
        EmailOutbox.objects.filter(key__in=[r.key for r in reminders]).values_list("key", flat=True)
    )
    enqueued = 0
    for reminder in reminders:
        if reminder.key in known:
            continue
        user = reminder.user
        with translation.override(user.language):
            template, context, ics = reminder.build()
        row = email_enqueue(
            key=reminder.key,
            to_email=user.email,
            template=template,
            context={**context, "name": user.get_short_name()},
            language=user.language,
            ics=ics,
        )
        known.add(row.key)
        enqueued += 1
    return enqueued
