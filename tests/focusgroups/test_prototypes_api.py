"""The prototypes API: members read prototypes with criteria and results; the group's members
write through the same services (rules and denials included)."""

from focusgroups.models import Prototype, SuccessCriterion
from tests.focusgroups.builders import group_world
from tests.focusgroups.prototype_builders import concept_for, mark_tested, prototype_world

JSON = "application/json"


def test_members_read_prototypes_with_criteria_results_and_is_met(world, client_for):
    built = mark_tested(prototype_world(world, criteria=2), user=world.partner, values={0: "6"})
    data = client_for(world.viewer).get("/api/v1/prototypes/").json()["results"]
    assert [row["id"] for row in data] == [built.prototype.pk]
    row = data[0]
    assert row["status"] == "tested" and row["criteria_count"] == 2 and row["met_count"] == 1
    assert [c["is_met"] for c in row["criteria"]] == [True, None]
    assert row["criteria"][0]["actual_value"] == "6.00"
    assert client_for(world.other_coordinator).get("/api/v1/prototypes/").json()["results"] == []
    assert (
        client_for(world.outsider).get(f"/api/v1/prototypes/{built.prototype.pk}/").status_code
        == 404
    )


def test_participant_of_another_group_sees_nothing(world, client_for):
    built = prototype_world(world, criteria=1)
    built.group.members.filter(user=world.participant).delete()
    assert client_for(world.participant).get("/api/v1/prototypes/").json()["results"] == []


def test_member_plans_defines_tests_and_enters_results(world, client_for):
    group = group_world(world).group
    concept = concept_for(group)
    client = client_for(world.participant)
    response = client.post(
        "/api/v1/prototypes/",
        {"group": group.pk, "concept": concept.pk, "title": "Matching-Abend"},
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    response = client.post(
        "/api/v1/success-criteria/",
        {"prototype": pk, "description": "Zusagen", "direction": "at_least", "target_value": 3},
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    criterion = response.json()["id"]
    response = client.post(f"/api/v1/prototypes/{pk}/status/", {"status": "tested"}, JSON)
    assert response.status_code == 200 and response.json()["status"] == "tested"
    response = client.post(
        f"/api/v1/prototypes/{pk}/results/",
        {"results": [{"criterion": criterion, "actual_value": "4"}], "results_summary": "Gut"},
        content_type=JSON,
    )
    assert response.status_code == 200, response.content
    assert response.json()["met_count"] == 1 and response.json()["results_summary"] == "Gut"


def test_rules_answer_400_with_their_code(world, client_for):
    built = prototype_world(world, criteria=0)
    client = client_for(world.partner)
    response = client.post(
        f"/api/v1/prototypes/{built.prototype.pk}/status/", {"status": "tested"}, JSON
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "no_criteria"
    assert Prototype.objects.get().status == "planned"


def test_viewer_cannot_write(world, client_for):
    built = prototype_world(world, criteria=1)
    client = client_for(world.viewer)
    response = client.post(
        "/api/v1/success-criteria/",
        {
            "prototype": built.prototype.pk,
            "description": "X",
            "direction": "at_least",
            "target_value": 1,
        },
        content_type=JSON,
    )
    assert response.status_code == 403
    response = client.post(
        f"/api/v1/prototypes/{built.prototype.pk}/status/", {"status": "tested"}, JSON
    )
    assert response.status_code == 403
    assert SuccessCriterion.objects.count() == 1


def test_dissolved_group_accepts_no_new_prototype(world, client_for):
    from focusgroups import services

    group = group_world(world).group
    concept = concept_for(group)
    services.focus_group_dissolve(acting_user=world.coordinator, group=group, reason="Gelöst")
    response = client_for(world.coordinator).post(
        "/api/v1/prototypes/",
        {"group": group.pk, "concept": concept.pk, "title": "X"},
        content_type=JSON,
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "group_dissolved"
    assert not Prototype.objects.exists()


def test_list_queries_do_not_grow_with_prototypes(world, client_for, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    group = group_world(world).group
    client = client_for(world.partner)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/prototypes/").status_code == 200
        return len(queries)

    prototype_world(world, group=group, criteria=2)
    small = count()
    for _i in range(5):
        prototype_world(world, group=group, criteria=3)
    assert count() == small
