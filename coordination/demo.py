"""Demo data of the coordination app: the Berlin partners' activities and their logged outputs.

Runs after the impact demo (INSTALLED_APPS order), whose objectives and dimensions it uses.
Everything goes through the services as the organisation's partner account. One objective is
left without any activity (a gap in the alignment view) and one is served by three
organisations (an overlap). Idempotent: an activity is looked up by organisation and title, and
logs are entered only for activities that have none yet. Numbers are derived from the names
and dates, never from chance, so every run computes the same.
"""

import datetime
import zlib

from django.contrib.auth import get_user_model
from django.utils import timezone

from coordination import services
from coordination.models import ActionItem, Activity, ContributionKind, Meeting, SpeakerRequest
from impact.models import Dimension, Objective

User = get_user_model()

IQ = "IQ Netzwerk Berlin"
AGENTUR = "Agentur für Arbeit Berlin Mitte"
IHK = "IHK Berlin"
BRUECKE = "Migrantinnenverein Brücke e. V."
ACCOUNTS = {
    IQ: "partner@example.org",
    IHK: "partner2@example.org",
    AGENTUR: "agentur@example.org",
    BRUECKE: "bruecke@example.org",
}

PLACEMENT = "Mehr internationale Fachkräfte finden eine qualifikationsadäquate Stelle"
WOMEN = "Frauen mit ausländischen Abschlüssen profitieren gleichermaßen"
ADVICE = "Beratung zur Anerkennung ist leicht erreichbar"
EMPLOYERS = "Unternehmen stellen international ein"
HELPFUL = "Die Beratenen erleben die Unterstützung als hilfreich"
# "Anerkennungsverfahren werden zügig abgeschlossen" is left out on purpose: the gap.

