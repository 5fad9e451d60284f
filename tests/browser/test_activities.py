"""Activities in a real browser: on a phone, a partner logs an output with a breakdown through
the quick form (first with a breakdown that exceeds the total, swapped in by htmx), then finds
the activity in the list and its count in the alignment view.

Elements are found by their names and ids, so the test holds in German and in the English source
wording while the catalogue is completed.
"""

import re

import pytest

from coordination.models import OutputLog
from tests.browser.conftest import PHONE, check_a11y, login
from tests.coordination.builders import activity_world

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect


def test_partner_logs_an_output_on_a_phone(world, new_context):
    acts = activity_world(world)
    slug = world.initiative.slug
    activity = acts.activity
    detail = f"/initiativen/{slug}/aktivitaeten/{activity.pk}/"
    women, men = acts.category["weiblich"], acts.category["männlich"]

    page = login(new_context(viewport=PHONE).new_page(), world.partner)
    page.goto(f"/initiativen/{slug}/aktivitaeten/")
    page.locator(f"a[href='{detail}']").click()
    expect(page).to_have_url(re.compile(re.escape(detail) + "$"))
    # The date is today unless changed; the breakdown waits behind a summary.
    expect(page.locator("#id_date")).not_to_have_value("")
    expect(page.locator(f"input[name=breakdown_{women.pk}]")).to_be_hidden()

    # More women and men than people reached: htmx swaps the form with the message.
    page.evaluate("window.__noReload = true")
    page.locator("#id_people_reached").fill("9")
    page.locator(".breakdown-details summary").click()
    page.locator(f"input[name=breakdown_{women.pk}]").fill("6")
    page.locator(f"input[name=breakdown_{men.pk}]").fill("5")
    page.locator("#log-form button[type=submit]").click()
    error = page.locator(f"#dimension-{acts.gender.pk}-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("11")
    assert page.evaluate("window.__noReload === true"), "the page was reloaded"
    expect(page.locator("#id_people_reached")).to_have_value("9")
    expect(page.locator("#log-form .form-summary")).to_be_focused()
    check_a11y(page)
    assert OutputLog.objects.count() == 1

    # Corrected: the rest is counted under "keine Angabe".
    page.locator(f"input[name=breakdown_{men.pk}]").fill("2")
    page.locator("#id_note").fill("Infoabend im Stadtteilzentrum")
    page.locator("#log-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(detail) + "$"))
    expect(page.locator(".log-list")).to_contain_text("Infoabend im Stadtteilzentrum")
    log = OutputLog.objects.latest("pk")
    assert log.people_reached == 9
    assert {r.category.label: r.value for r in log.breakdowns.all()} == {
        "weiblich": 6,
        "männlich": 2,
        "keine Angabe": 1,
    }
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0

    # The list shows the new total (10 earlier + 9).
    page.goto(f"/initiativen/{slug}/aktivitaeten/")
    expect(page.locator(".activity-card").first).to_contain_text("19")

    # The alignment view counts the activity for both of its objectives; a cell leads to it.
    page.goto(f"/initiativen/{slug}/aktivitaeten/abstimmung/")
    cell = page.locator(
        f"a.alignment-table__count[href*='organisation={world.organisation.pk}']"
        f"[href*='objective={acts.placement.pk}']"
    )
    expect(cell).to_contain_text("1")
    check_a11y(page)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, "the alignment table pushes the page sideways"
    cell.click()
    expect(page.locator(f"a[href='{detail}']")).to_be_visible()
