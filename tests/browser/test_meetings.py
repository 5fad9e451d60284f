"""Meetings in a real browser: the coordinator records a decision and an action item for the
partner on an agenda item of a meeting (first with a mistake that htmx swaps in), the partner
finds the item on the board under "mine" on a phone and moves it to done; the decisions list
then counts it.

Elements are found by ids and names, so the test holds in German and in the English source
wording while the catalogue is completed.
"""

import datetime
import re

import pytest
from django.utils import timezone

from coordination.models import ActionItem, Decision
from tests.browser.conftest import PHONE, check_a11y, login
from tests.coordination.meeting_builders import meeting_world

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect


def test_decision_and_action_item_reach_the_assignees_board(world, new_context):
    m = meeting_world(world)
    item = m.item
    base = f"/initiativen/{world.initiative.slug}/"
    due = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()

    page = login(new_context().new_page(), world.coordinator)
    page.goto(f"{base}treffen/")
    page.locator(f"a[href='{base}treffen/{m.past.pk}/']").click()
    record = page.locator(f"#item-{item.pk}")

    record.locator("details.inline-form summary").nth(0).click()
    page.locator(f"#id_decision-{item.pk}-text").fill("Der Leitfaden wird bis Juni geschrieben.")
    page.locator(f"#decision-form-{item.pk} button[type=submit]").click()
    expect(page.locator(f"#item-{item.pk} .decision-list")).to_contain_text("Leitfaden")
    decision = Decision.objects.get(text__startswith="Der Leitfaden")

    # Without anyone responsible the form comes back, swapped in by htmx, keeping the text.
    record = page.locator(f"#item-{item.pk}")
    record.locator("details.inline-form summary").nth(1).click()
    page.evaluate("window.__noReload = true")
    page.locator(f"#id_action-{item.pk}-title").fill("Leitfaden schreiben")
    page.locator(f"#id_action-{item.pk}-due_date").fill(due)
    page.locator(f"#action-form-{item.pk} button[type=submit]").click()
    expect(page.locator(f"#action-form-{item.pk} .form-summary")).to_be_visible()
    assert page.evaluate("window.__noReload === true"), "the page was reloaded"
    expect(page.locator(f"#id_action-{item.pk}-title")).to_have_value("Leitfaden schreiben")
    check_a11y(page)
    assert not ActionItem.objects.filter(title="Leitfaden schreiben").exists()

    page.locator(f"#id_action-{item.pk}-assignee").select_option(str(world.partner.pk))
    page.locator(f"#id_action-{item.pk}-decision").select_option(str(decision.pk))
    page.locator(f"#action-form-{item.pk} button[type=submit]").click()
    expect(page.locator(f"#item-{item.pk} .action-list")).to_contain_text("Leitfaden schreiben")
    action = ActionItem.objects.get(title="Leitfaden schreiben")
    assert (action.assignee, action.decision) == (world.partner, decision)

    # The partner, on a phone: the board filtered to their own items.
    phone = login(new_context(viewport=PHONE).new_page(), world.partner)
    phone.goto(f"{base}aufgaben/")
    phone.locator("#filter-mine").check()
    expect(phone).to_have_url(re.compile(r"mine=1"))
    card = phone.locator(f"#action-{action.pk}")
    expect(card).to_be_visible()
    expect(phone.locator(f"#action-{m.theirs.pk}")).to_have_count(0)
    expect(card.locator(f"a[href*='#decision-{decision.pk}']")).to_be_visible()
    card.locator("button[value=done]").focus()
    phone.keyboard.press("Enter")
    expect(phone).to_have_url(re.compile(r"mine=1"))
    expect(phone.locator(f".board__column--done #action-{action.pk}")).to_be_visible()
    action.refresh_from_db()
    assert action.status == "done" and action.done_at is not None
    overflow = phone.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0

    phone.goto(f"{base}beschluesse/")
    expect(phone.locator(".decision-card").filter(has_text="Leitfaden")).to_contain_text(
        re.compile(r"1 (von|of) 1")
    )
