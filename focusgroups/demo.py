"""Demo data of the focus groups: the seed's example group and one dissolved group.

"Passgenaue Jobs für internationale Fachkräfte" has members from administration, civil
society, business and the target group, an agreed problem statement and a barrier board with
cards from two perspectives in three clusters, with dots. "Anerkennungslotsen" was dissolved
with a hand-over note. Everything goes through the services. Idempotent: a group that exists
is left as it is. Runs after the impact demo, which adds the Agentur and Brücke accounts.
"""

from django.contrib.auth import get_user_model

from focusgroups import services
from focusgroups.models import FocusGroup
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
    _main_group_guide(initiative, users)
    if DISSOLVED not in existing:
        _dissolved_group(initiative, users)


# --- Step 5: a concept, two prototypes, the outcome links and the guide in draft ---------------
# The concept and prototype rows below stand in for the demo data of steps 3 and 4: where those
# exist (the group has a concept already), only the links and the guide are added.


def _step3_and_4_rows(group, users) -> None:
    import datetime
    from decimal import Decimal

    from focusgroups.models import BarrierCard, Prototype, SolutionConcept, SuccessCriterion

    concept = SolutionConcept.objects.create(
        group=group,
        title="Matching-Abend",
        description=(
            "Fachkräfte und Unternehmen lernen sich an einem Abend persönlich kennen: kurze "
            "Gespräche an Thementischen statt Bewerbungsmappen, begleitet von Beratenden der "
            "IQ-Anerkennungsberatung."
        ),
        created_by=users["partner"],
    )
    concept.barriers.set(
        BarrierCard.objects.filter(group=group, cluster__name="Matching").order_by("pk")[:3]
    )
    first = Prototype.objects.create(
        group=group,
        concept=concept,
        title="Matching-Abend im Rathaus Neukölln",
        plan="20 Fachkräfte, 8 Unternehmen, drei Thementische; Einladung über die Partner.",
        test_date=datetime.date(2025, 3, 12),
        place="Rathaus Neukölln",
        status=Prototype.Status.EVALUATED,
        results_summary=(
            "Die Gespräche kamen schnell zustande; die Unternehmen wussten aber vorher nicht, "
            "wen sie treffen. Mehrere Teilnehmerinnen konnten wegen der Uhrzeit nicht kommen."
        ),
        created_by=users["partner"],
    )
    second = Prototype.objects.create(
        group=group,
        concept=concept,
        title="Matching-Abend mit Profilen und Kinderbetreuung",
        plan="Wie beim ersten Abend, dazu Kurzprofile vorab und Kinderbetreuung vor Ort.",
        test_date=datetime.date(2025, 6, 4),
        place="IHK Berlin",
        status=Prototype.Status.EVALUATED,
        previous=first,
        changes_from_previous=(
            "Kurzprofile der Fachkräfte gehen eine Woche vorher an die Unternehmen; der Abend "
            "beginnt um 17 Uhr und bietet Kinderbetreuung, damit auch Mütter teilnehmen können."
        ),
        results_summary="Mit Profilen bereiten sich die Unternehmen vor; mehr Frauen kamen.",
        created_by=users["partner"],
    )
    rows = [
        (
            first,
            "Teilnehmende mit vereinbartem Vorstellungsgespräch",
            "at_least",
            "5",
            "7",
            "Personen",
        ),
        (first, "Anteil der Frauen unter den Teilnehmenden", "at_least", "50", "35", "%"),
        (first, "Tage bis zur ersten Rückmeldung der Unternehmen", "at_most", "14", "21", "Tage"),
        (
            second,
            "Teilnehmende mit vereinbartem Vorstellungsgespräch",
            "at_least",
            "5",
            "11",
            "Personen",
        ),
        (second, "Anteil der Frauen unter den Teilnehmenden", "at_least", "50", "55", "%"),
        (second, "Tage bis zur ersten Rückmeldung der Unternehmen", "at_most", "14", "9,5", "Tage"),
    ]
    for prototype, description, direction, target, actual, unit in rows:
        SuccessCriterion.objects.create(
            prototype=prototype,
            description=description,
            direction=direction,
            target_value=Decimal(target),
            actual_value=Decimal(actual.replace(",", ".")),
            unit=unit,
        )


def _main_group_guide(initiative, users) -> None:
    """The seed group's links to the agenda and its guide, assembled as a draft, with the
    lessons and recommendations the group added by hand."""
    from focusgroups.models import Guide
    from impact.models import Indicator, Objective

    group = FocusGroup.objects.filter(initiative=initiative, name=MAIN).first()
    if group is None or Guide.objects.filter(group=group).exists() or not group.is_active:
        return
    if not group.concepts.exists() and users["partner"] is not None:
        _step3_and_4_rows(group, users)
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
