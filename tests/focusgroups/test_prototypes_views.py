"""Prototype pages: planning, criteria, results, status, second round, feedback links; what
each role sees; and a query guard at two data sizes."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from focusgroups import services
from focusgroups.models import FeedbackLink, Prototype, SuccessCriterion
from tests.focusgroups.builders import group_world
from tests.focusgroups.prototype_builders import (
    add_criteria,
    concept_for,
    mark_tested,
    prototype_world,
)


def _url(name, built, *args):
    group = built.group
    return reverse(
        f"focusgroups:{name}", args=[group.initiative.slug, group.pk, built.prototype.pk, *args]
    )


def test_list_is_empty_without_concepts_and_explains_step_three(world, client_for):
    group = group_world(world).group
    response = client_for(world.partner).get(
        reverse("focusgroups:prototype-list", args=[world.initiative.slug, group.pk])
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert reverse("focusgroups:prototype-create", args=[world.initiative.slug, group.pk]) not in (
        content
    )


def test_create_a_prototype_through_the_form(world, client_for):
    group = group_world(world).group
    concept = concept_for(group)
    url = reverse("focusgroups:prototype-create", args=[world.initiative.slug, group.pk])
    client = client_for(world.participant)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "concept": concept.pk,
            "title": "Matching-Abend",
            "test_date": "2026-03-12",
            "place": "Rathaus",
            "plan": "",
        },
    )
    prototype = Prototype.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/prototypen/{prototype.pk}/#kriterien")
    assert prototype.created_by == world.participant and prototype.place == "Rathaus"


def test_rejected_create_keeps_what_was_typed_and_answers_422_to_htmx(world, client_for):
    group = group_world(world).group
    concept_for(group)
    url = reverse("focusgroups:prototype-create", args=[world.initiative.slug, group.pk])
    response = client_for(world.partner).post(
        url, {"title": "Nur ein Titel", "place": "Rathaus"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 422
    content = response.content.decode()
    assert 'value="Nur ein Titel"' in content and "<html" not in content
    assert not Prototype.objects.exists()


def test_detail_shows_met_and_not_met_in_words_and_the_summary(world, client_for):
    built = mark_tested(
        prototype_world(world, criteria=4),
        user=world.partner,
        values={0: "6", 1: "40", 2: "15", 3: "90"},
    )
    response = client_for(world.viewer).get(_url("prototype-detail", built))
    content = response.content.decode()
    assert response.status_code == 200
    assert "3 von 4 Kriterien erreicht" in content or "3 of 4 criteria met" in content
    assert content.count("criterion-result--met") == 3
    assert content.count("criterion-result--missed") == 1
    assert "✓" in content and "✗" in content
    # report viewers read; no editing controls
    assert _url("prototype-results", built) not in content
    assert _url("feedback-link-create", built) not in content


def test_add_criterion_with_german_number_and_htmx_error(world, client_for):
    built = prototype_world(world, criteria=0)
    client = client_for(world.partner)
    url = _url("criterion-create", built)
    bad = client.post(
        url, {"criterion-description": "", "criterion-direction": "at_least"}, HTTP_HX_REQUEST="1"
    )
    assert bad.status_code == 422
    assert 'id="criterion-form"' in bad.content.decode()
    ok = client.post(
        url,
        {
            "criterion-description": "Wartezeit",
            "criterion-direction": "at_most",
            "criterion-target_value": "12,5",
            "criterion-unit": "Minuten",
        },
    )
    assert ok.status_code == 302
    criterion = SuccessCriterion.objects.get()
    assert criterion.target_value == Decimal("12.5") and criterion.direction == "at_most"


def test_criterion_edit_and_remove_with_confirmation(world, client_for):
    built = prototype_world(world, criteria=2)
    client = client_for(world.partner)
    criterion = built.criteria[0]
    edit = _url("criterion-update", built, criterion.pk)
    response = client.post(
        edit,
        {
            "criterion-description": "Neu",
            "criterion-direction": "at_least",
            "criterion-target_value": "3",
            "criterion-unit": "",
        },
    )
    assert response.status_code == 302
    assert SuccessCriterion.objects.get(pk=criterion.pk).description == "Neu"
    delete = _url("criterion-delete", built, criterion.pk)
    assert "Remove" in client.get(delete).content.decode() or "Entfernen" in (
        client.get(delete).content.decode()
    )
    assert SuccessCriterion.objects.count() == 2  # the GET only asks
    assert client.post(delete).status_code == 302
    assert SuccessCriterion.objects.count() == 1


def test_status_and_results_through_the_pages(world, client_for):
    built = prototype_world(world, criteria=2)
    client = client_for(world.partner)
    client.post(_url("prototype-status", built), {"status": "tested"})
    assert Prototype.objects.get().status == "tested"
    refused = client.post(_url("prototype-status", built), {"status": "evaluated"}, follow=True)
    assert Prototype.objects.get().status == "tested"
    assert "2" in refused.content.decode()
    c1, c2 = built.criteria
    response = client.post(
        _url("prototype-results", built),
        {f"value_{c1.pk}": "7", f"note_{c1.pk}": "gezählt", f"value_{c2.pk}": "65,5"},
    )
    assert response.status_code == 302
    assert SuccessCriterion.objects.get(pk=c2.pk).actual_value == Decimal("65.5")
    client.post(_url("prototype-status", built), {"status": "evaluated"})
    assert Prototype.objects.get().status == "evaluated"


def test_negative_result_is_refused_with_a_message(world, client_for):
    built = mark_tested(prototype_world(world, criteria=1), user=world.partner)
    c = built.criteria[0]
    response = client_for(world.partner).post(
        _url("prototype-results", built), {f"value_{c.pk}": "-1"}
    )
    assert response.status_code == 422
    assert SuccessCriterion.objects.get().actual_value is None


def test_second_round_links_both_pages_and_compares_results(world, client_for):
    built = mark_tested(prototype_world(world, criteria=2), user=world.partner, values={0: "3"})
    client = client_for(world.partner)
    assert client.get(_url("prototype-iterate", built)).status_code == 200
    missing = client.post(_url("prototype-iterate", built), {"changes_from_previous": ""})
    assert missing.status_code == 422 and Prototype.objects.count() == 1
    response = client.post(
        _url("prototype-iterate", built), {"changes_from_previous": "Mehr Zeit pro Gespräch."}
    )
    second = Prototype.objects.exclude(pk=built.prototype.pk).get()
    assert response.status_code == 302 and str(second.pk) in response["Location"]
    first_page = client.get(_url("prototype-detail", built)).content.decode()
    second_url = reverse(
        "focusgroups:prototype-detail", args=[world.initiative.slug, built.group.pk, second.pk]
    )
    assert second_url in first_page
    services.prototype_status_set(acting_user=world.partner, prototype=second, status="tested")
    services.prototype_results_save(
        acting_user=world.partner,
        prototype=second,
        results={second.criteria.order_by("pk").first().pk: (Decimal("6"), "")},
    )
    second_page = client.get(second_url).content.decode()
    assert _url("prototype-detail", built) in second_page
    assert "Mehr Zeit pro Gespräch." in second_page
    assert 'id="vergleich"' in second_page
    # round 1: 3 (not met), round 2: 6 (met) for the first criterion
    comparison = second_page.split('id="vergleich"')[1].split("</table>")[0]
    assert "criterion-result--missed" in comparison and "criterion-result--met" in comparison


def test_feedback_link_create_and_close(world, client_for):
    built = prototype_world(world, criteria=1)
    client = client_for(world.participant)
    response = client.post(
        _url("feedback-link-create", built), {"link-label": "Tisch 3", "link-one_per_device": "on"}
    )
    assert response.status_code == 302
    link = FeedbackLink.objects.get()
    assert link.label == "Tisch 3" and link.one_per_device
    page = client.get(_url("prototype-detail", built)).content.decode()
    assert f"http://testserver/feedback/{link.token}/" in page
    client.post(_url("feedback-link-close", built, link.pk))
    assert not FeedbackLink.objects.get().is_open


def test_pages_refuse_writes_in_a_dissolved_group(world, client_for):
    built = prototype_world(world, criteria=1)
    services.focus_group_dissolve(acting_user=world.coordinator, group=built.group, reason="Gelöst")
    client = client_for(world.coordinator)
    assert client.get(_url("prototype-detail", built)).status_code == 200
    assert client.get(_url("prototype-update", built)).status_code == 403
    assert client.post(_url("prototype-status", built), {"status": "tested"}).status_code == 403
    assert Prototype.objects.get().status == "planned"


def test_other_initiative_and_foreign_prototype_are_404(world, client_for):
    built = prototype_world(world, criteria=1)
    other_group = group_world(world, name="Zweite Gruppe").group
    assert client_for(world.other_coordinator).get(_url("prototype-detail", built)).status_code == (
        404
    )
    wrong = reverse(
        "focusgroups:prototype-detail",
        args=[world.initiative.slug, other_group.pk, built.prototype.pk],
    )
    assert client_for(world.coordinator).get(wrong).status_code == 404


def test_five_step_page_shows_prototypes_and_their_next_step(world, client_for):
    built = prototype_world(world, criteria=0)
    response = client_for(world.partner).get(
        reverse("focusgroups:group-pipeline", args=[world.initiative.slug, built.group.pk])
    )
    content = response.content.decode()
    assert built.prototype.title in content
    assert _url("prototype-detail", built) in content


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_prototype_page_queries_do_not_grow_with_criteria_links_and_answers(world, client_for):
    built = prototype_world(world, criteria=1)
    first = built.prototype

    def grow(n):
        link = services.feedback_link_create(acting_user=world.partner, prototype=first)
        for i in range(n):
            services.feedback_submit(
                link=link, rating=1 + i % 5, went_well=f"Gut {i}", consent=True
            )

    grow(2)
    client = client_for(world.partner)
    url = _url("prototype-detail", built)
    small = _count(client, url)
    add_criteria(built, 9, user=world.partner)
    grow(20)
    grow(3)
    assert _count(client, url) == small


def test_second_round_page_queries_do_not_grow_with_criteria(world, client_for):
    client = client_for(world.partner)
    group = group_world(world).group

    def second_round_url(criteria):
        built = mark_tested(
            prototype_world(world, group=group, criteria=criteria),
            user=world.partner,
            values={0: "1"},
        )
        new = services.prototype_iterate(
            acting_user=world.partner, prototype=built.prototype, changes_from_previous="X"
        )
        return reverse(
            "focusgroups:prototype-detail", args=[world.initiative.slug, group.pk, new.pk]
        )

    small = _count(client, second_round_url(1))
    assert _count(client, second_round_url(10)) == small


def test_detail_writes_criteria_in_german_numbers_like_the_guide(world, client_for):
    built = prototype_world(world, criteria=0)
    SuccessCriterion.objects.create(
        prototype=built.prototype,
        description="Zufriedenheit",
        target_value=Decimal("1234.50"),
        unit="Punkte",
        actual_value=Decimal("1000.25"),
    )
    content = client_for(world.viewer).get(_url("prototype-detail", built)).content.decode()
    assert "1.234,5 Punkte" in content
    assert "1.000,25 Punkte" in content
