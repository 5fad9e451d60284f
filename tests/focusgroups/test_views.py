import pytest
from django.urls import reverse

from focusgroups import services
from focusgroups.models import BarrierCard, BarrierVote, FocusGroup
from tests.focusgroups.builders import group_world, guide_world


def _url(name, group, *args):
    return reverse(f"focusgroups:{name}", args=[group.initiative.slug, group.pk, *args])


def test_list_shows_active_groups_and_the_archive(world, client_for):
    active = group_world(world).group
    dissolved = group_world(world, name="Alte Gruppe").group
    services.focus_group_dissolve(
        acting_user=world.coordinator, group=dissolved, reason="Gelöst.", handover_note="Weiter."
    )
    response = client_for(world.viewer).get(
        reverse("focusgroups:group-list", args=[world.initiative.slug])
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert active.name in content and dissolved.name in content
    assert "Still missing" in content or "Es fehlt noch" in content


def test_empty_list_invites_to_found_the_first_group(world, client_for):
    response = client_for(world.partner).get(
        reverse("focusgroups:group-list", args=[world.initiative.slug])
    )
    assert reverse("focusgroups:group-create", args=[world.initiative.slug]) in (
        response.content.decode()
    )


def test_participant_sees_only_their_groups(world, client_for):
    mine = group_world(world).group
    services.focus_group_create(
        acting_user=world.partner2,
        initiative=world.initiative,
        name="Ohne Teilnehmende",
        target_group="X",
        desired_change="Y",
    )
    other = FocusGroup.objects.get(name="Ohne Teilnehmende")
    client = client_for(world.participant)
    content = client.get(reverse("focusgroups:group-list", args=[world.initiative.slug])).content
    assert mine.name.encode() in content and other.name.encode() not in content
    assert client.get(_url("group-detail", other)).status_code == 404
    assert client.get(_url("board", other)).status_code == 404


def test_other_initiative_sees_nothing(world, client_for):
    group = group_world(world).group
    client = client_for(world.other_coordinator)
    for name in ("group-detail", "board", "board-version", "group-pipeline"):
        assert client.get(_url(name, group)).status_code == 404


def test_found_form_rejects_missing_fields_with_422_and_keeps_input(world, client_for):
    url = reverse("focusgroups:group-create", args=[world.initiative.slug])
    response = client_for(world.partner).post(
        url, {"name": "Mein Name", "dots_per_person": "5"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 422
    assert "Mein Name" in response.content.decode()
    assert not FocusGroup.objects.exists()


def test_founding_with_members_redirects_to_the_group(world, client_for):
    url = reverse("focusgroups:group-create", args=[world.initiative.slug])
    response = client_for(world.partner).post(
        url,
        {
            "name": "Matching",
            "target_group": "Fachkräfte",
            "desired_change": "Passende Arbeit",
            "members": [str(world.participant.pk), str(world.partner2.pk)],
            "dots_per_person": "5",
            "card_tags": "Fachkräfte\nArbeitgebende",
            "open_to_join": "on",
        },
    )
    group = FocusGroup.objects.get()
    assert response.status_code == 302
    assert group.members.count() == 3
    assert group.tags == ["Fachkräfte", "Arbeitgebende"]


def test_diversity_preview_counts_the_founder_and_chosen_people(world, client_for):
    url = reverse("focusgroups:group-create", args=[world.initiative.slug])
    response = client_for(world.partner).get(
        url, {"preview": "1", "members": [str(world.partner2.pk)]}, HTTP_HX_REQUEST="true"
    )
    content = response.content.decode()
    # The founder (civil society) and the IHK member (business): two perspectives missing.
    assert content.count("diversity__item--present") == 2
    assert content.count("diversity__item--missing") == 2
    assert 'id="diversity"' in content


def test_board_hides_authorship_when_the_group_says_so(world, client_for):
    world.partner.full_name = "Paula Schreiber"
    world.partner.save()
    built = group_world(world, hide_authorship=True, cards=1)
    content = client_for(world.participant).get(_url("board", built.group)).content.decode()
    assert "Schreiber" not in content
    assert "Barriere 1" in content
    own = client_for(world.partner).get(_url("board", built.group)).content.decode()
    assert "your card" in own or "Ihre Karte" in own


def test_board_keeps_earlier_cards_anonymous_after_authorship_is_shown(world, client_for):
    world.partner.full_name = "Paula Schreiber"
    world.partner.save()
    built = group_world(world, hide_authorship=True, cards=1)
    services.focus_group_update(acting_user=world.partner, group=built.group, hide_authorship=False)
    content = client_for(world.participant).get(_url("board", built.group)).content.decode()
    assert "Barriere 1" in content
    assert "Schreiber" not in content


def test_board_version_answers_204_while_nothing_changed(world, client_for):
    built = group_world(world, cards=1)
    client = client_for(world.participant)
    version = built.group.__class__.objects.get(pk=built.group.pk).board_version
    assert client.get(_url("board-version", built.group), {"v": version}).status_code == 204
    services.barrier_card_create(
        acting_user=world.partner, group=built.group, text="Neu dabei", perspective="Fachkräfte"
    )
    response = client.get(_url("board-version", built.group), {"v": version})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Neu dabei" in content
    assert 'id="card-form"' not in content  # never the form someone is typing in


def test_card_added_through_htmx_returns_the_cards(world, client_for):
    group = group_world(world).group
    response = client_for(world.participant).post(
        _url("card-create", group),
        {"card-text": "Zu wenig Kontakte", "card-perspective": "Fachkräfte"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Zu wenig Kontakte" in response.content.decode()
    assert BarrierCard.objects.get().author == world.participant


def test_empty_card_is_rejected_with_422_on_the_form(world, client_for):
    group = group_world(world).group
    response = client_for(world.participant).post(
        _url("card-create", group),
        {"card-text": "", "card-perspective": "Fachkräfte"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert response["HX-Retarget"] == "#card-form"
    assert not BarrierCard.objects.exists()


def test_dot_beyond_the_limit_shows_the_message_and_saves_nothing(world, client_for):
    built = group_world(world, cards=1, dots_per_person=1)
    client = client_for(world.participant)
    url = _url("card-vote", built.group, built.cards[0].pk)
    client.post(url, HTTP_HX_REQUEST="true")
    response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert BarrierVote.objects.count() == 1


def test_viewer_reads_the_board_but_cannot_write(world, client_for):
    built = group_world(world, cards=1)
    client = client_for(world.viewer)
    content = client.get(_url("board", built.group)).content.decode()
    assert "Barriere 1" in content and 'id="card-form"' not in content
    assert client.post(_url("card-vote", built.group, built.cards[0].pk)).status_code == 403
    assert (
        client.post(
            _url("card-create", built.group), {"card-text": "x", "card-perspective": "Fachkräfte"}
        ).status_code
        == 403
    )


@pytest.mark.parametrize("name", ["card-create", "cluster-create"])
def test_dissolved_group_board_is_read_only(world, client_for, name):
    built = group_world(world, cards=1)
    services.focus_group_dissolve(acting_user=world.coordinator, group=built.group, reason="Gelöst")
    client = client_for(world.partner)
    content = client.get(_url("board", built.group)).content.decode()
    assert "Barriere 1" in content and 'id="card-form"' not in content
    assert client.post(_url(name, built.group), {}).status_code == 403
    assert client.get(_url("group-dissolve", built.group)).status_code == 403


def test_card_moves_into_a_cluster_with_the_select(world, client_for):
    built = group_world(world, cards=1)
    cluster = services.barrier_cluster_create(
        acting_user=world.partner, group=built.group, name="Matching"
    )
    client_for(world.participant).post(
        _url("card-move", built.group, built.cards[0].pk), {"cluster": cluster.pk}
    )
    built.cards[0].refresh_from_db()
    assert built.cards[0].cluster == cluster


def test_agreeing_to_the_problem_from_the_group_page(world, client_for):
    group = group_world(world).group
    services.problem_statement_save(
        acting_user=world.partner, group=group, affected="A", hindrance="B", change="C"
    )
    for user in (world.partner, world.participant):
        client_for(user).post(_url("problem-agree", group), {"action": "agree"})
    content = client_for(world.viewer).get(_url("group-detail", group)).content.decode()
    assert "Agreed by the group" in content or "Von der Gruppe" in content


def test_pipeline_page_lists_what_is_missing(world, client_for):
    group = group_world(world).group
    response = client_for(world.partner).get(_url("group-pipeline", group))
    assert response.status_code == 200
    content = response.content.decode()
    assert "step--current" in content and "step__list--missing" in content


def test_coordinator_moves_on_with_a_note_from_the_pipeline_page(world, client_for):
    group = group_world(world).group
    client = client_for(world.coordinator)
    response = client.post(_url("group-pipeline", group), {"note": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    client.post(_url("group-pipeline", group), {"note": "In Präsenz vereinbart."})
    group.refresh_from_db()
    assert group.stage == 2


def test_a_double_click_on_move_on_advances_one_step_only(world, client_for):
    group = group_world(world).group
    client = client_for(world.coordinator)
    page = client.get(_url("group-pipeline", group)).content.decode()
    assert 'name="from_stage" value="1"' in page
    data = {"from_stage": "1", "note": "Im Treffen am 3. März mündlich vereinbart."}
    assert client.post(_url("group-pipeline", group), data).status_code == 302
    second = client.post(_url("group-pipeline", group), data, follow=True)
    group.refresh_from_db()
    assert group.stage == 2
    content = second.content.decode()
    assert "Die Gruppe ist bereits bei Schritt 2." in content or "already at step 2" in content


def test_a_partners_double_click_with_htmx_moves_one_step(world, client_for):
    built = guide_world(world)
    group = built.group
    assert group.stage == 1
    client = client_for(world.partner)
    data = {"from_stage": "1", "note": ""}
    client.post(_url("group-pipeline", group), data)
    second = client.post(_url("group-pipeline", group), data, HTTP_HX_REQUEST="true")
    group.refresh_from_db()
    assert group.stage == 2
    assert second.headers["HX-Redirect"] == _url("group-pipeline", group)


def test_dissolve_keeps_the_archive_readable(world, client_for):
    group = group_world(world).group
    client = client_for(world.coordinator)
    response = client.post(
        _url("group-dissolve", group), {"reason": "Gelöst", "handover_note": "IHK übernimmt"}
    )
    assert response.status_code == 302
    content = client_for(world.participant).get(_url("group-detail", group)).content.decode()
    assert "IHK übernimmt" in content
