"""axe-core finds no WCAG 2.0/2.1 A/AA violation on any page, for every role, at desktop and
phone width, including forms after htmx has swapped in their error messages.

Each test walks through the pages one role can reach and checks every page at both widths
(the viewport is resized in place, so each page loads once); all violations are collected
and reported together. Pages that look the same for every role (profile, password change,
404) are checked once, with the coordinator.
"""

import re

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
from tests.factories import OrganisationFactory

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
    # An organisation with members cannot be removed: the page says so before any button.
    audit.visit(showcase.url(f"partner/{org}/entfernen/"))
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator("main form button[type=submit]")).to_have_count(0)
    # One without members or open invitations can: confirmation, then the list with the message.
    spare = OrganisationFactory(initiative=world.initiative, name="Stiftung Zukunft")
    audit.visit(showcase.url(f"partner/{spare.pk}/entfernen/"))
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_text("„Stiftung Zukunft“ wurde entfernt.")).to_be_visible()
    audit.check("partner directory after removing an organisation")
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


def test_framework_editing_pages_have_no_axe_violations(world, page):
    import datetime

    from tests.impact.builders import FrameworkBuilder, report

    fw = (
        FrameworkBuilder(world.initiative)
        .goal("Internationale Fachkräfte arbeiten qualifikationsadäquat", "Warum es zählt.")
        .objective("Mehr Vermittlungen in passende Stellen")
        .indicator("Vermittlungen", frequency="quarterly", unit="Personen")
        .with_dimension("Geschlecht", ["weiblich", "männlich", "divers", "keine Angabe"])
        .reported_by(world.organisation, world.organisation2)
        .indicator("Fördermittel", kind="amount", frequency="monthly")
        .with_period_targets({datetime.date(2024, 1, 1): "1000"})
        .objective("Anerkennung geht schneller")
        .goal("Betriebe finden Fachkräfte")
        .build()
    )
    placements = fw.indicator("Vermittlungen")
    period = fw.period(placements, datetime.date(2025, 2, 15))
    women = fw.category("Geschlecht", "weiblich")
    report(
        placements,
        period,
        by=world.partner,
        organisation=world.organisation,
        value="2",
        breakdown={women.pk: "2"},
    )
    period.locked_at, period.locked_by = datetime.datetime.now(datetime.UTC), world.coordinator
    period.save()
    goal, objective = fw.goals[0], fw.objectives[0]
    funds, dimension = fw.indicator("Fördermittel"), fw.dimensions["Geschlecht"]
    base = f"/initiativen/{world.initiative.slug}/wirkung/"
    audit = Audit(page)
    login(page, world.coordinator)

    audit.visit(f"{base}rahmen/")
    audit.invalid_submit(
        f"{base}rahmen/ziele/neu/", "#framework-form", {"#id_title": " "}, "add goal without title"
    )
    audit.visit(f"{base}rahmen/ziele/{goal.pk}/")
    audit.visit(f"{base}rahmen/ziele/{fw.goals[1].pk}/loeschen/")
    page.goto(f"{base}rahmen/ziele/{goal.pk}/loeschen/")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("alert")).to_be_visible()
    audit.check("delete goal with values (409)")
    audit.visit(f"{base}rahmen/ziele/{goal.pk}/wirkungsziele/neu/")
    audit.visit(f"{base}rahmen/wirkungsziele/{objective.pk}/")
    audit.visit(f"{base}rahmen/wirkungsziele/{fw.objectives[1].pk}/loeschen/")
    audit.visit(f"{base}rahmen/wirkungsziele/{objective.pk}/indikatoren/neu/")
    audit.invalid_submit(
        f"{base}rahmen/wirkungsziele/{objective.pk}/indikatoren/neu/",
        "#indicator-form",
        {"#id_name": "Quote", "#id_kind": "percentage", "#id_partner_aggregation": "average"},
        "add indicator that averages percentages",
    )
    audit.visit(f"{base}rahmen/indikatoren/{placements.pk}/")
    audit.visit(f"{base}rahmen/indikatoren/{funds.pk}/loeschen/")
    audit.visit(f"{base}rahmen/indikatoren/{funds.pk}/zielwerte/")
    audit.invalid_submit(
        f"{base}rahmen/indikatoren/{funds.pk}/zielwerte/",
        "#targets-form",
        {"#id_target_2024-02-01": "-5"},
        "negative target per period",
    )
    audit.visit(f"{base}aufschluesselungen/")
    audit.invalid_submit(
        f"{base}aufschluesselungen/neu/",
        "#framework-form",
        {"#id_name": "Geschlecht", "#id_categories": "a"},
        "add breakdown with a name in use",
    )
    audit.visit(f"{base}aufschluesselungen/{dimension.pk}/")
    audit.visit(f"{base}aufschluesselungen/{dimension.pk}/loeschen/")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("alert")).to_be_visible()
    audit.check("delete breakdown in use (409)")
    audit.invalid_submit(
        f"{base}aufschluesselungen/{dimension.pk}/kategorien/neu/",
        "#framework-form",
        {"#id_label": "Weiblich"},
        "add duplicate category",
    )
    audit.visit(f"{base}aufschluesselungen/kategorien/{women.pk}/")
    audit.visit(f"{base}aufschluesselungen/kategorien/{women.pk}/loeschen/")
    audit.invalid_submit(
        f"{base}einstellungen/",
        "#framework-form",
        {"#id_at_risk_percent": "95"},
        "status rule out of order",
    )
    audit.visit(f"{base}zeitraeume/")
    q2 = fw.period(placements, datetime.date(2025, 5, 15))
    audit.visit(f"{base}zeitraeume/{q2.pk}/sperren/")
    audit.assert_clean(minimum_pages=25)


