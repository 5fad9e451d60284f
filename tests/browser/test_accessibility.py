"""axe-core finds no WCAG 2.0/2.1 A/AA violation on any page, for every role, at desktop and
phone width, including forms after htmx has swapped in their error messages.

Each test walks through the pages one role can reach and checks every page at both widths
(the viewport is resized in place, so each page loads once); all violations are collected
and reported together. Pages that look the same for every role (profile, password change,
404) are checked once, with the coordinator.
"""

import pytest

from tests.browser.conftest import (
    DESKTOP,
    VIEWPORTS,
    axe_violations,
    check_a11y,
    format_violations,
    login,
)
from tests.browser.showcase import (
    EXISTING_ACCOUNT_TOKEN,
    EXPIRED_TOKEN,
    OPEN_TOKEN,
    build_showcase,
)

pytestmark = pytest.mark.browser
# Without Playwright the whole module is skipped (conftest explains; CI counts it as a failure).
expect = pytest.importorskip("playwright.sync_api").expect


class Audit:
    def __init__(self, page):
        self.page = page
        self.failures: list[str] = []
        self.checked: list[str] = []

    def visit(self, path: str, status: int = 200, label: str | None = None) -> None:
        response = self.page.goto(path)
        assert response.status == status, f"{path}: expected {status}, got {response.status}"
        self.check(label or path)

    def check(self, label: str) -> None:
        for name, viewport in VIEWPORTS.items():
            self.page.set_viewport_size(viewport)
            violations = axe_violations(self.page)
            if violations:
                self.failures.append(format_violations(violations, where=f"{label} @{name} "))
            # WCAG 1.4.10 (reflow): nothing may push the page wider than the phone's screen.
            overflow = self.page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 0:
                self.failures.append(f"{label} @{name}: the page scrolls sideways by {overflow}px")
        self.page.set_viewport_size(DESKTOP)
        self.checked.append(label)

    def invalid_submit(self, path: str, form: str, fill: dict, label: str) -> None:
        """Open `path`, fill the form so that it is rejected, submit it through htmx and check
        the swapped-in form with its error messages."""
        self.page.goto(path)
        self.page.evaluate("window.__noReload = true")
        for selector, value in fill.items():
            field = self.page.locator(selector)
            if field.evaluate("el => el.tagName") == "SELECT":
                field.select_option(value)
            else:
                field.fill(value)
        self.page.locator(f"{form} button[type=submit]").first.click()
        expect(self.page.locator(f"{form} .form-summary")).to_be_visible()
        assert self.page.evaluate("window.__noReload === true"), f"{label}: no htmx swap"
        self.check(label + " (after htmx swap with errors)")

    def assert_clean(self, minimum_pages: int) -> None:
        assert len(self.checked) >= minimum_pages, self.checked
        assert not self.failures, "\n\n".join(self.failures)


def _member_pages(audit: Audit, showcase, role: str) -> None:
    """The pages every member reaches; what they show depends on the role."""
    audit.visit(showcase.url())
    audit.visit(showcase.url("agenda/"))
    audit.visit(showcase.url("partner/"))
    audit.visit(showcase.url(f"mitglieder/{showcase.membership_pk[role]}/entfernen/"))


def test_coordinator_pages_have_no_axe_violations(world, page):
    showcase = build_showcase(world)
    org, pk = world.organisation.pk, showcase.membership_pk
    audit = Audit(page)
    login(page, world.coordinator)

    audit.visit("/initiativen/")
    page.locator(".switcher__summary").click()
    audit.check("initiative switcher opened")
    _member_pages(audit, showcase, "coordinator")
    audit.visit(showcase.url("partner/?sektor=science"), label="partner directory, empty filter")
    page.goto(showcase.url("partner/"))
    page.locator("#sector-filter").select_option("business")
    expect(page).to_have_url(f"{page.url.split('?')[0]}?sektor=business")
    page.locator(".chart-table summary").click()
    audit.check("partner directory after htmx filter, table shown")
    audit.visit("/initiativen/wohnen-koeln/", label="initiative without partners")
    audit.visit("/initiativen/wohnen-koeln/partner/", label="empty partner directory")
    audit.invalid_submit(
        "/initiativen/neu/",
        "#initiative-form",
        {"#id_name": "Fachkräfte Berlin", "#id_start_date": "2025-01-01"},
        "found initiative, duplicate name",
    )
    audit.invalid_submit(
        showcase.url("bearbeiten/"),
        "#initiative-form",
        {"#id_planned_end_date": "2020-01-01"},
        "edit initiative, end before start",
    )
    audit.visit(showcase.url(f"partner/{org}/"))
    audit.visit(showcase.url("partner/neu/"))
    audit.invalid_submit(
        showcase.url("partner/neu/"),
        "#organisation-form",
        {"#id_name": "IHK Berlin", "#id_website": "kein link"},
        "add organisation, duplicate name",
    )
    audit.visit(showcase.url(f"partner/{org}/bearbeiten/"))
    audit.visit(showcase.url(f"partner/{org}/entfernen/"))
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("alert")).to_be_visible()
    audit.check("remove organisation that still has members (409)")
    audit.visit(showcase.url("mitglieder/"))
    audit.invalid_submit(
        showcase.url(f"mitglieder/{pk['viewer']}/rolle/"),
        "#membership-form",
        {"#id_role": "partner"},
        "change role to partner without organisation",
    )
    audit.visit(showcase.url(f"mitglieder/{pk['viewer']}/entfernen/"))
    audit.visit(showcase.url("einladungen/neu/"))
    audit.invalid_submit(
        showcase.url("einladungen/neu/"),
        "#invitation-form",
        {"#id_email": "keine-adresse", "#id_role": "partner"},
        "invite with invalid address",
    )
    audit.visit(showcase.url(f"einladungen/{showcase.open_invitation.pk}/zurueckziehen/"))
    audit.visit(showcase.url("agenda/entwurf/"))
    audit.visit(showcase.url("agenda/fassungen/"))
    audit.visit(showcase.url("agenda/glossar/neu/"))
    audit.invalid_submit(
        "/konto/profil/", "#profile-form", {"#id_full_name": ""}, "profile with empty name"
    )
    audit.visit("/konto/passwort-aendern/")
    audit.visit("/initiativen/gibt-es-nicht/", status=404)
    audit.assert_clean(minimum_pages=30)


