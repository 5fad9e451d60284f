"""Benchmark data of the coordination app: many activities with many logged outputs.

Builds on the initiative of `impact.benchmark` (it runs first, in INSTALLED_APPS order). At
full scale (`--scale 1`): 8 activities per partner organisation (320 with 40 partners), each
serving 1 to 3 objectives and with 25 output logs over the last two years, most of them broken
down by gender. Rows are written with `bulk_create`; every breakdown stays within its total, the
rest counted as “keine Angabe”, as the services would do. See
`core/management/commands/benchmark.py` for the contract of the hooks.
"""

import datetime
import random

from django.utils import timezone

from coordination.models import (
    ActionItem,
    Activity,
    AgendaItem,
    ContributionKind,
    Decision,
    EarlyWarning,
    EarlyWarningNote,
    Meeting,
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
from impact.models import Category, Objective
from initiatives.models import Initiative, Membership, Organisation, Role

ACTIVITIES_PER_PARTNER = 8
LOGS_PER_ACTIVITY = 25
GENDER_SHARES = [("weiblich", 0.46), ("männlich", 0.44)]


def teardown(world: dict) -> None:
    initiative = Initiative.objects.filter(slug=world["slug"]).first()
    if initiative is not None:
        OutputBreakdown.objects.filter(log__activity__initiative=initiative).delete()
        OutputLog.objects.filter(activity__initiative=initiative).delete()
        Activity.objects.filter(initiative=initiative).delete()
        ActionItem.objects.filter(initiative=initiative).delete()
        Meeting.objects.filter(initiative=initiative).delete()
        PulseRound.objects.filter(initiative=initiative).delete()
        EarlyWarning.objects.filter(initiative=initiative).delete()


def build(world: dict) -> None:
    initiative = world["initiative"]
    rng = random.Random(20261202)
    today = timezone.localdate()
    organisations = list(Organisation.objects.filter(initiative=initiative).order_by("pk"))
    objectives = list(Objective.objects.filter(goal__initiative=initiative).order_by("pk"))
    members = {
        m.organisation_id: m.user
        for m in Membership.objects.filter(initiative=initiative, role=Role.PARTNER)
    }
    gender = {
        c.label: c
        for c in Category.objects.filter(
            dimension__initiative=initiative, dimension__name="Geschlecht"
        )
    }
    kinds = ContributionKind.values
    activities = []
    for organisation in organisations:
        for n in range(ACTIVITIES_PER_PARTNER):
            start = today - datetime.timedelta(days=rng.randint(200, 900))
            activities.append(
                Activity(
                    initiative=initiative,
                    organisation=organisation,
                    title=f"{organisation.name}: Angebot {n + 1}",
                    description="Beratung, Begleitung und Veranstaltungen.",
                    contribution_kind=kinds[n % len(kinds)],
                    target_group="Internationale Fachkräfte",
                    place="Berlin",
                    start_date=start,
                    end_date=None if n % 5 else start + datetime.timedelta(days=180),
                    created_by=members.get(organisation.pk),
                )
            )
    activities = Activity.objects.bulk_create(activities)
    links = []
    for activity in activities:
        for objective in rng.sample(objectives, k=min(len(objectives), rng.randint(1, 3))):
            links.append(Activity.objectives.through(activity=activity, objective=objective))
    Activity.objectives.through.objects.bulk_create(links)
    logs = []
    for activity in activities:
        last = min(today, activity.end_date or today)
        span = max(1, (last - activity.start_date).days)
        for n in range(LOGS_PER_ACTIVITY):
            logs.append(
                OutputLog(
                    activity=activity,
                    date=activity.start_date
                    + datetime.timedelta(days=span * n // LOGS_PER_ACTIVITY),
                    people_reached=rng.randint(3, 40),
                    note="" if n % 4 else "Veranstaltung",
                    created_by=activity.created_by,
                )
            )
    logs = OutputLog.objects.bulk_create(logs, batch_size=2000)
    breakdowns = []
    if gender:
        unspecified = next((c for c in gender.values() if c.is_unspecified), None)
        for log in logs:
            if log.pk % 4 == 0:
                continue
            assigned = 0
            for label, share in GENDER_SHARES:
                if label in gender:
                    value = int(log.people_reached * share)
                    assigned += value
                    breakdowns.append(OutputBreakdown(log=log, category=gender[label], value=value))
            if unspecified is not None and log.people_reached > assigned:
                breakdowns.append(
                    OutputBreakdown(
                        log=log, category=unspecified, value=log.people_reached - assigned
                    )
                )
    OutputBreakdown.objects.bulk_create([b for b in breakdowns if b.value], batch_size=2000)
    world["activity"] = activities[0]
    _build_meetings(world, rng, organisations, members)
    _build_pulse_and_warnings(world, rng, organisations, members)
    world.setdefault("summary", {}).update(
        {
            "activities": len(activities),
            "output logs": len(logs),
            "output breakdown rows": len(breakdowns),
        }
    )


MEETINGS = 60
AGENDA_ITEMS_PER_MEETING = 6
ACTIONS_PER_DECISION = 2


def _build_meetings(world: dict, rng, organisations, members) -> None:
    """Two years of monthly-ish meetings, each with agenda items, one decision per item and
    action items (most of them done) for a partner member or an organisation."""
    initiative = world["initiative"]
    now = timezone.now()
    coordinator = world.get("coordinator")
    count = max(4, int(MEETINGS * world.get("scale", 1)))
    meetings = Meeting.objects.bulk_create(
        Meeting(
            initiative=initiative,
            title=f"Partnertreffen {n + 1}",
            starts_at=now - datetime.timedelta(days=12 * (count - n - 3)),
            duration_minutes=120,
            format="hybrid",
            location="Rathaus",
            online_url="https://meet.example.org/benchmark",
            created_by=coordinator,
        )
        for n in range(count)
    )
    items = AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, order=n + 1, title=f"Punkt {n + 1}", notes="Notizen.")
        for meeting in meetings
        for n in range(AGENDA_ITEMS_PER_MEETING)
    )
    decisions = Decision.objects.bulk_create(
        Decision(
            agenda_item=item,
            text=f"Beschluss zu {item.title}",
            decided_at=item.meeting.starts_at.date(),
            recorded_by=coordinator,
        )
        for item in items
    )
    people = list(members.values())
    actions = []
    today = timezone.localdate()
    for decision in decisions:
        for n in range(ACTIONS_PER_DECISION):
            done = decision.decided_at < today - datetime.timedelta(days=60)
            by_person = people and n % 2 == 0
            actions.append(
                ActionItem(
                    initiative=initiative,
                    title=f"Aufgabe {decision.pk}-{n}",
                    assignee=rng.choice(people) if by_person else None,
                    organisation=None if by_person else rng.choice(organisations),
                    due_date=decision.decided_at + datetime.timedelta(days=30),
                    status="done" if done else rng.choice(["todo", "in_progress"]),
                    done_at=now if done else None,
                    agenda_item=decision.agenda_item,
                    decision=decision,
                    created_by=coordinator,
                )
            )
    ActionItem.objects.bulk_create(actions, batch_size=2000)
    world["meeting"] = meetings[-4]
    _build_roles_and_speakers(meetings, people, world["meeting"])
    world["summary"].update(
        {"meetings": len(meetings), "decisions": len(decisions), "action items": len(actions)}
    )


