"""Demo data of the coordination app: the Berlin partners' activities and their logged outputs,
meetings, the partnership pulse and early warnings.

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
from coordination.models import (
    ActionItem,
    Activity,
    ContributionKind,
    EarlyWarning,
    Meeting,
    PulseQuestion,
    PulseRound,
    SpeakerRequest,
)
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
    _load_news(initiative)
    _load_pulse_and_warnings(initiative, organisations, today)


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


# --- News with comments and a mention -------------------------------------------------------
#
# (title, pinned, days ago, text, comments as (author e-mail, hours after the post, text)).
# "{IHK}" and "{coordinator}" in a text become mentions of the partner account of IHK Berlin
# and of the backbone office.
NEWS = [
    (
        "Matching-Tag am 14. Mai: bitte vormerken",
        True,
        6,
        "Liebe Partner*innen,\n\nam 14. Mai bringen wir im Roten Rathaus internationale "
        "Fachkräfte und Berliner Unternehmen zusammen. {IHK} organisiert die Unternehmensseite; "
        "bitte melden Sie bis Ende des Monats, wie viele Beratene Sie mitbringen.\n\n"
        "Die Einladung für Teilnehmende folgt nächste Woche.",
        [
            (
                "partner2@example.org",
                3,
                "Gern! Wir haben schon 18 Unternehmen angefragt, zwölf "
                "haben zugesagt. {coordinator}, brauchen wir Namensschilder?",
            ),
            (
                "partner@example.org",
                20,
                "Wir bringen voraussichtlich 25 Personen aus der Anerkennungsberatung mit.",
            ),
        ],
    ),
    (
        "Willkommen, Migrantinnenverein Brücke e. V.",
        False,
        12,
        "Der Migrantinnenverein Brücke e. V. ist neuer Partner der Initiative. Er berät Frauen "
        "mit ausländischen Abschlüssen in ihrer Muttersprache, auch abends. Damit schließen wir "
        "eine Lücke, die wir im letzten Partnertreffen festgestellt hatten.",
        [
            (
                "bruecke@example.org",
                5,
                "Vielen Dank für die freundliche Aufnahme! Wir freuen uns auf die Zusammenarbeit.",
            ),
        ],
    ),
    (
        "Halbjahresbericht: Werte bis Monatsende eintragen",
        False,
        20,
        "Für den Halbjahresbericht an die Senatsverwaltung brauchen wir die Werte des zweiten "
        "Quartals. Bitte tragen Sie sie bis zum Monatsende ein; die Koordinierungsstelle prüft "
        "sie danach zügig.",
        [],
    ),
]


def _load_news(initiative) -> None:
    """Idempotent: a post is looked up by its title. Dates are moved into the past directly,
    since the services stamp the present."""
    from coordination.models import NewsComment, NewsPost, Notification
    from coordination.notifications import mention_token

    coordinator = User.objects.get(email="coordinator@example.org")
    tokens = {
        "IHK": mention_token(User.objects.get(email=ACCOUNTS[IHK])),
        "coordinator": mention_token(coordinator),
    }
    now = timezone.now()
    for title, pinned, days, text, comments in NEWS:
        if NewsPost.objects.filter(initiative=initiative, title=title).exists():
            continue
        post = services.news_post_create(
            acting_user=coordinator,
            initiative=initiative,
            title=title,
            body=text.format(**tokens),
            pinned=pinned,
        )
        posted = now - datetime.timedelta(days=days)
        NewsPost.objects.filter(pk=post.pk).update(created_at=posted, updated_at=posted)
        Notification.objects.filter(url__startswith=services.news_url(post)).update(
            created_at=posted
        )
        for email, hours, comment_text in comments:
            comment = services.news_comment_create(
                acting_user=User.objects.get(email=email),
                post=post,
                body=comment_text.format(**tokens),
            )
            at = posted + datetime.timedelta(hours=hours)
            NewsComment.objects.filter(pk=comment.pk).update(created_at=at, updated_at=at)
            Notification.objects.filter(url=services.news_url(post, comment)).update(created_at=at)
        if days > 10:
            # Older news have been read by everyone: the header shows only what is new.
            Notification.objects.filter(url__startswith=services.news_url(post)).update(read_at=now)


# --- Partnership pulse and early warnings ---------------------------------------------------

PULSE_PEOPLE = [
    "coordinator@example.org",
    "partner@example.org",
    "partner2@example.org",
    "agentur@example.org",
    "bruecke@example.org",
]
# Per closed round (days ago it opened): ratings per person as (trust, clarity, transparency,
# communication, conflicts), and comments. The second round shows the partnership improving
# after conflicts were addressed.
PULSE_ROUNDS = [
    (
        190,
        [(4, 3, 3, 4, 2), (3, 2, 3, 3, 2), (4, 3, 2, 3, 3), (3, 3, 3, 4, 2), (4, 2, 3, 3, 2)],
        [
            "Wer die Matching-Veranstaltung verantwortet, ist noch unklar.",
            "Konflikte werden eher vertagt als besprochen.",
            "",
            "Die Abstimmung zwischen Beratung und Vermittlung läuft gut.",
            "",
        ],
    ),
    (
        100,
        [(4, 4, 4, 4, 3), (4, 3, 4, 4, 3), (5, 4, 3, 4, 4), (4, 4, 4, 5, 3), (4, 3, 4, 4, 3)],
        [
            "",
            "Die Rollen sind seit dem Frühjahrstreffen viel klarer.",
            "Mehr Transparenz bei den Zahlen der Agentur wäre hilfreich.",
            "",
            "Der offene Austausch im Sommer hat gutgetan.",
        ],
    ),
]
OPEN_ROUND_ANSWERS = {
    "partner@example.org": ((4, 4, 4, 4, 4), "Weiter so!"),
    "bruecke@example.org": ((3, 4, 3, 3, 3), ""),
}

WARNINGS = [
    (
        "Zwei Infoabende am selben Termin",
        "Die IHK und das IQ Netzwerk laden beide am 14. des Monats zu einem Infoabend für "
        "Pflegekräfte ein. Wir konkurrieren um dieselben Menschen.",
        "partner2@example.org",
        IQ,
        "Veranstaltungsplanung",
        "members",
        "in_progress",
        "Mit beiden Partnern telefoniert; die IHK verschiebt ihren Termin um eine Woche.",
    ),
    (
        "Spannungen über die Zuständigkeit für die Erstberatung",
        "Zwischen der Agentur und unserem Verein gibt es Unmut, wer Frauen ohne anerkannten "
        "Abschluss zuerst berät. Ich möchte das erst mit der Koordinierungsstelle besprechen.",
        "bruecke@example.org",
        AGENTUR,
        "Zusammenarbeit",
        "coordinators",
        "open",
        "",
    ),
]


def _quarter_title(day: datetime.date) -> str:
    return f"Q{(day.month - 1) // 3 + 1} {day.year}"


def _pulse_ratings(values) -> dict:
    return dict(zip(PulseQuestion.values, values, strict=True))


def _load_pulse_and_warnings(initiative, organisations, today) -> None:
    """Two closed rounds with five answers each, an open one with two, and two warnings (one
    for the backbone office only). Idempotent: rounds and warnings are looked up by title."""
    coordinator = User.objects.get(email="coordinator@example.org")
    people = {email: User.objects.get(email=email) for email in PULSE_PEOPLE}
    # The pulse is built once: later runs, perhaps in another quarter, leave it alone.
    has_pulse = PulseRound.objects.filter(initiative=initiative).exists()
    for days_ago, ratings, comments in [] if has_pulse else PULSE_ROUNDS:
        opened = today - datetime.timedelta(days=days_ago)
        title = _quarter_title(opened)
        pulse_round = services.pulse_round_open(
            acting_user=coordinator,
            initiative=initiative,
            title=title,
            opens_on=today,
            closes_on=today,
        )
        for email, values, comment in zip(PULSE_PEOPLE, ratings, comments, strict=True):
            services.pulse_answer_submit(
                acting_user=people[email],
                pulse_round=pulse_round,
                ratings=_pulse_ratings(values),
                comment=comment,
            )
        services.pulse_round_close(acting_user=coordinator, pulse_round=pulse_round)
        # The services open rounds from today on; the demo's history needs them in the past.
        PulseRound.objects.filter(pk=pulse_round.pk).update(
            opens_on=opened,
            closes_on=opened + datetime.timedelta(days=21),
            closed_at=timezone.make_aware(
                datetime.datetime.combine(opened + datetime.timedelta(days=21), datetime.time(18))
            ),
        )
    if not has_pulse:
        pulse_round = services.pulse_round_open(
            acting_user=coordinator,
            initiative=initiative,
            title=_quarter_title(today),
            opens_on=today - datetime.timedelta(days=3),
            closes_on=today + datetime.timedelta(days=18),
        )
        for email, (values, comment) in OPEN_ROUND_ANSWERS.items():
            services.pulse_answer_submit(
                acting_user=people[email],
                pulse_round=pulse_round,
                ratings=_pulse_ratings(values),
                comment=comment,
            )
    for title, description, author, org, area, visibility, status, note in WARNINGS:
        if EarlyWarning.objects.filter(initiative=initiative, title=title).exists():
            continue
        warning = services.warning_create(
            acting_user=User.objects.get(email=author),
            initiative=initiative,
            title=title,
            description=description,
            visibility=visibility,
            organisation=organisations[org],
            area=area,
        )
        if note:
            services.warning_note_add(acting_user=coordinator, warning=warning, text=note)
        if status != EarlyWarning.Status.OPEN:
            services.warning_set_status(acting_user=coordinator, warning=warning, status=status)


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
