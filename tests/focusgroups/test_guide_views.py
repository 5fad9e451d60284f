"""The guide's pages, the outcome and the links forms, what the group page and the list show,
and the guide page's query count at two data sizes."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from focusgroups import services
from focusgroups.models import Guide
from tests.focusgroups.builders import add_cards, group_world, guide_world
from tests.impact.builders import FrameworkBuilder


@pytest.fixture(autouse=True)
def german():
    with translation.override("de"):
        yield


def _url(name, group):
    return reverse(f"focusgroups:{name}", args=[group.initiative.slug, group.pk])


def test_guide_page_without_guide_invites_members_to_assemble(world, client_for):
    group = group_world(world).group
    content = client_for(world.partner).get(_url("guide", group)).content.decode()
    assert _url("guide-assemble", group) in content
    content = client_for(world.viewer).get(_url("guide", group)).content.decode()
    assert _url("guide-assemble", group) not in content


def test_assembling_without_a_guide_needs_one_click_and_shows_the_sections(world, client_for):
    built = guide_world(world)
    client = client_for(world.participant)
    response = client.post(_url("guide-assemble", built.group))
    assert response.status_code == 302 and response["Location"] == _url("guide", built.group)
    content = client.get(_url("guide", built.group)).content.decode()
    assert "Unternehmen wissen nicht, wo sie Fachkräfte finden." in content
    assert "1.234,5 Punkte" in content
    assert reverse("reports:guide-request", args=[world.initiative.slug, built.group.pk]) not in (
        content
    )  # participants do not generate reports
    content = client_for(world.viewer).get(_url("guide", built.group)).content.decode()
    assert reverse("reports:guide-request", args=[world.initiative.slug, built.group.pk]) in (
        content
    )


def test_assembling_over_an_existing_text_asks_first(world, client_for):
    built = guide_world(world)
    services.guide_assemble(acting_user=world.partner, group=built.group)
    services.guide_update(acting_user=world.partner, group=built.group, lessons="Von Hand.")
    client = client_for(world.partner)
    response = client.get(_url("guide-assemble", built.group))
    assert response.status_code == 200
    assert Guide.objects.get().lessons == "Von Hand."
    client.post(_url("guide-assemble", built.group))
    assert "Von Hand." not in Guide.objects.get().lessons


def test_edit_form_saves_sections_and_keeps_input_on_htmx_error(world, client_for):
    built = guide_world(world)
    services.guide_assemble(acting_user=world.partner, group=built.group)
    client = client_for(world.partner)
    data = {name: f"Text {name}" for name in Guide.SECTIONS}
    response = client.post(_url("guide-edit", built.group), data)
    assert response.status_code == 302
    assert Guide.objects.get().recommendations == "Text recommendations"
    services.guide_finalise(acting_user=world.partner, group=built.group)
    # Final: the edit page is closed.
    assert client.get(_url("guide-edit", built.group)).status_code == 403


def test_finalise_with_missing_sections_says_which(world, client_for):
    built = guide_world(world)
    services.guide_assemble(acting_user=world.partner, group=built.group)
    client = client_for(world.partner)
    response = client.post(_url("guide-status", built.group), {"action": "finalise"}, follow=True)
    label = str(Guide._meta.get_field("recommendations").verbose_name)
    assert label in response.content.decode()
    assert Guide.objects.get().status == Guide.Status.DRAFT


def test_finalise_and_reopen_through_the_page(world, client_for):
    built = guide_world(world)
    services.guide_assemble(acting_user=world.partner, group=built.group)
    services.guide_update(acting_user=world.partner, group=built.group, recommendations="Ja.")
    client = client_for(world.partner)
    client.post(_url("guide-status", built.group), {"action": "finalise"})
    assert Guide.objects.get().is_final
    assert client.post(_url("guide-status", built.group), {"action": "reopen"}).status_code == 403
    client = client_for(world.coordinator)
    client.post(_url("guide-status", built.group), {"action": "reopen"})
    assert not Guide.objects.get().is_final
    assert client.post(_url("guide-status", built.group), {"action": "x"}).status_code == 404


def test_outcome_form_rejects_missing_place_with_422_and_shows_it_on_the_group(world, client_for):
    group = group_world(world).group
    client = client_for(world.partner)
    response = client.post(
        _url("group-outcome", group), {"outcome": "permanent", "where": ""}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 422
    assert 'value="permanent"' in response.content.decode()
    response = client.post(
        _url("group-outcome", group),
        {"outcome": "permanent", "where": "Regelangebot im Jobcenter Mitte", "date": "2025-09-01"},
    )
    assert response.status_code == 302
    detail = client.get(_url("group-detail", group)).content.decode()
    assert "Regelangebot im Jobcenter Mitte" in detail and "1. September 2025" in detail
    listing = client.get(reverse("focusgroups:group-list", args=[world.initiative.slug]))
    assert "Regelangebot im Jobcenter Mitte" in listing.content.decode()


def test_links_form_offers_the_framework_and_the_group_page_lists_the_choice(world, client_for):
    fw = (
        FrameworkBuilder(world.initiative)
        .goal("Arbeit")
        .objective("Mehr Vermittlungen")
        .indicator("Vermittlungen")
        .build()
    )
    group = group_world(world).group
    client = client_for(world.partner)
    form = client.get(_url("group-links", group)).content.decode()
    assert "Mehr Vermittlungen" in form and "Vermittlungen" in form
    response = client.post(
        _url("group-links", group),
        {"objectives": [fw.objectives[0].pk], "indicators": [fw.indicator("Vermittlungen").pk]},
    )
    assert response.status_code == 302
    detail = client.get(_url("group-detail", group)).content.decode()
    assert "Mehr Vermittlungen" in detail


def test_links_page_without_objectives_says_so(world, client_for):
    group = group_world(world).group
    response = client_for(world.coordinator).get(_url("group-links", group))
    assert response.status_code == 200
    assert b"links-form" not in response.content


def test_other_initiative_sees_no_guide_page(world, client_for):
    group = group_world(world).group
    client = client_for(world.other_coordinator)
    for name in ("guide", "guide-edit", "guide-assemble", "group-outcome", "group-links"):
        assert client.get(_url(name, group)).status_code == 404


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_guide_and_group_pages_ask_as_many_queries_for_ten_times_the_data(world, client_for):
    built = guide_world(world)
    fw = FrameworkBuilder(world.initiative).goal("Arbeit").objective("A").objective("B").build()
    services.focus_group_links_set(
        acting_user=world.partner, group=built.group, objectives=fw.objectives[:1]
    )
    services.guide_assemble(acting_user=world.partner, group=built.group)
    client = client_for(world.partner)
    small = {name: _count(client, _url(name, built.group)) for name in ("guide", "group-detail")}
    add_cards(world, built, 40)
    services.focus_group_links_set(
        acting_user=world.partner, group=built.group, objectives=fw.objectives
    )
    services.guide_assemble(acting_user=world.partner, group=built.group)
    large = {name: _count(client, _url(name, built.group)) for name in ("guide", "group-detail")}
    assert large == small


def test_outcome_date_is_shown_in_german(world, client_for):
    group = group_world(world).group
    services.focus_group_outcome_set(
        acting_user=world.coordinator,
        group=group,
        outcome="both",
        where="Berlin und Hamburg",
        date=datetime.date(2025, 3, 1),
    )
    content = client_for(world.viewer).get(_url("group-detail", group)).content.decode()
    assert "1. März 2025" in content and "Berlin und Hamburg" in content
