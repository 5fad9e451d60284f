"""Meetings, agenda items and decisions: the services' rules, the pages for every role, the
htmx forms on the meeting page and the query counts of its pages."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coordination import services
from coordination.models import AgendaItem, Decision, Meeting
from core.errors import ApplicationError, PermissionDeniedError
from core.models import AuditEvent
from tests.coordination.meeting_builders import add_meetings, meeting_world

START = timezone.make_aware(datetime.datetime(2030, 3, 4, 10, 0))


def _base(w):
    return f"/initiativen/{w.initiative.slug}/"


def _schedule(w, user=None, **overrides):
    fields = {
        "title": "Partnertreffen",
        "starts_at": START,
        "duration_minutes": 90,
        "format": "in_person",
        "location": "Rathaus",
    }
    fields.update(overrides)
    return services.meeting_create(
        acting_user=user or w.coordinator, initiative=w.initiative, **fields
    )


# --- services --------------------------------------------------------------------------------


def test_partner_schedules_a_meeting_with_an_audit_row(world):
    meeting = _schedule(
        world, world.partner, format="hybrid", online_url="https://meet.example.org/a"
    )
    assert meeting.created_by == world.partner
    assert meeting.status == Meeting.Status.PLANNED
    assert meeting.ends_at == START + datetime.timedelta(minutes=90)
    assert AuditEvent.objects.filter(verb="meeting.created").count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"format": "online", "location": ""}, "online_url", "needs the link"),
        (
            {"format": "online", "online_url": "meet dot example"},
            "online_url",
            "complete web address",
        ),
        (
            {"format": "hybrid", "online_url": "https://x.example.org", "location": ""},
            "location",
            "needs a place",
        ),
        ({"title": "  "}, "title", "title"),
        ({"starts_at": None}, "starts_at", "date and time"),
        ({"duration_minutes": 0}, "duration_minutes", "whole minutes"),
        ({"format": "telepathy"}, "format", "in person, online or hybrid"),
    ],
)
def test_bad_meeting_input_is_refused_and_nothing_is_saved(world, overrides, field, message):
    with pytest.raises(ValidationError) as error:
        _schedule(world, **overrides)
    assert message in " ".join(error.value.message_dict[field])
    assert not Meeting.objects.exists()
    assert not AuditEvent.objects.filter(verb="meeting.created").exists()


def test_an_online_meeting_forgets_a_place_and_one_in_person_a_link(world):
    online = _schedule(world, format="online", online_url="https://meet.example.org/a")
    assert online.location == ""
    in_person = _schedule(world, online_url="https://meet.example.org/a")
    assert in_person.online_url == ""


@pytest.mark.parametrize("role", ["viewer", "participant", "other_coordinator", "outsider"])
def test_only_coordinators_and_partners_schedule_meetings(world, role):
    with pytest.raises(PermissionDeniedError):
        _schedule(world, world.user(role))
    assert not Meeting.objects.exists()


def test_partner_cannot_change_a_meeting_of_the_backbone_office_but_their_own(world):
    meeting = _schedule(world)
    with pytest.raises(PermissionDeniedError):
        services.meeting_update(acting_user=world.partner, meeting=meeting, title="Anders")
    own = _schedule(world, world.partner)
    services.meeting_update(acting_user=world.partner, meeting=own, title="Anders")
    assert Meeting.objects.get(pk=own.pk).title == "Anders"


def test_cancelling_keeps_the_record_and_closes_it_for_writing(world):
    meeting = _schedule(world)
    item = services.agenda_item_create(acting_user=world.coordinator, meeting=meeting, title="A")
    services.meeting_cancel(acting_user=world.coordinator, meeting=meeting)
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.CANCELLED
    with pytest.raises(PermissionDeniedError):
        services.decision_record(acting_user=world.coordinator, agenda_item=item, text="X")


def test_a_held_meeting_cannot_be_cancelled(world):
    meeting = _schedule(world)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
    meeting.refresh_from_db()
    with pytest.raises(ApplicationError):
        services.meeting_cancel(acting_user=world.coordinator, meeting=meeting)


def test_agenda_items_are_numbered_in_order_and_owners_must_be_members(world):
    meeting = _schedule(world)
    first = services.agenda_item_create(
        acting_user=world.partner, meeting=meeting, title="Begrüßung", time_box_minutes=5
    )
    second = services.agenda_item_create(
        acting_user=world.coordinator, meeting=meeting, title="Bericht", owner=world.partner2
    )
    assert (first.order, second.order) == (1, 2)
    assert second.owner == world.partner2
    with pytest.raises(ValidationError) as error:
        services.agenda_item_create(
            acting_user=world.coordinator, meeting=meeting, title="X", owner=world.outsider
        )
    assert "owner" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.agenda_item_create(acting_user=world.coordinator, meeting=meeting, title="")
    assert "title" in error.value.message_dict
    assert AgendaItem.objects.count() == 2


def test_viewer_cannot_add_agenda_items_or_decisions(world):
    m = meeting_world(world)
    with pytest.raises(PermissionDeniedError):
        services.agenda_item_create(acting_user=world.viewer, meeting=m.past, title="X")
    with pytest.raises(PermissionDeniedError):
        services.decision_record(acting_user=world.viewer, agenda_item=m.item, text="X")
    with pytest.raises(PermissionDeniedError):
        services.agenda_item_notes_save(acting_user=world.viewer, agenda_item=m.item, notes="X")


def test_a_decision_needs_text_and_takes_the_meeting_day(world):
    m = meeting_world(world)
    with pytest.raises(ValidationError) as error:
        services.decision_record(acting_user=world.partner, agenda_item=m.item, text=" ")
    assert "what was decided" in error.value.message_dict["text"][0]
    assert m.decision.decided_at == timezone.localtime(m.past.starts_at).date()
    assert Decision.objects.count() == 1


# --- pages -----------------------------------------------------------------------------------


def test_meeting_list_shows_upcoming_first_and_past_after(world, client_for):
    m = meeting_world(world)
    content = client_for(world.viewer).get(f"{_base(world)}treffen/").content.decode()
    assert content.index(m.upcoming.title) < content.index(m.past.title)
    assert "Schedule a meeting" not in content


def test_meeting_list_has_an_empty_state(world, client_for):
    content = client_for(world.partner).get(f"{_base(world)}treffen/").content.decode()
    assert "No meeting is planned." in content
    assert "Schedule a meeting" in content


@pytest.mark.parametrize(("role", "status"), [("participant", 403), ("outsider", 404)])
def test_participants_and_outsiders_see_no_meetings(world, client_for, role, status):
    m = meeting_world(world)
    client = client_for(world.user(role))
    for path in ("treffen/", f"treffen/{m.past.pk}/", "aufgaben/", "beschluesse/"):
        assert client.get(f"{_base(world)}{path}").status_code == status


def test_meeting_page_shows_the_record_in_order(world, client_for):
    m = meeting_world(world)
    services.agenda_item_create(
        acting_user=world.coordinator, meeting=m.past, title="Verschiedenes"
    )
    content = client_for(world.viewer).get(f"{_base(world)}treffen/{m.past.pk}/").content.decode()
    assert content.index("1. Matching-Veranstaltung") < content.index("2. Verschiedenes")
    assert m.decision.text in content
    assert "Raum reservieren" in content and "IHK Berlin" in content
    assert "led by Partner" in content
    # A report viewer reads; no forms.
    assert "Record a decision" not in content and "Add an agenda item" not in content


def test_schedule_form_keeps_what_was_typed_on_error(world, client_for):
    response = client_for(world.partner).post(
        f"{_base(world)}treffen/neu/",
        {
            "title": "Online-Treffen",
            "starts_at": "2030-01-01T10:00",
            "duration_minutes": "60",
            "format": "online",
            "online_url": "kein link",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    content = response.content.decode()
    assert "complete web address" in content
    assert 'value="Online-Treffen"' in content and 'value="kein link"' in content
    assert not Meeting.objects.exists()


def test_schedule_form_creates_and_leads_to_the_meeting(world, client_for):
    response = client_for(world.partner).post(
        f"{_base(world)}treffen/neu/",
        {
            "title": "Treffen",
            "starts_at": "2030-01-01T10:00",
            "duration_minutes": "60",
            "format": "in_person",
            "location": "Raum 1",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{_base(world)}treffen/{meeting.pk}/"
    assert timezone.localtime(meeting.starts_at).hour == 10


def test_edit_form_opens_with_every_field_of_the_meeting(world, client_for):
    """Saving the edit page unchanged must not shorten the meeting or wipe its description."""
    m = meeting_world(world)
    Meeting.objects.filter(pk=m.past.pk).update(description="Bitte Unterlagen mitbringen")
    m.past.refresh_from_db()
    client = client_for(world.coordinator)
    url = f"{_base(world)}treffen/{m.past.pk}/bearbeiten/"
    form = client.get(url).context["form"]
    starts = timezone.localtime(m.past.starts_at)
    assert form.initial == {
        "title": "Partnertreffen Herbst",
        "starts_at": starts,
        "duration_minutes": 120,
        "format": "in_person",
        "location": "Rathaus Mitte, Raum 4",
        "online_url": "",
        "description": "Bitte Unterlagen mitbringen",
    }
    content = client.get(url).content.decode()
    assert 'value="Partnertreffen Herbst"' in content
    assert f'value="{starts:%Y-%m-%dT%H:%M}"' in content
    assert 'value="120"' in content and 'value="Rathaus Mitte, Raum 4"' in content
    assert "Bitte Unterlagen mitbringen</textarea>" in content


def test_decision_form_error_is_swapped_in_alone_with_status_422(world, client_for):
    m = meeting_world(world)
    response = client_for(world.partner).post(
        f"{_base(world)}treffen/{m.past.pk}/punkte/{m.item.pk}/beschluesse/",
        {f"decision-{m.item.pk}-text": "   "},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    content = response.content.decode()
    assert content.strip().startswith("<form") and f'id="decision-form-{m.item.pk}"' in content
    assert "what was decided" in content
    assert Decision.objects.count() == 1


def test_agenda_item_and_notes_and_decision_through_the_page(world, client_for):
    m = meeting_world(world)
    client = client_for(world.partner)
    base = f"{_base(world)}treffen/{m.past.pk}/punkte/"
    response = client.post(base, {"agenda-title": "Neuer Punkt", "agenda-time_box_minutes": "10"})
    item = AgendaItem.objects.get(title="Neuer Punkt")
    assert response.status_code == 302 and response["Location"].endswith(f"#item-{item.pk}")
    client.post(f"{base}{item.pk}/notizen/", {f"notes-{item.pk}-notes": "Gut besprochen."})
    client.post(f"{base}{item.pk}/beschluesse/", {f"decision-{item.pk}-text": "Wir machen es."})
    item.refresh_from_db()
    assert item.notes == "Gut besprochen."
    assert item.decisions.get().text == "Wir machen es."


def test_viewer_cannot_post_to_the_meeting_forms(world, client_for):
    m = meeting_world(world)
    client = client_for(world.viewer)
    base = f"{_base(world)}treffen/{m.past.pk}/punkte/"
    assert client.post(base, {"agenda-title": "X"}).status_code == 403
    assert (
        client.post(
            f"{base}{m.item.pk}/beschluesse/", {f"decision-{m.item.pk}-text": "X"}
        ).status_code
        == 403
    )
    assert Decision.objects.count() == 1 and AgendaItem.objects.count() == 1


def test_cancel_asks_first_then_cancels(world, client_for):
    m = meeting_world(world)
    client = client_for(world.coordinator)
    url = f"{_base(world)}treffen/{m.upcoming.pk}/absagen/"
    assert "Yes, cancel the meeting" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert Meeting.objects.get(pk=m.upcoming.pk).status == Meeting.Status.CANCELLED


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_meeting_page_query_count_does_not_grow_with_the_agenda(world, client_for):
    client = client_for(world.partner)
    small = add_meetings(world, 1, items_per_meeting=1)[0]
    large = add_meetings(world, 1, items_per_meeting=10)[0]
    assert _queries(client, f"{_base(world)}treffen/{small.pk}/") == _queries(
        client, f"{_base(world)}treffen/{large.pk}/"
    )


def test_meeting_list_and_decisions_query_counts_do_not_grow(world, client_for):
    client = client_for(world.viewer)
    add_meetings(world, 1)
    small = (
        _queries(client, f"{_base(world)}treffen/"),
        _queries(client, f"{_base(world)}beschluesse/"),
    )
    add_meetings(world, 10)
    large = (
        _queries(client, f"{_base(world)}treffen/"),
        _queries(client, f"{_base(world)}beschluesse/"),
    )
    assert small == large
