import pytest
from django.core.exceptions import ValidationError

from core.errors import ApplicationError, PermissionDeniedError
from focusgroups import selectors, services
from focusgroups.models import BarrierCard, BarrierVote, FocusGroup, FocusGroupMember
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.focusgroups.builders import add_cards, group_world


def _dissolved(world):
    built = group_world(world, cards=1)
    services.focus_group_dissolve(
        acting_user=world.coordinator,
        group=built.group,
        reason="Das Problem ist gelöst.",
        handover_note="Die IHK führt das Format weiter.",
    )
    return built


def test_founder_and_chosen_people_become_members(world):
    group = group_world(world).group
    assert set(group.members.values_list("user__email", flat=True)) == {
        "coordinator@example.org",
        "partner@example.org",
        "participant@example.org",
    }


def test_report_viewer_cannot_found_a_group_or_be_added(world):
    with pytest.raises(PermissionDeniedError):
        services.focus_group_create(
            acting_user=world.viewer,
            initiative=world.initiative,
            name="X",
            target_group="Y",
            desired_change="Z",
        )
    group = group_world(world).group
    with pytest.raises(ValidationError):
        services.focus_group_member_add(acting_user=world.partner, group=group, user=world.viewer)


def test_participant_cannot_found_a_group(world):
    with pytest.raises(PermissionDeniedError):
        services.focus_group_create(
            acting_user=world.participant,
            initiative=world.initiative,
            name="X",
            target_group="Y",
            desired_change="Z",
        )


def test_group_names_are_unique_per_initiative_regardless_of_case(world):
    group_world(world, name="Matching")
    with pytest.raises(ValidationError):
        group_world(world, name="matching ")


def test_dot_limit_is_enforced_with_a_german_message(world, settings):
    settings.LANGUAGE_CODE = "de"
    built = group_world(world, cards=2, dots_per_person=3)
    card, other = built.cards
    for _ in range(2):
        services.barrier_vote_add(acting_user=world.participant, card=card)
    services.barrier_vote_add(acting_user=world.participant, card=other)
    with pytest.raises(ApplicationError) as error:
        services.barrier_vote_add(acting_user=world.participant, card=other)
    assert error.value.code == "dot_limit"
    assert BarrierVote.objects.filter(user=world.participant).count() == 3
    # Taking a dot back frees it again.
    services.barrier_vote_remove(acting_user=world.participant, card=card)
    services.barrier_vote_add(acting_user=world.participant, card=other)
    assert BarrierVote.objects.filter(card=other).count() == 2


def test_dots_are_counted_per_person(world):
    built = group_world(world, cards=1, dots_per_person=1)
    card = built.cards[0]
    services.barrier_vote_add(acting_user=world.participant, card=card)
    services.barrier_vote_add(acting_user=world.partner, card=card)
    assert BarrierVote.objects.filter(card=card).count() == 2


def test_removing_a_dot_one_does_not_have_is_refused(world):
    card = group_world(world, cards=1).cards[0]
    with pytest.raises(ApplicationError):
        services.barrier_vote_remove(acting_user=world.partner, card=card)


def test_dissolved_group_accepts_no_cards_votes_or_members(world):
    built = _dissolved(world)
    group = built.group
    with pytest.raises(ApplicationError):
        services.barrier_card_create(
            acting_user=world.partner, group=group, text="Neu", perspective=group.tags[0]
        )
    with pytest.raises(ApplicationError):
        services.barrier_vote_add(acting_user=world.partner, card=built.cards[0])
    with pytest.raises(ApplicationError):
        services.focus_group_member_add(
            acting_user=world.coordinator, group=group, user=world.partner2
        )
    with pytest.raises(ApplicationError):
        services.focus_group_join(acting_user=world.partner2, group=group)
    with pytest.raises(ApplicationError):
        services.barrier_cluster_create(acting_user=world.partner, group=group, name="C")
    assert BarrierCard.objects.filter(group=group).count() == 1
    assert not BarrierVote.objects.exists()


def test_dissolving_needs_a_reason(world):
    group = group_world(world).group
    with pytest.raises(ValidationError):
        services.focus_group_dissolve(acting_user=world.coordinator, group=group, reason=" ")
    group.refresh_from_db()
    assert group.is_active


