"""Demo data of the focus groups: the seed's example group and one dissolved group.

"Passgenaue Jobs für internationale Fachkräfte" has members from administration, civil
society, business and the target group, an agreed problem statement and a barrier board with
cards from two perspectives in three clusters, with dots. "Anerkennungslotsen" was dissolved
with a hand-over note. Everything goes through the services. Idempotent: a group that exists
is left as it is. Runs after the impact demo, which adds the Agentur and Brücke accounts.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from focusgroups import selectors, services
from focusgroups.models import BarrierCard, FocusGroup
from initiatives.models import Initiative

User = get_user_model()

SLUG = "fachkraefte-berlin"
MAIN = "Passgenaue Jobs für internationale Fachkräfte"
DISSOLVED = "Anerkennungslotsen"

# (cluster, perspective, text, author, dots from these people)
CARDS = [
    (
        "Matching",
        "Fachkräfte",
        "Stellenanzeigen verlangen deutsche Abschlüsse, obwohl meiner anerkannt ist.",
        "participant",
        ["participant", "bruecke", "partner"],
    ),
    (
        "Matching",
        "Arbeitgebende",
        "Wir wissen nicht, wo wir internationale Fachkräfte finden.",
        "partner2",
        ["partner2", "agentur"],
    ),
    (
        "Matching",
        "Arbeitgebende",
        "Anerkennungsbescheide sind für uns schwer zu lesen.",
        "partner2",
        ["partner2"],
    ),
    (
        "Matching",
        "Fachkräfte",
        "Bewerbungen ohne Netzwerk bleiben unbeantwortet.",
        "bruecke",
        ["bruecke", "participant"],
    ),
    (
        "Sprache",
        "Fachkräfte",
        "Berufsbezogene Sprachkurse gibt es nur vormittags, dann arbeite ich.",
        "participant",
        ["participant", "coordinator"],
    ),
    (
        "Sprache",
        "Arbeitgebende",
        "Wir verlangen C1, obwohl B2 für die Stelle reicht.",
        "partner2",
        ["agentur"],
    ),
    (
        "Sprache",
        "Fachkräfte",
        "Fachbegriffe im Vorstellungsgespräch sind eine große Hürde.",
        "bruecke",
        [],
    ),
    (
        "Kinderbetreuung",
        "Fachkräfte",
        "Ohne Kitaplatz kann ich keine Vollzeitstelle annehmen.",
        "bruecke",
        ["bruecke", "participant", "partner"],
    ),
    (
        "Kinderbetreuung",
        "Arbeitgebende",
        "Teilzeitmodelle für Fachkräfte sind bei uns nicht üblich.",
        "partner2",
        ["coordinator"],
    ),
    (
        "Kinderbetreuung",
        "Fachkräfte",
        "Frauen werden in der Beratung seltener auf Fachstellen verwiesen.",
        "partner",
        ["partner", "agentur"],
    ),
]


def _users() -> dict:
    emails = {
        "coordinator": "coordinator@example.org",
        "partner": "partner@example.org",
        "partner2": "partner2@example.org",
        "participant": "participant@example.org",
        "agentur": "agentur@example.org",
        "bruecke": "bruecke@example.org",
    }
    found = {u.email: u for u in User.objects.filter(email__in=emails.values())}
    return {key: found.get(email) for key, email in emails.items()}


def _main_group(initiative, users) -> None:
    coordinator = users["coordinator"]
    members = [users[k] for k in ("partner", "partner2", "participant", "agentur", "bruecke")]
    group = services.focus_group_create(
        acting_user=coordinator,
        initiative=initiative,
        name=MAIN,
        target_group="Internationale Fachkräfte mit anerkanntem Abschluss, besonders Frauen",
        desired_change=(
            "Sie finden innerhalb eines Jahres eine Arbeit, die ihrer Qualifikation entspricht."
        ),
        members=[m for m in members if m is not None],
        card_tags=["Fachkräfte", "Arbeitgebende", "Verwaltung"],
        dots_per_person=5,
    )
    services.problem_statement_save(
        acting_user=coordinator,
        group=group,
        affected=(
            "Internationale Fachkräfte in Berlin, deren Abschlüsse anerkannt sind; Frauen sind "
            "am stärksten betroffen."
        ),
        hindrance=(
            "Trotz Anerkennung und Qualifizierung finden sie keine passende Arbeit: Das Matching "
            "zwischen Fachkräften und Unternehmen funktioniert nicht."
        ),
        change="Fachkräfte und Unternehmen finden zueinander; die Stelle passt zum Abschluss.",
    )
    for key in ("participant", "bruecke", "partner", "partner2"):
        if users[key] is not None:
            services.problem_statement_agree(acting_user=users[key], group=group)
    clusters = {}
    for cluster_name, perspective, text, author, voters in CARDS:
        if users[author] is None:
            continue
        if cluster_name not in clusters:
            clusters[cluster_name] = services.barrier_cluster_create(
                acting_user=coordinator, group=group, name=cluster_name
            )
        card = services.barrier_card_create(
            acting_user=users[author],
            group=group,
            text=text,
            perspective=perspective,
            cluster=clusters[cluster_name],
        )
        for voter in voters:
            if users[voter] is not None:
                services.barrier_vote_add(acting_user=users[voter], card=card)
    services.focus_group_stage_advance(acting_user=coordinator, group=group)


def _dissolved_group(initiative, users) -> None:
    coordinator = users["coordinator"]
    group = services.focus_group_create(
        acting_user=coordinator,
        initiative=initiative,
        name=DISSOLVED,
        target_group="Neu zugewanderte Pflegefachkräfte",
        desired_change="Sie wissen vom ersten Tag an, wo sie ihre Anerkennung beantragen.",
        members=[u for u in (users["partner"], users["agentur"]) if u is not None],
    )
    services.focus_group_dissolve(
        acting_user=coordinator,
        group=group,
        reason=(
            "Das Problem ist gelöst: Die Lotsenstelle ist seit März ein reguläres Angebot der "
            "Agentur für Arbeit."
        ),
        handover_note=(
            "Ansprechperson ist das Team Anerkennung der Agentur für Arbeit Berlin Mitte. Der "
            "Leitfaden liegt im Partnerordner; die IQ-Beratung verweist weiter dorthin."
        ),
    )


def load(world: dict) -> None:
    initiative = Initiative.objects.filter(slug=SLUG).first()
    if initiative is None:
        return
    users = _users()
    if users["coordinator"] is None:
        return
    existing = set(FocusGroup.objects.filter(initiative=initiative).values_list("name", flat=True))
    if MAIN not in existing:
        _main_group(initiative, users)
    if DISSOLVED not in existing:
        _dissolved_group(initiative, users)
    load_step3(world)
    _prototypes(initiative, users)
    # The guide is assembled from what the steps before produced, so it comes last.
    _main_group_guide(initiative, users)


# Steps 4 and 5: the seed's matching event as a tested prototype with a second round

# The concept of step 3's demo that the matching evening tests.
CONCEPT = "Matching-Abend mit vorbereiteten Unternehmen"
PROTOTYPE = "Matching-Abend im Rathaus Neukölln"

# (what is measured, direction, target, unit, result, note)
PROTOTYPE_CRITERIA = [
    ("Fachkräfte mit mindestens einem Vorstellungsgespräch", "at_least", 8, "Personen", 11, ""),
    ("Anteil der Frauen unter den Teilnehmenden", "at_least", 50, "%", 58, "Anmeldeliste"),
    ("Unternehmen, die wieder teilnehmen würden", "at_least", 75, "%", 60, "Kurzumfrage"),
    ("Wartezeit bis zum ersten Gespräch", "at_most", 20, "Minuten", 15, "Stichprobe"),
]

# (rating, what was good, what should change)
FEEDBACK = [
    (5, "Endlich direkt mit Betrieben sprechen statt Bewerbungen ins Leere schicken.", ""),
    (
        4,
        "Die Unternehmen waren gut vorbereitet.",
        "Mehr Zeit pro Gespräch, zehn Minuten sind knapp.",
    ),
    (5, "Ich habe zwei Einladungen bekommen.", ""),
    (3, "Gute Atmosphäre.", "Kinderbetreuung anbieten, dann können mehr Mütter kommen."),
    (4, "", "Vorher wissen, welche Unternehmen kommen und welche Stellen sie haben."),
    (2, "", "Es war zu voll, ich habe nur mit einem Betrieb gesprochen."),
    (4, "Die Dolmetscherin hat sehr geholfen.", "Mehr Zeit pro Gespräch."),
    (5, "Sehr persönlich, man wurde ernst genommen.", ""),
]


def _prototypes(initiative, users) -> None:
    """A concept, the tested and evaluated matching evening with feedback, and its planned
    second round; the group is moved on to step 4 (with a note) if it is not there yet."""
    import datetime
    from decimal import Decimal

    from django.utils import timezone

    from focusgroups.models import Prototype, SolutionConcept

    group = FocusGroup.objects.filter(initiative=initiative, name=MAIN).first()
    if group is None or not group.is_active:
        return
    if Prototype.objects.filter(group=group, title=PROTOTYPE).exists():
        return
    coordinator, partner = users["coordinator"], users["partner"] or users["coordinator"]
    concept = SolutionConcept.objects.filter(group=group, title=CONCEPT).first()
    if concept is None:
        concept = SolutionConcept.objects.create(
            group=group,
            title=CONCEPT,
            description=(
                "Ein Abend, an dem vorbereitete internationale Fachkräfte und Unternehmen mit "
                "offenen Stellen sich in kurzen Gesprächen kennenlernen."
            ),
            created_by=coordinator,
        )
        concept.barriers.set(group.cards.filter(cluster__name="Matching"))
    today = timezone.localdate()
    first = services.prototype_create(
        acting_user=partner,
        group=group,
        concept=concept,
        title=PROTOTYPE,
        plan=(
            "Zwölf Unternehmen mit offenen Stellen und 25 vorbereitete Fachkräfte; Gespräche "
            "von zehn Minuten an Tischen, Dolmetschende vor Ort. Die IHK lädt die Unternehmen "
            "ein, die IQ-Beratung bereitet die Fachkräfte vor."
        ),
        test_date=today - datetime.timedelta(days=21),
        place="Rathaus Neukölln, Saal 2",
    )
    criteria = [
        services.success_criterion_add(
            acting_user=partner,
            prototype=first,
            description=description,
            direction=direction,
            target_value=Decimal(target),
            unit=unit,
        )
        for description, direction, target, unit, _result, _note in PROTOTYPE_CRITERIA
    ]
    services.prototype_status_set(acting_user=partner, prototype=first, status="tested")
    link = services.feedback_link_create(
        acting_user=partner, prototype=first, label="Zettel mit QR-Code am Ausgang"
    )
    for rating, went_well, to_change in FEEDBACK:
        services.feedback_submit(
            link=link, rating=rating, went_well=went_well, to_change=to_change, consent=True
        )
    services.feedback_link_close(acting_user=partner, link=link)
    services.prototype_results_save(
        acting_user=partner,
        prototype=first,
        results={
            c.pk: (Decimal(row[4]), row[5])
            for c, row in zip(criteria, PROTOTYPE_CRITERIA, strict=True)
        },
        results_summary=(
            "Das Format trägt: elf Fachkräfte haben ein Vorstellungsgespräch. Die Gespräche "
            "waren zu kurz und zu viele auf einmal; Unternehmen wünschen sich vorher Profile "
            "der Fachkräfte."
        ),
    )
    services.prototype_status_set(acting_user=partner, prototype=first, status="evaluated")
    second = services.prototype_iterate(
        acting_user=coordinator,
        prototype=first,
        title="Matching-Abend im Rathaus Neukölln (2. Runde)",
        changes_from_previous=(
            "Gespräche dauern 20 statt 10 Minuten; Unternehmen bekommen eine Woche vorher kurze "
            "Profile der Fachkräfte; eine Kinderbetreuung im Nebenraum."
        ),
        test_date=today + datetime.timedelta(days=28),
    )
    services.feedback_link_create(acting_user=coordinator, prototype=second, label="Zweite Runde")
    while group.stage < 4:
        services.focus_group_stage_advance(
            acting_user=coordinator,
            group=group,
            note="In der Sitzung beschlossen: den Matching-Abend als Prototyp testen.",
        )


# --- Step 5: the outcome links and the guide in draft ------------------------------------


def _main_group_guide(initiative, users) -> None:
    """The seed group's links to the agenda and its guide, assembled as a draft, with the
    lessons and recommendations the group added by hand."""
    from focusgroups.models import Guide
    from impact.models import Indicator, Objective

    group = FocusGroup.objects.filter(initiative=initiative, name=MAIN).first()
    if group is None or Guide.objects.filter(group=group).exists() or not group.is_active:
        return
    coordinator = users["coordinator"]
    objective = (
        Objective.objects.filter(goal__initiative=initiative)
        .order_by("goal__order", "order")
        .first()
    )
    if objective is not None:
        indicators = Indicator.objects.filter(objective=objective).order_by("order")[:1]
        services.focus_group_links_set(
            acting_user=coordinator, group=group, objectives=[objective], indicators=indicators
        )
    services.guide_assemble(acting_user=coordinator, group=group)
    services.guide_update(
        acting_user=coordinator,
        group=group,
        lessons=(
            "Ein Abend ersetzt kein Bewerbungsverfahren, aber er öffnet Türen: Die Unternehmen "
            "lernen Menschen kennen statt Unterlagen.\n\n"
            "Die Uhrzeit entscheidet, wer kommen kann. Ohne Kinderbetreuung fehlen die Frauen, "
            "um die es besonders geht."
        ),
        recommendations=(
            "Das Jobcenter und die Agentur für Arbeit bieten den Matching-Abend viermal im Jahr "
            "als Regelangebot an; die IHK lädt die Unternehmen ein.\n\n"
            "Für die Kinderbetreuung braucht es ein kleines festes Budget (rund 400 € je Abend)."
        ),
    )


# Step 3 of the main group: two concepts aimed at the cards with the most dots, a finished
# sprint with its retrospective (one "we try next" note already a task), a running sprint with
# tasks (one overdue), and two sessions held as meetings: the first in person, the next online.

CONCEPTS = [
    (
        "Matching-Abend mit vorbereiteten Unternehmen",
        "Ein Abend im Rathaus, an dem internationale Fachkräfte und Unternehmen einander "
        "vorbereitet begegnen: Die Unternehmen kennen vorab die Profile, die Fachkräfte die "
        "offenen Stellen. Die IHK lädt ein, die Beratungsstellen bereiten die Fachkräfte vor.",
        [
            "Wir wissen nicht, wo wir internationale Fachkräfte finden.",
            "Stellenanzeigen verlangen deutsche Abschlüsse, obwohl meiner anerkannt ist.",
            "Bewerbungen ohne Netzwerk bleiben unbeantwortet.",
        ],
    ),
    (
        "Kita-Lotsin für Bewerberinnen",
        "Eine Lotsin klärt mit Bewerberinnen schon vor dem Vorstellungsgespräch die "
        "Kinderbetreuung, damit eine Vollzeitstelle nicht daran scheitert.",
        [
            "Ohne Kitaplatz kann ich keine Vollzeitstelle annehmen.",
            "Frauen werden in der Beratung seltener auf Fachstellen verwiesen.",
        ],
    ),
]

FINISHED_SPRINT = "Raum, Termin und zehn Unternehmen für den Matching-Abend stehen"
RUNNING_SPRINT = "Einladungen sind verschickt, die Kinderbetreuung ist organisiert"

# (title, owner, status, days from today until due)
FINISHED_TASKS = [
    ("Raum im Rathaus Mitte reservieren", "partner2", "done", -16),
    ("Zehn Unternehmen über die IHK ansprechen", "agentur", "done", -15),
    ("Fachkräfte über die Beratungsstellen einladen", "bruecke", "in_progress", -14),
]
RUNNING_TASKS = [
    ("Profile der Fachkräfte für die Unternehmen aufbereiten", "bruecke", "in_progress", 6),
    ("Kinderbetreuung mit dem Familienzentrum klären", "partner", "todo", 4),
    ("Merkblatt: Anerkennungsbescheide kurz erklärt", "agentur", "todo", -1),
    ("Teilnahme am Matching-Abend bestätigen", "participant", "done", 2),
]
RETRO = [
    ("went_well", "Die IHK hat sofort mitgemacht und selbst Unternehmen angesprochen."),
    ("went_well", "Die Teilnehmenden haben eigene Ideen für Unternehmen eingebracht."),
    ("to_improve", "Einladungen nur auf Deutsch haben Menschen ausgeschlossen."),
    ("to_improve", "Mit der Kinderbetreuung haben wir zu spät angefangen."),
    ("try_next", "Einladungen zweisprachig verschicken (Deutsch und Englisch)"),
    ("try_next", "Kinderbetreuung während des Matching-Abends anbieten"),
]


def _step3(group, users) -> None:
    coordinator = users["coordinator"]
    if group.stage == 2 and selectors.group_stage_summary(group=group)[1].ready:
        services.focus_group_stage_advance(acting_user=coordinator, group=group)
    today = timezone.localdate()
    cards = {c.text: c for c in BarrierCard.objects.filter(group=group)}
    for title, description, texts in CONCEPTS:
        services.solution_concept_create(
            acting_user=users["partner"] or coordinator,
            group=group,
            title=title,
            description=description,
            barriers=[cards[t] for t in texts if t in cards],
        )
    concept = group.concepts.order_by("pk").first()

    def tasks(rows, sprint):
        for title, owner, status, days in rows:
            person = users[owner] or coordinator
            services.task_create(
                acting_user=person,
                group=group,
                title=title,
                owner=person,
                due_date=today + datetime.timedelta(days=days),
                status=status,
                concept=concept,
                sprint=sprint,
            )

    finished = services.sprint_create(
        acting_user=coordinator,
        group=group,
        goal=FINISHED_SPRINT,
        start_date=today - datetime.timedelta(days=30),
        end_date=today - datetime.timedelta(days=17),
    )
    services.sprint_start(acting_user=coordinator, sprint=finished)
    tasks(FINISHED_TASKS, finished)
    services.sprint_finish(acting_user=coordinator, sprint=finished)
    writers = [users[k] or coordinator for k in ("participant", "bruecke", "partner2")]
    notes = [
        services.retro_item_create(
            acting_user=writers[i % len(writers)], sprint=finished, kind=kind, text=text
        )
        for i, (kind, text) in enumerate(RETRO)
    ]
    running = services.sprint_create(
        acting_user=coordinator,
        group=group,
        goal=RUNNING_SPRINT,
        start_date=today - datetime.timedelta(days=3),
        end_date=today + datetime.timedelta(days=10),
    )
    services.sprint_start(acting_user=coordinator, sprint=running)
    tasks(RUNNING_TASKS, running)
    task = services.retro_item_to_task(acting_user=coordinator, item=notes[4])
    services.task_update(
        acting_user=coordinator,
        task=task,
        owner=users["partner2"] or coordinator,
        due_date=today + datetime.timedelta(days=2),
    )
    _sessions(group, users)


def _sessions(group, users) -> None:
    now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    services.focus_group_session_create(
        acting_user=users["coordinator"],
        group=group,
        title="Auftaktsitzung der Fokusgruppe",
        starts_at=(now - datetime.timedelta(days=42)).replace(hour=16),
        duration_minutes=120,
        format="in_person",
        location="Rathaus Mitte, Raum 2.14",
        description="Kennenlernen, das Problem aus Sicht der Fachkräfte, erste Barrieren.",
    )
    services.focus_group_session_create(
        acting_user=users["coordinator"],
        group=group,
        title="Sprint-Review und Planung des Matching-Abends",
        starts_at=(now + datetime.timedelta(days=5)).replace(hour=17),
        duration_minutes=60,
        format="online",
        online_url="https://meet.example.org/fokusgruppe-matching",
        description="Was ist fertig, was fehlt noch bis zum Matching-Abend?",
    )


def load_step3(world: dict) -> None:
    """Step 3 content for the main group, once (skipped when it has concepts already)."""
    group = FocusGroup.objects.filter(initiative__slug=SLUG, name=MAIN).first()
    users = _users()
    if group is None or users["coordinator"] is None or group.concepts.exists():
        return
    group.initiative = Initiative.objects.get(pk=group.initiative_id)
    _step3(group, users)
