"""The tasks board: columns, the "mine" and sprint filters, status moves by button, tasks
only for group members as owners, and a query guard at two sizes."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.errors import ApplicationError, PermissionDeniedError
from focusgroups import services
from focusgroups.models import Task
from tests.focusgroups.builders import group_world
from tests.focusgroups.step3_builders import add_step3, add_tasks


def _url(name, group, *args):
    return reverse(f"focusgroups:{name}", args=[group.initiative.slug, group.pk, *args])


def test_board_shows_tasks_in_their_columns(world, client_for):
    step = add_step3(world, group_world(world, cards=1), tasks=3)
    response = client_for(world.viewer).get(_url("task-board", step.group))
    content = response.content.decode()
    assert response.status_code == 200
    todo, progress, done = (content.find(f'id="column-{s}"') for s in Task.Status.values)
    assert 0 < todo < content.find("Aufgabe 1") < progress < content.find("Aufgabe 2") < done
    assert content.find("Aufgabe 3") > done
    # Readers see the board, without the buttons that move tasks.
    assert _url("task-status", step.group, step.tasks[0].pk) not in content


def test_overdue_task_is_marked_in_words(world, client_for):
    step = add_step3(world, group_world(world, cards=1), tasks=1)
    content = client_for(world.partner).get(_url("task-board", step.group)).content.decode()
    assert "overdue since" in content or "überfällig seit" in content


def test_mine_filter_keeps_only_the_viewers_tasks(world, client_for):
    step = add_step3(world, group_world(world, cards=1), tasks=1)
    services.task_create(
        acting_user=world.participant,
        group=step.group,
        title="Raum buchen",
        owner=world.participant,
    )
    client = client_for(world.participant)
    content = client.get(_url("task-board", step.group) + "?mine=1").content.decode()
    assert "Raum buchen" in content and "Aufgabe 1" not in content


def test_sprint_filter_shows_tasks_without_a_sprint(world, client_for):
    step = add_step3(world, group_world(world, cards=1), tasks=1)
    services.task_create(acting_user=world.partner, group=step.group, title="Ohne Sprint")
    content = (
        client_for(world.partner)
        .get(_url("task-board", step.group) + "?sprint=none")
        .content.decode()
    )
    assert "Ohne Sprint" in content and "Aufgabe 1" not in content


def test_status_button_moves_a_task_and_returns_to_the_filtered_board(world, client_for):
    step = add_step3(world, group_world(world, cards=1), tasks=1)
    task = step.tasks[0]
    board = _url("task-board", step.group) + "?mine=1"
    response = client_for(world.participant).post(
        _url("task-status", step.group, task.pk), {"status": "done", "next": board}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(board)
    task.refresh_from_db()
    assert task.status == "done" and task.done_at is not None


def test_status_move_ignores_foreign_redirects(world, client_for):
    step = add_step3(world, group_world(world, cards=1), tasks=1)
    response = client_for(world.partner).post(
        _url("task-status", step.group, step.tasks[0].pk),
        {"status": "in_progress", "next": "https://evil.example.org/"},
    )
    assert response["Location"].startswith(_url("task-board", step.group))


def test_unknown_status_changes_nothing(world, client_for):
    step = add_step3(world, group_world(world, cards=1), tasks=1)
    task = step.tasks[0]
    client_for(world.partner).post(_url("task-status", step.group, task.pk), {"status": "lost"})
    task.refresh_from_db()
    assert task.status == "todo"


def test_viewer_cannot_move_tasks(world, client_for):
    step = add_step3(world, group_world(world, cards=1), tasks=1)
    task = step.tasks[0]
    response = client_for(world.viewer).post(
        _url("task-status", step.group, task.pk), {"status": "done"}
    )
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.status == "todo"


def test_create_task_with_defaults_of_the_running_sprint(world, client_for):
    step = add_step3(world, group_world(world, cards=1), tasks=0)
    running = step.sprints[-1]
    client = client_for(world.partner)
    form = client.get(_url("task-create", step.group)).content.decode()
    assert f'value="{running.end_date:%Y-%m-%d}"' in form
    response = client.post(
        _url("task-create", step.group),
        {
            "title": "Einladung schreiben",
            "owner": world.participant.pk,
            "due_date": running.end_date.isoformat(),
            "status": "todo",
            "concept": step.concepts[0].pk,
            "sprint": running.pk,
        },
    )
    assert response.status_code == 302
    task = Task.objects.get(title="Einladung schreiben")
    assert (task.owner, task.sprint, task.concept) == (world.participant, running, step.concepts[0])


def test_edit_task_form_opens_with_every_field_of_the_task(world, client_for):
    step = add_step3(world, group_world(world, cards=1), tasks=1)
    task = step.tasks[0]
    response = client_for(world.partner).get(_url("task-update", step.group, task.pk))
    assert response.context["form"].initial == {
        "title": task.title,
        "owner": world.partner.pk,
        "due_date": task.due_date,
        "status": task.status,
        "concept": step.concepts[0].pk,
        "sprint": step.sprints[-1].pk,
    }
    assert f'value="{task.title}"' in response.content.decode()


def test_owner_must_be_a_member_of_the_group(world, client_for):
    step = add_step3(world, group_world(world, cards=1), tasks=0)
    response = client_for(world.partner).post(
        _url("task-create", step.group),
        {"title": "Fremde Aufgabe", "owner": world.partner2.pk, "status": "todo"},
    )
    assert response.status_code == 422
    assert not Task.objects.filter(title="Fremde Aufgabe").exists()


def test_task_cannot_go_into_a_finished_sprint(world):
    step = add_step3(world, group_world(world, cards=1), tasks=0)
    with pytest.raises(ValidationError) as error:
        services.task_create(
            acting_user=world.partner, group=step.group, title="Zu spät", sprint=step.sprints[0]
        )
    assert "sprint" in error.value.message_dict


def test_edit_keeps_what_was_typed_on_error(world, client_for):
    step = add_step3(world, group_world(world, cards=1), tasks=1)
    task = step.tasks[0]
    response = client_for(world.partner).post(
        _url("task-update", step.group, task.pk),
        {"title": "Neuer Titel", "status": "todo", "due_date": "kein Datum"},
    )
    assert response.status_code == 422
    assert "Neuer Titel" in response.content.decode()
    task.refresh_from_db()
    assert task.title == "Aufgabe 1"


def test_dissolved_group_accepts_no_tasks(world):
    step = add_step3(world, group_world(world, cards=1), tasks=1)
    services.focus_group_dissolve(acting_user=world.coordinator, group=step.group, reason="Gelöst")
    with pytest.raises(ApplicationError):
        services.task_create(acting_user=world.partner, group=step.group, title="Neu")
    with pytest.raises(ApplicationError):
        services.task_set_status(acting_user=world.partner, task=step.tasks[0], status="done")


def test_non_member_coordinator_cannot_add_tasks(world):
    built = services.focus_group_create(
        acting_user=world.partner,
        initiative=world.initiative,
        name="Ohne Koordination",
        target_group="X",
        desired_change="Y",
    )
    with pytest.raises(PermissionDeniedError):
        services.task_create(acting_user=world.coordinator, group=built, title="Neu")


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_board_queries_do_not_grow_with_tasks(world, client_for):
    step = add_step3(world, group_world(world, cards=1), tasks=3)
    client = client_for(world.partner)
    url = _url("task-board", step.group)
    small = _count(client, url)
    add_tasks(world, step, 27, owner=world.participant)
    services.task_create(
        acting_user=world.partner,
        group=step.group,
        title="Ohne alles",
        due_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    assert Task.objects.filter(group=step.group).count() == 31
    assert _count(client, url) == small
    assert _count(client, url + "?mine=1") == small


def test_task_delete_asks_first_then_deletes(world, client_for):
    step = add_step3(world, group_world(world, cards=1), tasks=1)
    task = step.tasks[0]
    client = client_for(world.participant)
    assert client.get(_url("task-delete", step.group, task.pk)).status_code == 200
    assert Task.objects.filter(pk=task.pk).exists()
    assert client.post(_url("task-delete", step.group, task.pk)).status_code == 302
    assert not Task.objects.filter(pk=task.pk).exists()


def test_viewer_cannot_delete_a_task(world, client_for):
    step = add_step3(world, group_world(world, cards=1), tasks=1)
    task = step.tasks[0]
    assert (
        client_for(world.viewer).post(_url("task-delete", step.group, task.pk)).status_code == 403
    )
    assert Task.objects.filter(pk=task.pk).exists()


def test_done_column_shows_the_most_recent_done_tasks(world, client_for):
    from focusgroups.selectors import DONE_LIMIT, task_board

    step = add_step3(world, group_world(world, cards=1), tasks=0)
    for i in range(DONE_LIMIT + 2):
        services.task_create(
            acting_user=world.partner, group=step.group, title=f"Erledigt {i}", status="done"
        )
    board = task_board(group=step.group, viewer=world.partner)
    done = board.columns[2].tasks
    assert len(done) == DONE_LIMIT and board.done_more
    assert done[0].title == f"Erledigt {DONE_LIMIT + 1}"