def scenarios(world: dict) -> list[dict]:
    slug = world["initiative"].slug
    return [
        {
            "name": "Activities (list)",
            "url_name": "coordination:activity-list",
            "kwargs": {"slug": slug},
            "user": world["viewer"],
        },
        {
            "name": "Activity with its logs",
            "url_name": "coordination:activity-detail",
            "kwargs": {"slug": slug, "pk": world["activity"].pk},
            "user": world["viewer"],
        },
        {
            "name": "Alignment (partners by objectives)",
            "url_name": "coordination:activity-alignment",
            "kwargs": {"slug": slug},
            "user": world["coordinator"],
        },
        {
            "name": "A partner's contributions",
            "url_name": "coordination:organisation-contributions",
            "kwargs": {"slug": slug, "pk": world["activity"].organisation_id},
            "user": world["viewer"],
        },
        {
            "name": "API: activities (200 per page)",
            "url_name": "v1:activity-list",
            "query": {"initiative": slug, "page_size": 200},
            "user": world["viewer"],
        },
        {
            "name": "Meetings (list)",
            "url_name": "coordination:meeting-list",
            "kwargs": {"slug": slug},
            "user": world["viewer"],
        },
        {
            "name": "A meeting's record",
            "url_name": "coordination:meeting-detail",
            "kwargs": {"slug": slug, "pk": world["meeting"].pk},
            "user": world["coordinator"],
        },
        {
            "name": "A meeting's live poll (something changed)",
            "url_name": "coordination:meeting-live",
            "kwargs": {"slug": slug, "pk": world["meeting"].pk},
            "query": {"v": "-1"},
            "user": world["viewer"],
        },
        {
            "name": "Action-items board",
            "url_name": "coordination:action-item-board",
            "kwargs": {"slug": slug},
            "user": world["coordinator"],
        },
        {
            "name": "Decisions (list)",
            "url_name": "coordination:decision-list",
            "kwargs": {"slug": slug},
            "user": world["viewer"],
        },
        {
            "name": "Cockpit (backbone office)",
            "url_name": "coordination:cockpit",
            "kwargs": {"slug": slug},
            "user": world["coordinator"],
        },
        {
            "name": "Partnership pulse (trend)",
            "url_name": "coordination:pulse-list",
            "kwargs": {"slug": slug},
            "user": world["coordinator"],
        },
        {
            "name": "Early warnings (list)",
            "url_name": "coordination:warning-list",
            "kwargs": {"slug": slug},
            "user": world["viewer"],
        },
        {
            "name": "API: output logs (200 per page)",
            "url_name": "v1:output-log-list",
            "query": {"initiative": slug, "page_size": 200},
            "user": world["viewer"],
        },
    ]


