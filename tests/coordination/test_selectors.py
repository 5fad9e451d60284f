"""The alignment view's gap and overlap logic, the scoping of the reads and a partner's
contributions."""

import types

import pytest

from coordination import selectors
from tests.coordination.builders import add_activities
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _objects(n, prefix):
    goal = types.SimpleNamespace(pk=1, title="Ziel")
    return [
        types.SimpleNamespace(pk=i + 1, title=f"{prefix} {i + 1}", goal=goal, goal_id=1)
        for i in range(n)
    ]


def test_build_marks_objectives_without_activity_as_gaps():
    orgs, objectives = _objects(2, "Org"), _objects(3, "Ziel")
    alignment = selectors.alignment_build(
        organisations=orgs,
        objectives=objectives,
        counts={(1, 1): 2, (2, 2): 1},
        activity_totals={1: 2, 2: 1},
    )
    assert [o.pk for o in alignment.gaps] == [3]
    assert alignment.overlaps == []
    assert [[c.count for c in row.cells] for row in alignment.rows] == [[2, 0, 0], [0, 1, 0]]
    assert [c.total for c in alignment.columns] == [2, 1, 0]
    assert alignment.total == 3


def test_build_marks_an_overlap_from_the_threshold_of_organisations_on():
    orgs, objectives = _objects(4, "Org"), _objects(2, "Ziel")
    two = {(1, 1): 1, (2, 1): 5}  # many activities of few organisations: no overlap
    three = {(1, 2): 1, (2, 2): 1, (3, 2): 1}
    alignment = selectors.alignment_build(
        organisations=orgs,
        objectives=objectives,
        counts={**two, **three},
        activity_totals={},
        threshold=3,
    )
    assert [c.organisations for c in alignment.columns] == [2, 3]
    assert [o.pk for o in alignment.overlaps] == [2]
    assert selectors.OVERLAP_THRESHOLD == 3


def test_build_groups_columns_by_goal_in_order():
    first = types.SimpleNamespace(pk=1, title="A")
    second = types.SimpleNamespace(pk=2, title="B")
    objectives = [
        types.SimpleNamespace(pk=1, title="a1", goal=first),
        types.SimpleNamespace(pk=2, title="a2", goal=first),
        types.SimpleNamespace(pk=3, title="b1", goal=second),
    ]
    alignment = selectors.alignment_build(
        organisations=[], objectives=objectives, counts={}, activity_totals={}
    )
    assert [(g.goal.title, len(g.columns)) for g in alignment.goals] == [("A", 2), ("B", 1)]


def test_alignment_counts_activities_per_organisation_and_objective(world, acts):
    add_activities(world, 2, user=world.partner2, objectives=[acts.placement])
    third = OrganisationFactory(initiative=world.initiative, name="Agentur")
    alignment = selectors.alignment_get(viewer=world.viewer, initiative=world.initiative)
    rows = {row.organisation.name: [c.count for c in row.cells] for row in alignment.rows}
    # objectives: placement, women, advice
    assert rows["IQ Netzwerk"] == [1, 0, 1]
    assert rows["IHK Berlin"] == [2, 0, 0]
    assert rows[third.name] == [0, 0, 0]
    assert [o.title for o in alignment.gaps] == ["Frauen profitieren gleichermaßen"]
    assert alignment.overlaps == []
    assert {row.organisation.name: row.total for row in alignment.rows}["IQ Netzwerk"] == 1


def test_alignment_shows_an_overlap_with_three_organisations(world, acts):
    add_activities(world, 1, user=world.partner2, objectives=[acts.placement])
    third = OrganisationFactory(initiative=world.initiative, name="Agentur")
    member = UserFactory(email="agentur@example.org")
    MembershipFactory(user=member, initiative=world.initiative, role="partner", organisation=third)
    add_activities(world, 1, user=member, objectives=[acts.placement])
    alignment = selectors.alignment_get(viewer=world.coordinator, initiative=world.initiative)
    assert [o.title for o in alignment.overlaps] == ["Mehr Vermittlungen"]


@pytest.mark.parametrize("role", ["participant", "other_coordinator", "outsider"])
def test_reads_return_nothing_to_those_who_may_not_see_activities(world, acts, role):
    user = world.user(role)
    assert not selectors.activity_list(viewer=user, initiative=world.initiative).exists()
    assert selectors.alignment_get(viewer=user, initiative=world.initiative) is None
    assert not selectors.output_log_list(viewer=user, activity=acts.activity).exists()
    assert not selectors.activity_list_for_user(viewer=user).exists()
    assert not selectors.output_log_list_for_user(viewer=user).exists()


def test_list_totals_people_and_logs_without_counting_objectives_twice(world, acts):
    activity = selectors.activity_list(
        viewer=world.viewer, initiative=world.initiative, objective=acts.advice.pk
    ).get()
    assert (activity.log_count, activity.people_total) == (1, 10)
    everything = selectors.activity_list_for_user(viewer=world.viewer)
    assert [a.people_total for a in everything] == [10]


def test_contributions_group_activities_by_objective(world, acts):
    add_activities(world, 1, objectives=[acts.placement])  # 2 logs of 5 people
    contributions = selectors.contributions_get(
        viewer=world.viewer, initiative=world.initiative, organisation=world.organisation
    )
    groups = {g.objective.title: (len(g.activities), g.people_total) for g in contributions.groups}
    assert groups == {"Mehr Vermittlungen": (2, 20), "Beratung ist leicht erreichbar": (1, 10)}
    assert (contributions.activity_count, contributions.people_total) == (2, 20)