# (organisation, title, kind, objectives, target group, place, start offset in days from
# today (negative: in the past), end offset or None, people per log (typical), description)
ACTIVITIES = [
    (
        IQ,
        "Anerkennungsberatung",
        ContributionKind.INTERLOCKING,
        [ADVICE, PLACEMENT],
        "Menschen mit ausländischen Berufs- und Hochschulabschlüssen",
        "Berlin-Mitte und online",
        -700,
        None,
        24,
        "Individuelle Beratung zum Anerkennungsverfahren; danach geht es direkt weiter ins "
        "Vermittlungsteam der Agentur für Arbeit.",
    ),
    (
        IQ,
        "Brückenmaßnahme Pflege",
        ContributionKind.INTEGRATION,
        [PLACEMENT, WOMEN],
        "Pflegefachkräfte mit Auflagen aus dem Anerkennungsbescheid",
        "Berlin-Neukölln",
        -420,
        None,
        14,
        "Anpassungslehrgang mit Praxisphasen in Kliniken, gemeinsam finanziert mit der "
        "Senatsverwaltung.",
    ),
    (
        IQ,
        "Abendsprechstunde Anerkennung",
        ContributionKind.COMPLEMENT,
        [ADVICE],
        "Berufstätige, die tagsüber keine Beratung wahrnehmen können",
        "online",
        -200,
        None,
        9,
        "Beratung am Abend, für Menschen, die tagsüber unter ihrer Qualifikation arbeiten.",
    ),
    (
        AGENTUR,
        "Vermittlungsteam Internationale Fachkräfte",
        ContributionKind.COORDINATION,
        [PLACEMENT],
        "Arbeitsuchende mit anerkanntem ausländischem Abschluss",
        "Agentur für Arbeit Berlin Mitte",
        -650,
        None,
        31,
        "Ein Team, das Stellenangebote mit den Beratungen des IQ Netzwerks abstimmt.",
    ),
    (
        AGENTUR,
        "Gemeinsame Anlaufstelle Anerkennung",
        ContributionKind.INTEGRATION,
        [ADVICE],
        "Alle, die nicht wissen, wo sie anfangen sollen",
        "Welcome Center Berlin",
        -300,
        None,
        18,
        "Agentur für Arbeit und IQ Netzwerk beraten an einem Tisch, mit gemeinsamer Terminvergabe.",
    ),
    (
        IHK,
        "Matching-Abend: Fachkräfte treffen Unternehmen",
        ContributionKind.INTERLOCKING,
        [EMPLOYERS, PLACEMENT],
        "Fachkräfte aus der Beratung und Betriebe mit offenen Stellen",
        "IHK Berlin, Ludwig Erhard Haus",
        -360,
        None,
        40,
        "Vierteljährliche Abende, an denen Unternehmen und Fachkräfte aus der Beratung "
        "ins Gespräch kommen.",
    ),
    (
        IHK,
        "Beratung für Betriebe zur Einstellung",
        ContributionKind.COMPLEMENT,
        [EMPLOYERS],
        "Kleine und mittlere Unternehmen",
        "telefonisch und vor Ort",
        -500,
        None,
        7,
        "Wie stelle ich jemanden mit ausländischem Abschluss ein? Antworten für Betriebe.",
    ),
    (
        IHK,
        "Willkommenslotsen in Betrieben",
        ContributionKind.COORDINATION,
        [EMPLOYERS],
        "Neu eingestellte internationale Fachkräfte",
        "in den Betrieben",
        -540,
        -120,
        5,
        "Lotsinnen und Lotsen begleiteten die ersten Monate im Betrieb. Die Förderung ist "
        "ausgelaufen.",
    ),
    (
        BRUECKE,
        "Frauencafé: Austausch und Begleitung",
        ContributionKind.COMPLEMENT,
        [WOMEN, HELPFUL],
        "Frauen mit ausländischen Abschlüssen",
        "Nachbarschaftshaus Neukölln",
        -480,
        None,
        16,
        "Wöchentliches Treffen: Erfahrungen teilen, gemeinsam Anträge verstehen, Mut machen.",
    ),
    (
        BRUECKE,
        "Peer-Begleitung zu Beratungsterminen",
        ContributionKind.INTERLOCKING,
        [HELPFUL],
        "Ratsuchende, die sich allein nicht zur Beratung trauen",
        "Berlin-weit",
        -260,
        None,
        6,
        "Ehrenamtliche aus der Community begleiten zu Terminen beim IQ Netzwerk und bei der "
        "Agentur für Arbeit.",
    ),
    (
        BRUECKE,
        "Mentoring-Programm für Berufseinsteigerinnen",
        ContributionKind.COMPLEMENT,
        [WOMEN],
        "Frauen in den ersten Monaten nach der Anerkennung",
        "Berlin-Neukölln",
        45,
        410,
        0,
        "Erfahrene Fachfrauen begleiten ein Jahr lang. Startet nach der Auftaktveranstaltung.",
    ),
]

GENDER_SHARES = {"weiblich": 46, "männlich": 44, "divers": 1}
AGE_SHARES = {"unter 25": 15, "25 bis 44": 60, "45 und älter": 17}
LOG_EVERY_DAYS = 21
LOG_WINDOW_DAYS = 200


def _noise(*parts, spread: int) -> int:
    return zlib.crc32("|".join(str(p) for p in parts).encode()) % (2 * spread + 1) - spread