def test_viewer_and_non_members_cannot_add_cards(world):
    group = group_world(world).group
    for user in (world.viewer, world.partner2):
        with pytest.raises(PermissionDeniedError):
            services.barrier_card_create(
                acting_user=user, group=group, text="Neu", perspective=group.tags[0]
            )


def test_card_needs_text_and_one_of_the_groups_perspectives(world):
    group = group_world(world).group
    with pytest.raises(ValidationError):
        services.barrier_card_create(
            acting_user=world.partner, group=group, text="  ", perspective=group.tags[0]
        )
    with pytest.raises(ValidationError):
        services.barrier_card_create(
            acting_user=world.partner, group=group, text="Text", perspective="Erfunden"
        )
    assert not BarrierCard.objects.exists()


def test_partner_joins_and_leaves_an_open_group(world):
    group = group_world(world).group
    services.focus_group_join(acting_user=world.partner2, group=group)
    assert group.members.filter(user=world.partner2).exists()
    services.focus_group_leave(acting_user=world.partner2, group=group)
    assert not group.members.filter(user=world.partner2).exists()


def test_nobody_joins_a_closed_group_on_their_own(world):
    group = group_world(world, open_to_join=False).group
    with pytest.raises(PermissionDeniedError):
        services.focus_group_join(acting_user=world.partner2, group=group)
    # A member adds them instead.
    services.focus_group_member_add(acting_user=world.partner, group=group, user=world.partner2)
    assert group.members.filter(user=world.partner2).exists()


def test_participant_joins_only_when_added(world):
    other = UserFactory(email="teilnehmerin@example.org")
    MembershipFactory(user=other, initiative=world.initiative, role="participant")
    group = group_world(world).group
    with pytest.raises(PermissionDeniedError):
        services.focus_group_join(acting_user=other, group=group)
    services.focus_group_member_add(acting_user=world.coordinator, group=group, user=other)
    assert FocusGroupMember.objects.filter(group=group, user=other).exists()


def test_participant_may_not_add_members(world):
    group = group_world(world).group
    with pytest.raises(PermissionDeniedError):
        services.focus_group_member_add(
            acting_user=world.participant, group=group, user=world.partner2
        )


def test_problem_is_agreed_by_majority_and_changing_it_asks_again(world):
    group = group_world(world).group  # three members
    services.problem_statement_save(
        acting_user=world.partner, group=group, affected="A", hindrance="B", change="C"
    )
    statement = services.problem_statement_agree(acting_user=world.partner, group=group)
    assert not statement.is_agreed  # 1 of 3
    statement = services.problem_statement_agree(acting_user=world.participant, group=group)
    assert statement.is_agreed  # 2 of 3
    statement = services.problem_statement_save(
        acting_user=world.partner, group=group, affected="A", hindrance="B2", change="C"
    )
    assert not statement.is_agreed
    assert not statement.agreements.exists()


def test_coordinator_confirms_the_problem_for_the_group(world):
    group = group_world(world).group
    services.problem_statement_save(
        acting_user=world.coordinator, group=group, affected="A", hindrance="B", change="C"
    )
    with pytest.raises(PermissionDeniedError):
        services.problem_statement_confirm(acting_user=world.partner, group=group)
    statement = services.problem_statement_confirm(acting_user=world.coordinator, group=group)
    assert statement.is_agreed
    assert statement.confirmed_by == world.coordinator


def test_partner_cannot_skip_an_unmet_gate_but_coordinator_can_with_a_note(world):
    group = group_world(world).group
    with pytest.raises(PermissionDeniedError):
        services.focus_group_stage_advance(acting_user=world.partner, group=group)
    with pytest.raises(ValidationError):
        services.focus_group_stage_advance(acting_user=world.coordinator, group=group)
    services.focus_group_stage_advance(
        acting_user=world.coordinator, group=group, note="Erste Sitzung war in Präsenz."
    )
    group.refresh_from_db()
    assert group.stage == 2
    assert group.stage_note == "Erste Sitzung war in Präsenz."