PULSE_ROUNDS = 12
WARNINGS = 300


def _build_pulse_and_warnings(world: dict, rng, organisations, members) -> None:
    """Three years of quarterly pulse rounds, each answered by every partner member, and
    early warnings (a third for the backbone office only) with follow-up notes."""
    initiative = world["initiative"]
    coordinator = world.get("coordinator")
    today = timezone.localdate()
    people = list(members.values())
    count = max(2, int(PULSE_ROUNDS * world.get("scale", 1)))
    rounds = PulseRound.objects.bulk_create(
        PulseRound(
            initiative=initiative,
            title=f"Runde {n + 1}",
            opens_on=today - datetime.timedelta(days=91 * (count - n)),
            closes_on=today - datetime.timedelta(days=91 * (count - n) - 21),
            created_by=coordinator,
        )
        for n in range(count)
    )
    PulseParticipation.objects.bulk_create(
        PulseParticipation(round=pulse_round, user=person)
        for pulse_round in rounds
        for person in people
    )
    PulseAnswer.objects.bulk_create(
        (
            PulseAnswer(
                round=pulse_round,
                comment=rng.choice(["", "", "Gute Abstimmung.", "Mehr Austausch bitte."]),
                **{question: rng.randint(2, 5) for question in PulseQuestion.values},
            )
            for pulse_round in rounds
            for _person in people
        ),
        batch_size=2000,
    )
    count = max(10, int(WARNINGS * world.get("scale", 1)))
    warnings = EarlyWarning.objects.bulk_create(
        EarlyWarning(
            initiative=initiative,
            title=f"Risiko {n + 1}",
            description="Ein Konflikt bahnt sich an.",
            organisation=rng.choice(organisations),
            visibility="coordinators" if n % 3 == 0 else "members",
            status="resolved" if n % 2 else "open",
            resolved_at=timezone.now() if n % 2 else None,
            author=rng.choice(people) if people else coordinator,
        )
        for n in range(count)
    )
    EarlyWarningNote.objects.bulk_create(
        EarlyWarningNote(warning=warning, text="Gespräch geführt.", author=coordinator)
        for warning in warnings
    )
    world["summary"].update({"pulse rounds": len(rounds), "early warnings": len(warnings)})


# Meetings without minutes: every meeting has its three roles, rotating through the partner
# members, and a speakers' history; the benchmark's meeting also has an open list.
SPEAKERS_PER_MEETING = 12
OPEN_SPEAKERS = 8


def _build_roles_and_speakers(meetings, people, open_meeting) -> None:
    if not people:
        return
    kinds = MeetingRoleKind.values
    MeetingRole.objects.bulk_create(
        MeetingRole(meeting=meeting, kind=kind, user=people[(n + k) % len(people)])
        for n, meeting in enumerate(meetings)
        for k, kind in enumerate(kinds)
    )
    requests = []
    for meeting in meetings:
        for n in range(SPEAKERS_PER_MEETING):
            asked = meeting.starts_at + datetime.timedelta(minutes=2 * n)
            requests.append(
                SpeakerRequest(
                    meeting=meeting,
                    user=people[n % len(people)],
                    requested_at=asked,
                    spoken_at=asked + datetime.timedelta(minutes=3),
                )
            )
    requests += [
        SpeakerRequest(meeting=open_meeting, user=person, requested_at=open_meeting.starts_at)
        for person in people[:OPEN_SPEAKERS]
    ]
    SpeakerRequest.objects.bulk_create(requests, batch_size=2000)
