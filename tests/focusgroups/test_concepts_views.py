"""Step 3 pages: concepts (with their barriers, most dots first), deletion rules, the session
planned as a meeting, and the five-step page's step 3 panel."""

import datetime

from django.urls import reverse
from django.utils import timezone

from coordination.models import Meeting
from focusgroups import services
from focusgroups.models import FocusGroupSession, SolutionConcept
from tests.focusgroups.builders import group_world
from tests.focusgroups.step3_builders import add_step3


def _url(name, group, *args):
    return reverse(f"focusgroups:{name}", args=[group.initiative.slug, group.pk, *args])


def test_concept_form_lists_prioritised_barriers_first_with_their_dots(world, client_for):
    built = group_world(world, cards=3)
    services.barrier_vote_add(acting_user=world.participant, card=built.cards[2])
    services.barrier_vote_add(acting_user=world.partner, card=built.cards[2])
    content = client_for(world.partner).get(_url("concept-create", built.group)).content.decode()
    top, other = content.find("Barriere 3"), content.find("Barriere 1")
    assert 0 < top < other
    assert "2 Punkte" in content or "2 dots" in content


def test_member_creates_a_concept_naming_barriers(world, client_for):
    built = group_world(world, cards=2)
    response = client_for(world.participant).post(
        _url("concept-create", built.group),
        {"title": "Matching-Abend", "description": "Vorbereitet", "barriers": [built.cards[1].pk]},
    )
    concept = SolutionConcept.objects.get()
    assert response.status_code == 302
    assert list(concept.barriers.all()) == [built.cards[1]]
    page = client_for(world.viewer).get(_url("concept-detail", built.group, concept.pk))
    assert "Barriere 2" in page.content.decode()


def test_concept_without_title_is_refused_and_keeps_what_was_typed(world, client_for):
    built = group_world(world, cards=1)
    response = client_for(world.partner).post(
        _url("concept-create", built.group),
        {"title": "", "description": "Meine Idee", "barriers": [built.cards[0].pk]},
    )
    assert response.status_code == 422
    assert "Meine Idee" in response.content.decode()
    assert not SolutionConcept.objects.exists()


def test_concept_cannot_name_a_card_of_another_group(world, client_for):
    built = group_world(world, cards=1)
    other = group_world(world, name="Andere Gruppe", cards=1)
    response = client_for(world.partner).post(
        _url("concept-create", built.group),
        {"title": "Idee", "barriers": [other.cards[0].pk]},
    )
    assert response.status_code == 422
    assert not SolutionConcept.objects.exists()


def test_viewer_reads_concepts_but_cannot_write(world, client_for):
    step = add_step3(world, group_world(world, cards=1))
    client = client_for(world.viewer)
    assert client.get(_url("concept-list", step.group)).status_code == 200
    assert client.get(_url("concept-create", step.group)).status_code == 403
    concept = step.concepts[0]
    assert client.post(_url("concept-delete", step.group, concept.pk)).status_code == 403
    assert SolutionConcept.objects.filter(pk=concept.pk).exists()


def test_concept_delete_asks_first_then_deletes(world, client_for):
    step = add_step3(world, group_world(world, cards=1))
    concept = step.concepts[0]
    client = client_for(world.partner)
    confirm = client.get(_url("concept-delete", step.group, concept.pk))
    assert confirm.status_code == 200
    assert SolutionConcept.objects.filter(pk=concept.pk).exists()
    assert client.post(_url("concept-delete", step.group, concept.pk)).status_code == 302
    assert not SolutionConcept.objects.filter(pk=concept.pk).exists()
    # The concept's tasks stay on the board.
    step.tasks[0].refresh_from_db()
    assert step.tasks[0].concept is None


def test_concept_tested_by_a_prototype_cannot_be_deleted(world, client_for):
    from focusgroups.models import Prototype

    step = add_step3(world, group_world(world, cards=1))
    concept = step.concepts[0]
    Prototype.objects.create(group=step.group, concept=concept, title="Erster Abend")
    client = client_for(world.partner)
    page = client.get(_url("concept-detail", step.group, concept.pk)).content.decode()
    assert "Erster Abend" in page
    assert _url("concept-delete", step.group, concept.pk) not in page
    response = client.post(_url("concept-delete", step.group, concept.pk), follow=True)
    assert SolutionConcept.objects.filter(pk=concept.pk).exists()
    assert "prototype tests this concept" in response.content.decode() or (
        "Prototyp" in response.content.decode()
    )


def test_dissolved_group_accepts_no_concepts(world, client_for):
    built = group_world(world, cards=1)
    services.focus_group_dissolve(acting_user=world.coordinator, group=built.group, reason="Gelöst")
    client = client_for(world.partner)
    assert client.get(_url("concept-list", built.group)).status_code == 200
    response = client.post(_url("concept-create", built.group), {"title": "Zu spät"})
    assert response.status_code == 403
    assert not SolutionConcept.objects.exists()


def test_session_is_planned_as_a_meeting_and_listed_on_the_group_page(world, client_for):
    built = group_world(world)
    client = client_for(world.partner)
    form = client.get(_url("session-create", built.group)).content.decode()
    assert "Tipp für die erste Sitzung" in form or "Tip for the first session" in form
    starts = timezone.localtime() + datetime.timedelta(days=3)
    response = client.post(
        _url("session-create", built.group),
        {
            "title": "Auftaktsitzung",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 90,
            "format": "in_person",
            "location": "Rathaus Mitte, Raum 3",
        },
    )
    assert response.status_code == 302
    session = FocusGroupSession.objects.get()
    assert session.group == built.group
    assert session.meeting.initiative == world.initiative
    assert session.meeting.title == "Auftaktsitzung"
    page = client_for(world.participant).get(_url("group-detail", built.group)).content.decode()
    assert "Auftaktsitzung" in page
    # Participants see no meetings of the initiative, so the title is not a link for them.
    meeting_url = reverse(
        "coordination:meeting-detail", args=[world.initiative.slug, session.meeting.pk]
    )
    assert meeting_url not in page
    partner_page = client_for(world.partner).get(_url("group-detail", built.group))
    assert meeting_url in partner_page.content.decode()


def test_session_in_person_needs_a_place(world, client_for):
    built = group_world(world)
    starts = timezone.localtime() + datetime.timedelta(days=3)
    response = client_for(world.coordinator).post(
        _url("session-create", built.group),
        {
            "title": "Sitzung",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 90,
            "format": "in_person",
        },
    )
    assert response.status_code == 422
    assert not Meeting.objects.exists()


def test_participant_cannot_schedule_a_session(world, client_for):
    built = group_world(world)
    assert client_for(world.participant).get(_url("session-create", built.group)).status_code == 403


def test_pipeline_shows_step3_panel_with_next_actions(world, client_for):
    step = add_step3(world, group_world(world, cards=1), retro=False)
    group = step.group
    group.stage = 3
    group.save()
    content = client_for(world.viewer).get(_url("group-pipeline", group)).content.decode()
    assert "Matching-Abend" in content
    assert _url("sprint-detail", group, step.sprints[0].pk) + "#retro" in content
    assert "Einladungen sind verschickt" in content


def test_concept_list_queries_do_not_grow_with_concepts(world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    built = group_world(world, cards=4)
    client = client_for(world.viewer)
    url = _url("concept-list", built.group)

    def add(n, start):
        for i in range(start, start + n):
            services.solution_concept_create(
                acting_user=world.partner,
                group=built.group,
                title=f"Idee {i}",
                barriers=built.cards[: 1 + i % 4],
            )

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    add(2, 0)
    small = count()
    add(18, 2)
    assert count() == small
