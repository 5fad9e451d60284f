"""Query guards: the board, the group list, the prototype list and the sprint list ask as many
queries for ten times the data."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from focusgroups import services
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.focusgroups.builders import add_cards, group_world
from tests.focusgroups.prototype_builders import mark_tested, prototype_world
from tests.focusgroups.step3_builders import add_step3, add_tasks


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _grow_board(world, built, factor):
    add_cards(world, built, 3 * factor)
    cluster = services.barrier_cluster_create(
        acting_user=world.partner, group=built.group, name=f"Cluster {factor}"
    )
    for card in built.cards[: 2 * factor]:
        services.barrier_card_move(acting_user=world.partner, card=card, cluster=cluster)
        services.barrier_vote_add(acting_user=world.participant, card=card)


def test_board_queries_do_not_grow_with_cards_and_dots(world, client_for):
    built = group_world(world, dots_per_person=20)
    client = client_for(world.partner)
    url = reverse("focusgroups:board", args=[world.initiative.slug, built.group.pk])
    _grow_board(world, built, 1)
    small = _count(client, url)
    _grow_board(world, built, 9)
    assert len(built.cards) == 30
    assert _count(client, url) == small


def test_group_list_queries_do_not_grow_with_groups_and_members(world, client_for):
    client = client_for(world.viewer)
    url = reverse("focusgroups:group-list", args=[world.initiative.slug])

    def add_groups(n, start):
        for i in range(start, start + n):
            built = group_world(world, name=f"Gruppe {i}", cards=1)
            organisation = OrganisationFactory(initiative=world.initiative, sector="business")
            person = UserFactory(email=f"mitglied{i}@example.org")
            MembershipFactory(
                user=person, initiative=world.initiative, role="partner", organisation=organisation
            )
            services.focus_group_member_add(
                acting_user=world.coordinator, group=built.group, user=person
            )
            if i % 2:
                services.focus_group_dissolve(
                    acting_user=world.coordinator, group=built.group, reason="Gelöst"
                )

    add_groups(2, 0)
    small = _count(client, url)
    add_groups(18, 2)
    assert _count(client, url) == small


def test_group_page_queries_do_not_grow_with_members(world, client_for):
    built = group_world(world, cards=2)
    client = client_for(world.coordinator)
    url = reverse("focusgroups:group-detail", args=[world.initiative.slug, built.group.pk])

    def add_members(n, start):
        for i in range(start, start + n):
            person = UserFactory(email=f"teil{i}@example.org")
            MembershipFactory(user=person, initiative=world.initiative, role="participant")
            services.focus_group_member_add(
                acting_user=world.coordinator, group=built.group, user=person
            )

    add_members(1, 0)
    small = _count(client, url)
    add_members(10, 1)
    assert _count(client, url) == small


def test_prototype_list_queries_do_not_grow_with_rounds_criteria_and_answers(world, client_for):
    group = group_world(world).group
    client = client_for(world.partner)
    url = reverse("focusgroups:prototype-list", args=[world.initiative.slug, group.pk])

    def add_prototypes(n, size):
        for _ in range(n):
            built = mark_tested(
                prototype_world(world, group=group, criteria=size),
                user=world.partner,
                values={0: "7"},
            )
            link = services.feedback_link_create(
                acting_user=world.partner, prototype=built.prototype
            )
            for i in range(size):
                services.feedback_submit(link=link, rating=1 + i % 5, consent=True)
            services.prototype_iterate(
                acting_user=world.partner, prototype=built.prototype, changes_from_previous="X"
            )

    add_prototypes(1, 1)
    small = _count(client, url)
    add_prototypes(9, 6)
    assert _count(client, url) == small


def test_sprint_list_queries_do_not_grow_with_sprints_tasks_and_notes(world, client_for):
    step = add_step3(world, group_world(world, cards=1), tasks=1)
    running = step.sprints[-1]
    client = client_for(world.partner)
    url = reverse("focusgroups:sprint-list", args=[world.initiative.slug, step.group.pk])

    def grow(n):
        add_tasks(world, step, n, sprint=running)
        for i in range(n):
            services.retro_item_create(
                acting_user=world.participant, sprint=running, kind="try_next", text=f"Idee {i}"
            )
            services.sprint_create(
                acting_user=world.partner,
                group=step.group,
                goal=f"Ziel {len(step.sprints) + i}",
                start_date=running.end_date,
                end_date=running.end_date,
            )

    grow(1)
    small = _count(client, url)
    grow(10)
    assert _count(client, url) == small
