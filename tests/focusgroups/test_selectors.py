"""Reads of the focus groups: counts on the lists, each related row counted once however
many kinds of related rows there are."""

from focusgroups import selectors, services
from focusgroups.models import FocusGroup
from initiatives.models import Role
from initiatives.permissions import membership_get
from tests.factories import MembershipFactory, UserFactory
from tests.focusgroups.builders import add_cards, group_world
from tests.focusgroups.prototype_builders import concept_for, mark_tested, prototype_world
from tests.focusgroups.step3_builders import add_step3


def _listed(world, viewer, status=FocusGroup.Status.ACTIVE):
    membership = membership_get(user=viewer, initiative=world.initiative)
    groups = selectors.focus_group_list(
        initiative=world.initiative, viewer=viewer, membership=membership, status=status
    )
    return {group.name: (group.member_count, group.card_count) for group in groups}


def test_group_list_counts_every_member_and_card_once(world):
    # Several members times several cards: a join over both would multiply the rows.
    crowded = group_world(world, name="Anerkennung", cards=7)
    for i in range(3):
        user = UserFactory(email=f"extra{i}@example.org")
        MembershipFactory(
            user=user,
            initiative=world.initiative,
            role=Role.PARTNER,
            organisation=world.organisation,
        )
        services.focus_group_member_add(
            acting_user=world.coordinator, group=crowded.group, user=user
        )
    add_cards(world, crowded, 2, user=world.participant)
    group_world(world, name="Kita", cards=0)

    # The founder, the partner, the participant and three more; 7 + 2 cards.
    assert _listed(world, world.coordinator) == {"Anerkennung": (6, 9), "Kita": (3, 0)}


def test_participant_sees_the_whole_groups_counts_of_their_own_groups(world):
    group_world(world, name="Anerkennung", cards=4)
    other = services.focus_group_create(
        acting_user=world.coordinator,
        initiative=world.initiative,
        name="Ohne Teilnehmende",
        target_group="Eltern",
        desired_change="Ein Kitaplatz für jedes Kind.",
        members=[world.partner],
    )
    assert other.pk

    assert _listed(world, world.participant) == {"Anerkennung": (3, 4)}


def test_prototype_list_counts_every_criterion_answer_and_round_once(world):
    # Criteria times answers times next rounds: a join over all three would multiply the rows.
    built = mark_tested(
        prototype_world(world, criteria=4),
        user=world.partner,
        # 5 of at least 5 and 15 of at most 20 minutes are met, 50 of at least 60 % is not.
        values={0: "5", 1: "50", 2: "15"},
    )
    link = services.feedback_link_create(acting_user=world.partner, prototype=built.prototype)
    for rating in (5, 4, 2):
        services.feedback_submit(link=link, rating=rating, consent=True)
    services.prototype_iterate(
        acting_user=world.partner,
        prototype=built.prototype,
        changes_from_previous="Kürzere Gespräche",
        title="Zweite Runde",
    )
    services.prototype_create(
        acting_user=world.partner, group=built.group, concept=built.concept, title="Leer"
    )

    counts = {
        p.title: (p.criteria_count, p.result_count, p.met_count, p.feedback_count, p.next_count)
        for p in selectors.prototype_list(group=built.group)
    }
    assert counts == {
        "Matching-Abend im Rathaus": (4, 3, 2, 3, 1),
        # The second round starts with copies of the criteria, without results.
        "Zweite Runde": (4, 0, 0, 0, 0),
        "Leer": (0, 0, 0, 0, 0),
    }


def test_concept_list_counts_every_prototype_and_task_once(world):
    # Prototypes times tasks: a join over both would multiply the rows.
    built = group_world(world)
    busy, idle = concept_for(built.group, "Matching-Abend"), concept_for(built.group, "Mentoring")
    for title in ("Erster Abend", "Zweiter Abend"):
        services.prototype_create(
            acting_user=world.partner, group=built.group, concept=busy, title=title
        )
    for i, status in enumerate(("todo", "in_progress", "done", "done")):
        services.task_create(
            acting_user=world.partner,
            group=built.group,
            title=f"Aufgabe {i}",
            status=status,
            concept=busy,
        )

    counts = {
        c.title: (c.prototype_count, c.task_count, c.done_count)
        for c in selectors.concept_list(group=built.group)
    }
    assert counts == {busy.title: (2, 4, 2), idle.title: (0, 0, 0)}


def test_sprint_list_counts_every_task_and_retrospective_note_once(world):
    # Tasks times retrospective notes: a join over both would multiply the rows.
    step = add_step3(world, group_world(world, cards=1), tasks=4)
    finished, running = step.sprints
    for kind in ("went_well", "try_next"):
        services.retro_item_create(
            acting_user=world.participant, sprint=running, kind=kind, text=f"Notiz {kind}"
        )
    planned = services.sprint_create(
        acting_user=world.partner,
        group=step.group,
        goal="Noch nichts geplant",
        start_date=running.end_date,
        end_date=running.end_date,
    )

    counts = {
        s.goal: (s.task_count, s.done_count, s.retro_count)
        for s in selectors.sprint_list(group=step.group)
    }
    assert counts == {
        # todo, in progress, done, todo
        running.goal: (4, 1, 2),
        # Its "we try next" note, no tasks left after finishing.
        finished.goal: (0, 0, 1),
        planned.goal: (0, 0, 0),
    }
