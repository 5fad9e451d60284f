"""Meetings without minutes during the meeting: roles with the rotation's proposal, the
speakers' list, live notes with their versions and the live endpoint that open pages poll."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coordination import selectors, services
from coordination.models import AgendaItem, Meeting, MeetingRole, SpeakerRequest
from core.errors import ApplicationError, PermissionDeniedError
from core.models import AuditEvent
from tests.coordination.meeting_builders import meeting_world


def _url(w, meeting, rest=""):
    return f"/initiativen/{w.initiative.slug}/treffen/{meeting.pk}/{rest}"


def _meeting(w, days, title="Treffen", user=None):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return services.meeting_create(
        acting_user=user or w.coordinator,
        initiative=w.initiative,
        title=title,
        starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))),
        format="in_person",
        location="Raum 1",
    )


def _slots(w, meeting):
    meeting = selectors.meeting_get(viewer=w.coordinator, initiative=w.initiative, pk=meeting.pk)
    members = selectors.assignable_member_list(initiative=w.initiative)
    return {
        s.kind: s
        for s in selectors.meeting_role_slots(meeting=meeting, members=members, with_proposals=True)
    }


# --- roles and rotation ----------------------------------------------------------------------


def test_assigning_a_role_replaces_the_holder_and_writes_an_audit_row(world):
    meeting = _meeting(world, 3)
    services.meeting_role_assign(
        acting_user=world.coordinator, meeting=meeting, kind="moderation", user=world.partner
    )
    services.meeting_role_assign(
        acting_user=world.coordinator, meeting=meeting, kind="moderation", user=world.partner2.pk
    )
    assert MeetingRole.objects.get(meeting=meeting, kind="moderation").user == world.partner2
    assert AuditEvent.objects.filter(verb="meeting_role.assigned").count() == 2
    services.meeting_role_unassign(
        acting_user=world.coordinator, meeting=meeting, kind="moderation"
    )
    assert not MeetingRole.objects.exists()


@pytest.mark.parametrize(
    ("kind", "user", "field"),
    [("chair", "partner", "kind"), ("moderation", "viewer", "user"), ("moderation", None, "user")],
)
def test_bad_role_input_is_refused(world, kind, user, field):
    meeting = _meeting(world, 3)
    with pytest.raises(ValidationError) as error:
        services.meeting_role_assign(
            acting_user=world.coordinator,
            meeting=meeting,
            kind=kind,
            user=world.user(user) if user else None,
        )
    assert field in error.value.message_dict
    assert not MeetingRole.objects.exists()


def test_only_who_manages_the_meeting_assigns_roles(world):
    meeting = _meeting(world, 3)
    for role in ("partner", "viewer", "participant", "outsider"):
        with pytest.raises(PermissionDeniedError):
            services.meeting_role_assign(
                acting_user=world.user(role), meeting=meeting, kind="moderation", user=world.partner
            )
    own = _meeting(world, 4, user=world.partner)
    services.meeting_role_assign(
        acting_user=world.partner, meeting=own, kind="timekeeping", user=world.partner
    )
    assert MeetingRole.objects.filter(meeting=own).count() == 1


def test_rotation_proposes_who_held_the_role_least_recently(world):
    m1, m2, m3, now = (_meeting(world, d, f"T{d}") for d in (-30, -20, -10, 2))
    assign = services.meeting_role_assign
    assign(acting_user=world.coordinator, meeting=m1, kind="moderation", user=world.coordinator)
    assign(acting_user=world.coordinator, meeting=m2, kind="moderation", user=world.partner)
    # partner2 never moderated: proposed first.
    assert _slots(world, now)["moderation"].proposal.user_id == world.partner2.pk
    assign(acting_user=world.coordinator, meeting=m3, kind="moderation", user=world.partner2)
    # Now everyone moderated once: the coordinator longest ago.
    assert _slots(world, now)["moderation"].proposal.user_id == world.coordinator.pk
    # Each role rotates on its own.
    assign(acting_user=world.coordinator, meeting=m1, kind="timekeeping", user=world.partner2)
    assign(acting_user=world.coordinator, meeting=m2, kind="timekeeping", user=world.coordinator)
    assign(acting_user=world.coordinator, meeting=m3, kind="timekeeping", user=world.partner)
    assert _slots(world, now)["timekeeping"].proposal.user_id == world.partner2.pk


def test_rotation_prefers_people_without_a_role_in_this_meeting(world):
    now = _meeting(world, 2)
    services.meeting_role_assign(
        acting_user=world.coordinator, meeting=now, kind="moderation", user=world.coordinator
    )
    slots = _slots(world, now)
    assert slots["moderation"].proposal is None  # held: nothing to propose
    # Never held, by name: Partner, then Partner2 (the coordinator has a role already).
    assert slots["timekeeping"].proposal.user_id == world.partner.pk
    assert slots["documentation"].proposal.user_id == world.partner2.pk


def test_cancelled_meetings_do_not_count_for_the_rotation(world):
    cancelled, now = _meeting(world, -5), _meeting(world, 2)
    services.meeting_role_assign(
        acting_user=world.coordinator, meeting=cancelled, kind="moderation", user=world.coordinator
    )
    services.meeting_cancel(acting_user=world.coordinator, meeting=cancelled)
    assert _slots(world, now)["moderation"].proposal.user_id == world.coordinator.pk


def test_accepting_the_proposal_on_the_page_swaps_the_roles_in(world, client_for):
    now = _meeting(world, 2)
    proposal = _slots(world, now)["documentation"].proposal
    response = client_for(world.coordinator).post(
        _url(world, now, "rollen/documentation/"),
        {"role-documentation-user": proposal.user_id},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert content.strip().startswith('<section class="panel meeting-roles" id="roles"')
    assert "takes on the role" in content
    assert MeetingRole.objects.get(meeting=now, kind="documentation").user_id == proposal.user_id


def test_a_role_without_a_person_comes_back_with_the_message(world, client_for):
    now = _meeting(world, 2)
    response = client_for(world.coordinator).post(
        _url(world, now, "rollen/moderation/"), {"role-moderation-user": ""}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 422
    assert "Please choose who takes on the role." in response.content.decode()
    assert not MeetingRole.objects.exists()


def test_an_unknown_role_is_not_found(world, client_for):
    now = _meeting(world, 2)
    response = client_for(world.coordinator).post(
        _url(world, now, "rollen/chair/"), {"role-chair-user": world.partner.pk}
    )
    assert response.status_code == 404


def test_the_meeting_page_shows_roles_and_the_proposal_to_the_coordinator_only(world, client_for):
    now = _meeting(world, 2)
    services.meeting_role_assign(
        acting_user=world.coordinator, meeting=now, kind="moderation", user=world.partner2
    )
    coordinator = client_for(world.coordinator).get(_url(world, now)).content.decode()
    assert "Roles in this meeting" in coordinator and "Partner2" in coordinator
    assert "Proposal" in coordinator and "Accept" in coordinator
    viewer = client_for(world.viewer).get(_url(world, now)).content.decode()
    assert "Partner2" in viewer
    assert "Proposal" not in viewer and "rollen/" not in viewer


# --- speakers' list --------------------------------------------------------------------------


def test_speakers_list_puts_first_time_speakers_ahead(world):
    meeting = _meeting(world, 0)
    first = services.speaker_request_add(acting_user=world.partner, meeting=meeting)
    services.speaker_request_done(
        acting_user=world.coordinator, meeting=meeting, request_id=first.pk
    )
    services.speaker_request_add(acting_user=world.partner, meeting=meeting)
    services.speaker_request_add(acting_user=world.viewer, meeting=meeting)
    services.speaker_request_add(acting_user=world.coordinator, meeting=meeting)
    listing = selectors.speaker_list_get(meeting_id=meeting.pk, viewer=world.partner)
    assert [e.request.user for e in listing.entries] == [
        world.viewer,
        world.coordinator,
        world.partner,
    ]
    assert [e.has_spoken for e in listing.entries] == [False, False, True]
    assert listing.spoken_count == 1 and listing.mine.user == world.partner


def test_asking_twice_keeps_ones_place_and_withdrawing_leaves_the_list(world):
    meeting = _meeting(world, 0)
    a = services.speaker_request_add(acting_user=world.partner, meeting=meeting)
    b = services.speaker_request_add(acting_user=world.partner, meeting=meeting)
    assert a.pk == b.pk and SpeakerRequest.objects.count() == 1
    services.speaker_request_withdraw(acting_user=world.partner, meeting=meeting)
    assert not SpeakerRequest.objects.exists()


def test_only_the_moderator_or_the_backbone_office_gives_the_floor(world):
    meeting = _meeting(world, 0)
    request = services.speaker_request_add(acting_user=world.viewer, meeting=meeting)
    with pytest.raises(PermissionDeniedError):
        services.speaker_request_done(
            acting_user=world.partner, meeting=meeting, request_id=request.pk
        )
    services.meeting_role_assign(
        acting_user=world.coordinator, meeting=meeting, kind="moderation", user=world.partner
    )
    services.speaker_request_done(acting_user=world.partner, meeting=meeting, request_id=request.pk)
    assert SpeakerRequest.objects.get().spoken_at is not None
    with pytest.raises(ApplicationError):
        # Marked already (e.g. by a second moderator's click at the same time).
        services.speaker_request_done(
            acting_user=world.coordinator, meeting=meeting, request_id=request.pk
        )


def test_participants_and_cancelled_meetings_have_no_speakers_list(world):
    meeting = _meeting(world, 0)
    with pytest.raises(PermissionDeniedError):
        services.speaker_request_add(acting_user=world.participant, meeting=meeting)
    services.meeting_cancel(acting_user=world.coordinator, meeting=meeting)
    with pytest.raises(PermissionDeniedError):
        services.speaker_request_add(acting_user=world.partner, meeting=meeting)


def test_speakers_list_through_the_page_with_htmx(world, client_for):
    meeting = _meeting(world, 0)
    response = client_for(world.viewer).post(
        _url(world, meeting, "redeliste/melden/"), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert content.strip().startswith('<section class="panel speakers" id="speakers"')
    assert "Take me off the list" in content and "Viewer" in content
    # The viewer may not give the floor: no such buttons, and a refused POST.
    assert "Has spoken" not in content
    request = SpeakerRequest.objects.get()
    refused = client_for(world.viewer).post(
        _url(world, meeting, f"redeliste/{request.pk}/gesprochen/")
    )
    assert refused.status_code == 403
    coordinator = client_for(world.coordinator)
    moderated = coordinator.post(
        _url(world, meeting, f"redeliste/{request.pk}/gesprochen/"), HTTP_HX_REQUEST="true"
    )
    assert "Nobody is on the list." in moderated.content.decode()
    assert "1 contribution so far" in moderated.content.decode()


# --- live notes ------------------------------------------------------------------------------


def test_notes_save_counts_versions_and_refuses_a_stale_one(world):
    m = meeting_world(world)
    item = m.item
    item.meeting = m.past
    services.agenda_item_notes_save(
        acting_user=world.partner, agenda_item=item, notes="Erster Stand", base_version=0
    )
    assert item.notes_version == 1
    stale = AgendaItem.objects.select_related("meeting__initiative").get(pk=item.pk)
    stale.notes_version = 0
    with pytest.raises(services.NotesConflictError) as conflict:
        services.agenda_item_notes_save(
            acting_user=world.coordinator, agenda_item=stale, notes="Anders", base_version=0
        )
    assert conflict.value.extra == {"notes": "Erster Stand", "version": 1, "by": "Partner"}
    assert AgendaItem.objects.get(pk=item.pk).notes == "Erster Stand"
    # Against the current version the save goes through.
    services.agenda_item_notes_save(
        acting_user=world.coordinator, agenda_item=stale, notes="Anders", base_version=1
    )
    assert AgendaItem.objects.get(pk=item.pk).notes_version == 2


def test_autosave_writes_one_audit_row_per_writer_and_sitting(world):
    m = meeting_world(world)
    m.item.meeting = m.past
    before = AuditEvent.objects.filter(verb="agenda_item.notes_saved").count()
    for n in range(5):
        services.agenda_item_notes_save(
            acting_user=world.partner, agenda_item=m.item, notes=f"Stand {n}"
        )
    assert AuditEvent.objects.filter(verb="agenda_item.notes_saved").count() == before + 1


def test_autosave_answers_json_and_a_conflict_with_the_other_text(world, client_for):
    m = meeting_world(world)
    url = _url(world, m.past, f"punkte/{m.item.pk}/notizen/")
    prefix = f"notes-{m.item.pk}"
    partner = client_for(world.partner)
    saved = partner.post(
        url,
        {f"{prefix}-notes": "Wir sammeln Ideen.", f"{prefix}-version": "0"},
        HTTP_ACCEPT="application/json",
    )
    assert saved.status_code == 200 and saved.json()["version"] == 1
    conflict = client_for(world.coordinator).post(
        url,
        {f"{prefix}-notes": "Mein Text", f"{prefix}-version": "0"},
        HTTP_ACCEPT="application/json",
    )
    assert conflict.status_code == 409
    body = conflict.json()
    assert body["notes"] == "Wir sammeln Ideen." and body["version"] == 1
    assert "Your text is kept" in body["error"]
    assert AgendaItem.objects.get(pk=m.item.pk).notes == "Wir sammeln Ideen."


def test_a_conflict_without_javascript_shows_both_texts_and_keeps_mine(world, client_for):
    m = meeting_world(world)
    m.item.meeting = m.past
    services.agenda_item_notes_save(acting_user=world.partner, agenda_item=m.item, notes="Theirs")
    prefix = f"notes-{m.item.pk}"
    response = client_for(world.coordinator).post(
        _url(world, m.past, f"punkte/{m.item.pk}/notizen/"),
        {f"{prefix}-notes": "Mine", f"{prefix}-version": "0"},
    )
    assert response.status_code == 422
    content = response.content.decode()
    assert "Mine</textarea>" in content and "Theirs" in content
    assert f'name="{prefix}-version" value="1"' in content


def test_viewer_cannot_save_notes(world, client_for):
    m = meeting_world(world)
    response = client_for(world.viewer).post(
        _url(world, m.past, f"punkte/{m.item.pk}/notizen/"),
        {f"notes-{m.item.pk}-notes": "X"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 403
    assert AgendaItem.objects.get(pk=m.item.pk).notes == ""


def test_live_endpoint_answers_204_until_something_changes(world, client_for):
    m = meeting_world(world)
    client = client_for(world.viewer)
    version = Meeting.objects.get(pk=m.past.pk).live_version
    url = _url(world, m.past, "live/")
    assert client.get(url, {"v": version}).status_code == 204
    m.item.meeting = m.past
    services.agenda_item_notes_save(acting_user=world.partner, agenda_item=m.item, notes="Neu")
    services.speaker_request_add(acting_user=world.partner2, meeting=m.past)
    response = client.get(url, {"v": version})
    assert response.status_code == 200
    data = response.json()
    assert data["version"] == version + 2
    assert data["items"] == [{"id": m.item.pk, "notes": "Neu", "version": 1}]
    assert "Partner2" in data["speakers_html"]
    assert client.get(url, {"v": data["version"]}).status_code == 204
    # The page's fingerprint of the agenda and decisions matches the poll's until either changes.
    page = client.get(_url(world, m.past)).content.decode()
    assert f'data-record="{data["record"]}"' in page
    services.decision_record(acting_user=world.partner, agenda_item=m.item, text="Noch einer.")
    later = client.get(url, {"v": data["version"]}).json()
    assert later["record"] != data["record"]
    services.agenda_item_create(acting_user=world.partner, meeting=m.past, title="Neu")
    assert client.get(url, {"v": later["version"]}).json()["record"] != later["record"]


def test_live_endpoint_costs_the_same_with_a_long_agenda_and_list(world, client_for):
    client = client_for(world.partner)
    small, large = _meeting(world, 0, "Klein"), _meeting(world, 0, "Groß")
    for meeting, n in ((small, 1), (large, 10)):
        for i in range(n):
            services.agenda_item_create(
                acting_user=world.coordinator, meeting=meeting, title=f"P{i}"
            )
    for user in (world.partner, world.partner2, world.viewer, world.coordinator):
        services.speaker_request_add(acting_user=user, meeting=large)
    services.speaker_request_add(acting_user=world.partner, meeting=small)

    def count(meeting):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url(world, meeting, "live/"), {"v": "x"}).status_code == 200
        return len(queries)

    assert count(small) == count(large)


# --- API ---------------------------------------------------------------------------------------


def test_api_meeting_carries_roles_and_notes_with_their_version(world, client_for):
    m = meeting_world(world)
    services.meeting_role_assign(
        acting_user=world.coordinator, meeting=m.past, kind="moderation", user=world.partner2
    )
    m.item.meeting = m.past
    services.agenda_item_notes_save(
        acting_user=world.partner, agenda_item=m.item, notes="Zwölf Unternehmen."
    )
    data = client_for(world.viewer).get(f"/api/v1/meetings/{m.past.pk}/").json()
    assert data["roles"] == [
        {"kind": "moderation", "user": world.partner2.pk, "user_name": "Partner2"}
    ]
    item = data["agenda_items"][0]
    assert (item["notes"], item["notes_version"]) == ("Zwölf Unternehmen.", 1)
    assert item["decisions"][0]["text"] == m.decision.text
    # The speakers' list is a thing of the moment, not of the record.
    assert "speakers" not in data and "speaker_requests" not in data


def test_api_meeting_list_query_count_does_not_grow_with_roles(world, client_for):
    client = client_for(world.viewer)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/meetings/").status_code == 200
        return len(queries)

    def meeting_with_roles(days):
        meeting = _meeting(world, days, f"T{days}")
        for kind in ("moderation", "timekeeping", "documentation"):
            services.meeting_role_assign(
                acting_user=world.coordinator, meeting=meeting, kind=kind, user=world.partner
            )
        services.agenda_item_create(acting_user=world.coordinator, meeting=meeting, title="P")

    meeting_with_roles(1)
    small = count()
    for days in range(2, 8):
        meeting_with_roles(days)
    assert count() == small


def test_an_unchanged_poll_is_cheap(world, client_for):
    m = meeting_world(world)
    client = client_for(world.viewer)
    url = _url(world, m.past, "live/")
    version = Meeting.objects.get(pk=m.past.pk).live_version
    client.get(url, {"v": version})  # the session is loaded once
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, {"v": version}).status_code == 204
    # Session, user, initiative with the membership, the meeting: nothing per item or speaker.
    assert len(queries) <= 5, [q["sql"] for q in queries]
