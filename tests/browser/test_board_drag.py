"""Drag and drop on the barrier board: a card dragged onto a cluster moves there (through the
same endpoint as the Move control, which stays on every card), and axe stays clean."""

import pytest

from focusgroups import services
from tests.browser.conftest import check_a11y, login
from tests.focusgroups.builders import group_world

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect


def _board(group):
    return f"/initiativen/{group.initiative.slug}/fokusgruppen/{group.pk}/board/"


def test_dragging_a_card_onto_a_cluster_moves_it(world, new_context):
    built = group_world(world, cards=2)
    group = built.group
    matching = services.barrier_cluster_create(
        acting_user=world.partner, group=group, name="Matching"
    )
    language = services.barrier_cluster_create(
        acting_user=world.partner, group=group, name="Sprache"
    )
    services.barrier_card_move(acting_user=world.partner, card=built.cards[1], cluster=language)
    card = built.cards[0]
    page = login(new_context().new_page(), world.partner)
    page.goto(_board(group))
    page.evaluate("window.__noReload = true")
    source = page.locator(f"#card-{card.pk}")
    expect(source).to_have_attribute("draggable", "true")
    target = page.locator(f"section[aria-labelledby='column-{matching.pk}']")

    source.drag_to(target)

    expect(target).to_contain_text("Barriere 1")
    expect(page.locator("section[aria-labelledby='column-none']")).to_have_count(0)
    assert page.evaluate("window.__noReload === true"), "the move reloaded the page"
    card.refresh_from_db()
    assert card.cluster_id == matching.pk
    # The keyboard-usable alternative is still on the moved card, and the board is clean.
    expect(page.locator(f"#move-select-{card.pk}")).to_have_value(str(matching.pk))
    expect(page.locator(f"#card-{card.pk}")).to_have_attribute("draggable", "true")
    check_a11y(page)

    # Dropping it on its own column changes nothing.
    page.locator(f"#card-{card.pk}").drag_to(target)
    card.refresh_from_db()
    assert card.cluster_id == matching.pk


def test_readers_get_no_draggable_cards(world, new_context):
    built = group_world(world, cards=1)
    services.barrier_cluster_create(acting_user=world.partner, group=built.group, name="Matching")
    page = login(new_context().new_page(), world.viewer)
    page.goto(_board(built.group))
    expect(page.locator(f"#card-{built.cards[0].pk}")).to_be_visible()
    expect(page.locator("[draggable=true]")).to_have_count(0)
