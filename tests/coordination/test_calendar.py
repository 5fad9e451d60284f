"""iCalendar output (parsed back), the meeting's .ics download and the personal feed."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coordination import calendar, services
from coordination.models import Meeting
from tests.coordination.meeting_builders import add_meetings, meeting_world

pytestmark = pytest.mark.django_db


def parse(text: str) -> list[dict]:
    """A small RFC 5545 reader for the tests: checks line endings and folding, unfolds, and
    returns the components as dicts of property name -> (unescaped) value."""
    assert text.endswith("\r\n")
    physical = text[:-2].split("\r\n")
    assert all("\n" not in line and "\r" not in line for line in physical)
    assert all(len(line.encode()) <= calendar.FOLD_OCTETS for line in physical)
    lines = []
    for line in physical:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    components, stack = [], []
    for line in lines:
        name, _sep, value = line.partition(":")
        name = name.split(";")[0]
        if name == "BEGIN":
            stack.append({"_type": value})
        elif name == "END":
            component = stack.pop()
            assert component["_type"] == value
            components.append(component)
        else:
            stack[-1][name] = re.sub(
                r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value
            )
    assert not stack
    return components


def _events(text: str) -> list[dict]:
    return [c for c in parse(text) if c["_type"] == "VEVENT"]


# --- Generator -------------------------------------------------------------------------------


def test_fold_keeps_lines_at_75_octets_without_splitting_characters():
    line = "DESCRIPTION:" + "Füße und Grüße; " * 20
    folded = calendar.fold(line)
    parts = folded.split("\r\n")
    assert len(parts) > 1
    assert all(len(p.encode()) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join([parts[0], *(p[1:] for p in parts[1:])]) == line


def test_escape_text_round_trips_special_characters():
    text = "Raum 4; 2. OG, links\\rechts\nbitte klingeln"
    value = calendar.escape_text(text)
    assert "\n" not in value
    assert parse(f"BEGIN:X\r\nV:{value}\r\nEND:X\r\n")[0]["V"] == text


def test_meeting_invitation_has_the_rfc_5545_properties(world):
    w = meeting_world(world)
    services.agenda_item_create(
        acting_user=world.coordinator,
        meeting=w.past,
        title="Bericht, Planung; Ausblick",
        time_box_minutes=15,
    )
    meeting = Meeting.objects.prefetch_related("agenda_items").get(pk=w.past.pk)
    text = calendar.meeting_ics(meeting)
    (vcalendar,) = [c for c in parse(text) if c["_type"] == "VCALENDAR"]
    assert vcalendar["VERSION"] == "2.0"
    assert vcalendar["METHOD"] == "PUBLISH"
    assert vcalendar["PRODID"]
    (event,) = _events(text)
    assert event["UID"] == calendar.meeting_uid(meeting)
    assert event["UID"].startswith(f"meeting-{meeting.pk}@")
    start = datetime.datetime.strptime(event["DTSTART"], "%Y%m%dT%H%M%SZ").replace(
        tzinfo=datetime.UTC
    )
    end = datetime.datetime.strptime(event["DTEND"], "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.UTC)
    assert start == meeting.starts_at
    assert end - start == datetime.timedelta(minutes=120)
    assert re.fullmatch(r"\d{8}T\d{6}Z", event["DTSTAMP"])
    assert event["SUMMARY"] == "Partnertreffen Herbst"
    assert event["LOCATION"] == "Rathaus Mitte, Raum 4"
    assert "1. Matching-Veranstaltung (20 minutes)" in event["DESCRIPTION"]
    assert "2. Bericht, Planung; Ausblick (15 minutes)" in event["DESCRIPTION"]
    assert f"/treffen/{meeting.pk}/" in event["DESCRIPTION"]
    assert event["STATUS"] == "CONFIRMED"


def test_online_meeting_gives_its_link_as_location_and_url(world):
    w = meeting_world(world)
    (event,) = _events(calendar.meeting_ics(w.upcoming))
    assert event["URL"] == "https://meet.example.org/partner"
    assert event["LOCATION"] == "https://meet.example.org/partner"


def test_uid_stays_and_sequence_grows_when_the_meeting_changes(world):
    w = meeting_world(world)
    # Scheduled ten minutes ago, cancelled now.
    earlier = timezone.now() - datetime.timedelta(minutes=10)
    Meeting.objects.filter(pk=w.upcoming.pk).update(created_at=earlier, updated_at=earlier)
    before = _events(calendar.meeting_ics(Meeting.objects.get(pk=w.upcoming.pk)))[0]
    services.meeting_cancel(
        acting_user=world.partner, meeting=Meeting.objects.get(pk=w.upcoming.pk)
    )
    after = _events(calendar.meeting_ics(Meeting.objects.get(pk=w.upcoming.pk)))[0]
    assert after["UID"] == before["UID"]
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert after["STATUS"] == "CANCELLED"


# --- Download --------------------------------------------------------------------------------


def test_meeting_ics_download(world, client_for):
    w = meeting_world(world)
    url = reverse("coordination:meeting-ics", args=[world.initiative.slug, w.past.pk])
    response = client_for(world.viewer).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    (event,) = _events(response.content.decode())
    assert event["SUMMARY"] == "Partnertreffen Herbst"
    detail = reverse("coordination:meeting-detail", args=[world.initiative.slug, w.past.pk])
    assert url in client_for(world.viewer).get(detail).content.decode()


def test_meeting_ics_denied_to_participants_and_outsiders(world, client_for):
    w = meeting_world(world)
    url = reverse("coordination:meeting-ics", args=[world.initiative.slug, w.past.pk])
    assert client_for(world.participant).get(url).status_code == 403
    assert client_for(world.outsider).get(url).status_code == 404


# --- Personal feed ---------------------------------------------------------------------------


def _feed(client, token):
    return client.get(reverse("coordination:calendar-feed", kwargs={"token": token}))


def test_feed_lists_the_persons_meetings_without_login(world, client):
    w = meeting_world(world)
    elsewhere = services.meeting_create(
        acting_user=world.other_coordinator,
        initiative=world.other_initiative,
        title="Kita-Runde",
        starts_at=timezone.now() + datetime.timedelta(days=3),
        format="in_person",
        location="Leipzig",
    )
    old = services.meeting_create(
        acting_user=world.coordinator,
        initiative=world.initiative,
        title="Uralt",
        starts_at=timezone.now() + datetime.timedelta(days=1),
        format="in_person",
        location="Berlin",
    )
    Meeting.objects.filter(pk=old.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=calendar.FEED_PAST_DAYS + 1)
    )
    token = calendar.calendar_feed_renew(user=world.partner)
    response = _feed(client, token)  # no session
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    uids = {e["UID"] for e in _events(response.content.decode())}
    assert uids == {calendar.meeting_uid(w.past), calendar.meeting_uid(w.upcoming)}
    assert calendar.meeting_uid(elsewhere) not in uids


def test_feed_never_includes_another_persons_meetings(world, client):
    """A member of the other initiative sees only its meetings, whoever is logged in."""
    meeting_world(world)
    services.meeting_create(
        acting_user=world.other_coordinator,
        initiative=world.other_initiative,
        title="Kita-Runde",
        starts_at=timezone.now() + datetime.timedelta(days=3),
        format="in_person",
        location="Leipzig",
    )
    token = calendar.calendar_feed_renew(user=world.other_coordinator)
    client.force_login(world.coordinator)  # a session of someone else changes nothing
    events = _events(_feed(client, token).content.decode())
    assert [e["SUMMARY"] for e in events] == ["Kita-Runde"]


def test_participants_feed_has_no_meetings(world, client):
    meeting_world(world)
    token = calendar.calendar_feed_renew(user=world.participant)
    assert _events(_feed(client, token).content.decode()) == []


def test_new_address_revokes_the_old_one_and_switch_off_revokes_all(world, client):
    first = calendar.calendar_feed_renew(user=world.partner)
    second = calendar.calendar_feed_renew(user=world.partner)
    assert _feed(client, first).status_code == 404
    assert _feed(client, second).status_code == 200
    calendar.calendar_feed_switch_off(user=world.partner)
    assert _feed(client, second).status_code == 404
    assert _feed(client, "guessed-token").status_code == 404


def test_only_a_hash_of_the_token_is_stored(world):
    token = calendar.calendar_feed_renew(user=world.partner)
    stored = get_user_model().objects.get(pk=world.partner.pk).calendar_token_hash
    assert token not in stored
    assert stored == calendar.feed_token_hash(token)


def test_deactivated_person_has_no_feed(world, client):
    token = calendar.calendar_feed_renew(user=world.partner)
    get_user_model().objects.filter(pk=world.partner.pk).update(is_active=False)
    assert _feed(client, token).status_code == 404


def test_feed_query_count_does_not_grow_with_meetings(world, client):
    token = calendar.calendar_feed_renew(user=world.coordinator)
    add_meetings(world, 2)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert _feed(client, token).status_code == 200
        return len(queries)

    small = count()
    add_meetings(world, 20)
    assert count() == small


# --- Profile ---------------------------------------------------------------------------------


def test_profile_shows_a_new_address_once(world, client_for):
    client = client_for(world.partner)
    response = client.post(reverse("coordination:calendar-feed-renew"), follow=True)
    page = response.content.decode()
    match = re.search(r'value="(http[^"]+/kalender/([^"/]+)\.ics)"', page)
    assert match, "the new address is shown in a copy field"
    client.logout()
    assert _feed(client, match[2]).status_code == 200
    client.force_login(world.partner)
    again = client.get(reverse("accounts:profile")).content.decode()
    assert match[1] not in again
    assert "switched on" in again


def test_profile_switch_off(world, client_for):
    client = client_for(world.partner)
    token = calendar.calendar_feed_renew(user=world.partner)
    response = client.post(reverse("coordination:calendar-feed-switch-off"), follow=True)
    assert "switched off" in response.content.decode()
    client.logout()
    assert _feed(client, token).status_code == 404


def test_profile_saves_the_reminder_switches(world, client_for):
    client = client_for(world.partner)
    response = client.post(
        reverse("accounts:profile"),
        {"full_name": "Partner", "language": "en", "remind_meetings": "on"},
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(pk=world.partner.pk)
    assert (user.remind_reporting, user.remind_action_items, user.remind_meetings) == (
        False,
        False,
        True,
    )
    page = client.get(reverse("accounts:profile")).content.decode()
    assert re.search(r'<input[^>]*name="remind_meetings"[^>]*checked', page)
    assert not re.search(r'<input[^>]*name="remind_reporting"[^>]*checked', page)
