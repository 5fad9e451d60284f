"""The guide (Leitfaden): assembled from the group's content, edited by the group, locked when
final and reopened by the backbone office; what became of the practice and the links to the
common agenda's objectives."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from core.errors import ApplicationError, PermissionDeniedError
from core.models import AuditEvent
from focusgroups import services
from focusgroups.guide import TOP_BARRIERS, number
from focusgroups.models import FocusGroup, Guide
from tests.focusgroups.builders import add_cards, group_world, guide_world
from tests.impact.builders import FrameworkBuilder


@pytest.fixture(autouse=True)
def german():
    with translation.override("de"):
        yield


@pytest.fixture
def built(world):
    return guide_world(world)


def _assemble(world, built, user=None):
    return services.guide_assemble(acting_user=user or world.partner, group=built.group)


def test_assembly_puts_the_problem_statement_into_the_problem_section(world, built):
    guide = _assemble(world, built)
    assert "Das Matching zwischen Fachkräften und Unternehmen funktioniert nicht." in guide.problem
    assert "Internationale Fachkräfte mit anerkanntem Abschluss" in guide.problem
    assert built.group.desired_change in guide.problem
    assert guide.status == Guide.Status.DRAFT and guide.assembled_at is not None


def test_assembly_orders_barriers_by_dots_and_names_their_perspective(world, built):
    guide = _assemble(world, built)
    lines = guide.barriers.splitlines()
    ranked = [line for line in lines if line[:2] in {"1.", "2.", "3.", "4.", "5."}]
    assert ranked[0].startswith("1. Unternehmen wissen nicht, wo sie Fachkräfte finden.")
    assert "Arbeitgebende" in ranked[0] and "Matching" in ranked[0]
    assert ranked[1].startswith("2. Ohne Kitaplatz keine Vollzeitstelle.")
    assert "Fachkräfte" in ranked[1]
    assert ranked[2].startswith("3. Stellenanzeigen verlangen deutsche Abschlüsse.")
    # Equal dots: in the order written.
    assert ranked[3].startswith("4. Anerkennungsbescheide") and ranked[4].startswith("5. Bewerb")


def test_assembly_names_only_the_top_barriers_and_counts_the_rest(world, built):
    add_cards(world, built, TOP_BARRIERS)
    guide = _assemble(world, built)
    assert f"{TOP_BARRIERS}. " in guide.barriers
    assert f"{TOP_BARRIERS + 1}. " not in guide.barriers
    assert "5" in guide.barriers.splitlines()[-1]  # 15 cards, 10 named, 5 counted


def test_assembly_shows_concepts_with_the_barriers_they_address(world, built):
    guide = _assemble(world, built)
    assert "Matching-Abend" in guide.concept
    assert "Fachkräfte und Unternehmen lernen sich" in guide.concept
    assert "Stellenanzeigen verlangen deutsche Abschlüsse." in guide.concept
    assert "Ohne Kitaplatz" not in guide.concept  # not addressed by the concept


def test_assembly_compares_each_criterion_with_its_target_in_german_numbers(world, built):
    guide = _assemble(world, built)
    results = guide.results
    assert "Matching-Abend im Rathaus (12. März 2025, Rathaus Neukölln)" in results
    lines = {line.split(":")[0].lstrip("\u2013 "): line for line in results.splitlines()}
    interview = [line for line in results.splitlines() if "7 Personen" in line]
    assert interview and "5 Personen" in interview[0]
    satisfaction = lines["Zufriedenheit der Teilnehmenden"]
    assert "1.234,5 Punkte" in satisfaction and "1.000,25 Punkte" in satisfaction
    # Met, not met, no result: three different verdicts.
    verdicts = {
        translation.gettext("reached"),
        translation.gettext("not reached"),
        translation.gettext("no result yet"),
    }
    assert all(any(v in line for line in results.splitlines()) for v in verdicts)
    assert satisfaction.rstrip(".").endswith(translation.gettext("not reached"))
    assert "11 Personen" in results  # the second iteration


def test_assembly_records_what_the_second_iteration_changed_and_the_lessons(world, built):
    guide = _assemble(world, built)
    assert "Matching-Abend mit Profilen" in guide.improvements
    assert "Profile werden eine Woche vorher" in guide.improvements
    assert "Die Unternehmen brauchen vorher Profile" in guide.lessons


def test_assembly_of_an_empty_group_leaves_the_later_sections_empty(world):
    group = group_world(world).group
    guide = services.guide_assemble(acting_user=world.partner, group=group)
    assert group.target_group in guide.problem
    assert guide.barriers == guide.concept == guide.results == guide.improvements == ""


def test_assembly_never_names_who_wrote_a_card(world):
    built = group_world(world, hide_authorship=True, cards=2)
    guide = services.guide_assemble(acting_user=world.coordinator, group=built.group)
    text = "\n".join(text for _name, _title, text in guide.section_list())
    assert world.partner.full_name not in text and world.partner.email not in text


def test_assembly_names_outcome_and_objectives_in_the_recommendations(world, built):
    fw = FrameworkBuilder(world.initiative).goal("Arbeit").objective("Mehr Vermittlungen").build()
    services.focus_group_links_set(
        acting_user=world.partner, group=built.group, objectives=fw.objectives
    )
    services.focus_group_outcome_set(
        acting_user=world.partner,
        group=built.group,
        outcome=FocusGroup.Outcome.PERMANENT,
        where="Regelangebot des Jobcenters Mitte",
        date=datetime.date(2025, 9, 1),
    )
    guide = _assemble(world, built)
    assert "Regelangebot des Jobcenters Mitte" in guide.recommendations
    assert "1. September 2025" in guide.recommendations
    assert "Mehr Vermittlungen" in guide.recommendations


def test_assembling_again_replaces_the_text_and_editing_keeps_it(world, built):
    _assemble(world, built)
    guide = services.guide_update(
        acting_user=world.participant, group=built.group, lessons="Früh die Profile klären."
    )
    assert guide.lessons == "Früh die Profile klären." and guide.updated_by == world.participant
    guide = _assemble(world, built)
    assert "Früh die Profile" not in guide.lessons
    assert Guide.objects.filter(group=built.group).count() == 1


def test_number_formats_like_the_active_language():
    assert number(1234) == "1.234"
    assert number("1000.50") == "1.000,5"
    with translation.override("en"):
        assert number("1234.5") == "1,234.5"


# --- finalise and reopen


def _complete(world, built):
    _assemble(world, built)
    return services.guide_update(
        acting_user=world.partner, group=built.group, recommendations="Als Regelangebot."
    )


def test_finalising_needs_the_required_sections(world, built):
    guide = _assemble(world, built)
    assert guide.recommendations == ""
    with pytest.raises(ValidationError) as error:
        services.guide_finalise(acting_user=world.partner, group=built.group)
    assert str(Guide._meta.get_field("recommendations").verbose_name) in str(error.value)
    guide.refresh_from_db()
    assert guide.status == Guide.Status.DRAFT


def test_final_guide_is_locked_until_a_coordinator_reopens_it(world, built):
    _complete(world, built)
    guide = services.guide_finalise(acting_user=world.partner, group=built.group)
    assert guide.is_final and guide.finalised_by == world.partner
    for call in (
        lambda: services.guide_update(acting_user=world.partner, group=built.group, lessons="x"),
        lambda: services.guide_assemble(acting_user=world.coordinator, group=built.group),
    ):
        with pytest.raises(ApplicationError) as refused:
            call()
        assert refused.value.code == "guide_final"
    with pytest.raises(PermissionDeniedError):
        services.guide_reopen(acting_user=world.partner, group=built.group)
    guide = services.guide_reopen(acting_user=world.coordinator, group=built.group)
    assert not guide.is_final and guide.finalised_at is None
    services.guide_update(acting_user=world.partner, group=built.group, lessons="Neu.")
    assert AuditEvent.objects.filter(verb="focus_group.guide_reopened").count() == 1


def test_participant_member_may_edit_but_not_finalise(world, built):
    _complete(world, built)
    services.guide_update(acting_user=world.participant, group=built.group, lessons="Aus Sicht.")
    with pytest.raises(PermissionDeniedError):
        services.guide_finalise(acting_user=world.participant, group=built.group)


@pytest.mark.parametrize("role", ["viewer", "partner2", "other_coordinator", "outsider"])
def test_people_outside_the_group_may_not_write_the_guide(world, built, role):
    with pytest.raises(PermissionDeniedError):
        services.guide_assemble(acting_user=world.user(role), group=built.group)
    with pytest.raises(PermissionDeniedError):
        services.guide_update(acting_user=world.user(role), group=built.group, lessons="x")
    assert not Guide.objects.exists()


def test_a_dissolved_group_accepts_no_guide_changes(world, built):
    _complete(world, built)
    services.focus_group_dissolve(acting_user=world.coordinator, group=built.group, reason="Ende")
    with pytest.raises(ApplicationError) as refused:
        services.guide_update(acting_user=world.partner, group=built.group, lessons="x")
    assert refused.value.code == "group_dissolved"


# --- outcome and links


def test_outcome_needs_place_and_date_and_can_be_cleared(world, built):
    group = built.group
    with pytest.raises(ValidationError) as error:
        services.focus_group_outcome_set(
            acting_user=world.partner, group=group, outcome="scaled", where=" "
        )
    assert set(error.value.message_dict) == {"where", "date"}
    group.refresh_from_db()
    assert group.outcome == ""
    services.focus_group_outcome_set(
        acting_user=world.partner,
        group=group,
        outcome="scaled",
        where="Drei weitere Bezirke",
        date=datetime.date(2025, 10, 1),
    )
    group.refresh_from_db()
    assert (group.outcome, group.outcome_where) == ("scaled", "Drei weitere Bezirke")
    services.focus_group_outcome_set(acting_user=world.partner, group=group, outcome="")
    group.refresh_from_db()
    assert (group.outcome, group.outcome_where, group.outcome_date) == ("", "", None)


@pytest.mark.parametrize("role", ["viewer", "participant", "other_coordinator"])
def test_only_those_who_run_the_group_record_the_outcome(world, built, role):
    with pytest.raises(PermissionDeniedError):
        services.focus_group_outcome_set(
            acting_user=world.user(role),
            group=built.group,
            outcome="permanent",
            where="Jobcenter",
            date=datetime.date(2025, 1, 1),
        )


def test_links_accept_only_the_initiatives_objectives_and_their_indicators(world, built):
    fw = (
        FrameworkBuilder(world.initiative)
        .goal("Arbeit")
        .objective("Mehr Vermittlungen")
        .indicator("Vermittlungen")
        .objective("Schnellere Anerkennung")
        .indicator("Dauer")
        .build()
    )
    other = FrameworkBuilder(world.other_initiative).goal("Kita").objective("Mehr Plätze").build()
    group = built.group
    with pytest.raises(ValidationError) as error:
        services.focus_group_links_set(
            acting_user=world.partner, group=group, objectives=other.objectives
        )
    assert "objectives" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.focus_group_links_set(
            acting_user=world.partner,
            group=group,
            objectives=[fw.objectives[0]],
            indicators=[fw.indicator("Dauer")],
        )
    assert "indicators" in error.value.message_dict
    assert not group.objectives.exists()
    services.focus_group_links_set(
        acting_user=world.partner,
        group=group,
        objectives=[fw.objectives[0]],
        indicators=[fw.indicator("Vermittlungen")],
    )
    assert list(group.objectives.all()) == [fw.objectives[0]]
    assert list(fw.objectives[0].focus_groups.all()) == [group]
