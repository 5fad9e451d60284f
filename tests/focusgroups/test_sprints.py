"""Sprints and retrospectives: one running sprint at a time, finishing sends open tasks back
to the board, retrospective notes without names, "we try next" notes become tasks once; and
the gate of step 3 that looks at all this."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from core.errors import ApplicationError
from focusgroups import selectors, services
from focusgroups.models import RetroItem, Sprint, Task
from focusgroups.stages import BoardFacts, stage_summary
from tests.focusgroups.builders import group_world
from tests.focusgroups.step3_builders import add_step3


def _url(name, group, *args):
    return reverse(f"focusgroups:{name}", args=[group.initiative.slug, group.pk, *args])


def _sprint(world, group, goal="Ziel"):
    today = timezone.localdate()
    return services.sprint_create(
        acting_user=world.partner,
        group=group,
        goal=goal,
        start_date=today,
        end_date=today + datetime.timedelta(days=13),
    )


def test_only_one_sprint_runs_at_a_time(world):
    group = group_world(world).group
    first, second = _sprint(world, group, "Eins"), _sprint(world, group, "Zwei")
    services.sprint_start(acting_user=world.partner, sprint=first)
    with pytest.raises(ApplicationError) as error:
        services.sprint_start(acting_user=world.participant, sprint=second)
    assert error.value.code == "sprint_running"
    second.refresh_from_db()
    assert second.status == "planned"
    services.sprint_finish(acting_user=world.partner, sprint=first)
    services.sprint_start(acting_user=world.partner, sprint=second)
    assert Sprint.objects.get(status="running") == second


def test_database_refuses_a_second_running_sprint(world):
    group = group_world(world).group
    services.sprint_start(acting_user=world.partner, sprint=_sprint(world, group))
    with pytest.raises(IntegrityError), transaction.atomic():
        Sprint.objects.create(
            group=group,
            goal="Daneben",
            start_date=timezone.localdate(),
            end_date=timezone.localdate(),
            status="running",
        )


def test_sprint_cannot_end_before_it_starts(world, client_for):
    group = group_world(world).group
    response = client_for(world.partner).post(
        _url("sprint-create", group),
        {"goal": "Ziel", "start_date": "2026-05-10", "end_date": "2026-05-01"},
    )
    assert response.status_code == 422
    assert not Sprint.objects.exists()
    with pytest.raises(ValidationError):
        services.sprint_create(
            acting_user=world.partner,
            group=group,
            goal="Ziel",
            start_date=datetime.date(2026, 5, 10),
            end_date=datetime.date(2026, 5, 1),
        )


def test_sprint_form_suggests_two_weeks_from_today(world, client_for):
    group = group_world(world).group
    content = client_for(world.partner).get(_url("sprint-create", group)).content.decode()
    today = timezone.localdate()
    assert f'value="{today:%Y-%m-%d}"' in content
    assert f'value="{today + datetime.timedelta(days=13):%Y-%m-%d}"' in content


def test_finishing_sends_open_tasks_back_to_the_board(world, client_for):
    group = group_world(world).group
    sprint = _sprint(world, group)
    services.sprint_start(acting_user=world.partner, sprint=sprint)
    done = services.task_create(
        acting_user=world.partner, group=group, title="Fertig", status="done", sprint=sprint
    )
    open_task = services.task_create(
        acting_user=world.partner, group=group, title="Offen", sprint=sprint
    )
    response = client_for(world.participant).post(
        _url("sprint-status", group, sprint.pk), {"action": "finish"}
    )
    assert response.status_code == 302 and response["Location"].endswith("#retro")
    sprint.refresh_from_db()
    done.refresh_from_db()
    open_task.refresh_from_db()
    assert sprint.status == "finished" and sprint.finished_at is not None
    assert done.sprint == sprint
    assert open_task.sprint is None


def test_starting_twice_says_why_on_the_page(world, client_for):
    group = group_world(world).group
    running, planned = _sprint(world, group, "Läuft"), _sprint(world, group, "Geplant")
    services.sprint_start(acting_user=world.partner, sprint=running)
    response = client_for(world.partner).post(
        _url("sprint-status", group, planned.pk), {"action": "start"}, follow=True
    )
    assert "Läuft" in response.content.decode()
    planned.refresh_from_db()
    assert planned.status == "planned"


def test_viewer_cannot_start_a_sprint(world, client_for):
    group = group_world(world).group
    sprint = _sprint(world, group)
    response = client_for(world.viewer).post(
        _url("sprint-status", group, sprint.pk), {"action": "start"}
    )
    assert response.status_code == 403
    sprint.refresh_from_db()
    assert sprint.status == "planned"


def test_retrospective_opens_once_the_sprint_runs(world):
    group = group_world(world).group
    sprint = _sprint(world, group)
    with pytest.raises(ApplicationError):
        services.retro_item_create(
            acting_user=world.partner, sprint=sprint, kind="went_well", text="Zu früh"
        )
    assert not RetroItem.objects.exists()


def test_retrospective_notes_show_no_names(world, client_for):
    step = add_step3(world, group_world(world, cards=1))
    finished = step.sprints[0]
    services.retro_item_create(
        acting_user=world.coordinator, sprint=finished, kind="to_improve", text="Mehr Pausen"
    )
    content = (
        client_for(world.partner)
        .get(_url("sprint-detail", step.group, finished.pk))
        .content.decode()
    )
    assert "Mehr Pausen" in content and "Einladungen zweisprachig" in content
    retro = content.split('id="retro"')[1]
    for person in (world.coordinator, world.participant):
        assert person.full_name and person.full_name not in retro


def test_retro_note_form_error_keeps_the_text(world, client_for):
    step = add_step3(world, group_world(world, cards=1))
    finished = step.sprints[0]
    response = client_for(world.partner).post(
        _url("retro-item-create", step.group, finished.pk),
        {"retro-kind": "", "retro-text": "Ohne Spalte"},
    )
    assert response.status_code == 422
    assert "Ohne Spalte" in response.content.decode()
    assert RetroItem.objects.count() == 1


def test_member_adds_a_retro_note(world, client_for):
    step = add_step3(world, group_world(world, cards=1))
    finished = step.sprints[0]
    response = client_for(world.participant).post(
        _url("retro-item-create", step.group, finished.pk),
        {"retro-kind": "went_well", "retro-text": "Alle waren da"},
    )
    assert response.status_code == 302
    assert RetroItem.objects.filter(kind="went_well", text="Alle waren da").exists()


def test_try_next_note_becomes_a_task_once_linked_both_ways(world, client_for):
    step = add_step3(world, group_world(world, cards=1))
    item = step.retro_items[0]
    client = client_for(world.participant)
    url = _url("retro-item-task", step.group, item.sprint_id, item.pk)
    assert client.post(url).status_code == 302
    task = Task.objects.get(retro_item=item)
    assert task.title == item.text
    assert task.sprint == step.sprints[-1]  # the running sprint takes it
    client.post(url)
    assert Task.objects.filter(retro_item=item).count() == 1
    page = client.get(_url("sprint-detail", step.group, item.sprint_id)).content.decode()
    assert f"#task-{task.pk}" in page
    form = client.get(_url("task-update", step.group, task.pk)).content.decode()
    assert f"#retro-{item.pk}" in form


def test_only_try_next_notes_become_tasks(world):
    step = add_step3(world, group_world(world, cards=1))
    note = services.retro_item_create(
        acting_user=world.partner, sprint=step.sprints[0], kind="went_well", text="Gut"
    )
    with pytest.raises(ApplicationError):
        services.retro_item_to_task(acting_user=world.partner, item=note)
    assert not Task.objects.filter(retro_item=note).exists()


def test_sprint_list_puts_the_running_sprint_first(world, client_for):
    step = add_step3(world, group_world(world, cards=1))
    content = client_for(world.viewer).get(_url("sprint-list", step.group)).content.decode()
    assert content.find("Einladungen sind verschickt") < content.find("Raum und Termin stehen")


# The gate of step 3


def test_step_three_lists_what_is_missing():
    with translation.override("en"):
        steps = stage_summary(current_stage=3, facts=BoardFacts(concept_count=1))
    step = steps[2]
    assert not step.ready
    assert len(step.missing) == 3
    assert "prioritised barrier" in step.missing[0]


def test_step_three_is_ready_with_concept_tasks_and_a_retrospective():
    facts = BoardFacts(
        concept_count=1,
        concepts_with_priority=1,
        task_count=2,
        tasks_planned=1,
        sprint_count=1,
        sprints_with_retro=1,
    )
    assert stage_summary(current_stage=3, facts=facts)[2].ready


def test_group_facts_count_step_three(world):
    built = group_world(world, cards=2)
    step = add_step3(world, built, tasks=2)
    facts = selectors.group_facts(group=step.group)
    # The concept names a card without dots: it does not count as prioritised yet.
    assert (facts.concept_count, facts.concepts_with_priority) == (1, 0)
    services.barrier_vote_add(acting_user=world.participant, card=built.cards[0])
    facts = selectors.group_facts(group=step.group)
    assert facts.concepts_with_priority == 1
    assert (facts.task_count, facts.tasks_planned, facts.sprints_with_retro) == (2, 2, 1)
    assert facts.sprint_running


def test_coordinator_may_move_on_from_step_three_with_a_note(world):
    group = group_world(world).group
    group.stage = 3
    group.save()
    with pytest.raises(ApplicationError):
        services.focus_group_stage_advance(acting_user=world.partner, group=group)
    services.focus_group_stage_advance(
        acting_user=world.coordinator, group=group, note="Prototyp drängt."
    )
    assert group.stage == 4


def test_member_changes_a_sprints_goal_and_dates(world, client_for):
    group = group_world(world).group
    sprint = _sprint(world, group)
    response = client_for(world.participant).post(
        _url("sprint-update", group, sprint.pk),
        {"goal": "Neues Ziel", "start_date": "2026-06-01", "end_date": "2026-06-14"},
    )
    assert response.status_code == 302
    sprint.refresh_from_db()
    assert (sprint.goal, sprint.end_date) == ("Neues Ziel", datetime.date(2026, 6, 14))


def test_sprint_page_queries_do_not_grow_with_notes_and_tasks(world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.focusgroups.step3_builders import add_tasks

    step = add_step3(world, group_world(world, cards=1), tasks=2)
    running = step.sprints[-1]
    url = _url("sprint-detail", step.group, running.pk)
    client = client_for(world.partner)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def grow(n):
        add_tasks(world, step, n)
        for i in range(n):
            item = services.retro_item_create(
                acting_user=world.participant, sprint=running, kind="try_next", text=f"Idee {i}"
            )
            if i % 2:
                services.retro_item_to_task(acting_user=world.partner, item=item)

    grow(2)
    small = count()
    grow(20)
    assert count() == small