def _breakdown(categories: dict, shares: dict, total: int) -> dict[int, int]:
    """Whole people per category, rounded down; the rest is counted as “keine Angabe” by the
    service."""
    return {categories[label]: total * share // 100 for label, share in shares.items()}


def load(world: dict) -> None:
    initiative = world["initiative"]
    organisations = world["organisations"]
    today = timezone.localdate()
    objectives = {o.title: o for o in Objective.objects.filter(goal__initiative=initiative)}
    users = {email: User.objects.get(email=email) for email in ACCOUNTS.values()}
    dimensions = {
        d.name: {c.label: c.pk for c in d.categories.all()}
        for d in Dimension.objects.filter(initiative=initiative).prefetch_related("categories")
    }
    for (
        org_name,
        title,
        kind,
        objective_titles,
        target_group,
        place,
        start,
        end,
        per_log,
        description,
    ) in ACTIVITIES:
        organisation = organisations[org_name]
        user = users[ACCOUNTS[org_name]]
        activity = Activity.objects.filter(
            initiative=initiative, organisation=organisation, title=title
        ).first()
        if activity is None:
            activity = services.activity_create(
                acting_user=user,
                initiative=initiative,
                organisation=organisation,
                title=title,
                description=description,
                contribution_kind=kind,
                objectives=[objectives[t] for t in objective_titles if t in objectives],
                target_group=target_group,
                place=place,
                start_date=today + datetime.timedelta(days=start),
                end_date=today + datetime.timedelta(days=end) if end is not None else None,
            )
        if activity.output_logs.exists() or per_log == 0:
            continue
        last = min(today, activity.end_date or today)
        day = max(activity.start_date, today - datetime.timedelta(days=LOG_WINDOW_DAYS))
        i = 0
        while day <= last:
            total = max(1, per_log + _noise(title, day, spread=max(2, per_log // 3)))
            breakdown = {}
            if "Geschlecht" in dimensions and i % 4 != 3:
                breakdown.update(_breakdown(dimensions["Geschlecht"], GENDER_SHARES, total))
            if "Altersgruppe" in dimensions and i % 2 == 0:
                breakdown.update(_breakdown(dimensions["Altersgruppe"], AGE_SHARES, total))
            services.output_log_create(
                acting_user=user,
                activity=activity,
                date=day,
                people_reached=total,
                note="" if i % 3 else f"Termin {i + 1}: {title}",
                breakdown=breakdown,
            )
            day += datetime.timedelta(days=LOG_EVERY_DAYS)
            i += 1
    _load_meetings(initiative, organisations, today)


# Meetings: (title, day offset, hour, format, place, link, agenda items). Each agenda item:
# (title, owner e-mail or None, minutes, notes, decision or "", action items). Each action
# item: (title, person e-mail or None, organisation or None, due offset from today, status).
# The last action item of the first meeting is overdue; the third meeting is upcoming.
MEETINGS = [
    (
        "Partnertreffen Frühjahr",
        -63,
        10,
        "in_person",
        "Rotes Rathaus, Raum 338",
        "",
        [
            (
                "Rückblick auf das erste Quartal",
                "coordinator@example.org",
                20,
                "Die Beratungszahlen sind gestiegen; Frauen kommen seltener in die Beratung.",
                "Die Abendberatung wird auf zwei Abende pro Woche ausgeweitet.",
                [
                    (
                        "Zweiten Beratungsabend organisieren",
                        "partner@example.org",
                        None,
                        -35,
                        "done",
                    ),
                    ("Flyer in fünf Sprachen drucken", None, BRUECKE, -20, "done"),
                    (
                        "Kinderbetreuung für den Abend klären",
                        "partner@example.org",
                        None,
                        -5,
                        "todo",
                    ),
                ],
            ),
            (
                "Matching-Veranstaltung vorbereiten",
                "partner2@example.org",
                30,
                "Die IHK bringt zwölf Unternehmen mit offenen Stellen ein.",
                "Im Herbst findet eine gemeinsame Matching-Veranstaltung statt.",
                [
                    ("Unternehmen ansprechen", None, IHK, 20, "in_progress"),
                    ("Raum reservieren", "coordinator@example.org", None, 30, "done"),
                ],
            ),
        ],
    ),
    (
        "Online-Abstimmung Sommer",
        -14,
        16,
        "online",
        "",
        "https://meet.example.org/fachkraefte-berlin",
        [
            (
                "Stand der Aufgaben",
                None,
                15,
                "Zwei von drei Aufgaben aus dem Frühjahr sind erledigt.",
                "",
                [],
            ),
            (
                "Daten für den Halbjahresbericht",
                "coordinator@example.org",
                15,
                "Alle Partner liefern ihre Werte bis Monatsende.",
                "Der Halbjahresbericht geht an die Senatsverwaltung.",
                [("Werte des zweiten Quartals eintragen", None, IQ, 10, "todo")],
            ),
        ],
    ),
    (
        "Partnertreffen Herbst",
        12,
        10,
        "hybrid",
        "IHK Berlin, Fasanenstraße 85",
        "https://meet.example.org/herbst",
        [("Ablauf der Matching-Veranstaltung", "partner2@example.org", 30, "", "", [])],
    ),
]


def _load_meetings(initiative, organisations, today) -> None:
    """Idempotent: a meeting is looked up by its title."""
    coordinator = User.objects.get(email="coordinator@example.org")
    for title, offset, hour, kind, place, link, items in MEETINGS:
        if Meeting.objects.filter(initiative=initiative, title=title).exists():
            continue
        day = today + datetime.timedelta(days=offset)
        meeting = services.meeting_create(
            acting_user=coordinator,
            initiative=initiative,
            title=title,
            starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour))),
            duration_minutes=120,
            format=kind,
            location=place,
            online_url=link,
        )
        _load_meeting_roles_and_speakers(meeting, coordinator)
        for item_title, owner, minutes, notes, decision_text, actions in items:
            item = services.agenda_item_create(
                acting_user=coordinator,
                meeting=meeting,
                title=item_title,
                owner=User.objects.get(email=owner) if owner else None,
                time_box_minutes=minutes,
                notes=notes,
            )
            decision = None
            if decision_text:
                decision = services.decision_record(
                    acting_user=coordinator, agenda_item=item, text=decision_text
                )
            for action_title, person, org, due, status in actions:
                action = services.action_item_create(
                    acting_user=coordinator,
                    initiative=initiative,
                    title=action_title,
                    assignee=User.objects.get(email=person) if person else None,
                    organisation=organisations[org] if org else None,
                    due_date=today + datetime.timedelta(days=max(due, 0)),
                    agenda_item=item,
                    decision=decision,
                )
                if due < 0:
                    # The services accept no due date in the past; the demo's history needs
                    # one, so it is moved there directly.
                    ActionItem.objects.filter(pk=action.pk).update(
                        due_date=today + datetime.timedelta(days=due)
                    )
                    action.refresh_from_db()
                if status != ActionItem.Status.TODO:
                    services.action_item_set_status(
                        acting_user=coordinator, item=action, status=status
                    )


# Meetings without minutes: who held which role, and who spoke in which order. The roles rotate
# over the past meetings, so the rotation proposes someone else for the upcoming one; there,
# only the moderation is taken and the other two roles show the proposal. Each speaker entry:
# (e-mail, minutes after the start they asked, minutes after the start they had spoken).
MEETING_ROLES = {
    "Partnertreffen Frühjahr": {
        "moderation": "coordinator@example.org",
        "timekeeping": "partner@example.org",
        "documentation": "partner2@example.org",
    },
    "Online-Abstimmung Sommer": {
        "moderation": "partner@example.org",
        "timekeeping": "partner2@example.org",
        "documentation": "coordinator@example.org",
    },
    "Partnertreffen Herbst": {"moderation": "partner2@example.org"},
}
SPEAKERS = {
    "Partnertreffen Frühjahr": [
        ("partner2@example.org", 5, 8),
        ("viewer@example.org", 6, 11),
        ("partner@example.org", 9, 14),
        ("partner2@example.org", 12, 19),
        ("coordinator@example.org", 30, 33),
    ],
    "Online-Abstimmung Sommer": [
        ("partner@example.org", 3, 6),
        ("viewer@example.org", 4, 9),
        ("partner@example.org", 10, 15),
    ],
}


def _load_meeting_roles_and_speakers(meeting, coordinator) -> None:
    """Roles through the services; the speakers' history through them too, then moved to the
    minutes of the meeting (the services stamp the present)."""
    for kind, email in MEETING_ROLES.get(meeting.title, {}).items():
        services.meeting_role_assign(
            acting_user=coordinator,
            meeting=meeting,
            kind=kind,
            user=User.objects.get(email=email),
        )
    for email, asked, spoke in SPEAKERS.get(meeting.title, []):
        request = services.speaker_request_add(
            acting_user=User.objects.get(email=email), meeting=meeting
        )
        services.speaker_request_done(
            acting_user=coordinator, meeting=meeting, request_id=request.pk
        )
        SpeakerRequest.objects.filter(pk=request.pk).update(
            requested_at=meeting.starts_at + datetime.timedelta(minutes=asked),
            spoken_at=meeting.starts_at + datetime.timedelta(minutes=spoke),
        )
