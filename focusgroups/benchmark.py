"""Benchmark data of the focus groups: many groups and one very full barrier board.

Builds on the initiative of `impact.benchmark` (it runs first, in INSTALLED_APPS order). At
full scale (`--scale 1`): 30 groups with 12 members each, and one board with 400 cards in 12
clusters and 5 dots from every partner member. Rows are written with `bulk_create`. See
`core/management/commands/benchmark.py` for the contract of the hooks.
"""

import datetime
import random

from django.utils import timezone

from focusgroups.models import (
    BarrierCard,
    BarrierCluster,
    BarrierVote,
    FocusGroup,
    FocusGroupMember,
    RetroItem,
    SolutionConcept,
    Sprint,
    Task,
)
from initiatives.models import Initiative, Membership, Role

GROUPS = 30
MEMBERS_PER_GROUP = 12
CARDS = 400
CLUSTERS = 12
TAGS = ["Fachkräfte", "Arbeitgebende", "Verwaltung"]


def teardown(world: dict) -> None:
    initiative = Initiative.objects.filter(slug=world["slug"]).first()
    if initiative is not None:
        _delete_prototypes(initiative)
        FocusGroup.objects.filter(initiative=initiative).delete()


def _delete_prototypes(initiative) -> None:
    """Prototypes protect their concept and the round they improve on: later rounds go first."""
    from focusgroups.models import Prototype

    prototypes = Prototype.objects.filter(group__initiative=initiative)
    while prototypes.exists():
        prototypes.filter(next_iterations__isnull=True).delete()


def build(world: dict) -> None:
    initiative = world["initiative"]
    scale = world["scale"]
    rng = random.Random(20261201)
    users = [
        m.user
        for m in Membership.objects.filter(
            initiative=initiative, role__in=[Role.PARTNER, Role.PARTICIPANT]
        ).select_related("user")
    ]
    groups = FocusGroup.objects.bulk_create(
        FocusGroup(
            initiative=initiative,
            name=f"Fokusgruppe {n + 1}",
            target_group="Internationale Fachkräfte",
            desired_change="Passende Arbeit",
            card_tags=TAGS,
            stage=1 + n % 3,
            founded_by=world["coordinator"],
        )
        for n in range(max(1, int(GROUPS * scale)))
    )
    FocusGroupMember.objects.bulk_create(
        FocusGroupMember(group=group, user=user)
        for group in groups
        for user in rng.sample(users, k=min(len(users), MEMBERS_PER_GROUP))
    )
    board = groups[0]
    clusters = BarrierCluster.objects.bulk_create(
        BarrierCluster(group=board, name=f"Cluster {n + 1}") for n in range(CLUSTERS)
    )
    members = list(board.members.values_list("user_id", flat=True))
    cards = BarrierCard.objects.bulk_create(
        (
            BarrierCard(
                group=board,
                text=f"Barriere {n + 1}: Anerkennung, Sprache oder Matching hakt.",
                perspective=TAGS[n % len(TAGS)],
                cluster=clusters[n % CLUSTERS] if n % 4 else None,
                author_id=rng.choice(members),
                author_hidden=board.hide_authorship,
            )
            for n in range(max(10, int(CARDS * scale)))
        ),
        batch_size=1000,
    )
    votes = [
        BarrierVote(card=rng.choice(cards), user_id=user_id)
        for user_id in members
        for _ in range(5)
    ]
    BarrierVote.objects.bulk_create(votes, batch_size=2000)
    # The guide of the full board, assembled as the backbone office (step 5).
    from focusgroups import services

    board.initiative = initiative
    services.guide_assemble(acting_user=world["coordinator"], group=board)
    world["focus_group"] = board
    _build_step3(board, members, rng, scale)
    world.setdefault("summary", {}).update(
        {"focus groups": len(groups), "barrier cards": len(cards), "dots": len(votes)}
    )
    _build_prototypes(world, board, scale, rng)


def scenarios(world: dict) -> list[dict]:
    slug = world["initiative"].slug
    group = world["focus_group"]
    return [
        {
            "name": "Focus groups (list)",
            "url_name": "focusgroups:group-list",
            "kwargs": {"slug": slug},
            "user": world["viewer"],
        },
        {
            "name": "Focus group page",
            "url_name": "focusgroups:group-detail",
            "kwargs": {"slug": slug, "pk": group.pk},
            "user": world["coordinator"],
        },
        {
            "name": "Barrier board (400 cards)",
            "url_name": "focusgroups:board",
            "kwargs": {"slug": slug, "pk": group.pk},
            "user": world["coordinator"],
        },
        {
            "name": "Tasks board (300 tasks)",
            "url_name": "focusgroups:task-board",
            "kwargs": {"slug": slug, "pk": group.pk},
            "user": world["coordinator"],
        },
        {
            "name": "Barrier board by dots",
            "url_name": "focusgroups:board",
            "kwargs": {"slug": slug, "pk": group.pk},
            "user": world["coordinator"],
            "query": {"sort": "votes"},
        },
        {
            "name": "Prototype with criteria and 2,000 feedback answers",
            "url_name": "focusgroups:prototype-detail",
            "kwargs": {"slug": slug, "pk": group.pk, "prototype_pk": world["prototype"].pk},
            "user": world["coordinator"],
        },
        {
            "name": "Second round with its comparison",
            "url_name": "focusgroups:prototype-detail",
            "kwargs": {"slug": slug, "pk": group.pk, "prototype_pk": world["second_round"].pk},
            "user": world["coordinator"],
        },
        {
            "name": "Guide of the 400-card group",
            "url_name": "focusgroups:guide",
            "kwargs": {"slug": slug, "pk": group.pk},
            "user": world["coordinator"],
        },
    ]


