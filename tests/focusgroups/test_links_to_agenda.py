"""Links to the whole: concepts name the objectives of the common agenda they serve (and their
barriers affect those objectives), a prototype's success criterion may name the indicator its
result contributes to; only objectives and indicators of the group's own initiative."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from focusgroups import selectors, services
from focusgroups.models import SolutionConcept, SuccessCriterion
from tests.focusgroups.builders import group_world, guide_world
from tests.focusgroups.prototype_builders import concept_for, prototype_world
from tests.impact.builders import FrameworkBuilder

JSON = "application/json"


@pytest.fixture(autouse=True)
def german():
    with translation.override("de"):
        yield


@pytest.fixture
def framework(world):
    return (
        FrameworkBuilder(world.initiative)
        .goal("Arbeit")
        .objective("Mehr Vermittlungen")
        .indicator("Vermittlungen in Arbeit")
        .objective("Schnellere Anerkennung")
        .indicator("Dauer der Anerkennung")
        .build()
    )


@pytest.fixture
def foreign(world):
    return (
        FrameworkBuilder(world.other_initiative)
        .goal("Kita")
        .objective("Mehr Kitaplätze")
        .indicator("Freie Plätze")
        .build()
    )


def _group_url(name, group, *args):
    return reverse(f"focusgroups:{name}", args=[group.initiative.slug, group.pk, *args])


# Concepts and objectives


def test_member_chooses_objectives_on_the_concept_form_and_sees_them(world, client_for, framework):
    built = group_world(world, cards=2)
    group = built.group
    client = client_for(world.partner)
    form = client.get(_group_url("concept-create", group)).content.decode()
    assert "Mehr Vermittlungen" in form and "Schnellere Anerkennung" in form
    response = client.post(
        _group_url("concept-create", group),
        {
            "title": "Matching-Abend",
            "barriers": [built.cards[0].pk],
            "objectives": [framework.objectives[0].pk],
        },
    )
    assert response.status_code == 302, response.content.decode()
    concept = SolutionConcept.objects.get(group=group)
    assert list(concept.objectives.all()) == [framework.objectives[0]]

    detail = client.get(_group_url("concept-detail", group, concept.pk)).content.decode()
    assert "Mehr Vermittlungen" in detail and "Schnellere Anerkennung" not in detail
    # The barrier it addresses affects the concept's objective; the other card is not listed.
    affects = detail[detail.index('class="kern-body--small barrier-objectives"') :]
    assert "Mehr Vermittlungen" in affects[: affects.index("</span>")]
    assert detail.count("barrier-objectives") == 1
    listing = client.get(_group_url("concept-list", group)).content.decode()
    assert "Mehr Vermittlungen" in listing

    # Changing the concept keeps the choice offered and replaces it.
    edit = client.get(_group_url("concept-update", group, concept.pk)).content.decode()
    assert re.search(rf'value="{framework.objectives[0].pk}"[^>]*checked', edit)
    assert 'value="Matching-Abend"' in edit
    assert not re.search(rf'value="{framework.objectives[1].pk}"[^>]*checked', edit)
    response = client.post(
        _group_url("concept-update", group, concept.pk),
        {"title": "Matching-Abend", "objectives": [framework.objectives[1].pk]},
    )
    assert response.status_code == 302
    assert list(concept.objectives.all()) == [framework.objectives[1]]


def test_concept_form_refuses_an_objective_of_another_initiative(
    world, client_for, framework, foreign
):
    group = group_world(world).group
    response = client_for(world.partner).post(
        _group_url("concept-create", group),
        {"title": "Idee", "objectives": [foreign.objectives[0].pk]},
    )
    assert response.status_code == 422
    assert not SolutionConcept.objects.exists()


def test_barriers_affect_the_objectives_of_every_concept_addressing_them(world, framework):
    built = group_world(world, cards=2)
    services.solution_concept_create(
        acting_user=world.partner,
        group=built.group,
        title="Mentoring",
        barriers=[built.cards[0]],
        objectives=[framework.objectives[1]],
    )
    concept = services.solution_concept_create(
        acting_user=world.partner,
        group=built.group,
        title="Matching",
        barriers=[built.cards[0], built.cards[1]],
        objectives=[framework.objectives[0]],
    )
    affects = selectors.barrier_objectives(concept.barriers.all())
    assert affects[built.cards[0].pk] == [framework.objectives[0], framework.objectives[1]]
    assert affects[built.cards[1].pk] == [framework.objectives[0]]


def test_service_refuses_an_objective_of_another_initiative(world, framework, foreign):
    group = group_world(world).group
    with pytest.raises(ValidationError) as error:
        services.solution_concept_create(
            acting_user=world.partner,
            group=group,
            title="Idee",
            objectives=[framework.objectives[0], foreign.objectives[0]],
        )
    assert "objectives" in error.value.message_dict
    assert not SolutionConcept.objects.exists()

    concept = services.solution_concept_create(
        acting_user=world.partner, group=group, title="Idee", objectives=[framework.objectives[0]]
    )
    with pytest.raises(ValidationError):
        services.solution_concept_update(
            acting_user=world.partner,
            concept=concept,
            title="Idee",
            objectives=[foreign.objectives[0]],
        )
    assert list(concept.objectives.all()) == [framework.objectives[0]]
    # Leaving the objectives out of an update keeps them.
    services.solution_concept_update(acting_user=world.partner, concept=concept, title="Neu")
    assert list(concept.objectives.all()) == [framework.objectives[0]]


def test_api_reads_and_writes_a_concepts_objectives(world, client_for, framework, foreign):
    group = group_world(world).group
    client = client_for(world.participant)
    response = client.post(
        "/api/v1/solution-concepts/",
        {"group": group.pk, "title": "Mentoring", "objectives": [framework.objectives[1].pk]},
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    assert response.json()["objectives"] == [framework.objectives[1].pk]
    response = client.post(
        "/api/v1/solution-concepts/",
        {"group": group.pk, "title": "Kita", "objectives": [foreign.objectives[0].pk]},
        content_type=JSON,
    )
    assert response.status_code == 400, response.content
    assert "objectives" in response.content.decode()
    assert SolutionConcept.objects.count() == 1
    rows = client_for(world.viewer).get("/api/v1/solution-concepts/").json()["results"]
    assert [r["objectives"] for r in rows] == [[framework.objectives[1].pk]]


# Success criteria and indicators


def test_criterion_with_an_indicator_is_shown_on_the_prototype_page(world, client_for, framework):
    built = prototype_world(world, criteria=0)
    group = built.group
    indicator = framework.indicator("Vermittlungen in Arbeit")
    client = client_for(world.partner)
    url = _group_url("prototype-detail", group, built.prototype.pk)
    assert "Vermittlungen in Arbeit" in client.get(url).content.decode()  # offered in the form
    response = client.post(
        _group_url("criterion-create", group, built.prototype.pk),
        {
            "criterion-description": "Teilnehmende mit Zusage",
            "criterion-direction": "at_least",
            "criterion-target_value": "5",
            "criterion-unit": "Personen",
            "criterion-indicator": indicator.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()
    criterion = SuccessCriterion.objects.get(prototype=built.prototype)
    assert criterion.indicator == indicator
    page = client.get(url).content.decode()
    assert "criterion-indicator" in page
    row = page[page.index("Teilnehmende mit Zusage") :]
    assert "Vermittlungen in Arbeit" in row[: row.index("</th>")]


def test_criterion_form_and_service_refuse_an_indicator_of_another_initiative(
    world, client_for, framework, foreign
):
    built = prototype_world(world, criteria=0)
    other = foreign.indicator("Freie Plätze")
    response = client_for(world.partner).post(
        _group_url("criterion-create", built.group, built.prototype.pk),
        {
            "criterion-description": "Zusagen",
            "criterion-direction": "at_least",
            "criterion-target_value": "5",
            "criterion-indicator": other.pk,
        },
    )
    assert response.status_code == 422
    with pytest.raises(ValidationError) as error:
        services.success_criterion_add(
            acting_user=world.partner,
            prototype=built.prototype,
            description="Zusagen",
            direction="at_least",
            target_value=Decimal("5"),
            indicator=other,
        )
    assert "indicator" in error.value.message_dict
    assert not SuccessCriterion.objects.filter(prototype=built.prototype).exists()


def test_api_criterion_names_an_indicator_of_the_initiative_only(
    world, client_for, framework, foreign
):
    group = group_world(world).group
    prototype = services.prototype_create(
        acting_user=world.partner, group=group, concept=concept_for(group), title="Test"
    )
    client = client_for(world.partner)
    body = {"prototype": prototype.pk, "description": "Zusagen", "direction": "at_least"}
    response = client.post(
        "/api/v1/success-criteria/",
        {**body, "target_value": 3, "indicator": foreign.indicator("Freie Plätze").pk},
        content_type=JSON,
    )
    assert response.status_code == 400
    assert "indicator" in response.content.decode()
    indicator = framework.indicator("Dauer der Anerkennung")
    response = client.post(
        "/api/v1/success-criteria/",
        {**body, "target_value": 3, "indicator": indicator.pk},
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    assert response.json()["indicator"] == indicator.pk
    listed = client.get(f"/api/v1/prototypes/{prototype.pk}/").json()
    assert listed["criteria"][0]["indicator"] == indicator.pk


def test_assembled_guide_names_the_indicator_a_result_contributes_to(world, framework):
    built = guide_world(world)
    criterion = SuccessCriterion.objects.get(
        description="Teilnehmende mit Vorstellungsgespräch", prototype__previous__isnull=True
    )
    criterion.indicator = framework.indicator("Vermittlungen in Arbeit")
    criterion.save()
    with translation.override("en"):
        guide = services.guide_assemble(acting_user=world.partner, group=built.group)
    line = next(
        line
        for line in guide.results.splitlines()
        if "Teilnehmende mit Vorstellungsgespräch" in line
    )
    assert line.endswith("(contributes to indicator Vermittlungen in Arbeit)")
    others = [line for line in guide.results.splitlines() if "Wartezeit" in line]
    assert others and "contributes to indicator" not in others[0]


def test_second_round_keeps_the_indicator_of_each_criterion(world, framework):
    built = prototype_world(world, criteria=1)
    criterion = built.prototype.criteria.get()
    indicator = framework.indicator("Vermittlungen in Arbeit")
    services.success_criterion_update(
        acting_user=world.partner,
        criterion=criterion,
        description=criterion.description,
        direction=criterion.direction,
        target_value=criterion.target_value,
        unit=criterion.unit,
        indicator=indicator,
    )
    built.prototype.status = built.prototype.Status.EVALUATED
    built.prototype.save()
    second = services.prototype_iterate(
        acting_user=world.partner,
        prototype=built.prototype,
        title="Zweite Runde",
        changes_from_previous="Mehr Zeit",
    )
    assert [c.indicator for c in second.criteria.all()] == [indicator]


# Participants do not see the results framework (DOMAIN.md), in these forms neither


def test_participant_concept_form_offers_no_objectives_and_keeps_the_chosen(
    world, client_for, framework
):
    built = group_world(world, cards=1)
    group = built.group
    client = client_for(world.participant)
    form = client.get(_group_url("concept-create", group)).content.decode()
    assert 'name="objectives"' not in form
    assert "Mehr Vermittlungen" not in form and "Schnellere Anerkennung" not in form
    response = client.post(
        _group_url("concept-create", group),
        {"title": "Matching-Abend", "barriers": [built.cards[0].pk]},
    )
    assert response.status_code == 302, response.content.decode()
    concept = SolutionConcept.objects.get(group=group)
    services.solution_concept_update(
        acting_user=world.partner,
        concept=concept,
        title="Matching-Abend",
        objectives=[framework.objectives[0]],
    )
    edit = client.get(_group_url("concept-update", group, concept.pk)).content.decode()
    assert "Mehr Vermittlungen" not in edit and "Schnellere Anerkennung" not in edit
    response = client.post(
        _group_url("concept-update", group, concept.pk), {"title": "Matching-Abend im Mai"}
    )
    assert response.status_code == 302
    concept.refresh_from_db()
    assert concept.title == "Matching-Abend im Mai"
    assert list(concept.objectives.all()) == [framework.objectives[0]]


def test_participant_sees_no_indicators_on_the_prototype_page_and_keeps_the_chosen(
    world, client_for, framework
):
    built = prototype_world(world, criteria=0)
    group, prototype = built.group, built.prototype
    indicator = framework.indicator("Vermittlungen in Arbeit")
    criterion = services.success_criterion_add(
        acting_user=world.partner,
        prototype=prototype,
        description="Teilnehmende mit Zusage",
        direction="at_least",
        target_value=Decimal("5"),
        indicator=indicator,
    )
    client = client_for(world.participant)
    page = client.get(_group_url("prototype-detail", group, prototype.pk)).content.decode()
    assert "Teilnehmende mit Zusage" in page
    assert "Vermittlungen in Arbeit" not in page and "Dauer der Anerkennung" not in page
    assert "criterion-indicator" not in page
    edit_url = _group_url("criterion-update", group, prototype.pk, criterion.pk)
    edit = client.get(edit_url).content.decode()
    assert "Vermittlungen in Arbeit" not in edit and 'name="criterion-indicator"' not in edit
    response = client.post(
        edit_url,
        {
            "criterion-description": "Teilnehmende mit Zusage",
            "criterion-direction": "at_least",
            "criterion-target_value": "6",
            "criterion-unit": "Personen",
        },
    )
    assert response.status_code == 302, response.content.decode()
    criterion.refresh_from_db()
    assert (criterion.target_value, criterion.indicator) == (Decimal("6"), indicator)
    response = client.post(
        _group_url("criterion-create", group, prototype.pk),
        {
            "criterion-description": "Gespräche",
            "criterion-direction": "at_least",
            "criterion-target_value": "10",
            "criterion-indicator": indicator.pk,  # not offered, so not taken
        },
    )
    assert response.status_code == 302, response.content.decode()
    assert SuccessCriterion.objects.get(description="Gespräche").indicator is None
