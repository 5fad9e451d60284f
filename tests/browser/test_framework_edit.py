"""Setting up the results framework in a real browser: the backbone office adds a breakdown, a
goal, an objective and an indicator broken down by it; a rejected indicator shows German messages
and keeps what was typed; then a reporting period is locked. axe-core checks every page on the way.

Elements are found by ids and names, so the test holds while the German catalogue is completed;
the messages checked come from the services, which are translated already.
"""

import re

import pytest

from impact.models import Dimension, Goal, Indicator, Objective, ReportingPeriod
from tests.browser.conftest import DESKTOP, PHONE, check_a11y, login

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect


def check_a11y_at_both_widths(page) -> None:
    check_a11y(page)
    page.set_viewport_size(PHONE)
    try:
        check_a11y(page)
    finally:
        page.set_viewport_size(DESKTOP)


def test_coordinator_sets_up_the_framework_and_locks_a_period(world, new_context):
    base = f"/initiativen/{world.initiative.slug}/wirkung/"
    edit = f"{base}rahmen/"
    page = login(new_context().new_page(), world.coordinator)

    # An empty framework invites to start with a goal.
    page.goto(edit)
    expect(page.locator(".empty-state")).to_be_visible()
    check_a11y_at_both_widths(page)

    # A breakdown with its categories, one per line.
    page.goto(f"{base}aufschluesselungen/neu/")
    page.locator("#id_name").fill("Geschlecht")
    page.locator("#id_categories").fill("weiblich\nmännlich\ndivers")
    page.locator("#framework-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(f"{base}aufschluesselungen/")))
    expect(page.locator(".dimension-card")).to_contain_text("weiblich · männlich · divers")
    check_a11y_at_both_widths(page)
    dimension = Dimension.objects.get(name="Geschlecht")

    # A goal: the empty title is refused first (htmx swaps the form, nothing is lost).
    page.goto(edit)
    page.locator(".empty-state a").click()
    page.evaluate("window.__noReload = true")
    page.locator("#id_description").fill("Damit Abschlüsse genutzt werden.")
    page.locator("#framework-form button[type=submit]").click()
    expect(page.locator("#id_title-error")).to_contain_text("Bitte geben Sie einen Titel ein.")
    assert page.evaluate("window.__noReload === true"), "the page was reloaded"
    expect(page.locator("#id_description")).to_have_value("Damit Abschlüsse genutzt werden.")
    check_a11y_at_both_widths(page)
    page.locator("#id_title").fill("Internationale Fachkräfte arbeiten qualifikationsadäquat")
    page.locator("#framework-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(edit) + r"#goal-\d+$"))
    goal = Goal.objects.get()

    # An objective of that goal.
    page.locator(f"#goal-{goal.pk} > .fw-add a").click()
    page.locator("#id_title").fill("Mehr Vermittlungen in passende Stellen")
    page.locator("#framework-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(edit) + r"#objective-\d+$"))
    objective = Objective.objects.get()
    expect(page.locator(f"#objective-{objective.pk}")).to_be_visible()

    # An indicator that averages percentages is refused with a German message at the field;
    # everything typed stays, including the ticked partner and breakdown.
    page.locator(f"#objective-{objective.pk} .fw-add a").click()
    check_a11y_at_both_widths(page)
    page.evaluate("window.__noReload = true")
    page.locator("#id_name").fill("Vermittlungsquote")
    page.locator("#id_definition").fill("Vermittelte geteilt durch beratene Personen.")
    page.locator("#id_kind").select_option("percentage")
    page.locator(f"input[name=reporting_organisations][value='{world.organisation.pk}']").check()
    page.locator("#id_partner_aggregation").select_option("average")
    page.locator("#id_period_aggregation").select_option("cumulative")
    page.locator("#id_final_target").fill("45")
    page.locator("#id_final_target_date").fill("2027-12-31")
    page.locator(f"input[name=dimensions][value='{dimension.pk}']").check()
    page.locator("#indicator-form button[type=submit]").click()
    expect(page.locator("#id_partner_aggregation-error")).to_contain_text(
        "Prozentwerte werden nie gemittelt"
    )
    assert page.evaluate("window.__noReload === true"), "the page was reloaded"
    expect(page.locator("#id_name")).to_have_value("Vermittlungsquote")
    expect(page.locator("#id_final_target")).to_have_value("45")
    expect(page.locator("#id_kind")).to_have_value("percentage")
    expect(
        page.locator(f"input[name=reporting_organisations][value='{world.organisation.pk}']")
    ).to_be_checked()
    expect(page.locator(f"input[name=dimensions][value='{dimension.pk}']")).to_be_checked()
    check_a11y_at_both_widths(page)
    assert not Indicator.objects.exists()

    # Fixed: the partners' numerators and denominators are added up.
    page.locator("#id_partner_aggregation").select_option("sum")
    page.locator("#indicator-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(edit) + r"#indicator-\d+$"))
    indicator = Indicator.objects.get()
    expect(page.locator(f"#indicator-{indicator.pk}")).to_contain_text("Vermittlungsquote")
    assert [d.name for d in indicator.dimensions.all()] == ["Geschlecht"]
    assert list(indicator.reporting_organisations.all()) == [world.organisation]
    check_a11y_at_both_widths(page)

    # The periods page: lock the first quarter after confirming.
    page.goto(f"{base}zeitraeume/")
    check_a11y_at_both_widths(page)
    period = ReportingPeriod.objects.filter(initiative=world.initiative).order_by("start").first()
    # Earlier years are folded away; the year opens with a click on its heading.
    expect(page.locator(f"#period-{period.pk}")).to_be_hidden()
    page.locator(".period-year__summary", has_text=str(period.start.year)).click()
    page.locator(f"#period-{period.pk} a").click()
    check_a11y(page)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(f"#period-{period.pk}$"))
    expect(page.locator(f"#period-{period.pk}")).to_contain_text(world.coordinator.full_name)
    period.refresh_from_db()
    assert period.locked_by == world.coordinator
    check_a11y_at_both_widths(page)
