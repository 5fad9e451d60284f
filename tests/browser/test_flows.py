"""The main journeys, driven through headless Chromium against the live server.

Visible messages are matched in German or in their English source wording: the German catalogue
is being completed, and until it lands the project's own strings still appear in English.
"""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from initiatives.models import (
    Initiative,
    Invitation,
    Membership,
    Organisation,
    Role,
    invitation_token_hash,
)
from tests.browser.conftest import PHONE, login
from tests.factories import MembershipFactory

pytestmark = pytest.mark.browser
# Without Playwright the whole module is skipped (conftest explains; CI counts it as a failure).
expect = pytest.importorskip("playwright.sync_api").expect

ACCEPT_PATH = re.compile(r"/einladung/[A-Za-z0-9_\-]+/")


def either(german: str, english: str) -> re.Pattern:
    """A pattern matching the German text or its English source (until the catalogue lands)."""
    return re.compile(f"{re.escape(german)}|{re.escape(english)}")


def invitation_path_for(email: str) -> str:
    """The path of the accept link in the last invitation e-mail sent to `email`."""
    messages = [m for m in mail.outbox if email in m.to]
    assert messages, f"no e-mail to {email}; outbox: {[m.to for m in mail.outbox]}"
    match = ACCEPT_PATH.search(messages[-1].body)
    assert match, messages[-1].body
    return match.group(0)


def mark_page(page) -> None:
    """Set a flag that a full page load would wipe out, to prove that htmx swapped in place."""
    page.evaluate("window.__noReload = true")


def assert_not_reloaded(page) -> None:
    assert page.evaluate("window.__noReload === true"), "the page was reloaded instead of swapped"


def test_coordinator_founds_initiative_adds_partner_and_invitee_joins_it(world, page, new_context):
    login(page, world.coordinator)

    page.goto("/initiativen/")
    page.locator("a[href='/initiativen/neu/']").click()
    expect(page).to_have_url(re.compile(r"/initiativen/neu/$"))
    page.locator("#id_name").fill("Ausbildung Hamburg")
    page.locator("#id_problem_statement").fill("Junge Geflüchtete finden keinen Ausbildungsplatz.")
    page.locator("#id_target_group").fill("Junge Geflüchtete")
    page.locator("#id_region").fill("Hamburg")
    page.locator("#id_start_date").fill("2025-03-01")
    page.locator("#id_status").select_option("active")
    page.locator("#initiative-form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/initiativen/ausbildung-hamburg/$"))
    expect(page.locator("h1")).to_have_text("Ausbildung Hamburg")
    expect(page.locator(".switcher__current")).to_have_text("Ausbildung Hamburg")

    page.locator("main a[href='/initiativen/ausbildung-hamburg/partner/neu/']").click()
    page.locator("#id_name").fill("Handwerkskammer Hamburg")
    page.locator("#id_sector").select_option("business")
    page.locator("#id_contribution").fill("Vermittelt Ausbildungsplätze im Handwerk.")
    page.locator("#organisation-form button[type=submit]:not([name])").click()

    expect(page).to_have_url(re.compile(r"/initiativen/ausbildung-hamburg/partner/$"))
    card = page.locator("#directory-results li", has_text="Handwerkskammer Hamburg")
    expect(card).to_be_visible()
    expect(card.locator(".sector-tag--business")).to_be_visible()

    card.get_by_role("link", name="Handwerkskammer Hamburg").click()
    page.locator("main a[href*='/einladungen/neu/?organisation=']").click()
    organisation = Organisation.objects.get(name="Handwerkskammer Hamburg")
    expect(page.locator("#id_role")).to_have_value("partner")
    expect(page.locator("#id_organisation")).to_have_value(str(organisation.pk))
    page.locator("#id_email").fill("Lena.Neu@example.org")
    page.locator("#id_message").fill("Willkommen im Netzwerk!")
    page.locator("#invitation-form button[type=submit]:not([name])").click()

    expect(page).to_have_url(re.compile(r"/initiativen/ausbildung-hamburg/mitglieder/$"))
    expect(page.locator("#invitations-heading ~ * tbody")).to_contain_text("lena.neu@example.org")

    accept_path = invitation_path_for("lena.neu@example.org")
    guest = new_context(viewport=PHONE).new_page()
    guest.goto(accept_path)
    expect(guest.locator("h1")).to_have_text("Ausbildung Hamburg")
    expect(guest.locator("main")).to_contain_text("Handwerkskammer Hamburg")
    expect(guest.locator("main")).to_contain_text("Willkommen im Netzwerk!")
    guest.locator("#id_full_name").fill("Lena Neu")
    guest.locator("#id_password1").fill("Lehrstelle-2025!")
    guest.locator("#id_password2").fill("Lehrstelle-2025!")
    guest.locator("main form button[type=submit]").click()

    expect(guest).to_have_url(re.compile(r"/initiativen/ausbildung-hamburg/$"))
    expect(guest.locator("h1")).to_have_text("Ausbildung Hamburg")
    expect(guest.locator("main")).to_contain_text("Handwerkskammer Hamburg")
    expect(guest.locator("a[href='/konto/profil/']")).to_contain_text("Lena Neu")
    membership = Membership.objects.get(user__email="lena.neu@example.org")
    assert (membership.initiative.slug, membership.role) == ("ausbildung-hamburg", Role.PARTNER)
    assert membership.organisation == organisation


