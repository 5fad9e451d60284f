"""Step 3 in the browser: on a phone, a task moves by keyboard alone and the board needs no
sideways scrolling; a "we try next" note becomes a task with one click."""

import re

import pytest

from tests.browser.conftest import PHONE, login
from tests.focusgroups.builders import group_world
from tests.focusgroups.step3_builders import add_step3

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect


def test_task_moves_by_keyboard_on_a_phone(world, new_context):
    step = add_step3(world, group_world(world, cards=1), tasks=3)
    task = step.tasks[0]
    page = new_context(viewport=PHONE).new_page()
    login(page, world.participant)
    page.goto(f"/initiativen/{world.initiative.slug}/fokusgruppen/{step.group.pk}/aufgaben/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    button = page.locator(f"#task-{task.pk} button[value=in_progress]")
    button.focus()
    page.keyboard.press("Enter")
    moved = page.locator("#column-in_progress").locator("xpath=..").locator(f"#task-{task.pk}")
    expect(moved).to_be_visible()
    task.refresh_from_db()
    assert task.status == "in_progress"
    page.locator("#filter-mine").check()
    expect(page.locator("#task-board")).to_contain_text(re.compile("0 (tasks|Aufgaben)"))


def test_try_next_note_becomes_a_task_with_one_click(world, new_context):
    step = add_step3(world, group_world(world, cards=1), tasks=0)
    item = step.retro_items[0]
    page = new_context().new_page()
    login(page, world.partner)
    base = f"/initiativen/{world.initiative.slug}/fokusgruppen/{step.group.pk}/"
    page.goto(f"{base}sprints/{item.sprint_id}/")
    page.locator(f"#retro-{item.pk} button").click()
    link = page.locator(f"#retro-{item.pk} a")
    expect(link).to_be_visible()
    link.click()
    expect(page.locator("#task-board")).to_contain_text(item.text)
