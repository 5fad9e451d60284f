"""Focus groups for tests, built through the services."""

from dataclasses import dataclass, field

from focusgroups import services
from focusgroups.models import FocusGroup


@dataclass
class GroupWorld:
    group: FocusGroup
    cards: list = field(default_factory=list)
    clusters: list = field(default_factory=list)


def group_world(w, *, name="Passgenaue Jobs", hide_authorship=False, cards=0, **settings):
    """A group founded by the coordinator with the partner and the participant as members;
    `cards` barrier cards by the partner, alternating between two perspectives."""
    group = services.focus_group_create(
        acting_user=w.coordinator,
        initiative=w.initiative,
        name=name,
        target_group="Internationale Fachkräfte",
        desired_change="Sie finden eine Arbeit, die zu ihrer Qualifikation passt.",
        members=[w.partner, w.participant],
        hide_authorship=hide_authorship,
        **settings,
    )
    built = GroupWorld(group=group)
    add_cards(w, built, cards)
    return built


def add_cards(w, built: GroupWorld, n: int, *, user=None, votes=True):
    group = built.group
    tags = group.tags
    for i in range(n):
        card = services.barrier_card_create(
            acting_user=user or w.partner,
            group=group,
            text=f"Barriere {len(built.cards) + 1}",
            perspective=tags[i % 2],
        )
        built.cards.append(card)
    return built


def matrix_world(w) -> GroupWorld:
    """What the permission matrix acts on: a group of the coordinator, the partner and the
    participant with a problem statement, one card and one cluster (built once per test)."""
    if not hasattr(w, "focus"):
        built = group_world(w, cards=1)
        services.problem_statement_save(
            acting_user=w.coordinator,
            group=built.group,
            affected="Internationale Fachkräfte",
            hindrance="Das Matching funktioniert nicht.",
            change="Passende Arbeit",
        )
        built.clusters.append(
            services.barrier_cluster_create(
                acting_user=w.coordinator, group=built.group, name="Matching"
            )
        )
        w.focus = built
    return w.focus


def guide_world(w, *, name="Passgenaue Jobs"):
    """A group that went through the five steps: an agreed problem, five cards with dots in a
    cluster, a concept naming two barriers, a first prototype with three criteria (met, not
    met, no result) and a second iteration that improves it. Concepts and prototypes are
    created as rows: their services belong to steps 3 and 4."""
    import datetime
    from decimal import Decimal

    from focusgroups.models import Prototype, SolutionConcept, SuccessCriterion

    built = group_world(w, name=name)
    group = built.group
    services.problem_statement_save(
        acting_user=w.coordinator,
        group=group,
        affected="Internationale Fachkräfte mit anerkanntem Abschluss",
        hindrance="Das Matching zwischen Fachkräften und Unternehmen funktioniert nicht.",
        change="Sie finden eine Arbeit, die zu ihrem Abschluss passt.",
    )
    services.problem_statement_confirm(acting_user=w.coordinator, group=group)
    cluster = services.barrier_cluster_create(acting_user=w.partner, group=group, name="Matching")
    texts = [
        ("Stellenanzeigen verlangen deutsche Abschlüsse.", "Fachkräfte", 1),
        ("Unternehmen wissen nicht, wo sie Fachkräfte finden.", "Arbeitgebende", 3),
        ("Ohne Kitaplatz keine Vollzeitstelle.", "Fachkräfte", 2),
        ("Anerkennungsbescheide sind schwer zu lesen.", "Arbeitgebende", 0),
        ("Bewerbungen ohne Netzwerk bleiben unbeantwortet.", "Fachkräfte", 0),
    ]
    voters = [w.partner, w.participant, w.coordinator]
    for text, perspective, dots in texts:
        card = services.barrier_card_create(
            acting_user=w.partner, group=group, text=text, perspective=perspective
        )
        if dots == 3:
            services.barrier_card_move(acting_user=w.partner, card=card, cluster=cluster)
        for voter in voters[:dots]:
            services.barrier_vote_add(acting_user=voter, card=card)
        built.cards.append(card)
    concept = SolutionConcept.objects.create(
        group=group,
        title="Matching-Abend",
        description="Fachkräfte und Unternehmen lernen sich an einem Abend persönlich kennen.",
        created_by=w.partner,
    )
    concept.barriers.set([built.cards[0], built.cards[1]])
    first = Prototype.objects.create(
        group=group,
        concept=concept,
        title="Matching-Abend im Rathaus",
        test_date=datetime.date(2025, 3, 12),
        place="Rathaus Neukölln",
        status=Prototype.Status.EVALUATED,
        results_summary="Die Unternehmen brauchen vorher Profile der Fachkräfte.",
    )
    SuccessCriterion.objects.create(
        prototype=first,
        description="Teilnehmende mit Vorstellungsgespräch",
        target_value=Decimal("5"),
        unit="Personen",
        actual_value=Decimal("7"),
    )
    SuccessCriterion.objects.create(
        prototype=first,
        description="Zufriedenheit der Teilnehmenden",
        target_value=Decimal("1234.5"),
        unit="Punkte",
        actual_value=Decimal("1000.25"),
    )
    SuccessCriterion.objects.create(
        prototype=first,
        description="Wartezeit bis zur Zusage",
        direction=SuccessCriterion.Direction.AT_MOST,
        target_value=Decimal("30"),
        unit="Tage",
    )
    second = Prototype.objects.create(
        group=group,
        concept=concept,
        title="Matching-Abend mit Profilen",
        test_date=datetime.date(2025, 6, 4),
        previous=first,
        changes_from_previous="Profile werden eine Woche vorher an die Unternehmen geschickt.",
        status=Prototype.Status.EVALUATED,
    )
    SuccessCriterion.objects.create(
        prototype=second,
        description="Teilnehmende mit Vorstellungsgespräch",
        target_value=Decimal("5"),
        unit="Personen",
        actual_value=Decimal("11"),
    )
    built.concept, built.first, built.second = concept, first, second
    return built
