"""The barrier board live: two people on the same board in two browser contexts."""

import re

import pytest

from focusgroups import services
from tests.browser.conftest import PHONE, login
from tests.focusgroups.builders import group_world

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect


def _board(group):
    return f"/initiativen/{group.initiative.slug}/fokusgruppen/{group.pk}/board/"


def test_card_added_in_one_browser_appears_in_the_other_and_dots_add_up(world, new_context):
    built = group_world(world, cards=1, dots_per_person=3)
    group = built.group
    partner = login(new_context().new_page(), world.partner)
    participant = login(new_context(viewport=PHONE).new_page(), world.participant)
    partner.goto(_board(group))
    participant.goto(_board(group))
    # The participant starts typing a card and must not lose it while the board refreshes.
    participant.locator("#id_card-text").fill("Halb getippt")

    partner.locator("#id_card-text").fill("Arbeitgebende kennen die Anerkennung nicht")
    partner.locator("#id_card-perspective").select_option("Arbeitgebende")
    partner.locator("#card-form button[type=submit]").click()
    expect(partner.locator("#board-cards")).to_contain_text("Arbeitgebende kennen")
    expect(partner.locator("#id_card-text")).to_have_value("")

    # Within a few seconds, without reloading.
    participant.evaluate("window.__noReload = true")
    expect(participant.locator("#board-cards")).to_contain_text(
        "Arbeitgebende kennen", timeout=8_000
    )
    assert participant.evaluate("window.__noReload === true")
    expect(participant.locator("#id_card-text")).to_have_value("Halb getippt")

    # Dots: two from the participant, one from the partner on the same card.
    card = built.cards[0]
    participant.locator(f"#vote-{card.pk}").click()
    expect(participant.locator(f"#card-{card.pk}")).to_contain_text(re.compile(r"1 (Punkt|dot)"))
    participant.locator(f"#vote-{card.pk}").click()
    expect(participant.locator(f"#card-{card.pk}")).to_contain_text(re.compile(r"2 (Punkte|dots)"))
    partner.locator(f"#vote-{card.pk}").click()
    expect(participant.locator(f"#card-{card.pk}")).to_contain_text(
        re.compile(r"3 (Punkte|dots)"), timeout=8_000
    )
    expect(partner.locator(f"#card-{card.pk}")).to_contain_text(re.compile(r"3 (Punkte|dots)"))
    assert card.votes.count() == 3

    # The third dot is the participant's last; a fourth is refused with the reason.
    participant.locator(f"#vote-{card.pk}").click()
    expect(participant.locator(f"#card-{card.pk}")).to_contain_text(re.compile(r"4 (Punkte|dots)"))
    # The button says it is used up (aria-disabled), but a click still asks the server. The
    # refusal shows on the board (htmx) or, where htmx has not taken over the fresh button yet,
    # above the reloaded page.
    expect(participant.locator(".htmx-added")).to_have_count(0)
    participant.locator(f"#vote-{card.pk}").click(force=True)
    expect(
        participant.locator("#board-cards [role=alert], .messages .kern-alert--danger")
    ).to_be_visible()
    assert card.votes.filter(user=world.participant).count() == 3


def test_card_moves_into_a_cluster_with_the_keyboard(world, new_context):
    built = group_world(world, cards=1)
    cluster = services.barrier_cluster_create(
        acting_user=world.partner, group=built.group, name="Matching"
    )
    page = login(new_context().new_page(), world.partner)
    page.goto(_board(built.group))
    card = built.cards[0]
    page.locator(f"#move-select-{card.pk}").select_option(str(cluster.pk))
    page.locator(f"#move-{card.pk}").focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"section[aria-labelledby='column-{cluster.pk}']")).to_contain_text(
        "Barriere 1"
    )
    expect(page.locator(f"#move-{card.pk}")).to_be_focused()