def test_duplicate_organisation_name_shows_message_after_swap_and_keeps_input(world, page):
    login(page, world.coordinator)
    page.goto("/initiativen/fachkraefte-berlin/partner/neu/")
    mark_page(page)
    page.locator("#id_name").fill("iq netzwerk")
    page.locator("#id_sector").select_option("science")
    page.locator("#id_website").fill("https://iq.example.org")
    page.locator("#id_contribution").fill("Forschung zu Anerkennungsverfahren")
    page.locator("#organisation-form button[type=submit]:not([name])").click()

    error = page.locator("#id_name-error")
    expect(error).to_have_text(
        either(
            "Diese Initiative hat bereits eine Partnerorganisation mit diesem Namen.",
            "This initiative already has a partner organisation with this name.",
        )
    )
    expect(page.locator("#id_name")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_name")).to_have_attribute("aria-describedby", re.compile("error"))
    expect(page.locator(".form-summary")).to_be_focused()
    expect(page.locator("#id_name")).to_have_value("iq netzwerk")
    expect(page.locator("#id_sector")).to_have_value("science")
    expect(page.locator("#id_website")).to_have_value("https://iq.example.org")
    expect(page.locator("#id_contribution")).to_have_value("Forschung zu Anerkennungsverfahren")
    expect(page).to_have_url(re.compile(r"/partner/neu/$"))
    assert_not_reloaded(page)
    assert world.initiative.organisations.count() == 2


def test_missing_required_fields_show_german_message_after_swap_and_keep_input(world, page):
    login(page, world.coordinator)
    page.goto("/initiativen/neu/")
    mark_page(page)
    page.locator("#id_name").fill("Pflege Dresden")
    page.locator("#id_region").fill("Dresden")
    page.locator("#initiative-form button[type=submit]").click()

    # Django's own German catalogue already translates this message.
    expect(page.locator("#id_problem_statement-error")).to_have_text(
        either("Dieses Feld ist zwingend erforderlich.", "This field is required.")
    )
    expect(page.locator("#id_target_group")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_name")).to_have_value("Pflege Dresden")
    expect(page.locator("#id_region")).to_have_value("Dresden")
    expect(page.locator("#id_name")).not_to_have_attribute("aria-invalid", "true")
    assert_not_reloaded(page)
    assert not Initiative.objects.filter(name="Pflege Dresden").exists()


def test_member_of_two_initiatives_switches_with_the_keyboard(world, page):
    MembershipFactory(user=world.viewer, initiative=world.other_initiative, role=Role.VIEWER)
    login(page, world.viewer)
    expect(page).to_have_url(re.compile(r"/initiativen/$"))
    page.goto("/initiativen/fachkraefte-berlin/")
    summary = page.locator(".switcher__summary")
    expect(summary).to_contain_text("Fachkräfte Berlin")

    for _ in range(10):
        page.keyboard.press("Tab")
        if summary.evaluate("el => el === document.activeElement"):
            break
    expect(summary).to_be_focused()
    page.keyboard.press("Enter")
    details = page.locator(".switcher__details")
    expect(details).to_have_attribute("open", "")
    current = page.locator(".switcher__list a[aria-current='true']")
    expect(current).to_contain_text("Fachkräfte Berlin")

    page.keyboard.press("Escape")
    expect(details).not_to_have_attribute("open", "")
    expect(summary).to_be_focused()

    page.keyboard.press("Enter")
    target = page.locator(".switcher__list a[href='/initiativen/kitaplaetze-leipzig/start/']")
    for _ in range(5):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            break
    expect(target).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/initiativen/kitaplaetze-leipzig/$"))
    expect(page.locator("h1")).to_have_text("Kitaplätze Leipzig")
    expect(summary).to_contain_text("Kitaplätze Leipzig")
    expect(page.locator(".switcher__list a[aria-current='true']")).to_contain_text(
        "Kitaplätze Leipzig"
    )


def test_language_switch_turns_interface_english_and_back_to_german(world, page):
    login(page, world.partner)
    page.goto("/initiativen/fachkraefte-berlin/partner/")
    html = page.locator("html")
    logout = page.locator("form[action='/konto/abmelden/'] button")
    expect(html).to_have_attribute("lang", "de")
    expect(logout).to_have_text("Abmelden")

    page.locator("button[name=language][value=en]").click()
    expect(html).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/initiativen/fachkraefte-berlin/partner/$"))
    expect(logout).to_have_text("Log out")
    expect(page.locator("button[name=language][value=de]")).to_have_text("Deutsch")
    world.partner.refresh_from_db()
    assert world.partner.language == "en"

    page.goto("/initiativen/fachkraefte-berlin/")
    expect(html).to_have_attribute("lang", "en")

    page.locator("button[name=language][value=de]").click()
    expect(html).to_have_attribute("lang", "de")
    expect(logout).to_have_text("Abmelden")
    expect(page).to_have_url(re.compile(r"/initiativen/fachkraefte-berlin/$"))
    world.partner.refresh_from_db()
    assert world.partner.language == "de"


def test_anonymous_visitor_switches_login_page_to_english(live_server, page):
    page.goto("/konto/anmelden/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    page.locator("button[name=language][value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/konto/anmelden/$"))
    expect(page.locator("button[name=language][value=de]")).to_be_visible()


def _invitation(world, token: str, **fields) -> Invitation:
    defaults = {
        "initiative": world.initiative,
        "email": "neu@example.org",
        "role": Role.VIEWER,
        "invited_by": world.coordinator,
        "expires_at": timezone.now() + datetime.timedelta(days=7),
    }
    return Invitation.objects.create(
        token_hash=invitation_token_hash(token), **{**defaults, **fields}
    )


def test_expired_invitation_link_says_when_it_expired_and_offers_no_form(world, page):
    expired_at = timezone.now() - datetime.timedelta(days=2)
    _invitation(world, "abgelaufen-123", expires_at=expired_at)

    response = page.goto("/einladung/abgelaufen-123/")

    assert response.status == 410
    alert = page.get_by_role("alert")
    expect(alert).to_have_attribute("data-code", "invitation_expired")
    expect(alert).to_contain_text(timezone.localtime(expired_at).strftime("%d.%m.%Y"))
    expect(alert).to_contain_text(either("abgelaufen", "expired"))
    expect(page.locator("input[type=password]")).to_have_count(0)
    expect(page.locator("main a[href='/konto/anmelden/']")).to_be_visible()


def test_used_invitation_link_cannot_be_used_twice(world, page, new_context):
    _invitation(world, "einmalig-456", email="einmal@example.org")
    page.goto("/einladung/einmalig-456/")
    page.locator("#id_full_name").fill("Erika Einmal")
    page.locator("#id_password1").fill("Sonnenblume-77")
    page.locator("#id_password2").fill("Sonnenblume-77")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/initiativen/fachkraefte-berlin/$"))

    again = new_context().new_page()
    response = again.goto("/einladung/einmalig-456/")

    assert response.status == 410
    alert = again.get_by_role("alert")
    expect(alert).to_have_attribute("data-code", "invitation_used")
    expect(alert).to_contain_text(either("bereits", "already been used"))
    expect(again.locator("input[type=password]")).to_have_count(0)
    assert Membership.objects.filter(user__email="einmal@example.org").count() == 1


def test_withdrawn_and_unknown_invitation_links_explain_themselves(world, page):
    _invitation(world, "zurueck-789", revoked_at=timezone.now())

    response = page.goto("/einladung/zurueck-789/")
    assert response.status == 410
    expect(page.get_by_role("alert")).to_have_attribute("data-code", "invitation_revoked")
    expect(page.get_by_role("alert")).to_contain_text(either("zurückgezogen", "withdrawn"))

    response = page.goto("/einladung/gibt-es-nicht/")
    assert response.status == 404
    expect(page.get_by_role("alert")).to_contain_text(either("nicht gültig", "not valid"))
    expect(page.locator("input[type=password]")).to_have_count(0)