def test_transfer_and_evidence_pages_have_no_axe_violations(
    world, new_context, settings, tmp_path, monkeypatch
):
    """Inbox with the template and export links, upload (also refused), the preview with and
    without errors, the value form and review page with evidence, removing evidence, the review
    queue on one page and on several."""
    import datetime

    from django.core.files.uploadedfile import SimpleUploadedFile

    from impact import services as impact_services
    from tests.impact.builders import FrameworkBuilder, report

    settings.MEDIA_ROOT = tmp_path
    fw = (
        FrameworkBuilder(world.initiative)
        .indicator("Vermittlungen", frequency="quarterly", unit="Personen")
        .with_dimension("Geschlecht", ["weiblich", "männlich", "divers", "keine Angabe"])
        .reported_by(world.organisation)
        .indicator("Vermittlungsquote", kind="percentage", frequency="quarterly")
        .reported_by(world.organisation)
        .build()
    )
    placements = fw.indicator("Vermittlungen")
    q1, q2 = (fw.period(placements, datetime.date(2025, m, 15)) for m in (2, 5))
    women = fw.category("Geschlecht", "weiblich")
    draft = report(
        placements,
        q1,
        by=world.partner,
        organisation=world.organisation,
        value="2",
        breakdown={women.pk: "2"},
    )
    evidence = impact_services.evidence_add(
        acting_user=world.partner,
        submission=draft,
        upload=SimpleUploadedFile("Teilnahmeliste.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    submitted = report(
        placements,
        q2,
        by=world.partner,
        organisation=world.organisation,
        value="3",
        breakdown={women.pk: "3"},
    )
    impact_services.evidence_add(
        acting_user=world.partner,
        submission=submitted,
        upload=SimpleUploadedFile("Foto.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    impact_services.submission_submit(acting_user=world.partner, submission=submitted)

    def checked(rows):
        return impact_services.submission_import_create(
            acting_user=world.partner,
            initiative=world.initiative,
            file_name="werte.csv",
            rows=rows,
        )

    quota = fw.indicator("Vermittlungsquote").pk
    good = checked(
        [
            {
                "line": 2,
                "indicator_id": str(placements.pk),
                "period": "Q3 2025",
                "value": "4",
                "breakdown": {str(women.pk): "4"},
            },
            {
                "line": 3,
                "indicator_id": str(quota),
                "period": "Q3 2025",
                "numerator": "3",
                "denominator": "9",
            },
        ]
    )
    bad = checked(
        [
            {"line": 2, "indicator_id": str(placements.pk), "period": "Q3 2025", "value": "-4"},
            {"line": 3, "indicator_id": "999", "period": "Q3 2025", "value": "1"},
            {
                "line": 4,
                "indicator_id": str(quota),
                "period": "Q3 2025",
                "numerator": "9",
                "denominator": "3",
            },
        ]
    )
    base = f"/initiativen/{world.initiative.slug}/berichte/"
    page = login(new_context().new_page(), world.partner)
    audit = Audit(page)

    audit.visit(base, label="inbox with template, upload and export")
    audit.visit(f"{base}hochladen/")
    page.locator("#import-form button[type=submit]").click()
    expect(page.locator(".form-summary")).to_be_visible()
    audit.check("upload without a file (422)")
    audit.visit(f"{base}hochladen/{good.pk}/", label="import preview, all rows fine")
    audit.visit(f"{base}hochladen/{bad.pk}/", label="import preview with errors")
    audit.visit(f"{base}{placements.pk}/{q1.pk}/", label="value form with evidence")
    audit.invalid_submit(
        f"{base}{placements.pk}/{q1.pk}/",
        "#submission-form",
        {"input[name=value]": "-1"},
        "value form with evidence, negative value",
    )
    audit.visit(f"{base}{placements.pk}/{q2.pk}/", label="submitted value with evidence")
    audit.visit(f"{base}nachweise/{evidence.pk}/entfernen/", label="remove evidence")
    audit.page = login(new_context().new_page(), world.coordinator)
    audit.visit(
        f"/initiativen/{world.initiative.slug}/pruefung/{submitted.pk}/",
        label="review with evidence",
    )
    audit.visit(base, label="coordinator inbox with transfer section")
    report(
        fw.indicator("Vermittlungsquote"),
        q1,
        by=world.partner,
        organisation=world.organisation,
        numerator="3",
        denominator="9",
        submit=True,
    )
    queue = f"/initiativen/{world.initiative.slug}/pruefung/"
    audit.visit(queue, label="review queue")
    from impact.views import reporting as reporting_views

    monkeypatch.setattr(reporting_views, "REVIEW_PAGE_SIZE", 1)
    audit.visit(f"{queue}?page=2", label="review queue, second of two pages")
    audit.assert_clean(minimum_pages=12)


def test_report_pages_have_no_axe_violations(world, new_context, settings, tmp_path):
    """PDF reports: the empty page, the form after an htmx-swapped error, a run waiting, ready
    and failed, the HTML preview and the history, for the backbone office and a partner."""
    from reports import services as report_services
    from reports.models import ReportRun
    from tests.reports.conftest import build_data, queued_run

    settings.MEDIA_ROOT = tmp_path / "media"
    build_data(world)
    base = f"/initiativen/{world.initiative.slug}/pdf-berichte/"
    page = new_context().new_page()
    audit = Audit(page)
    login(page, world.coordinator)
    audit.visit(base, label="reports, empty history")
    page.evaluate("window.__noReload = true")
    page.locator("#id_kind_1").check()
    page.locator("#id_period").select_option("")
    page.locator("#report-form button[type=submit]").click()
    expect(page.locator("#report-form .form-summary")).to_be_visible()
    assert page.evaluate("window.__noReload === true"), "no htmx swap"
    audit.check("report form, period report without a period (after htmx swap)")
    waiting = queued_run(world, user=world.coordinator)
    audit.visit(f"{base}{waiting.pk}/", label="report waiting (polling)")
    report_services.report_generate(run_id=waiting.pk)
    audit.visit(f"{base}{waiting.pk}/", label="report ready")
    failed = queued_run(
        world, user=world.coordinator, status="failed", error_code=ReportRun.Error.TIMEOUT
    )
    audit.visit(f"{base}{failed.pk}/", label="report failed")
    audit.visit(f"{base}{waiting.pk}/vorschau/", label="report preview (HTML)")
    audit.visit(base, label="reports with history")
    audit.assert_clean(minimum_pages=7)

    page = new_context().new_page()
    audit = Audit(page)
    login(page, world.partner)
    audit.visit(base, label="reports, partner")
    audit.visit(f"{base}{waiting.pk}/", label="report ready, partner")
    audit.assert_clean(minimum_pages=2)


def test_report_schedule_pages_have_no_axe_violations(world, new_context, settings, tmp_path):
    """Scheduled reports (empty list, form, form after an htmx-swapped error, list with an
    active and a paused schedule, edit form, delete confirmation) and the preview of a
    partner contribution report."""
    from reports import services as report_services
    from tests.coordination.builders import activity_world
    from tests.reports.conftest import queued_run

    settings.MEDIA_ROOT = tmp_path / "media"
    activity_world(world)
    base = f"/initiativen/{world.initiative.slug}/pdf-berichte/"
    page = new_context().new_page()
    audit = Audit(page)
    login(page, world.coordinator)
    audit.visit(f"{base}zeitplaene/", label="scheduled reports, empty")
    audit.visit(f"{base}zeitplaene/neu/", label="schedule form")
    page.evaluate("window.__noReload = true")
    page.locator("#id_kind_1").check()
    page.locator("#schedule-form button[type=submit]").click()
    expect(page.locator("#schedule-form .form-summary")).to_be_visible()
    assert page.evaluate("window.__noReload === true"), "no htmx swap"
    audit.check("schedule form, contribution report without organisation (after htmx swap)")
    schedule = report_services.schedule_create(
        acting_user=world.coordinator,
        initiative=world.initiative,
        kind="partner",
        parameters={"organisation_id": world.organisation.pk},
        frequency="quarterly",
        recipients=[world.coordinator, world.viewer],
    )
    paused = report_services.schedule_create(
        acting_user=world.coordinator,
        initiative=world.initiative,
        kind="progress",
        parameters={"sections": ["partners", "indicators"]},
        frequency="monthly",
        recipients=[world.viewer],
    )
    report_services.schedule_set_active(
        acting_user=world.coordinator, schedule=paused, active=False
    )
    audit.visit(f"{base}zeitplaene/", label="scheduled reports, active and paused")
    audit.visit(f"{base}zeitplaene/{schedule.pk}/bearbeiten/", label="schedule edit form")
    audit.visit(f"{base}zeitplaene/{schedule.pk}/loeschen/", label="schedule delete confirmation")
    run = queued_run(
        world,
        user=world.coordinator,
        kind="partner",
        parameters={"organisation_id": world.organisation.pk},
    )
    audit.visit(f"{base}{run.pk}/vorschau/", label="contribution report preview (HTML)")
    audit.assert_clean(minimum_pages=7)


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


def _progress_showcase(world):
    """Two goals with a counted, a percentage and a euro indicator, two years of approved
    quarterly values with a gender breakdown, and a reflection note of the partner."""
    import datetime

    from impact import services as impact_services
    from tests.impact.builders import FrameworkBuilder, report

    end = datetime.date(2026, 12, 31)
    gender = ["weiblich", "männlich", "divers", "keine Angabe"]
    framework = (
        FrameworkBuilder(world.initiative)
        .goal("Internationale Fachkräfte arbeiten qualifikationsadäquat")
        .objective("Mehr Vermittlungen in passende Stellen")
        .indicator("Vermittlungen", unit="Personen", final_target="400", final_target_date=end)
        .with_dimension("Geschlecht", gender)
        .reported_by(world.organisation, world.organisation2)
        .indicator(
            "Vermittlungsquote",
            kind="percentage",
            baseline_value="25",
            baseline_date=datetime.date(2023, 12, 31),
            final_target="45",
            final_target_date=end,
        )
        .reported_by(world.organisation)
        .goal("Anerkennung geht schneller")
        .objective("Mehr Geld für Beratung")
        .indicator(
            "Fördermittel", kind="amount", unit="Euro", final_target="80000", final_target_date=end
        )
        .reported_by(world.organisation2)
        .indicator("Beratene Betriebe", unit="Betriebe", final_target="60", final_target_date=end)
        .reported_by(world.organisation2)
        .build()
    )
    placements = framework.indicator("Vermittlungen")
    categories = [framework.category("Geschlecht", label).pk for label in gender]
    actors = ((world.organisation, world.partner), (world.organisation2, world.partner2))
    for i, month in enumerate(range(2, 24, 3)):
        day = datetime.date(2024 + month // 12, month % 12 + 1, 15)
        period = framework.period(placements, day)
        for k, (organisation, user) in enumerate(actors):
            total = 14 + 2 * i + 5 * k
            parts = [total // 2, total // 3, 1]
            parts.append(total - sum(parts))
            report(
                placements,
                period,
                by=user,
                organisation=organisation,
                value=str(total),
                breakdown=dict(zip(categories, map(str, parts), strict=True)),
                approve_by=world.coordinator,
            )
        report(
            framework.indicator("Vermittlungsquote"),
            period,
            by=world.partner,
            organisation=world.organisation,
            numerator=str(8 + i),
            denominator="30",
            approve_by=world.coordinator,
        )
        report(
            framework.indicator("Fördermittel"),
            period,
            by=world.partner2,
            organisation=world.organisation2,
            value=f"{2500 + 612.5 * i}",
            approve_by=world.coordinator,
        )
    note = impact_services.reflection_note_create(
        acting_user=world.partner,
        indicator=placements,
        period=period,
        learning="Seit der Abendberatung finden mehr Frauen eine passende Stelle.",
        change="Die Abendberatung gibt es künftig zweimal pro Woche.",
    )
    return framework, period, note


def test_progress_pages_have_no_axe_violations(world, new_context):
    framework, period, note = _progress_showcase(world)
    base = f"/initiativen/{world.initiative.slug}/wirkung/"
    placements = framework.indicator("Vermittlungen")
    indicator = f"{base}indikatoren/{placements.pk}/"

    page = new_context().new_page()
    audit = Audit(page)
    login(page, world.coordinator)
    audit.visit(base, label="dashboard")
    audit.visit(f"{base}?ziel={framework.goals[1].pk}", label="dashboard, one goal")
    audit.visit(f"{base}?partner={world.organisation2.pk}", label="dashboard, one partner")
    audit.visit(f"{base}?stand=2024-06-30", label="dashboard as of Q2 2024")
    page.goto(base)
    page.locator("#id_partner").select_option(str(world.organisation.pk))
    expect(page).to_have_url(re.compile(r"partner="))
    audit.check("dashboard after htmx filter")
    audit.visit(indicator, label="indicator page, coordinator")
    earlier = framework.period(placements, period.start.replace(year=2024)).pk
    audit.visit(f"{indicator}?period={earlier}", label="indicator page, earlier period")
    for name in ("Vermittlungsquote", "Fördermittel", "Beratene Betriebe"):
        audit.visit(f"{base}indikatoren/{framework.indicator(name).pk}/", label=name)
    audit.invalid_submit(
        indicator, "#reflection-form", {"#id_learning": " "}, "reflection without learning"
    )
    audit.visit(f"{base}reflexion/{note.pk}/loeschen/", label="delete reflection note")
    audit.assert_clean(minimum_pages=11)

    for role in ("partner", "viewer"):
        page = new_context().new_page()
        audit = Audit(page)
        login(page, world.user(role))
        audit.visit(base, label=f"dashboard, {role}")
        audit.visit(indicator, label=f"indicator page, {role}")
        audit.assert_clean(minimum_pages=2)


def test_activity_pages_have_no_axe_violations(world, new_context):
    """Activities: list (also filtered and empty), detail with the quick log form (also after
    an htmx-swapped error), forms, confirmations, the alignment view and contributions."""
    from tests.coordination.builders import activity_world, add_activities

    acts = activity_world(world)
    add_activities(world, 2, user=world.partner2, objectives=[acts.advice, acts.women])
    base = f"/initiativen/{world.initiative.slug}/aktivitaeten/"
    detail = f"{base}{acts.activity.pk}/"
    log = f"{detail}leistungen/{acts.log.pk}/"

    page = new_context().new_page()
    audit = Audit(page)
    login(page, world.partner)
    audit.visit(base, label="activity list")
    page.locator("#filter-kind").select_option("integration")
    expect(page).to_have_url(re.compile(r"kind=integration"))
    audit.check("activity list after htmx filter, nothing found")
    audit.visit(detail, label="activity detail with quick log form")
    page.locator(".breakdown-details summary").click()
    audit.check("activity detail, breakdown opened")
    page.evaluate("window.__noReload = true")
    page.locator("#id_people_reached").fill("3")
    page.locator(f"#id_breakdown_{acts.category['weiblich'].pk}").fill("5")
    page.locator("#log-form button[type=submit]").click()
    expect(page.locator("#log-form .form-summary")).to_be_visible()
    assert page.evaluate("window.__noReload === true"), "quick log: no htmx swap"
    audit.check("quick log, breakdown above the total (after htmx swap with errors)")
    audit.visit(f"{base}neu/", label="register activity")
    audit.invalid_submit(
        f"{base}neu/", "#activity-form", {"#id_end_date": "2020-01-01"}, "register, empty"
    )
    audit.visit(f"{detail}bearbeiten/", label="edit activity")
    audit.visit(f"{detail}entfernen/", label="delete activity")
    audit.visit(f"{log}bearbeiten/", label="correct log")
    audit.invalid_submit(
        f"{log}bearbeiten/", "#log-form", {"#id_people_reached": "-2"}, "correct log, negative"
    )
    audit.visit(f"{log}entfernen/", label="delete log")
    audit.visit(f"{base}abstimmung/", label="alignment view")
    audit.visit(
        f"/initiativen/{world.initiative.slug}/partner/{world.organisation.pk}/beitraege/",
        label="contributions",
    )
    audit.visit(
        f"/initiativen/{world.initiative.slug}/partner/{world.organisation2.pk}/beitraege/",
        label="contributions of another partner",
    )
    audit.assert_clean(minimum_pages=14)

    page = new_context().new_page()
    audit = Audit(page)
    login(page, world.viewer)
    audit.visit(detail, label="activity detail, viewer")
    audit.visit(f"{base}abstimmung/", label="alignment view, viewer")
    audit.assert_clean(minimum_pages=2)


def test_empty_activity_pages_have_no_axe_violations(world, page):
    """An initiative without objectives or activities: the empty states."""
    base = f"/initiativen/{world.initiative.slug}/"
    audit = Audit(page)
    login(page, world.partner)
    audit.visit(f"{base}aktivitaeten/", label="activity list, empty")
    audit.visit(f"{base}aktivitaeten/abstimmung/", label="alignment view, no objectives")
    audit.visit(f"{base}partner/{world.organisation.pk}/beitraege/", label="no contributions")
    audit.assert_clean(minimum_pages=3)


def test_focus_group_pages_have_no_axe_violations(world, new_context):
    """Focus groups: list (empty and filled), founding form (also after an htmx-swapped error
    and the diversity preview), group page, five steps, board with cards, dissolved group."""
    from focusgroups import services as focus_services
    from tests.focusgroups.builders import group_world

    base = f"/initiativen/{world.initiative.slug}/fokusgruppen/"
    page = new_context().new_page()
    audit = Audit(page)
    login(page, world.partner)
    audit.visit(base, label="focus groups, empty")
    audit.visit(f"{base}neu/", label="found a focus group")
    expect(page.locator("#diversity")).to_contain_text(re.compile("Zielgruppe|target group"))
    page.locator(f"#id_members_{world.participant.pk}").check()
    expect(page.locator("#diversity .diversity__item--missing")).to_have_count(2)
    audit.check("found a focus group, diversity preview after htmx")
    audit.invalid_submit(f"{base}neu/", "#group-form", {"#id_name": "Nur ein Name"}, "found, empty")

    built = group_world(world, cards=4)
    group = built.group
    cluster = focus_services.barrier_cluster_create(
        acting_user=world.partner, group=group, name="Matching"
    )
    focus_services.barrier_card_move(
        acting_user=world.partner, card=built.cards[0], cluster=cluster
    )
    focus_services.barrier_vote_add(acting_user=world.participant, card=built.cards[0])
    focus_services.problem_statement_save(
        acting_user=world.partner, group=group, affected="A", hindrance="B", change="C"
    )
    old = group_world(world, name="Anerkennungslotsen", cards=1).group
    focus_services.focus_group_dissolve(
        acting_user=world.coordinator, group=old, reason="Gelöst.", handover_note="Agentur."
    )
    url = f"{base}{group.pk}/"
    audit.visit(base, label="focus groups with active and archive")
    audit.visit(url, label="focus group page")
    audit.visit(f"{url}schritte/", label="five steps")
    audit.visit(f"{url}board/", label="barrier board with cards")
    audit.visit(f"{url}board/?sort=votes", label="barrier board by dots")
    page.evaluate("window.__noReload = true")
    page.locator(f"#vote-{built.cards[1].pk}").click()
    expect(page.locator(f"#card-{built.cards[1].pk}")).to_contain_text(re.compile("1 (Punkt|dot)"))
    audit.check("barrier board after an htmx dot")
    page.locator("#card-form button[type=submit]").click()
    expect(page.locator("#card-form .form-summary")).to_be_visible()
    assert page.evaluate("window.__noReload === true"), "card form: no htmx swap"
    audit.check("barrier board, empty card (after htmx swap with errors)")
    audit.visit(f"{url}problem/", label="problem statement form")
    audit.visit(f"{url}aufloesen/", label="dissolve")
    audit.visit(f"{url}board/cluster/{cluster.pk}/", label="rename cluster")
    audit.visit(f"{base}{old.pk}/", label="dissolved group")
    audit.visit(f"{base}{old.pk}/board/", label="dissolved group's board")
    audit.assert_clean(minimum_pages=15)

    page = new_context().new_page()
    audit = Audit(page)
    login(page, world.participant)
    audit.visit(url, label="focus group page, participant")
    audit.visit(f"{url}board/", label="barrier board, participant")
    audit.assert_clean(minimum_pages=2)


def test_prototype_pages_have_no_axe_violations(world, new_context):
    """Steps 4 and 5: prototype list (empty and filled), planning form (also after an
    htmx-swapped error), a planned prototype with its criteria form (also after an error), a
    tested one with results and feedback, the results form, the second round and its
    comparison, criterion edit and removal, the five steps; the feedback pages for everyone."""
    from decimal import Decimal

    from focusgroups import services as focus_services
    from tests.focusgroups.builders import group_world
    from tests.focusgroups.prototype_builders import (
        concept_for,
        mark_tested,
        prototype_world,
    )

    group = group_world(world).group
    base = f"/initiativen/{world.initiative.slug}/fokusgruppen/{group.pk}/"
    page = new_context().new_page()
    audit = Audit(page)
    login(page, world.partner)
    audit.visit(f"{base}prototypen/", label="prototypes, empty, no concept yet")
    concept_for(group, title="Sprechstunde im Jobcenter")
    audit.invalid_submit(
        f"{base}prototypen/neu/", "#prototype-form", {"#id_title": "Nur ein Titel"}, "plan"
    )
    built = mark_tested(
        prototype_world(world, group=group, criteria=4),
        user=world.partner,
        values={0: "6", 1: "40", 2: "15"},
    )
    link = focus_services.feedback_link_create(
        acting_user=world.partner, prototype=built.prototype, label="Tisch 3"
    )
    for rating, text in ((5, "Sehr konkret"), (2, "Zu voll"), (4, "")):
        focus_services.feedback_submit(
            link=link, rating=rating, went_well=text, to_change="Mehr Zeit", consent=True
        )
    planned = prototype_world(world, group=group, criteria=1)
    tested_url = f"{base}prototypen/{built.prototype.pk}/"
    planned_url = f"{base}prototypen/{planned.prototype.pk}/"
    audit.visit(f"{base}prototypen/", label="prototypes")
    audit.visit(planned_url, label="planned prototype with criteria form")
    audit.invalid_submit(
        planned_url, "#criterion-form", {"#id_criterion-description": ""}, "criterion, empty"
    )
    audit.visit(tested_url, label="tested prototype with results and feedback")
    audit.visit(f"{tested_url}ergebnisse/", label="enter results")
    audit.visit(f"{tested_url}zweite-runde/", label="plan a second round")
    criterion = planned.criteria[0]
    audit.visit(f"{planned_url}kriterien/{criterion.pk}/", label="edit criterion")
    audit.visit(f"{planned_url}kriterien/{criterion.pk}/loeschen/", label="remove criterion")
    audit.visit(f"{planned_url}bearbeiten/", label="edit prototype")
    second = focus_services.prototype_iterate(
        acting_user=world.partner, prototype=built.prototype, changes_from_previous="Mehr Zeit."
    )
    focus_services.prototype_status_set(
        acting_user=world.partner, prototype=second, status="tested"
    )
    focus_services.prototype_results_save(
        acting_user=world.partner,
        prototype=second,
        results={second.criteria.order_by("pk").first().pk: (Decimal("9"), "")},
    )
    audit.visit(f"{base}prototypen/{second.pk}/", label="second round with comparison")
    audit.visit(f"{base}schritte/", label="five steps with prototypes")
    audit.assert_clean(minimum_pages=13)

    page = new_context().new_page()
    audit = Audit(page)
    login(page, world.viewer)
    audit.visit(tested_url, label="tested prototype, report viewer")
    audit.assert_clean(minimum_pages=1)

    page = new_context().new_page()
    audit = Audit(page)
    audit.visit(f"/feedback/{link.token}/", label="feedback form")
    focus_services.feedback_link_close(acting_user=world.partner, link=link)
    audit.visit(f"/feedback/{link.token}/", status=410, label="feedback closed")
    audit.visit("/feedback/unbekannt/", status=404, label="feedback link unknown")
    audit.visit(f"/feedback/{link.token}/danke/", label="feedback thanks")
    audit.assert_clean(minimum_pages=4)


def test_focus_group_step3_pages_have_no_axe_violations(world, new_context):
    """Step 3: concepts (empty, list, form with barriers, detail, delete), tasks board (also
    filtered and after a status move), task form, sprints, sprint page with its retrospective
    (also after an htmx-swapped error), session form; forms after htmx-swapped errors."""
    from tests.focusgroups.builders import group_world
    from tests.focusgroups.step3_builders import add_step3

    empty = group_world(world, name="Leere Gruppe").group
    built = group_world(world, cards=3)
    base = f"/initiativen/{world.initiative.slug}/fokusgruppen/"
    page = new_context().new_page()
    audit = Audit(page)
    login(page, world.partner)
    audit.visit(f"{base}{empty.pk}/konzepte/", label="concepts, empty")
    audit.visit(f"{base}{empty.pk}/aufgaben/", label="tasks board, empty")
    audit.visit(f"{base}{empty.pk}/sprints/", label="sprints, empty")
    step = add_step3(world, built, tasks=4)
    url = f"{base}{step.group.pk}/"
    concept, task = step.concepts[0], step.tasks[0]
    audit.visit(f"{url}konzepte/", label="concepts")
    audit.visit(f"{url}konzepte/neu/", label="new concept")
    audit.invalid_submit(f"{url}konzepte/neu/", "#concept-form", {"#id_title": ""}, "concept")
    audit.visit(f"{url}konzepte/{concept.pk}/", label="concept page")
    audit.visit(f"{url}konzepte/{concept.pk}/loeschen/", label="delete concept")
    audit.visit(f"{url}aufgaben/", label="tasks board")
    audit.visit(f"{url}aufgaben/?mine=1", label="tasks board, mine")
    page.locator(f"#task-{task.pk} button[value=in_progress]").click()
    expect(page.locator(f"#task-{task.pk}")).to_be_visible()
    audit.check("tasks board after a status move")
    audit.visit(f"{url}aufgaben/neu/", label="new task")
    audit.invalid_submit(f"{url}aufgaben/neu/", "#task-form", {"#id_title": ""}, "task")
    audit.visit(f"{url}aufgaben/{task.pk}/", label="change a task")
    audit.visit(f"{url}aufgaben/{task.pk}/loeschen/", label="delete a task")
    audit.visit(f"{url}sprints/", label="sprints")
    audit.visit(f"{url}sprints/neu/", label="plan a sprint")
    audit.invalid_submit(f"{url}sprints/neu/", "#sprint-form", {"#id_goal": ""}, "sprint")
    audit.visit(f"{url}sprints/{step.sprints[0].pk}/", label="finished sprint with retro")
    audit.invalid_submit(
        f"{url}sprints/{step.sprints[0].pk}/", "#retro-form", {"#id_retro-text": "x"}, "retro"
    )
    audit.visit(f"{url}sprints/{step.sprints[-1].pk}/", label="running sprint")
    audit.visit(f"{url}sprints/{step.sprints[-1].pk}/bearbeiten/", label="change a sprint")
    audit.visit(f"{url}sitzungen/neu/", label="plan a session")
    audit.invalid_submit(f"{url}sitzungen/neu/", "#session-form", {"#id_title": ""}, "session")
    audit.visit(url, label="focus group page with sessions")
    type(step.group).objects.filter(pk=step.group.pk).update(stage=3)
    audit.visit(f"{url}schritte/", label="five steps with step 3")
    expect(page.locator("#schritt-3")).to_be_visible()
    audit.assert_clean(minimum_pages=20)


def test_meeting_and_action_item_pages_have_no_axe_violations(world, new_context):
    """Meetings (empty and filled list), forms (also after htmx-swapped errors), the meeting
    page with its inline forms (a swapped decision error), the board (also filtered and
    empty after filtering) and the decisions list."""
    from tests.coordination.meeting_builders import add_meetings, make_overdue, meeting_world

    base = f"/initiativen/{world.initiative.slug}/"
    page = new_context().new_page()
    audit = Audit(page)
    login(page, world.partner)
    audit.visit(f"{base}treffen/", label="meeting list, empty")
    audit.visit(f"{base}aufgaben/", label="board, empty")
    audit.visit(f"{base}beschluesse/", label="decisions, empty")

    m = meeting_world(world)
    add_meetings(world, 2)
    make_overdue(m.mine)
    meeting = f"{base}treffen/{m.past.pk}/"
    audit.visit(f"{base}treffen/", label="meeting list")
    audit.visit(meeting, label="meeting page with inline forms")
    page.locator(f"#item-{m.item.pk} details.inline-form summary").first.click()
    page.evaluate("window.__noReload = true")
    page.locator(f"#decision-form-{m.item.pk} button[type=submit]").click()
    expect(page.locator(f"#decision-form-{m.item.pk} .form-summary")).to_be_visible()
    assert page.evaluate("window.__noReload === true"), "decision form: no htmx swap"
    audit.check("meeting page, empty decision (after htmx swap with errors)")
    audit.invalid_submit(
        meeting, "#agenda-form", {"#id_agenda-title": " "}, "meeting page, empty agenda item"
    )
    audit.visit(f"{base}treffen/neu/", label="schedule meeting")
    audit.invalid_submit(
        f"{base}treffen/neu/", "#meeting-form", {"#id_title": "X"}, "schedule, incomplete"
    )
    audit.visit(f"{base}treffen/{m.upcoming.pk}/bearbeiten/", label="edit meeting")
    audit.visit(f"{base}treffen/{m.upcoming.pk}/absagen/", label="cancel meeting")
    audit.visit(f"{base}aufgaben/", label="board")
    page.locator("#filter-mine").check()
    expect(page).to_have_url(re.compile(r"mine=1"))
    audit.check("board filtered to mine (htmx)")
    audit.visit(
        f"{base}aufgaben/?organisation={world.organisation2.pk}&overdue=1",
        label="board, nothing found",
    )
    audit.visit(f"{base}aufgaben/neu/", label="new action item")
    audit.invalid_submit(
        f"{base}aufgaben/neu/", "#action-item-form", {"#id_title": "X"}, "new action item, no one"
    )
    audit.visit(f"{base}beschluesse/", label="decisions")
    audit.assert_clean(minimum_pages=17)

    # Meetings without minutes: roles with proposals, the speakers' list, the forms to change
    # the record and their confirmations (as the coordinator, who may change everything).
    from coordination import services

    services.meeting_role_assign(
        acting_user=world.coordinator, meeting=m.past, kind="moderation", user=world.partner
    )
    for user in (world.partner, world.viewer):
        services.speaker_request_add(acting_user=user, meeting=m.past)
    page = new_context().new_page()
    audit = Audit(page)
    login(page, world.coordinator)
    audit.visit(meeting, label="meeting page with roles, proposals and speakers")
    page.locator("#role-timekeeping summary").click()
    page.locator("#role-timekeeping form.stack button[type=submit]").click()
    expect(page.locator("#role-timekeeping .form-summary")).to_be_visible()
    audit.check("meeting page, role without a person (after htmx swap)")
    page.locator("#speakers .speaker button.kern-btn").first.click()
    expect(page.locator("#speakers .speaker")).to_have_count(1)
    audit.check("meeting page, speakers' list after giving the floor (htmx)")
    item = f"{base}treffen/{m.past.pk}/punkte/{m.item.pk}/"
    audit.visit(f"{item}bearbeiten/", label="edit agenda item")
    audit.invalid_submit(
        f"{item}bearbeiten/", "#record-form", {"#id_agenda-title": " "}, "agenda item, no title"
    )
    audit.visit(f"{item}entfernen/", label="remove agenda item")
    decision = f"{base}treffen/{m.past.pk}/beschluesse/{m.decision.pk}/"
    audit.visit(f"{decision}bearbeiten/", label="edit decision")
    audit.visit(f"{decision}entfernen/", label="delete decision")
    audit.visit(f"{base}aufgaben/{m.theirs.pk}/bearbeiten/", label="edit action item")
    audit.visit(f"{base}aufgaben/{m.theirs.pk}/entfernen/", label="delete action item")
    audit.assert_clean(minimum_pages=10)

    page = new_context().new_page()
    audit = Audit(page)
    login(page, world.viewer)
    audit.visit(meeting, label="meeting page, viewer")
    audit.visit(f"{base}aufgaben/", label="board, viewer")
    audit.assert_clean(minimum_pages=2)


def test_profile_calendar_and_reminder_settings_have_no_axe_violations(world, page):
    """The profile with the reminder switches, with a new calendar address in its copy field,
    with the address switched on (not shown again) and switched off."""
    audit = Audit(page)
    login(page, world.partner)
    audit.visit("/konto/profil/", label="profile, calendar address off")
    with page.expect_navigation():
        page.locator("form[action$='/kalender/neue-adresse/'] button").click()
    expect(page.locator("#calendar-feed-url")).to_have_value(re.compile(r"/kalender/.+\.ics$"))
    audit.check("profile, new calendar address shown once")
    audit.visit("/konto/profil/", label="profile, calendar address on")
    page.locator("#id_remind_meetings").uncheck()
    # A saved profile answers the htmx request with a redirect to itself: wait for that page.
    with page.expect_navigation():
        page.locator("#profile-form button[type=submit]").click()
    expect(page.locator("#id_remind_meetings")).not_to_be_checked()
    audit.check("profile, reminders saved")
    audit.assert_clean(minimum_pages=4)


def test_guide_pages_have_no_axe_violations(world, new_context):
    """Step 5: the guide page (empty, draft with missing sections, final), its edit form
    (also after an htmx-swapped error), the assemble confirmation, the outcome and links
    forms (the outcome after an htmx-swapped error) and the group page showing the result."""
    import datetime

    from focusgroups import services as focus_services
    from tests.focusgroups.builders import group_world, guide_world
    from tests.impact.builders import FrameworkBuilder

    fw = FrameworkBuilder(world.initiative).goal("Arbeit").objective("Mehr Vermittlungen")
    fw = fw.indicator("Vermittlungen").build()
    built = guide_world(world)
    group = built.group
    empty = group_world(world, name="Noch ohne Leitfaden").group
    base = f"/initiativen/{world.initiative.slug}/fokusgruppen/"
    url = f"{base}{group.pk}/"
    page = new_context().new_page()
    audit = Audit(page)
    login(page, world.partner)
    audit.visit(f"{base}{empty.pk}/leitfaden/", label="guide, none yet")
    audit.visit(f"{url}wirkungsziele/", label="links to objectives")
    audit.visit(f"{url}ergebnis/", label="outcome form")
    page.evaluate("window.__noReload = true")
    page.locator("#id_outcome_1").check()
    page.locator("#outcome-form button[type=submit]").click()
    expect(page.locator("#outcome-form .form-summary")).to_be_visible()
    assert page.evaluate("window.__noReload === true"), "outcome form: no htmx swap"
    audit.check("outcome form, no place and date (after htmx swap with errors)")
    focus_services.guide_assemble(acting_user=world.partner, group=group)
    focus_services.focus_group_links_set(
        acting_user=world.partner,
        group=group,
        objectives=fw.objectives,
        indicators=fw.indicators,
    )
    focus_services.focus_group_outcome_set(
        acting_user=world.partner,
        group=group,
        outcome="permanent",
        where="Regelangebot des Jobcenters Mitte",
        date=datetime.date(2025, 9, 1),
    )
    audit.visit(f"{url}leitfaden/", label="guide, draft with missing sections")
    audit.visit(f"{url}leitfaden/bearbeiten/", label="guide edit form")
    audit.visit(f"{url}leitfaden/zusammenstellen/", label="assemble again, confirmation")
    audit.visit(url, label="group page with outcome and objectives")
    focus_services.guide_update(acting_user=world.partner, group=group, recommendations="Ja.")
    focus_services.guide_finalise(acting_user=world.partner, group=group)
    audit.visit(f"{url}leitfaden/", label="guide, final")
    audit.visit(base, label="focus group list with outcome")
    audit.assert_clean(minimum_pages=9)


def test_news_and_notification_pages_have_no_axe_violations(world, new_context):
    """News (empty and filled list, a post with comments and mentions, forms also after
    htmx-swapped errors, the mention suggestions open, confirmations) and the notifications
    page (with unread ones and empty), with the unread count in the header."""
    from tests.coordination.news_builders import add_news, news_world

    base = f"/initiativen/{world.initiative.slug}/neuigkeiten/"
    page = new_context().new_page()
    audit = Audit(page)
    login(page, world.coordinator)
    audit.visit(base, label="news list, empty")
    audit.visit("/benachrichtigungen/", label="notifications, empty")

    news = news_world(world)
    add_news(world, 3, pinned=1)
    post = f"{base}{news.post.pk}/"
    audit.visit(base, label="news list")
    audit.visit(post, label="news post with comments")
    audit.invalid_submit(post, "#comment-form", {"#id_body": " "}, "news post, empty comment")
    audit.visit(f"{base}neu/", label="write news")
    audit.invalid_submit(f"{base}neu/", "#news-form", {"#id_title": " "}, "write news, no title")
    page.locator("#id_body").press_sequentially("Hallo @Part")
    expect(page.locator("#post-mentions [role=option]").first).to_be_visible()
    audit.check("write news, mention suggestions open")
    audit.visit(f"{post}bearbeiten/", label="edit news")
    audit.visit(f"{post}entfernen/", label="delete news")
    audit.visit(f"{post}kommentare/{news.comment.pk}/entfernen/", label="remove comment")
    audit.visit("/benachrichtigungen/", label="notifications with unread ones")
    audit.assert_clean(minimum_pages=12)

    page = new_context().new_page()
    audit = Audit(page)
    login(page, world.partner)
    audit.visit(f"{post}kommentare/{news.comment.pk}/bearbeiten/", label="edit own comment")
    audit.visit("/benachrichtigungen/", label="notifications, partner")
    audit.assert_clean(minimum_pages=2)


def test_cockpit_pulse_and_warning_pages_have_no_axe_violations(world, new_context):
    """The cockpit (empty and filled), the pulse (empty, a round form and the answer form
    after htmx-swapped errors, results, too few answers, closing), early warnings (empty and
    filled list, the form after swapped errors, a warning with its follow-up form), and the
    partner's view."""
    from coordination import services
    from tests.coordination.meeting_builders import make_overdue, meeting_world
    from tests.coordination.pulse_builders import closed_round, extra_partners, open_round

    base = f"/initiativen/{world.initiative.slug}/"
    page = new_context().new_page()
    audit = Audit(page)
    login(page, world.coordinator)
    audit.visit(f"{base}cockpit/", label="cockpit, empty")
    audit.visit(f"{base}puls/", label="pulse, empty")
    audit.visit(f"{base}fruehwarnungen/", label="warnings, empty")

    meetings = meeting_world(world)
    make_overdue(meetings.mine)
    people = [world.partner, world.partner2, world.coordinator]
    results = closed_round(world, [(p, 4, "Offen und klar.") for p in people], title="Q3 2026")
    few = closed_round(world, [(world.partner, 2, "")], title="Q4 2026")
    current = open_round(world, title="Q1 2027")
    extra_partners(world, 1)
    warning = services.warning_create(
        acting_user=world.partner,
        initiative=world.initiative,
        title="Konkurrierende Termine",
        description="Zwei Partner planen Infoabende am selben Tag.",
        organisation=world.organisation2.pk,
    )
    services.warning_note_add(acting_user=world.coordinator, warning=warning, text="Geklärt.")
    services.warning_create(
        acting_user=world.partner2,
        initiative=world.initiative,
        title="Spannungen",
        description="Bitte vertraulich behandeln.",
        visibility="coordinators",
    )
    audit.visit(f"{base}cockpit/", label="cockpit")
    page.locator("#cockpit-pulse .chart-table summary").click()
    audit.check("cockpit, pulse table shown")
    audit.visit(f"{base}puls/", label="pulse with trend")
    audit.visit(f"{base}puls/{results.pk}/", label="pulse results")
    audit.visit(f"{base}puls/{few.pk}/", label="pulse, too few answers")
    audit.visit(f"{base}puls/{current.pk}/", label="pulse, open round")
    audit.visit(f"{base}puls/{current.pk}/schliessen/", label="close round")
    audit.invalid_submit(
        f"{base}puls/neu/", "#pulse-round-form", {"#id_title": "Q3 2026"}, "open round, title taken"
    )
    page.goto(f"{base}puls/{current.pk}/antworten/")
    page.evaluate("window.__noReload = true")
    page.locator("label[for=id_trust_3]").click()
    page.locator("#pulse-answer-form button[type=submit]").click()
    expect(page.locator("#pulse-answer-form .form-summary")).to_be_visible()
    assert page.evaluate("window.__noReload === true"), "pulse answer: no htmx swap"
    audit.check("pulse answer, incomplete (after htmx swap with errors)")
    audit.visit(f"{base}fruehwarnungen/", label="warnings")
    audit.visit(f"{base}fruehwarnungen/{warning.pk}/", label="warning with follow-up")
    audit.invalid_submit(
        f"{base}fruehwarnungen/neu/", "#warning-form", {"#id_title": "X"}, "warning, no text"
    )
    audit.invalid_submit(
        f"{base}fruehwarnungen/{warning.pk}/",
        "#warning-note-form",
        {"#id_text": " "},
        "warning, empty follow-up",
    )
    audit.assert_clean(minimum_pages=14)

    page = new_context().new_page()
    audit = Audit(page)
    login(page, world.partner2)
    audit.visit(f"{base}puls/{current.pk}/antworten/", label="pulse answer form, partner")
    audit.visit(f"{base}fruehwarnungen/", label="warnings, partner")
    audit.visit(f"{base}fruehwarnungen/{warning.pk}/", label="warning, read only")
    audit.assert_clean(minimum_pages=3)
