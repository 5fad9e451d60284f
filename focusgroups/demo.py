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
    if DISSOLVED not in existing:
        _dissolved_group(initiative, users)
