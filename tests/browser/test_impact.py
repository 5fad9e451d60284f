"""Reporting in a real browser: a partner submits a value with a breakdown, the backbone office
returns it with a reason, the partner corrects and resubmits, the backbone office approves.
axe-core checks the inbox, the value form (also after an htmx-swapped error) and the queue.

Elements are found by their names and ids, so the test holds in German and in the English source
wording while the catalogue is completed.
"""

import datetime
import re

import pytest

from impact import services
from impact.models import Submission
from tests.browser.conftest import DESKTOP, PHONE, check_a11y, login
from tests.impact.builders import FrameworkBuilder, report

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

GENDER = ["weiblich", "männlich", "divers", "keine Angabe"]


@pytest.fixture
def placements(world):
    framework = (
        FrameworkBuilder(world.initiative)
        .goal("Internationale Fachkräfte arbeiten qualifikationsadäquat")
        .objective("Mehr Vermittlungen in passende Stellen")
        .indicator("Vermittlungen", frequency="quarterly", unit="Personen")
        .with_dimension("Geschlecht", GENDER)
        .reported_by(world.organisation)
        .build()
    )
    indicator = framework.indicator("Vermittlungen")
    period = framework.period(indicator, datetime.date(2025, 2, 15))
    categories = {label: framework.category("Geschlecht", label) for label in GENDER}
    return indicator, period, categories, framework.dimensions["Geschlecht"]


def check_a11y_at_both_widths(page) -> None:
    check_a11y(page)
    page.set_viewport_size(PHONE)
    try:
        check_a11y(page)
    finally:
        page.set_viewport_size(DESKTOP)


def fill_breakdown(page, categories, values: dict) -> None:
    for label, category in categories.items():
        page.locator(f"input[name=breakdown_{category.pk}]").fill(values.get(label, ""))


