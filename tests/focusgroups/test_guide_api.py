"""The guide in the API: read by everyone who sees the group, changed by the group's members
while it is a draft, through the same service as the page."""

import pytest

from focusgroups import services
from focusgroups.models import Guide
from tests.focusgroups.builders import group_world


@pytest.fixture
def guide(world):
    group = group_world(world, cards=2).group
    return services.guide_assemble(acting_user=world.partner, group=group)


def _url(guide=None):
    return f"/api/v1/focus-group-guides/{guide.pk}/" if guide else "/api/v1/focus-group-guides/"


def test_guides_are_listed_for_those_who_see_the_group(world, client_for, guide):
    rows = client_for(world.viewer).get(_url()).json()["results"]
    assert [(row["id"], row["group"], row["status"]) for row in rows] == [
        (guide.pk, guide.group_id, "draft")
    ]
    assert "Barriere 1" in rows[0]["barriers"]
    filtered = client_for(world.viewer).get(_url(), {"group": guide.group_id + 1}).json()
    assert filtered["results"] == []
    assert client_for(world.other_coordinator).get(_url()).json()["results"] == []
    assert client_for(world.other_coordinator).get(_url(guide)).status_code == 404


def test_group_member_changes_a_section_of_the_draft(world, client_for, guide):
    response = client_for(world.participant).patch(
        _url(guide), {"lessons": "Früh anfangen."}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["lessons"] == "Früh anfangen."
    guide.refresh_from_db()
    assert guide.lessons == "Früh anfangen." and "Barriere 1" in guide.barriers


@pytest.mark.parametrize("role", ["viewer", "partner2"])
def test_readers_outside_the_group_may_not_change_it(world, client_for, guide, role):
    response = client_for(world.user(role)).patch(
        _url(guide), {"lessons": "Nein."}, content_type="application/json"
    )
    assert response.status_code == 403
    assert set(response.json()["error"]) == {"code", "message", "fields"}
    assert Guide.objects.get().lessons == ""


def test_a_final_guide_answers_with_the_reason(world, client_for, guide):
    services.guide_update(
        acting_user=world.partner, group=guide.group, concept="K", results="E", recommendations="R"
    )
    services.guide_finalise(acting_user=world.partner, group=guide.group)
    response = client_for(world.partner).patch(
        _url(guide), {"lessons": "Zu spät."}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "guide_final"
