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


def test_a_meeting_without_minutes_in_two_browsers(world, new_context):
    """Roles assigned (the rotation's proposal accepted with one click), the speakers' list and
    the notes reach the other browser within seconds, typing is never overwritten by a poll, a
    save over someone else's newer notes keeps both texts, and the decision and the action item
    recorded on the spot reach the partner's board. axe-core checks every new state."""
    from coordination import services
    from coordination.models import AgendaItem, MeetingRole

    m = meeting_world(world)
    item = m.item
    base = f"/initiativen/{world.initiative.slug}/"
    url = f"{base}treffen/{m.past.pk}/"
    notes = f"#id_notes-{item.pk}-notes"

    coordinator = login(new_context().new_page(), world.coordinator)
    coordinator.goto(url)
    # Roles: nobody held any before, so the rotation proposes by name; one click accepts.
    coordinator.locator("#accept-moderation").click()
    expect(coordinator.locator("#role-moderation .role-list__holder")).to_contain_text(
        "Coordinator"
    )
    expect(coordinator.locator("#roles .roles-notice")).to_be_focused()
    timekeeping = coordinator.locator("#role-timekeeping")
    timekeeping.locator("summary").click()
    timekeeping.locator("select").select_option(str(world.partner2.pk))
    timekeeping.locator("form.stack button[type=submit]").click()
    expect(coordinator.locator("#role-timekeeping .role-list__holder")).to_contain_text("Partner2")
    roles = {r.kind: r.user for r in MeetingRole.objects.filter(meeting=m.past)}
    assert roles == {"moderation": world.coordinator, "timekeeping": world.partner2}
    # The documentation is proposed to someone without a role in this meeting.
    expect(coordinator.locator("#role-documentation .role-proposal")).to_contain_text("Partner")
    check_a11y(coordinator)

    # The partner, on a phone, asks to speak; the moderator sees it without reloading.
    partner = login(new_context(viewport=PHONE).new_page(), world.partner)
    partner.goto(url)
    partner.locator("#speaker-toggle").click()
    expect(partner.locator("#speakers .speaker")).to_have_count(1)
    expect(coordinator.locator("#speakers .speaker")).to_contain_text("Partner", timeout=10_000)
    check_a11y(partner)
    coordinator.locator("#speakers .speaker button.kern-btn").first.click()
    expect(coordinator.locator("#speakers .speaker")).to_have_count(0)
    expect(partner.locator("#speakers .speaker")).to_have_count(0, timeout=10_000)
    expect(partner.locator("#speakers .speaker-count")).to_contain_text("1")

    # Live notes: typed on the phone, they appear on the desktop without a reload.
    partner.locator(notes).fill("Zwölf Unternehmen sind dabei.")
    expect(coordinator.locator(notes)).to_have_value(
        "Zwölf Unternehmen sind dabei.", timeout=10_000
    )
    expect(partner.locator(f"#notes-status-{item.pk}")).not_to_be_empty()
    partner.locator("h1").click()  # leaves the field, so the partner's page takes updates

    # The coordinator clicks into the notes; meanwhile someone else saves a change. The poll
    # never replaces the field someone is in.
    coordinator.locator(notes).click()
    stale = AgendaItem.objects.select_related("meeting__initiative").get(pk=item.pk)
    services.agenda_item_notes_save(
        acting_user=world.partner2, agenda_item=stale, notes="Partner2 ergänzt: Messe im Mai."
    )
    coordinator.wait_for_timeout(4_000)  # more than one poll
    expect(coordinator.locator(notes)).to_have_value("Zwölf Unternehmen sind dabei.")
    expect(partner.locator(notes)).to_have_value("Partner2 ergänzt: Messe im Mai.", timeout=10_000)
    # Typing now saves over a newer version: refused, both texts shown, nothing lost.
    coordinator.locator(notes).press("End")
    coordinator.locator(notes).type(" Die IHK lädt ein.")
    conflict = coordinator.locator(f"#notes-conflict-{item.pk}")
    expect(conflict).to_be_visible(timeout=10_000)
    expect(conflict).to_contain_text("Partner2 ergänzt: Messe im Mai.")
    mine = "Zwölf Unternehmen sind dabei. Die IHK lädt ein."
    expect(coordinator.locator(notes)).to_have_value(mine)
    assert AgendaItem.objects.get(pk=item.pk).notes == "Partner2 ergänzt: Messe im Mai."
    check_a11y(coordinator)
    conflict.locator("button.kern-btn--primary").click()  # keep my text and save it
    expect(conflict).to_have_count(0)
    expect(partner.locator(notes)).to_have_value(mine, timeout=10_000)
    assert AgendaItem.objects.get(pk=item.pk).notes == mine

    # A decision and an action item on the spot; the action item is on the partner's board.
    record = coordinator.locator(f"#item-{item.pk}")
    record.locator("details.inline-form summary").nth(0).click()
    coordinator.locator(f"#id_decision-{item.pk}-text").fill("Die Messe wird gemeinsam geplant.")
    coordinator.locator(f"#decision-form-{item.pk} button[type=submit]").click()
    expect(coordinator.locator(f"#item-{item.pk} .decision-list")).to_contain_text("Messe")
    # The partner's page does not reload by itself (it might cost typing) but offers to.
    expect(partner.locator("#record-notice .kern-alert")).to_be_visible(timeout=10_000)
    expect(partner.locator(notes)).to_have_value(mine)
    check_a11y(partner)
    record = coordinator.locator(f"#item-{item.pk}")
    record.locator("details.inline-form summary").nth(1).click()
    due = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    coordinator.locator(f"#id_action-{item.pk}-title").fill("Messestand anmelden")
    coordinator.locator(f"#id_action-{item.pk}-assignee").select_option(str(world.partner.pk))
    coordinator.locator(f"#id_action-{item.pk}-due_date").fill(due)
    coordinator.locator(f"#action-form-{item.pk} button[type=submit]").click()
    expect(coordinator.locator(f"#item-{item.pk} .action-list")).to_contain_text("Messestand")
    # The reload after the action item kept the notes and the roles.
    expect(coordinator.locator(notes)).to_have_value(mine)
    check_a11y(coordinator)
    action = ActionItem.objects.get(title="Messestand anmelden")
    partner.goto(f"{base}aufgaben/?mine=1")
    expect(partner.locator(f"#action-{action.pk}")).to_be_visible()


def test_agenda_items_move_by_keyboard_and_delete_after_asking(world, new_context):
    m = meeting_world(world)
    from coordination import services

    second = services.agenda_item_create(
        acting_user=world.coordinator, meeting=m.past, title="Verschiedenes"
    )
    base = f"/initiativen/{world.initiative.slug}/"
    page = login(new_context().new_page(), world.coordinator)
    page.goto(f"{base}treffen/{m.past.pk}/")
    page.locator(f"#move-down-{m.item.pk}").focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    titles = page.locator(".agenda-item__title")
    expect(titles.first).to_contain_text("1. Verschiedenes")
    # The item is now last: focus is on its "up" button, ready to move it back.
    expect(page.locator(f"#move-up-{m.item.pk}")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(titles.first).to_contain_text("1. Matching-Veranstaltung")
    expect(page.locator(f"#move-down-{m.item.pk}")).to_be_focused()

    page.locator(f"a[href$='punkte/{second.pk}/entfernen/']").click()
    check_a11y(page)
    page.locator("form.form-actions button[type=submit]").click()
    expect(page.locator(".agenda-item")).to_have_count(1)
    expect(page.locator(f"#item-{second.pk}")).to_have_count(0)
