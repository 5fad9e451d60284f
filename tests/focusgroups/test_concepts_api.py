"""The API of step 3: concepts and tasks, read by everyone who may see the group, written by
its members through the same services (dissolved groups and foreign ids refused)."""

from focusgroups import services
from focusgroups.models import SolutionConcept, Task
from tests.focusgroups.builders import group_world
from tests.focusgroups.step3_builders import add_step3

JSON = "application/json"


def test_concepts_are_listed_for_readers_of_the_group_only(world, client_for):
    step = add_step3(world, group_world(world, cards=1))
    rows = client_for(world.viewer).get("/api/v1/solution-concepts/").json()["results"]
    assert [(r["id"], r["barriers"]) for r in rows] == [
        (step.concepts[0].pk, [step.built.cards[0].pk])
    ]
    assert (
        client_for(world.other_coordinator).get("/api/v1/solution-concepts/").json()["results"]
        == []
    )
    detail = f"/api/v1/solution-concepts/{step.concepts[0].pk}/"
    assert client_for(world.other_coordinator).get(detail).status_code == 404


def test_member_adds_a_concept_with_barriers(world, client_for):
    built = group_world(world, cards=2)
    response = client_for(world.participant).post(
        "/api/v1/solution-concepts/",
        {"group": built.group.pk, "title": "Mentoring", "barriers": [built.cards[1].pk]},
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    assert response.json()["barriers"] == [built.cards[1].pk]


def test_concept_with_a_foreign_card_is_refused(world, client_for):
    built = group_world(world, cards=1)
    other = group_world(world, name="Andere", cards=1)
    response = client_for(world.partner).post(
        "/api/v1/solution-concepts/",
        {"group": built.group.pk, "title": "Idee", "barriers": [other.cards[0].pk]},
        content_type=JSON,
    )
    assert response.status_code == 400
    assert not SolutionConcept.objects.exists()


def test_viewer_cannot_add_concepts(world, client_for):
    built = group_world(world, cards=1)
    response = client_for(world.viewer).post(
        "/api/v1/solution-concepts/", {"group": built.group.pk, "title": "X"}, content_type=JSON
    )
    assert response.status_code == 403
    assert not SolutionConcept.objects.exists()


def test_dissolved_group_takes_no_tasks_through_the_api(world, client_for):
    built = group_world(world)
    services.focus_group_dissolve(acting_user=world.coordinator, group=built.group, reason="Gelöst")
    response = client_for(world.partner).post(
        "/api/v1/focus-group-tasks/", {"group": built.group.pk, "title": "Neu"}, content_type=JSON
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "group_dissolved"
    assert not Task.objects.exists()


def test_member_adds_and_moves_a_task(world, client_for):
    step = add_step3(world, group_world(world, cards=1), tasks=0)
    client = client_for(world.participant)
    response = client.post(
        "/api/v1/focus-group-tasks/",
        {
            "group": step.group.pk,
            "title": "Flyer drucken",
            "owner": world.participant.pk,
            "due_date": "2026-12-20",
            "concept": step.concepts[0].pk,
            "sprint": step.sprints[-1].pk,
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["owner_name"] == world.participant.full_name and body["status"] == "todo"
    moved = client.patch(
        f"/api/v1/focus-group-tasks/{body['id']}/", {"status": "done"}, content_type=JSON
    )
    assert moved.status_code == 200 and moved.json()["status"] == "done"
    assert moved.json()["done_at"] is not None
    listed = client_for(world.viewer).get(f"/api/v1/focus-group-tasks/?group={step.group.pk}")
    assert [r["title"] for r in listed.json()["results"]] == ["Flyer drucken"]


def test_task_owner_outside_the_group_is_refused(world, client_for):
    built = group_world(world)
    response = client_for(world.partner).post(
        "/api/v1/focus-group-tasks/",
        {"group": built.group.pk, "title": "X", "owner": world.partner2.pk},
        content_type=JSON,
    )
    assert response.status_code == 400
    assert "owner" in str(response.json())
    assert not Task.objects.exists()


def test_viewer_cannot_change_tasks(world, client_for):
    step = add_step3(world, group_world(world, cards=1), tasks=1)
    task = step.tasks[0]
    response = client_for(world.viewer).patch(
        f"/api/v1/focus-group-tasks/{task.pk}/", {"status": "done"}, content_type=JSON
    )
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.status == "todo"
