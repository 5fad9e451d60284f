"""Services of steps 4 and 5: prototypes, criteria, status rules, results, the second round,
feedback links, and who may do what (denials included)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from core.errors import ApplicationError, PermissionDeniedError
from core.models import AuditEvent
from focusgroups import services
from focusgroups.models import FeedbackResponse, Prototype, SuccessCriterion
from focusgroups.stages import BoardFacts, stage_summary
from tests.focusgroups.builders import group_world
from tests.focusgroups.prototype_builders import concept_for, mark_tested, prototype_world


def test_prototype_starts_planned_and_is_audited(world):
    built = prototype_world(world, criteria=0)
    assert built.prototype.status == Prototype.Status.PLANNED
    assert built.prototype.created_by == world.partner
    assert AuditEvent.objects.filter(verb="prototype.created").count() == 1


def test_concept_of_another_group_is_refused(world):
    group = group_world(world).group
    other = group_world(world, name="Andere Gruppe").group
    with pytest.raises(ValidationError) as error:
        services.prototype_create(
            acting_user=world.partner, group=group, concept=concept_for(other), title="X"
        )
    assert "concept" in error.value.message_dict
    assert not Prototype.objects.exists()


def test_empty_title_is_refused(world):
    group = group_world(world).group
    with pytest.raises(ValidationError) as error:
        services.prototype_create(
            acting_user=world.partner, group=group, concept=concept_for(group), title="  "
        )
    assert "title" in error.value.message_dict


@pytest.mark.parametrize("role", ["viewer", "partner2", "other_coordinator", "outsider"])
def test_people_outside_the_group_cannot_plan_prototypes(world, role):
    group = group_world(world).group
    with pytest.raises(PermissionDeniedError):
        services.prototype_create(
            acting_user=world.user(role), group=group, concept=concept_for(group), title="X"
        )


def test_participant_of_the_group_and_any_coordinator_may_plan(world):
    group = group_world(world).group
    concept = concept_for(group)
    for user in (world.participant, world.coordinator):
        services.prototype_create(acting_user=user, group=group, concept=concept, title="T")
    assert Prototype.objects.filter(group=group).count() == 2


def test_criterion_needs_what_and_how_much(world):
    built = prototype_world(world, criteria=0)
    with pytest.raises(ValidationError) as error:
        services.success_criterion_add(
            acting_user=world.partner,
            prototype=built.prototype,
            description=" ",
            direction="sometimes",
            target_value=None,
        )
    assert set(error.value.message_dict) == {"description", "direction", "target_value"}
    assert not SuccessCriterion.objects.exists()


def test_is_met_follows_the_direction(world):
    built = prototype_world(world, criteria=3)
    mark_tested(built, user=world.partner, values={0: "6", 1: "40", 2: "20"})
    met = [c.is_met for c in SuccessCriterion.objects.order_by("pk")]
    # at least 5 → 6 met; at least 60 % → 40 missed; at most 20 minutes → 20 met
    assert met == [True, False, True]


def test_tested_needs_a_criterion(world):
    built = prototype_world(world, criteria=0)
    with pytest.raises(ApplicationError) as error:
        services.prototype_status_set(
            acting_user=world.partner, prototype=built.prototype, status="tested"
        )
    assert error.value.code == "no_criteria"


def test_tested_refuses_a_test_date_still_to_come(world):
    built = prototype_world(world, criteria=1)
    services.prototype_update(
        acting_user=world.partner,
        prototype=built.prototype,
        test_date=datetime.date.today() + datetime.timedelta(days=7),
    )
    with pytest.raises(ApplicationError) as error:
        services.prototype_status_set(
            acting_user=world.partner, prototype=built.prototype, status="tested"
        )
    assert error.value.code == "test_in_future"


def test_evaluated_needs_a_result_for_every_criterion(world):
    built = mark_tested(prototype_world(world, criteria=2), user=world.partner, values={0: "3"})
    with pytest.raises(ApplicationError) as error:
        services.prototype_status_set(
            acting_user=world.partner, prototype=built.prototype, status="evaluated"
        )
    assert error.value.code == "results_missing"
    assert "1" in error.value.message
    services.prototype_results_save(
        acting_user=world.partner,
        prototype=built.prototype,
        results={built.criteria[1].pk: (Decimal("70"), "Umfrage")},
    )
    services.prototype_status_set(
        acting_user=world.partner, prototype=built.prototype, status="evaluated"
    )
    assert Prototype.objects.get().status == "evaluated"


def test_planned_cannot_jump_to_evaluated(world):
    built = prototype_world(world, criteria=1)
    with pytest.raises(ApplicationError) as error:
        services.prototype_status_set(
            acting_user=world.partner, prototype=built.prototype, status="evaluated"
        )
    assert error.value.code == "status_transition"


def test_back_to_planned_is_refused_once_results_exist(world):
    built = mark_tested(prototype_world(world, criteria=1), user=world.partner, values={0: "5"})
    with pytest.raises(ApplicationError) as error:
        services.prototype_status_set(
            acting_user=world.partner, prototype=built.prototype, status="planned"
        )
    assert error.value.code == "results_entered"


def test_criteria_are_fixed_after_the_test(world):
    built = mark_tested(prototype_world(world, criteria=1), user=world.partner)
    criterion = built.criteria[0]
    with pytest.raises(ApplicationError) as error:
        services.success_criterion_update(
            acting_user=world.partner,
            criterion=criterion,
            description="Anders",
            direction="at_least",
            target_value=Decimal("1"),
        )
    assert error.value.code == "criteria_fixed"
    with pytest.raises(ApplicationError):
        services.success_criterion_delete(acting_user=world.partner, criterion=criterion)
    assert SuccessCriterion.objects.get().description == criterion.description


def test_results_only_after_the_test(world):
    built = prototype_world(world, criteria=1)
    with pytest.raises(ApplicationError) as error:
        services.prototype_results_save(
            acting_user=world.partner,
            prototype=built.prototype,
            results={built.criteria[0].pk: (Decimal("5"), "")},
        )
    assert error.value.code == "not_tested"
    assert SuccessCriterion.objects.get().actual_value is None


def test_results_refuse_a_criterion_of_another_prototype(world):
    first = mark_tested(prototype_world(world, criteria=1), user=world.partner)
    second = prototype_world(world, group=first.group, criteria=1)
    with pytest.raises(ValidationError):
        services.prototype_results_save(
            acting_user=world.partner,
            prototype=first.prototype,
            results={second.criteria[0].pk: (Decimal("5"), "")},
        )


def test_second_round_copies_criteria_without_results(world):
    built = mark_tested(
        prototype_world(world, criteria=2), user=world.partner, values={0: "3", 1: "70"}
    )
    new = services.prototype_iterate(
        acting_user=world.participant,
        prototype=built.prototype,
        changes_from_previous="Mehr Zeit pro Gespräch.",
    )
    assert new.previous == built.prototype
    assert new.status == "planned"
    assert new.concept_id == built.concept.pk
    assert new.title.startswith("Matching-Abend im Rathaus (")
    copies = list(new.criteria.order_by("pk"))
    assert [c.description for c in copies] == [c.description for c in built.criteria]
    assert [c.target_value for c in copies] == [c.target_value for c in built.criteria]
    assert all(c.actual_value is None for c in copies)
    assert new.changes_from_previous == "Mehr Zeit pro Gespräch."


def test_second_round_needs_a_test_and_the_changes(world):
    built = prototype_world(world, criteria=1)
    with pytest.raises(ApplicationError) as error:
        services.prototype_iterate(
            acting_user=world.partner, prototype=built.prototype, changes_from_previous="X"
        )
    assert error.value.code == "not_tested"
    mark_tested(built, user=world.partner)
    with pytest.raises(ValidationError) as error:
        services.prototype_iterate(
            acting_user=world.partner, prototype=built.prototype, changes_from_previous=" "
        )
    assert "changes_from_previous" in error.value.message_dict
    services.prototype_iterate(
        acting_user=world.partner, prototype=built.prototype, changes_from_previous="X"
    )
    with pytest.raises(ApplicationError) as error:
        services.prototype_iterate(
            acting_user=world.partner, prototype=built.prototype, changes_from_previous="Y"
        )
    assert error.value.code == "already_iterated"
    assert Prototype.objects.count() == 2


def test_dissolved_group_accepts_no_prototype_work(world):
    built = mark_tested(prototype_world(world, criteria=1), user=world.partner)
    link = services.feedback_link_create(acting_user=world.partner, prototype=built.prototype)
    services.focus_group_dissolve(acting_user=world.coordinator, group=built.group, reason="Gelöst")
    calls = [
        lambda: services.prototype_create(
            acting_user=world.coordinator, group=built.group, concept=built.concept, title="X"
        ),
        lambda: services.prototype_update(
            acting_user=world.coordinator, prototype=built.prototype, title="Y"
        ),
        lambda: services.prototype_results_save(
            acting_user=world.coordinator, prototype=built.prototype, results={}
        ),
        lambda: services.prototype_iterate(
            acting_user=world.coordinator, prototype=built.prototype, changes_from_previous="X"
        ),
        lambda: services.feedback_link_create(
            acting_user=world.coordinator, prototype=built.prototype
        ),
        lambda: services.feedback_submit(link=link, rating=5, consent=True),
    ]
    for call in calls:
        with pytest.raises(ApplicationError):
            call()
    assert Prototype.objects.count() == 1
    assert not FeedbackResponse.objects.exists()


def test_feedback_link_has_an_unguessable_token_and_can_be_closed(world):
    built = prototype_world(world, criteria=1)
    first = services.feedback_link_create(acting_user=world.partner, prototype=built.prototype)
    second = services.feedback_link_create(acting_user=world.partner, prototype=built.prototype)
    assert first.token != second.token and len(first.token) >= 32
    services.feedback_link_close(acting_user=world.partner, link=first)
    with pytest.raises(ApplicationError) as error:
        services.feedback_submit(link=first, rating=4, consent=True)
    assert error.value.code == "link_closed"
    with pytest.raises(PermissionDeniedError):
        services.feedback_link_close(acting_user=world.viewer, link=second)


def test_feedback_needs_consent_and_a_rating_from_1_to_5(world):
    built = prototype_world(world, criteria=1)
    link = services.feedback_link_create(acting_user=world.partner, prototype=built.prototype)
    with pytest.raises(ValidationError) as error:
        services.feedback_submit(link=link, rating=6, consent=False)
    assert set(error.value.message_dict) == {"consent", "rating"}
    answer = services.feedback_submit(link=link, rating=5, went_well=" Gut ", consent=True)
    assert answer.went_well == "Gut" and answer.prototype == built.prototype


def test_old_feedback_is_purged(world):
    built = prototype_world(world, criteria=1)
    link = services.feedback_link_create(acting_user=world.partner, prototype=built.prototype)
    services.feedback_submit(link=link, rating=5, consent=True)
    now = datetime.datetime.now(tz=datetime.UTC)
    assert services.feedback_purge_expired(now=now) == 0
    assert services.feedback_purge_expired(now=now + datetime.timedelta(days=366)) == 1
    assert not FeedbackResponse.objects.exists()


# The gates of steps 4 and 5


def _step(facts, number):
    with translation.override("en"):
        return stage_summary(current_stage=number, facts=facts)[number - 1]


def test_step_four_lists_what_is_missing_and_is_ready_with_everything():
    empty = _step(BoardFacts(), 4)
    assert len(empty.missing) == 4 and not empty.ready
    done = _step(
        BoardFacts(
            prototype_count=1,
            prototypes_with_criteria=1,
            prototypes_with_results=1,
            prototypes_tested=1,
            feedback_count=3,
        ),
        4,
    )
    assert done.ready
    assert any("3" in text for text in done.exists)


def test_step_five_asks_for_a_second_round_and_its_test():
    assert "second round" in _step(BoardFacts(), 5).missing[0]
    planned = _step(BoardFacts(second_iterations=1), 5)
    assert any("test of the second round" in text for text in planned.missing)
    tested_round = _step(BoardFacts(second_iterations=1, second_iterations_tested=1), 5)
    assert not any("second round" in text for text in tested_round.missing)


def test_group_facts_count_prototypes_results_feedback_and_rounds(world):
    from focusgroups.selectors import group_facts

    built = mark_tested(
        prototype_world(world, criteria=2), user=world.partner, values={0: "5", 1: "70"}
    )
    link = services.feedback_link_create(acting_user=world.partner, prototype=built.prototype)
    services.feedback_submit(link=link, rating=4, consent=True)
    services.feedback_submit(link=link, rating=2, consent=True)
    services.prototype_iterate(
        acting_user=world.partner, prototype=built.prototype, changes_from_previous="X"
    )
    facts = group_facts(group=built.group)
    assert facts.prototype_count == 2
    assert facts.prototypes_with_criteria == 2
    assert facts.prototypes_with_results == 1
    assert facts.prototypes_tested == 1
    assert facts.feedback_count == 2
    assert facts.second_iterations == 1 and facts.second_iterations_tested == 0