def test_reporting_cycle_in_the_browser(world, placements, new_context):
    indicator, period, categories, dimension = placements
    slug = world.initiative.slug
    inbox = f"/initiativen/{slug}/berichte/"
    form = f"{inbox}{indicator.pk}/{period.pk}/"
    queue = f"/initiativen/{slug}/pruefung/"

    # The partner finds the value in the inbox, reached through the navigation.
    partner = login(new_context().new_page(), world.partner)
    partner.goto(f"/initiativen/{slug}/")
    partner.locator(f".nav-menu:has(a[href='{inbox}']) summary").click()
    partner.locator(f".initiative-nav a[href='{inbox}']").click()
    expect(partner).to_have_url(re.compile(re.escape(inbox) + "$"))
    check_a11y_at_both_widths(partner)
    partner.locator(f"a.task-card__title[href='{form}']").click()
    expect(partner).to_have_url(re.compile(re.escape(form) + "$"))
    expect(partner.locator(".indicator-definition")).to_contain_text(indicator.definition)
    check_a11y(partner)

    # A breakdown that does not add up: htmx swaps the form with the message at the dimension.
    partner.evaluate("window.__noReload = true")
    partner.locator("input[name=value]").fill("10")
    fill_breakdown(partner, categories, {"weiblich": "4", "männlich": "3"})
    partner.locator("button[name=action][value=submit]").click()
    error = partner.locator(f"#dimension-{dimension.pk}-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("10")
    assert partner.evaluate("window.__noReload === true"), "the page was reloaded"
    expect(partner.locator("input[name=value]")).to_have_value("10")
    expect(partner.locator(".form-summary")).to_be_focused()
    check_a11y_at_both_widths(partner)
    assert not Submission.objects.exists()

    # Cases without information go under "keine Angabe": now it adds up.
    fill_breakdown(partner, categories, {"weiblich": "4", "männlich": "3", "keine Angabe": "3"})
    partner.locator("button[name=action][value=submit]").click()
    expect(partner).to_have_url(re.compile(re.escape(inbox) + "$"))
    submission = Submission.objects.get()
    assert submission.status == Submission.Status.SUBMITTED

    # The backbone office returns it; an empty reason is refused at the field first.
    coordinator = login(new_context().new_page(), world.coordinator)
    coordinator.goto(queue)
    expect(coordinator.locator(".review-table")).to_contain_text("IQ Netzwerk")
    expect(coordinator.locator(".review-table")).to_contain_text("keine Angabe")
    check_a11y_at_both_widths(coordinator)
    coordinator.locator(f"a[href='{queue}{submission.pk}/']").click()
    coordinator.locator("#return-form button[type=submit]").click()
    expect(coordinator.locator("#id_reason-error")).to_be_visible()
    check_a11y(coordinator)
    coordinator.locator("textarea[name=reason]").fill("Bitte die Zahl der Männer prüfen.")
    coordinator.locator("#return-form button[type=submit]").click()
    expect(coordinator).to_have_url(re.compile(re.escape(queue) + "$"))
    submission.refresh_from_db()
    assert submission.status == Submission.Status.RETURNED

    # The partner sees the reason in the inbox and above the form, corrects and resubmits.
    partner.goto(inbox)
    expect(partner.locator(".task-group--returned")).to_contain_text(
        "Bitte die Zahl der Männer prüfen."
    )
    partner.locator(f".task-group--returned a.task-card__title[href='{form}']").click()
    expect(partner.locator(".return-alert")).to_contain_text("Bitte die Zahl der Männer prüfen.")
    expect(partner.locator(f"input[name=breakdown_{categories['männlich'].pk}]")).to_have_value("3")
    fill_breakdown(partner, categories, {"weiblich": "4", "männlich": "2", "keine Angabe": "4"})
    partner.locator("button[name=action][value=submit]").click()
    expect(partner).to_have_url(re.compile(re.escape(inbox) + "$"))

    # The backbone office sees the history with the reason and approves.
    coordinator.goto(f"{queue}{submission.pk}/")
    expect(coordinator.locator(".history")).to_contain_text("Bitte die Zahl der Männer prüfen.")
    coordinator.locator(f"form[action='{queue}{submission.pk}/freigeben/'] button").click()
    expect(coordinator).to_have_url(re.compile(re.escape(queue) + "$"))
    expect(coordinator.locator(".empty-state")).to_be_visible()
    submission.refresh_from_db()
    assert submission.status == Submission.Status.APPROVED
    breakdown = {row.category.label: row.value for row in submission.breakdowns.all()}
    assert breakdown == {"weiblich": 4, "männlich": 2, "keine Angabe": 4}

    # The approved value is read-only for the partner, with a way to start a correction.
    partner.goto(form)
    expect(partner.locator("#submission-form")).to_have_count(0)
    expect(partner.locator(f"form[action='{form}korrigieren/'] button")).to_be_visible()
    check_a11y(partner)

    # The framework page shows the indicator with its status in words.
    partner.goto(f"/initiativen/{slug}/wirkung/")
    expect(partner.locator(".indicator-card")).to_contain_text("Vermittlungen")
    check_a11y_at_both_widths(partner)


def test_locked_period_and_partner_dashboard_in_the_browser(world, placements, new_context):
    """A draft left in a locked period: listed as locked (not due) in the inbox, headed as a
    draft on its page; the dashboard for one partner shows its contribution without status."""
    indicator, period, _categories, _dimension = placements
    slug = world.initiative.slug
    inbox = f"/initiativen/{slug}/berichte/"
    form = f"{inbox}{indicator.pk}/{period.pk}/"
    report(indicator, period, by=world.partner, organisation=world.organisation, value="3")
    services.period_lock(acting_user=world.coordinator, period=period)

    partner = login(new_context().new_page(), world.partner)
    partner.goto(inbox)
    locked = partner.locator("section:has(#tasks-locked)")
    expect(partner.locator(f".task-group a.task-card__title[href='{form}']")).to_have_count(0)
    locked.locator("summary").click()
    expect(locked.locator(f"a.task-card__title[href='{form}']")).to_be_visible()
    check_a11y_at_both_widths(partner)
    locked.locator(f"a.task-card__title[href='{form}']").click()
    expect(partner).to_have_url(re.compile(re.escape(form) + "$"))
    expect(partner.locator("#value-heading")).to_have_text(
        re.compile("Entwurf, nicht eingereicht|Draft, not submitted")
    )
    expect(partner.locator(".discard-form")).to_have_count(0)
    check_a11y(partner)

    partner.goto(f"/initiativen/{slug}/wirkung/?partner={world.organisation.pk}")
    expect(partner.locator(".dashboard__contribution")).to_be_visible()
    expect(partner.locator(".status-tiles")).to_have_count(0)
    expect(partner.locator(".indicator-row__status")).to_have_count(0)
    check_a11y_at_both_widths(partner)