@pytest.mark.parametrize("role", ["partner", "viewer"])
def test_partner_and_viewer_pages_have_no_axe_violations(world, page, role):
    showcase = build_showcase(world)
    audit = Audit(page)
    login(page, world.user(role))

    _member_pages(audit, showcase, role)
    audit.visit(showcase.url(f"partner/{world.organisation.pk}/"))
    audit.visit(showcase.url("mitglieder/"))
    audit.visit(showcase.url("partner/neu/"), status=403)
    audit.assert_clean(minimum_pages=7)


def test_participant_pages_have_no_axe_violations(world, page):
    showcase = build_showcase(world)
    audit = Audit(page)
    login(page, world.participant)

    _member_pages(audit, showcase, "participant")
    audit.visit(showcase.url("mitglieder/"), status=403)
    audit.visit("/konto/profil/")
    audit.assert_clean(minimum_pages=6)


def test_person_without_initiative_pages_have_no_axe_violations(world, page):
    audit = Audit(page)
    login(page, world.outsider)

    audit.visit("/initiativen/", label="initiative list, empty")
    audit.visit("/konto/profil/")
    audit.visit("/initiativen/fachkraefte-berlin/", status=404)
    audit.assert_clean(minimum_pages=3)


def test_anonymous_pages_have_no_axe_violations(world, page):
    showcase = build_showcase(world)
    audit = Audit(page)

    audit.visit("/konto/anmelden/")
    page.locator("input[name=username]").fill("partner@example.org")
    page.locator("input[name=password]").fill("falsch")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".form-summary")).to_be_visible()
    audit.check("login with wrong password")
    audit.visit("/konto/passwort-vergessen/")
    page.locator("input[name=email]").fill("kein-at-zeichen")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".form-summary")).to_be_visible()
    audit.check("password reset with invalid address")
    audit.visit("/konto/passwort-vergessen/gesendet/")
    page.goto(showcase.reset_path)
    audit.check("password reset: choose new password")
    audit.visit("/konto/passwort-zuruecksetzen/MQ/abgelaufen/", label="password reset, bad link")
    audit.visit("/konto/passwort-zuruecksetzen/fertig/")
    audit.visit(f"/einladung/{OPEN_TOKEN}/")
    page.locator("#id_full_name").fill("Eva Eingeladen")
    page.locator("#id_password1").fill("kurz")
    page.locator("#id_password2").fill("anders")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".form-summary")).to_be_visible()
    audit.check("invitation accept with mismatching passwords")
    page.locator("#id_password1").fill("1234")
    page.locator("#id_password2").fill("1234")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#id_password1-error .kern-error")).to_have_count(3)
    audit.check("invitation accept with a password failing three rules")
    audit.visit(f"/einladung/{EXISTING_ACCOUNT_TOKEN}/", label="invitation for existing account")
    audit.visit(f"/einladung/{EXPIRED_TOKEN}/", status=410)
    audit.visit("/einladung/unbekannt/", status=404)
    audit.assert_clean(minimum_pages=13)


def test_audit_reports_the_violations_it_finds(live_server, page):
    page.goto("/konto/anmelden/")
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend',"
        " '<img src=\"/static/img/favicon.svg\"><button></button>')"
    )
    with pytest.raises(AssertionError) as failure:
        check_a11y(page)
    assert "image-alt" in str(failure.value)
    assert "button-name" in str(failure.value)
