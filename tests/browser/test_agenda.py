"""The common agenda in a real browser: endorsing with htmx, and the pages' accessibility."""

import re

import pytest

from initiatives import services
from initiatives.models import Endorsement
from tests.browser.conftest import DESKTOP, PHONE, check_a11y, login
from tests.initiatives.agenda_support import TEXTS, publish_version

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

AGENDA = "/initiativen/fachkraefte-berlin/agenda/"


@pytest.fixture
def agenda(world):
    """Two versions, a glossary term, one endorsement with reservations and an open draft."""
    publish_version(initiative=world.initiative, coordinator=world.coordinator)
    world.version = publish_version(
        initiative=world.initiative,
        coordinator=world.coordinator,
        vision=TEXTS["vision"].replace("Berlin", "Berlin und Brandenburg"),
        change_note="Brandenburg ergänzt.",
    )
    services.endorsement_set(
        acting_user=world.partner2,
        version=world.version,
        organisation=world.organisation2,
        level="with_reservations",
        reservation="Die Finanzierung ist offen.",
    )
    services.glossary_term_create(
        acting_user=world.coordinator,
        initiative=world.initiative,
        term="Fokusgruppe",
        definition="Eine kleine, vielfältige Gruppe.",
    )
    services.agenda_draft_save(
        acting_user=world.coordinator,
        initiative=world.initiative,
        **{**TEXTS, "principles": "Wir arbeiten auf Augenhöhe und offen."},
    )
    return world


def test_partner_endorses_with_reservation_after_an_in_place_error(agenda, page):
    login(page, agenda.partner)
    page.goto(AGENDA)
    page.locator("#mittragen a[href$='/agenda/mittragen/']").click()
    expect(page).to_have_url(re.compile(r"/agenda/mittragen/$"))
    page.evaluate("window.__noReload = true")

    page.locator("input[value=with_reservations]").check()
    page.locator("#id_comment").fill("Wir sprechen im nächsten Treffen darüber.")
    page.locator("#endorsement-form button[type=submit]").click()

    expect(page.locator("#id_reservation-error")).to_be_visible()
    expect(page.locator("#id_reservation")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_comment")).to_have_value("Wir sprechen im nächsten Treffen darüber.")
    expect(page.locator("input[value=with_reservations]")).to_be_checked()
    assert page.evaluate("window.__noReload === true"), "the page was reloaded instead of swapped"
    assert not Endorsement.objects.filter(organisation=agenda.organisation).exists()
    check_a11y(page)

    page.locator("#id_reservation").fill("Die Zeitplanung ist zu knapp.")
    page.locator("#endorsement-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/agenda/#mittragen$"))
    expect(page.locator("#mittragen")).to_contain_text("Die Zeitplanung ist zu knapp.")
    own = Endorsement.objects.get(organisation=agenda.organisation)
    assert (own.level, own.version) == ("with_reservations", agenda.version)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_agenda_pages_have_no_axe_violations(agenda, page, viewport):
    page.set_viewport_size(viewport)
    login(page, agenda.coordinator)
    for path in [
        AGENDA,
        AGENDA + "fassungen/",
        AGENDA + "fassungen/2/",
        AGENDA + "entwurf/",
        AGENDA + "entwurf/veroeffentlichen/",
        AGENDA + "glossar/neu/",
    ]:
        page.goto(path)
        check_a11y(page)
    page.goto(AGENDA + "fassungen/2/")
    expect(page.locator(".text-diff ins").first).to_contain_text("Brandenburg")


def test_empty_agenda_page_has_no_axe_violations(world, page):
    login(page, world.participant)
    page.goto(AGENDA)
    expect(page.locator(".empty-state").first).to_be_visible()
    check_a11y(page)