def test_moving_on_from_a_step_the_group_has_left_is_refused(world):
    group = group_world(world).group
    note = "Erste Sitzung war in Präsenz."
    services.focus_group_stage_advance(
        acting_user=world.coordinator, group=group, note=note, from_stage=1
    )
    stale = FocusGroup.objects.get(pk=group.pk)
    stale.stage = 1  # what the second click still believed
    with pytest.raises(ApplicationError) as refused:
        services.focus_group_stage_advance(
            acting_user=world.coordinator, group=stale, note="Noch einmal", from_stage=1
        )
    assert refused.value.message in (
        "Die Gruppe ist bereits bei Schritt 2.",
        "The group is already at step 2.",  # until the catalogue is compiled
    )
    group.refresh_from_db()
    assert (group.stage, group.stage_note) == (2, note)


def test_partner_moves_on_when_the_step_is_complete(world):
    group = group_world(world).group
    services.problem_statement_save(
        acting_user=world.partner, group=group, affected="A", hindrance="B", change="C"
    )
    services.problem_statement_confirm(acting_user=world.coordinator, group=group)
    services.focus_group_stage_advance(acting_user=world.partner, group=group)
    group.refresh_from_db()
    assert group.stage == 2


def test_board_changes_count_up_the_version(world):
    built = group_world(world)
    before = built.group.board_version
    add_cards(world, built, 1)
    cluster = services.barrier_cluster_create(
        acting_user=world.partner, group=built.group, name="Matching"
    )
    services.barrier_card_move(acting_user=world.participant, card=built.cards[0], cluster=cluster)
    services.barrier_vote_add(acting_user=world.participant, card=built.cards[0])
    built.group.refresh_from_db()
    assert built.group.board_version == before + 4


def test_card_cannot_move_into_another_groups_cluster(world):
    built = group_world(world, cards=1)
    other = group_world(world, name="Andere").group
    cluster = services.barrier_cluster_create(acting_user=world.partner, group=other, name="X")
    with pytest.raises(ValidationError):
        services.barrier_card_move(acting_user=world.partner, card=built.cards[0], cluster=cluster)


def test_hidden_authorship_hides_the_author_in_the_board_selector(world):
    built = group_world(world, hide_authorship=True, cards=1)
    board = selectors.board_get(group=built.group, viewer=world.participant)
    card = board.columns[-1].cards[0]
    assert card.author_name is None
    assert not card.is_mine
    own = selectors.board_get(group=built.group, viewer=world.partner).columns[-1].cards[0]
    assert own.is_mine


def test_visible_authorship_shows_the_author(world):
    built = group_world(world, cards=1)
    card = selectors.board_get(group=built.group, viewer=world.participant).columns[-1].cards[0]
    assert card.author_name == world.partner.full_name


def test_a_card_keeps_the_authorship_setting_it_was_written_under(world):
    built = group_world(world, hide_authorship=True, cards=1)
    assert built.cards[0].author_hidden is True
    services.focus_group_update(acting_user=world.partner, group=built.group, hide_authorship=False)
    services.barrier_card_create(
        acting_user=world.partner, group=built.group, text="Später", perspective="Fachkräfte"
    )
    cards = selectors.board_get(group=built.group, viewer=world.participant).columns[-1].cards
    assert [(c.text, c.author_name) for c in cards] == [
        ("Barriere 1", None),
        ("Später", world.partner.full_name),
    ]
    services.focus_group_update(acting_user=world.partner, group=built.group, hide_authorship=True)
    cards = selectors.board_get(group=built.group, viewer=world.participant).columns[-1].cards
    assert cards[1].author_name == world.partner.full_name


def test_diversity_names_missing_perspectives(world):
    # coordinator (backbone), IQ Netzwerk (civil society), participant (target group)
    group = group_world(world).group
    perspectives = selectors.initiative_perspectives(initiative=world.initiative)
    diversity = selectors.group_diversity(members=group.members.all(), perspectives=perspectives)
    assert diversity.present == ["civil_society", "target_group"]
    assert diversity.missing == ["administration", "business"]
    services.focus_group_join(acting_user=world.partner2, group=group)  # IHK: business
    admin = OrganisationFactory(initiative=world.initiative, sector="administration")
    clerk = UserFactory(email="verwaltung@example.org")
    MembershipFactory(user=clerk, initiative=world.initiative, role="partner", organisation=admin)
    services.focus_group_join(acting_user=clerk, group=group)
    perspectives = selectors.initiative_perspectives(initiative=world.initiative)
    diversity = selectors.group_diversity(members=group.members.all(), perspectives=perspectives)
    assert diversity.complete
