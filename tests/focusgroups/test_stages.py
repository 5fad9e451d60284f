import types

from django.utils import timezone, translation

from focusgroups.stages import (
    BoardFacts,
    diversity,
    membership_perspective,
    stage_summary,
    waiting_for,
)
from tests.factories import MembershipFactory, OrganisationFactory


def test_diversity_summary_says_in_words_who_is_missing():
    result = diversity(["civil_society", "administration"])
    assert result.missing == ["business", "target_group"]
    with translation.override("en"):
        assert result.summary == "Still missing: business, the target group's own perspective"


def test_complete_diversity_says_so():
    assert diversity(["administration", "civil_society", "business", "target_group"]).complete


def test_participants_bring_the_target_groups_perspective(world):
    membership = world.participant.memberships.get()
    assert membership_perspective(membership) == "target_group"


def test_self_organisation_of_the_target_group_counts_as_its_perspective(world):
    organisation = OrganisationFactory(initiative=world.initiative, sector="target_group")
    membership = MembershipFactory(
        initiative=world.initiative, role="partner", organisation=organisation
    )
    assert membership_perspective(membership) == "target_group"


def test_step_one_needs_an_agreed_problem():
    steps = stage_summary(current_stage=1, facts=BoardFacts(problem_written=True, member_count=3))
    assert steps[0].state == "current"
    assert not steps[0].ready
    steps = stage_summary(
        current_stage=1, facts=BoardFacts(problem_written=True, problem_agreed=True)
    )
    assert steps[0].ready
    assert [s.state for s in steps] == ["current", "upcoming", "upcoming", "upcoming", "upcoming"]


def test_step_two_needs_enough_cards_with_dots_from_two_perspectives():
    facts = BoardFacts(card_count=6, cards_with_dots=2, dot_count=4, perspective_count=2)
    step = stage_summary(current_stage=2, facts=facts)[1]
    assert len(step.missing) == 1 and "3" in step.missing[0]
    facts = BoardFacts(card_count=6, cards_with_dots=3, dot_count=5, perspective_count=1)
    assert not stage_summary(current_stage=2, facts=facts)[1].ready
    facts = BoardFacts(card_count=5, cards_with_dots=3, dot_count=5, perspective_count=2)
    step = stage_summary(current_stage=2, facts=facts)[1]
    assert step.ready
    assert step.exists


def test_later_steps_say_what_they_will_need():
    steps = stage_summary(current_stage=3, facts=BoardFacts())
    assert steps[0].state == steps[1].state == "done"
    assert steps[2].missing
    assert steps[3].missing


def _step5(**facts):
    with translation.override("en"):
        return stage_summary(current_stage=5, facts=BoardFacts(**facts))[4]


def test_step_five_needs_a_tested_second_round_and_a_final_guide():
    step = _step5()
    assert any("second round" in m for m in step.missing)
    assert any("guide" in m for m in step.missing)
    draft = _step5(second_iterations=1, second_iterations_tested=1, guide_written=True)
    assert draft.missing == [
        "The guide is still a draft: finalise it once every section is written."
    ]
    done = _step5(
        second_iterations=1, second_iterations_tested=1, guide_written=True, guide_final=True
    )
    assert done.missing == []
    assert any("final" in line for line in done.exists)


def test_the_group_facts_see_the_guide(world):
    from focusgroups import selectors
    from focusgroups.models import Guide
    from tests.focusgroups.builders import group_world

    group = group_world(world).group
    facts = selectors.group_facts(group=group)
    assert (facts.guide_written, facts.guide_final) == (False, False)
    guide = Guide.objects.create(group=group)
    facts = selectors.group_facts(group=group)
    assert (facts.guide_written, facts.guide_final) == (True, False)
    Guide.objects.filter(pk=guide.pk).update(status=Guide.Status.FINAL, finalised_at=timezone.now())
    facts = selectors.group_facts(group=group)
    assert (facts.guide_written, facts.guide_final) == (True, True)


def test_waiting_for_names_the_first_missing_thing_and_how_many_more():
    with translation.override("en"):
        text, tone = waiting_for(types.SimpleNamespace(stage=1), BoardFacts())
        assert tone == "warning"
        assert text == stage_summary(current_stage=1, facts=BoardFacts())[0].missing[0]
        text, tone = waiting_for(types.SimpleNamespace(stage=5), BoardFacts())
        assert tone == "warning" and text.endswith("more)")


def test_waiting_for_says_when_a_step_is_done():
    agreed = BoardFacts(problem_written=True, problem_agreed=True)
    with translation.override("en"):
        assert waiting_for(types.SimpleNamespace(stage=1), agreed) == (
            "ready for the next step",
            "",
        )
        done = BoardFacts(
            second_iterations=1, second_iterations_tested=1, guide_written=True, guide_final=True
        )
        assert waiting_for(types.SimpleNamespace(stage=5), done) == ("all five steps are done", "")
