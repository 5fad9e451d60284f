from django.urls import reverse

from focusgroups import services
from focusgroups.models import BarrierCard, BarrierVote
from tests.focusgroups.builders import group_world


def test_groups_list_shows_what_the_caller_may_see(world, client_for):
    group = group_world(world).group
    assert [
        g["id"] for g in client_for(world.viewer).get("/api/v1/focus-groups/").json()["results"]
    ] == [group.pk]
    assert client_for(world.other_coordinator).get("/api/v1/focus-groups/").json()["results"] == []
    assert (
        client_for(world.other_coordinator).get(f"/api/v1/focus-groups/{group.pk}/").status_code
        == 404
    )


def test_stage_summary_names_what_is_missing(world, client_for):
    group = group_world(world).group
    data = client_for(world.partner).get(f"/api/v1/focus-groups/{group.pk}/stages/").json()
    assert data["stage"] == 1
    assert data["steps"][0]["state"] == "current"
    assert data["steps"][0]["missing"]
    assert data["missing_perspectives"] == ["administration", "business"]


def test_cards_hide_authorship_where_the_group_hides_it(world, client_for):
    hidden = group_world(world, hide_authorship=True, cards=1).group
    shown = group_world(world, name="Offen", cards=1).group
    rows = client_for(world.participant).get("/api/v1/barrier-cards/").json()["results"]
    by_group = {row["group"]: row for row in rows}
    assert by_group[hidden.pk]["author"] is None
    assert by_group[hidden.pk]["is_mine"] is False
    assert by_group[shown.pk]["author"] == world.partner.full_name
    own = client_for(world.partner).get(f"/api/v1/barrier-cards/?group={hidden.pk}").json()
    assert own["results"][0]["is_mine"] is True
    assert own["results"][0]["author"] is None
    assert "Partner" not in str(own["results"][0])


def test_turning_hidden_authorship_off_keeps_earlier_cards_anonymous(world, client_for):
    built = group_world(world, hide_authorship=True, cards=1)
    services.focus_group_update(acting_user=world.partner, group=built.group, hide_authorship=False)
    services.barrier_card_create(
        acting_user=world.partner, group=built.group, text="Später", perspective="Fachkräfte"
    )
    rows = client_for(world.viewer).get(f"/api/v1/barrier-cards/?group={built.group.pk}").json()
    by_text = {row["text"]: row for row in rows["results"]}
    assert by_text["Barriere 1"]["author"] is None
    assert by_text["Barriere 1"]["author_hidden"] is True
    assert by_text["Später"]["author"] == world.partner.full_name
    assert by_text["Später"]["author_hidden"] is False
    one = client_for(world.viewer).get(f"/api/v1/barrier-cards/{built.cards[0].pk}/").json()
    assert one["author"] is None


def test_member_adds_a_card_and_dots(world, client_for):
    group = group_world(world).group
    client = client_for(world.participant)
    response = client.post(
        "/api/v1/barrier-cards/",
        {"group": group.pk, "text": "Keine Kontakte", "perspective": "Fachkräfte"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    card = response.json()["id"]
    response = client.post(
        "/api/v1/barrier-votes/", {"card": card}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json() == {"card": card, "dot_count": 1, "my_dots": 1, "dots_left": 4}


def test_dot_limit_answers_400_with_the_message(world, client_for):
    built = group_world(world, cards=1, dots_per_person=1)
    client = client_for(world.participant)
    body = {"card": built.cards[0].pk}
    client.post("/api/v1/barrier-votes/", body, content_type="application/json")
    response = client.post("/api/v1/barrier-votes/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "dot_limit"
    assert BarrierVote.objects.count() == 1


def test_viewer_cannot_add_cards_or_dots(world, client_for):
    built = group_world(world, cards=1)
    client = client_for(world.viewer)
    response = client.post(
        "/api/v1/barrier-cards/",
        {"group": built.group.pk, "text": "x", "perspective": "Fachkräfte"},
        content_type="application/json",
    )
    assert response.status_code == 403
    response = client.post(
        "/api/v1/barrier-votes/", {"card": built.cards[0].pk}, content_type="application/json"
    )
    assert response.status_code == 403
    assert BarrierCard.objects.count() == 1 and not BarrierVote.objects.exists()


def test_other_initiative_cannot_add_to_a_group_it_cannot_see(world, client_for):
    built = group_world(world, cards=1)
    client = client_for(world.other_coordinator)
    response = client.post(
        "/api/v1/barrier-cards/",
        {"group": built.group.pk, "text": "x", "perspective": "Fachkräfte"},
        content_type="application/json",
    )
    assert response.status_code == 404
    response = client.post(
        "/api/v1/barrier-votes/", {"card": built.cards[0].pk}, content_type="application/json"
    )
    assert response.status_code == 404


def test_dissolved_group_accepts_no_cards_through_the_api(world, client_for):
    built = group_world(world, cards=1)
    services.focus_group_dissolve(acting_user=world.coordinator, group=built.group, reason="Gut")
    response = client_for(world.partner).post(
        "/api/v1/barrier-votes/", {"card": built.cards[0].pk}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "group_dissolved"
    assert reverse("v1:barrier-vote-list") == "/api/v1/barrier-votes/"
