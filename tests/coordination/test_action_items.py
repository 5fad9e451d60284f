"""Action items: who may create them and change their status, the board's filters and columns,
the decisions' implementation counts, the API, and constant query counts of the board."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coordination import selectors, services
from coordination.models import ActionItem
from core.errors import PermissionDeniedError
from tests.coordination.meeting_builders import add_meetings, make_overdue, meeting_world

IN_A_WEEK = timezone.localdate() + datetime.timedelta(days=7)


def _board(w):
    return f"/initiativen/{w.initiative.slug}/aufgaben/"


def _create(w, user=None, **overrides):
    fields = {"title": "Einladung verschicken", "due_date": IN_A_WEEK, "assignee": w.partner}
    fields.update(overrides)
    return services.action_item_create(
        acting_user=user or w.coordinator, initiative=w.initiative, **fields
    )


# --- services --------------------------------------------------------------------------------


def test_an_action_item_needs_a_person_or_an_organisation(world):
    with pytest.raises(ValidationError) as error:
        _create(world, assignee=None)
    assert "person or an organisation" in error.value.message_dict["assignee"][0]
    assert not ActionItem.objects.exists()
    item = _create(world, assignee=None, organisation=world.organisation2)
    assert item.organisation == world.organisation2 and item.assignee is None


@pytest.mark.parametrize(
    ("due_date", "message"),
    [
        (None, "by which it should be done"),
        (timezone.localdate() - datetime.timedelta(days=1), "past"),
    ],
)
def test_due_date_is_required_and_not_in_the_past(world, due_date, message):
    with pytest.raises(ValidationError) as error:
        _create(world, due_date=due_date)
    assert message in error.value.message_dict["due_date"][0]
    assert not ActionItem.objects.exists()


def test_assignee_and_organisation_must_belong_to_the_initiative(world):
    other_org = world.other_initiative.organisations.get()
    with pytest.raises(ValidationError) as error:
        _create(world, assignee=world.other_coordinator, organisation=other_org)
    assert set(error.value.message_dict) == {"assignee", "organisation"}
    with pytest.raises(ValidationError):
        _create(world, assignee=world.participant)
    assert not ActionItem.objects.exists()


@pytest.mark.parametrize("role", ["viewer", "participant", "other_coordinator", "outsider"])
def test_only_coordinators_and_partners_create_action_items(world, role):
    with pytest.raises(PermissionDeniedError):
        _create(world, world.user(role))


def test_done_records_when_and_back_to_do_clears_it(world):
    item = _create(world)
    services.action_item_set_status(acting_user=world.partner, item=item, status="done")
    assert item.done_at is not None
    services.action_item_set_status(acting_user=world.partner, item=item, status="todo")
    item.refresh_from_db()
    assert item.status == "todo" and item.done_at is None


def test_who_may_change_the_status(world):
    m = meeting_world(world)
    # partner's own item: partner2 may not; the organisation's item: its member partner2 may.
    with pytest.raises(PermissionDeniedError):
        services.action_item_set_status(acting_user=world.partner2, item=m.mine, status="done")
    with pytest.raises(PermissionDeniedError):
        services.action_item_set_status(acting_user=world.partner, item=m.theirs, status="done")
    with pytest.raises(PermissionDeniedError):
        services.action_item_set_status(acting_user=world.viewer, item=m.mine, status="done")
    services.action_item_set_status(acting_user=world.partner2, item=m.theirs, status="in_progress")
    services.action_item_set_status(acting_user=world.partner, item=m.mine, status="in_progress")
    # The creator may, and so may the backbone office.
    own = _create(world, world.partner2, assignee=world.partner)
    services.action_item_set_status(acting_user=world.partner2, item=own, status="done")
    services.action_item_set_status(acting_user=world.coordinator, item=own, status="todo")
    assert ActionItem.objects.get(pk=m.mine.pk).status == "in_progress"


def test_a_decision_of_another_agenda_item_is_refused(world):
    m = meeting_world(world)
    other = services.agenda_item_create(acting_user=world.coordinator, meeting=m.past, title="B")
    with pytest.raises(ValidationError) as error:
        _create(world, agenda_item=other, decision=m.decision)
    assert "decision" in error.value.message_dict


# --- board and decisions ---------------------------------------------------------------------


def test_board_filters_mine_overdue_and_organisation(world):
    m = meeting_world(world)
    unrelated = _create(world, assignee=world.coordinator)
    make_overdue(m.theirs)
    titles = lambda viewer, **f: {  # noqa: E731
        i.title for i in selectors.action_item_list(viewer=viewer, initiative=world.initiative, **f)
    }
    assert titles(world.partner, mine=True) == {m.mine.title}
    assert titles(world.partner2, mine=True) == {m.theirs.title}
    assert titles(world.viewer, overdue=True) == {m.theirs.title}
    assert titles(world.viewer, organisation=world.organisation.pk) == {m.mine.title}
    assert titles(world.viewer, organisation=world.organisation2.pk) == {m.theirs.title}
    assert unrelated.title in titles(world.viewer)
    services.action_item_set_status(acting_user=world.coordinator, item=m.theirs, status="done")
    assert titles(world.viewer, overdue=True) == set()


def test_participants_see_no_action_items(world):
    meeting_world(world)
    assert not selectors.action_item_list(viewer=world.participant, initiative=world.initiative)


def test_board_shows_three_columns_and_moves_an_item(world, client_for):
    m = meeting_world(world)
    client = client_for(world.partner)
    content = client.get(_board(world)).content.decode()
    for heading in ("To do", "In progress", "Done"):
        assert f">{heading} <span" in content
    assert f"#decision-{m.decision.pk}" in content
    response = client.post(
        f"{_board(world)}{m.mine.pk}/status/", {"status": "done", "next": f"{_board(world)}?mine=1"}
    )
    assert response.status_code == 302 and response["Location"] == f"{_board(world)}?mine=1"
    assert ActionItem.objects.get(pk=m.mine.pk).status == "done"


def test_board_offers_moves_only_where_allowed(world, client_for):
    m = meeting_world(world)
    content = client_for(world.partner2).get(_board(world)).content.decode()
    assert f"/aufgaben/{m.theirs.pk}/status/" in content
    assert f"/aufgaben/{m.mine.pk}/status/" not in content
    response = client_for(world.partner2).post(
        f"{_board(world)}{m.mine.pk}/status/", {"status": "done"}
    )
    assert response.status_code == 403
    assert (
        client_for(world.viewer)
        .post(f"{_board(world)}{m.mine.pk}/status/", {"status": "done"})
        .status_code
        == 403
    )
    assert ActionItem.objects.get(pk=m.mine.pk).status == "todo"


def test_status_change_does_not_redirect_elsewhere(world, client_for):
    m = meeting_world(world)
    response = client_for(world.partner).post(
        f"{_board(world)}{m.mine.pk}/status/",
        {"status": "in_progress", "next": "https://evil.example"},
    )
    assert response["Location"] == _board(world)


def test_board_filtered_empty_state(world, client_for):
    meeting_world(world)
    content = client_for(world.viewer).get(f"{_board(world)}?overdue=1").content.decode()
    assert "No action item matches the filter." in content


def test_standalone_action_item_form_keeps_input_on_error(world, client_for):
    client = client_for(world.partner)
    response = client.post(
        f"{_board(world)}neu/",
        {"title": "Flyer drucken", "due_date": "2020-01-01"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    content = response.content.decode()
    assert 'value="Flyer drucken"' in content and "cannot be in the past" in content
    assert "person or an organisation" in content
    assert not ActionItem.objects.exists()
    response = client.post(
        f"{_board(world)}neu/",
        {
            "title": "Flyer drucken",
            "due_date": IN_A_WEEK.isoformat(),
            "organisation": world.organisation.pk,
        },
    )
    assert response.status_code == 302
    assert ActionItem.objects.get().created_by == world.partner


def test_decisions_list_counts_done_action_items(world, client_for):
    m = meeting_world(world)
    services.action_item_set_status(acting_user=world.partner, item=m.mine, status="done")
    decision = selectors.decision_list(viewer=world.viewer, initiative=world.initiative).get()
    assert (decision.action_done, decision.action_total) == (1, 2)
    content = (
        client_for(world.viewer)
        .get(f"/initiativen/{world.initiative.slug}/beschluesse/")
        .content.decode()
    )
    assert "1 of 2 action items done" in content


def test_board_query_count_does_not_grow_with_the_items(world, client_for):
    client = client_for(world.partner)
    add_meetings(world, 1)

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    urls = [
        _board(world),
        f"{_board(world)}?mine=1&overdue=1&organisation={world.organisation2.pk}",
    ]
    small = [count(u) for u in urls]
    add_meetings(world, 10)
    assert [count(u) for u in urls] == small


# --- API -------------------------------------------------------------------------------------


API = "/api/v1/action-items/"


def test_api_lists_with_filters_and_hides_from_participants(world, client_for):
    m = meeting_world(world)
    make_overdue(m.theirs)
    client = client_for(world.partner)
    ids = lambda q="": {row["id"] for row in client.get(API + q).json()["results"]}  # noqa: E731
    assert ids() == {m.mine.pk, m.theirs.pk}
    assert ids("?mine=true") == {m.mine.pk}
    assert ids("?overdue=true") == {m.theirs.pk}
    assert ids(f"?organisation={world.organisation2.pk}") == {m.theirs.pk}
    assert client_for(world.participant).get(API).json()["results"] == []
    assert client_for(world.participant).get(f"{API}{m.mine.pk}/").status_code == 404
    assert client_for(world.outsider).get(f"{API}{m.mine.pk}/").status_code == 404


def test_api_creates_and_refuses_like_the_page(world, client_for):
    m = meeting_world(world)
    body = {
        "initiative": world.initiative.slug,
        "title": "Protokoll verschicken",
        "due_date": IN_A_WEEK.isoformat(),
        "organisation": world.organisation.pk,
        "decision": m.decision.pk,
    }
    response = client_for(world.partner).post(API, body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["decision"] == m.decision.pk
    assert (
        client_for(world.viewer).post(API, body, content_type="application/json").status_code == 403
    )
    assert (
        client_for(world.outsider).post(API, body, content_type="application/json").status_code
        == 404
    )
    bad = client_for(world.partner).post(
        API, {**body, "organisation": None}, content_type="application/json"
    )
    assert bad.status_code == 400
    assert "assignee" in bad.json()["error"]["fields"]


def test_api_changes_the_status_only_for_those_allowed(world, client_for):
    m = meeting_world(world)
    url = f"{API}{m.mine.pk}/"
    refused = client_for(world.partner2).patch(
        url, {"status": "done"}, content_type="application/json"
    )
    assert refused.status_code == 403
    assert (
        client_for(world.viewer)
        .patch(url, {"status": "done"}, content_type="application/json")
        .status_code
        == 403
    )
    done = client_for(world.partner).patch(url, {"status": "done"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["status"] == "done"


def test_api_meetings_carry_agenda_and_decisions(world, client_for):
    m = meeting_world(world)
    rows = client_for(world.viewer).get("/api/v1/meetings/").json()["results"]
    past = next(row for row in rows if row["id"] == m.past.pk)
    assert past["agenda_items"][0]["decisions"][0]["text"] == m.decision.text
    assert client_for(world.participant).get("/api/v1/meetings/").json()["results"] == []
    assert client_for(world.participant).get(f"/api/v1/meetings/{m.past.pk}/").status_code == 404
