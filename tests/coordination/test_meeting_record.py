"""Changing the record of a meeting: edit, reorder and delete agenda items, edit and delete
decisions and action items, each with its permissions; and the meeting page's query count with
roles, speakers, notes and decisions at two sizes."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coordination import services
from coordination.models import ActionItem, AgendaItem, Decision
from core.errors import PermissionDeniedError
from core.models import AuditEvent
from tests.coordination.meeting_builders import add_meetings, make_overdue, meeting_world


def _base(w):
    return f"/initiativen/{w.initiative.slug}/"


def _agenda(w, meeting, titles, user=None):
    items = [
        services.agenda_item_create(acting_user=user or w.coordinator, meeting=meeting, title=t)
        for t in titles
    ]
    for item in items:
        item.meeting = meeting
    return items


def _orders(meeting):
    return list(
        AgendaItem.objects.filter(meeting=meeting).order_by("order").values_list("title", "order")
    )


# --- agenda items ----------------------------------------------------------------------------


def test_moving_swaps_with_the_neighbour_and_stops_at_the_ends(world):
    m = meeting_world(world)
    _zwei, b = _agenda(world, m.past, ["Zwei", "Drei"])
    services.agenda_item_move(acting_user=world.coordinator, agenda_item=b, direction="up")
    assert _orders(m.past) == [("Matching-Veranstaltung", 1), ("Drei", 2), ("Zwei", 3)]
    services.agenda_item_move(acting_user=world.coordinator, agenda_item=b, direction="up")
    services.agenda_item_move(acting_user=world.coordinator, agenda_item=b, direction="up")
    assert _orders(m.past)[0] == ("Drei", 1)
    with pytest.raises(ValidationError):
        services.agenda_item_move(acting_user=world.coordinator, agenda_item=b, direction="left")


def test_deleting_an_item_renumbers_the_rest_and_keeps_its_action_items(world):
    m = meeting_world(world)
    _agenda(world, m.past, ["Zwei", "Drei"])
    m.item.meeting = m.past
    services.agenda_item_delete(acting_user=world.coordinator, agenda_item=m.item)
    assert _orders(m.past) == [("Zwei", 1), ("Drei", 2)]
    assert not Decision.objects.exists()
    mine = ActionItem.objects.get(pk=m.mine.pk)
    assert mine.agenda_item is None and mine.decision is None
    assert AuditEvent.objects.filter(verb="agenda_item.deleted").count() == 1


def test_an_agenda_item_is_changed_by_who_added_it_or_manages_the_meeting(world):
    m = meeting_world(world)
    (own,) = _agenda(world, m.past, ["Vom Partner"], user=world.partner)
    services.agenda_item_update(
        acting_user=world.partner, agenda_item=own, title="Geändert", time_box_minutes=5
    )
    assert AgendaItem.objects.get(pk=own.pk).title == "Geändert"
    m.item.meeting = m.past
    for role in ("partner", "partner2", "viewer", "participant", "outsider"):
        with pytest.raises(PermissionDeniedError):
            services.agenda_item_update(acting_user=world.user(role), agenda_item=m.item, title="X")
    # partner2 may not touch the partner's item either; the coordinator may.
    with pytest.raises(PermissionDeniedError):
        services.agenda_item_delete(acting_user=world.partner2, agenda_item=own)
    services.agenda_item_delete(acting_user=world.coordinator, agenda_item=own)
    assert not AgendaItem.objects.filter(pk=own.pk).exists()


def test_a_partner_manages_every_item_of_the_meeting_they_scheduled(world):
    m = meeting_world(world)
    (item,) = _agenda(world, m.upcoming, ["Von der Koordinierungsstelle"])
    services.agenda_item_update(acting_user=world.partner, agenda_item=item, title="Neu")
    assert AgendaItem.objects.get(pk=item.pk).title == "Neu"


def test_bad_agenda_item_changes_are_refused_and_nothing_changes(world):
    m = meeting_world(world)
    m.item.meeting = m.past
    with pytest.raises(ValidationError) as error:
        services.agenda_item_update(
            acting_user=world.coordinator,
            agenda_item=m.item,
            title=" ",
            owner=world.viewer,
            time_box_minutes=0,
        )
    assert set(error.value.message_dict) == {"title", "owner", "time_box_minutes"}
    assert AgendaItem.objects.get(pk=m.item.pk).title == "Matching-Veranstaltung"


def test_edit_form_keeps_what_was_typed_and_saves_through_the_page(world, client_for):
    m = meeting_world(world)
    client = client_for(world.coordinator)
    url = f"{_base(world)}treffen/{m.past.pk}/punkte/{m.item.pk}/bearbeiten/"
    assert 'value="Matching-Veranstaltung"' in client.get(url).content.decode()
    rejected = client.post(
        url, {"agenda-title": "", "agenda-time_box_minutes": "15"}, HTTP_HX_REQUEST="true"
    )
    assert rejected.status_code == 422
    assert "Please name the topic" in rejected.content.decode()
    response = client.post(url, {"agenda-title": "Matching im Herbst"})
    assert response.status_code == 302 and response["Location"].endswith(f"#item-{m.item.pk}")
    assert AgendaItem.objects.get(pk=m.item.pk).title == "Matching im Herbst"


def test_delete_asks_first(world, client_for):
    m = meeting_world(world)
    client = client_for(world.coordinator)
    url = f"{_base(world)}treffen/{m.past.pk}/punkte/{m.item.pk}/entfernen/"
    page = client.get(url).content.decode()
    assert "Yes, delete" in page and "stay on the board" in page
    assert AgendaItem.objects.filter(pk=m.item.pk).exists()
    assert client.post(url).status_code == 302
    assert not AgendaItem.objects.filter(pk=m.item.pk).exists()


def test_move_buttons_are_shown_only_where_the_item_can_go(world, client_for):
    m = meeting_world(world)
    (last,) = _agenda(world, m.past, ["Zwei"])
    content = client_for(world.coordinator).get(f"{_base(world)}treffen/{m.past.pk}/").content
    content = content.decode()
    assert f'id="move-down-{m.item.pk}"' in content and f'id="move-up-{m.item.pk}"' not in content
    assert f'id="move-up-{last.pk}"' in content and f'id="move-down-{last.pk}"' not in content
    response = client_for(world.coordinator).post(
        f"{_base(world)}treffen/{m.past.pk}/punkte/{last.pk}/verschieben/", {"direction": "up"}
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#item-{last.pk}")
    assert _orders(m.past)[0] == ("Zwei", 1)


def test_viewer_sees_no_tools_to_change_the_record(world, client_for):
    m = meeting_world(world)
    content = client_for(world.viewer).get(f"{_base(world)}treffen/{m.past.pk}/").content.decode()
    for fragment in ("bearbeiten/", "entfernen/", "verschieben/"):
        assert f"punkte/{m.item.pk}/{fragment}" not in content
    assert f"beschluesse/{m.decision.pk}/" not in content
    assert f"aufgaben/{m.mine.pk}/bearbeiten/" not in content


# --- decisions and action items ----------------------------------------------------------------


def test_a_decision_is_changed_by_who_recorded_it_or_the_backbone_office(world):
    m = meeting_world(world)
    m.item.meeting = m.past
    own = services.decision_record(acting_user=world.partner, agenda_item=m.item, text="Ja.")
    own.agenda_item.meeting = m.past
    services.decision_update(acting_user=world.partner, decision=own, text="Ja, im Mai.")
    assert Decision.objects.get(pk=own.pk).text == "Ja, im Mai."
    m.decision.agenda_item.meeting = m.past
    with pytest.raises(PermissionDeniedError):
        services.decision_update(acting_user=world.partner, decision=m.decision, text="Nein.")
    with pytest.raises(ValidationError):
        services.decision_update(acting_user=world.coordinator, decision=m.decision, text=" ")
    services.decision_delete(acting_user=world.coordinator, decision=m.decision)
    assert not Decision.objects.filter(pk=m.decision.pk).exists()
    assert ActionItem.objects.get(pk=m.mine.pk).decision is None


def test_decision_pages_edit_and_delete(world, client_for):
    m = meeting_world(world)
    client = client_for(world.coordinator)
    base = f"{_base(world)}treffen/{m.past.pk}/beschluesse/{m.decision.pk}/"
    assert client.post(f"{base}bearbeiten/", {"text": "Geändert."}).status_code == 302
    assert Decision.objects.get(pk=m.decision.pk).text == "Geändert."
    assert "Delete this decision?" in client.get(f"{base}entfernen/").content.decode()
    assert client.post(f"{base}entfernen/").status_code == 302
    assert not Decision.objects.exists()


def test_an_action_item_is_changed_by_who_created_it_or_the_backbone_office(world):
    m = meeting_world(world)
    own = services.action_item_create(
        acting_user=world.partner,
        initiative=world.initiative,
        title="Eigene Aufgabe",
        assignee=world.partner,
        due_date=timezone.localdate() + datetime.timedelta(days=3),
    )
    services.action_item_update(
        acting_user=world.partner,
        item=own,
        title="Eigene Aufgabe, genauer",
        organisation=world.organisation,
        due_date=own.due_date,
    )
    own.refresh_from_db()
    assert (own.title, own.assignee, own.organisation) == (
        "Eigene Aufgabe, genauer",
        None,
        world.organisation,
    )
    # The partner is responsible for m.mine but did not create it.
    with pytest.raises(PermissionDeniedError):
        services.action_item_delete(acting_user=world.partner, item=m.mine)
    services.action_item_delete(acting_user=world.coordinator, item=m.mine)
    assert not ActionItem.objects.filter(pk=m.mine.pk).exists()


def test_an_overdue_item_keeps_its_date_but_cannot_get_a_new_past_one(world):
    m = meeting_world(world)
    item = make_overdue(m.theirs)
    services.action_item_update(
        acting_user=world.coordinator,
        item=item,
        title="Unternehmen anrufen",
        organisation=world.organisation2,
        due_date=item.due_date,
    )
    with pytest.raises(ValidationError) as error:
        services.action_item_update(
            acting_user=world.coordinator,
            item=item,
            title="X",
            organisation=world.organisation2,
            due_date=item.due_date - datetime.timedelta(days=1),
        )
    assert "cannot be in the past" in error.value.message_dict["due_date"][0]
    assert ActionItem.objects.get(pk=item.pk).title == "Unternehmen anrufen"


def test_action_item_edit_page_keeps_input_and_goes_back_to_the_meeting(world, client_for):
    m = meeting_world(world)
    client = client_for(world.coordinator)
    url = f"{_base(world)}aufgaben/{m.mine.pk}/bearbeiten/"
    assert 'value="Raum reservieren"' in client.get(url).content.decode()
    due = (timezone.localdate() + datetime.timedelta(days=9)).isoformat()
    rejected = client.post(
        url, {"title": "Raum buchen", "due_date": due, "assignee": "", "organisation": ""}
    )
    assert rejected.status_code == 422
    assert 'value="Raum buchen"' in rejected.content.decode()
    response = client.post(
        url,
        {"title": "Raum buchen", "due_date": due, "assignee": world.partner2.pk},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"treffen/{m.past.pk}/#item-{m.item.pk}")
    mine = ActionItem.objects.get(pk=m.mine.pk)
    assert (mine.title, mine.assignee, mine.decision) == ("Raum buchen", world.partner2, None)


# --- query count of the meeting page ---------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _fill(world, meeting):
    """Notes on every item, roles, and a speakers' list with one who spoke."""
    for item in meeting.agenda_items.all():
        item.meeting = meeting
        services.agenda_item_notes_save(
            acting_user=world.partner, agenda_item=item, notes=f"Notizen zu {item.title}"
        )
    for kind, user in (("moderation", world.partner), ("documentation", world.partner2)):
        services.meeting_role_assign(
            acting_user=world.coordinator, meeting=meeting, kind=kind, user=user
        )
    first = services.speaker_request_add(acting_user=world.viewer, meeting=meeting)
    services.speaker_request_done(
        acting_user=world.coordinator, meeting=meeting, request_id=first.pk
    )
    for user in (world.viewer, world.partner2, world.coordinator):
        services.speaker_request_add(acting_user=user, meeting=meeting)


@pytest.mark.parametrize("role", ["coordinator", "partner", "viewer"])
def test_meeting_page_query_count_does_not_grow_with_items_notes_and_decisions(
    world, client_for, role
):
    client = client_for(world.user(role))
    small = add_meetings(world, 1, items_per_meeting=1)[0]
    large = add_meetings(world, 1, items_per_meeting=10)[0]
    for meeting in (small, large):
        _fill(world, meeting)
    for item in large.agenda_items.all():
        item.meeting = large
        services.decision_record(acting_user=world.coordinator, agenda_item=item, text="Noch einer")
    assert _queries(client, f"{_base(world)}treffen/{small.pk}/") == _queries(
        client, f"{_base(world)}treffen/{large.pk}/"
    )


def test_the_board_links_to_editing_for_who_may_change_the_item(world, client_for):
    m = meeting_world(world)
    edit = f"aufgaben/{m.mine.pk}/bearbeiten/"
    assert edit in client_for(world.coordinator).get(f"{_base(world)}aufgaben/").content.decode()
    # The partner is responsible for it (may move it) but did not create it.
    assert edit not in client_for(world.partner).get(f"{_base(world)}aufgaben/").content.decode()