PROTOTYPE_CRITERIA = 20
FEEDBACK_ANSWERS = 2000


def _build_prototypes(world: dict, board, scale: float, rng) -> None:
    """On the full board's group: a tested prototype with 20 criteria and results, 2,000
    feedback answers on one link, and its second round with the criteria copied."""
    from decimal import Decimal

    from django.utils import timezone

    from focusgroups.models import (
        FeedbackLink,
        FeedbackResponse,
        Prototype,
        SolutionConcept,
        SuccessCriterion,
    )

    concept = SolutionConcept.objects.create(group=board, title="Matching-Abend")
    first = Prototype.objects.create(
        group=board, concept=concept, title="Matching-Abend (1. Runde)", status="evaluated"
    )
    second = Prototype.objects.create(
        group=board,
        concept=concept,
        title="Matching-Abend (2. Runde)",
        status="tested",
        previous=first,
        changes_from_previous="Längere Gespräche.",
    )
    for prototype in (first, second):
        SuccessCriterion.objects.bulk_create(
            SuccessCriterion(
                prototype=prototype,
                description=f"Kriterium {n + 1}",
                direction="at_most" if n % 3 == 0 else "at_least",
                target_value=Decimal(10 + n),
                unit="Personen",
                actual_value=Decimal(rng.randint(0, 30)),
            )
            for n in range(PROTOTYPE_CRITERIA)
        )
    link = FeedbackLink.objects.create(prototype=first, label="Benchmark")
    now = timezone.now()
    answers = FeedbackResponse.objects.bulk_create(
        (
            FeedbackResponse(
                link=link,
                prototype=first,
                rating=rng.randint(1, 5),
                went_well="Gute Gespräche.",
                to_change="Mehr Zeit.",
                consent_at=now,
            )
            for _ in range(max(10, int(FEEDBACK_ANSWERS * scale)))
        ),
        batch_size=1000,
    )
    world["prototype"], world["second_round"] = first, second
    world["summary"].update({"prototypes": 2, "feedback answers": len(answers)})


# Step 3 on the full board: concepts, 12 finished sprints with retrospectives, one running
# sprint, and 300 tasks (a third of them done), so the tasks board is measured when full.
CONCEPTS = 20
SPRINTS = 12
TASKS = 300


def _build_step3(board, members, rng, scale) -> None:
    today = timezone.localdate()
    concepts = SolutionConcept.objects.bulk_create(
        SolutionConcept(group=board, title=f"Lösungsansatz {n + 1}")
        for n in range(max(2, int(CONCEPTS * scale)))
    )
    cards = list(BarrierCard.objects.filter(group=board).values_list("pk", flat=True)[:50])
    through = SolutionConcept.barriers.through
    through.objects.bulk_create(
        through(solutionconcept_id=c.pk, barriercard_id=card)
        for c in concepts
        for card in rng.sample(cards, k=min(3, len(cards)))
    )
    n_sprints = max(2, int(SPRINTS * scale))
    sprints = Sprint.objects.bulk_create(
        Sprint(
            group=board,
            goal=f"Sprintziel {n + 1}",
            start_date=today - datetime.timedelta(days=14 * (n_sprints - n)),
            end_date=today - datetime.timedelta(days=14 * (n_sprints - n) - 13),
            status=Sprint.Status.RUNNING if n == n_sprints - 1 else Sprint.Status.FINISHED,
        )
        for n in range(n_sprints)
    )
    RetroItem.objects.bulk_create(
        RetroItem(sprint=sprint, kind=kind, text=f"Notiz {kind}", author_id=rng.choice(members))
        for sprint in sprints[:-1]
        for kind in RetroItem.Kind.values
    )
    statuses = Task.Status.values
    Task.objects.bulk_create(
        (
            Task(
                group=board,
                title=f"Aufgabe {n + 1}",
                owner_id=rng.choice(members),
                due_date=today + datetime.timedelta(days=rng.randint(-20, 30)),
                status=statuses[n % 3],
                done_at=timezone.now() if statuses[n % 3] == Task.Status.DONE else None,
                concept=rng.choice(concepts),
                sprint=rng.choice(sprints),
            )
            for n in range(max(10, int(TASKS * scale)))
        ),
        batch_size=1000,
    )
