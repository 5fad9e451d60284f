"""Meetings, decisions and action items on top of the default world, built through the services.

`meeting_world(w)`: a past meeting of the coordinator with one agenda item led by the partner,
one decision and two action items implementing it (one for the partner in person, one for
IHK Berlin, the organisation of partner2), and an upcoming online meeting without agenda.
`add_meetings()` adds volume for query guards.
"""

import datetime
import itertools
import types

from django.utils import timezone

from coordination import services
from coordination.models import ActionItem

_serial = itertools.count()


def _in_days(days: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def meeting_world(w):
    """Built once per world; later calls return the same namespace."""
    if hasattr(w, "meetings"):
        return w.meetings
    past = services.meeting_create(
        acting_user=w.coordinator,
        initiative=w.initiative,
        title="Partnertreffen Herbst",
        starts_at=_in_days(-7),
        duration_minutes=120,
        format="in_person",
        location="Rathaus Mitte, Raum 4",
    )
    item = services.agenda_item_create(
        acting_user=w.coordinator,
        meeting=past,
        title="Matching-Veranstaltung",
        owner=w.partner,
        time_box_minutes=20,
    )
    decision = services.decision_record(
        acting_user=w.coordinator,
        agenda_item=item,
        text="Im Frühjahr findet eine Matching-Veranstaltung statt.",
    )
    today = timezone.localdate()
    mine = services.action_item_create(
        acting_user=w.coordinator,
        initiative=w.initiative,
        title="Raum reservieren",
        assignee=w.partner,
        due_date=today + datetime.timedelta(days=14),
        agenda_item=item,
        decision=decision,
    )
    theirs = services.action_item_create(
        acting_user=w.coordinator,
        initiative=w.initiative,
        title="Unternehmen ansprechen",
        organisation=w.organisation2,
        due_date=today + datetime.timedelta(days=21),
        agenda_item=item,
        decision=decision,
    )
    upcoming = services.meeting_create(
        acting_user=w.partner,
        initiative=w.initiative,
        title="Online-Abstimmung",
        starts_at=_in_days(10, 16),
        duration_minutes=60,
        format="online",
        online_url="https://meet.example.org/partner",
    )
    w.meetings = types.SimpleNamespace(
        past=past,
        item=item,
        decision=decision,
        mine=mine,
        theirs=theirs,
        upcoming=upcoming,
    )
    return w.meetings


def make_overdue(item: ActionItem, days: int = 3) -> ActionItem:
    """Due dates in the past cannot be entered; tests move them there directly."""
    ActionItem.objects.filter(pk=item.pk).update(
        due_date=timezone.localdate() - datetime.timedelta(days=days)
    )
    item.refresh_from_db()
    return item


def add_meetings(w, n, *, items_per_meeting=2):
    """`n` past meetings, each with agenda items, a decision and action items per item."""
    created = []
    due = timezone.localdate() + datetime.timedelta(days=30)
    for _ in range(n):
        i = next(_serial)
        meeting = services.meeting_create(
            acting_user=w.coordinator,
            initiative=w.initiative,
            title=f"Treffen {i:04d}",
            starts_at=_in_days(-30 - i),
            format="hybrid",
            location="Raum 1",
            online_url="https://meet.example.org/x",
        )
        for j in range(items_per_meeting):
            item = services.agenda_item_create(
                acting_user=w.coordinator,
                meeting=meeting,
                title=f"Punkt {j}",
                owner=w.partner if j % 2 else w.coordinator,
            )
            decision = services.decision_record(
                acting_user=w.coordinator, agenda_item=item, text=f"Beschluss {i}-{j}"
            )
            for assignee, organisation in ((w.partner, None), (None, w.organisation2)):
                action = services.action_item_create(
                    acting_user=w.coordinator,
                    initiative=w.initiative,
                    title=f"Aufgabe {i}-{j}",
                    assignee=assignee,
                    organisation=organisation,
                    due_date=due,
                    agenda_item=item,
                    decision=decision,
                )
                if j % 2:
                    services.action_item_set_status(
                        acting_user=w.coordinator, item=action, status="done"
                    )
        created.append(meeting)
    return created
