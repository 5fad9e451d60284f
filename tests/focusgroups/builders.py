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
