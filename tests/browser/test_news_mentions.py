"""@mentions by keyboard: typing @ and letters shows the matching members, the arrow keys and
Enter choose one, the comment shows the name and the person is notified."""

import pytest

from coordination.models import NewsComment, Notification
from tests.browser.conftest import login
from tests.coordination.news_builders import news_world

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect


def test_mention_a_member_with_the_keyboard(world, page):
    news = news_world(world)
    Notification.objects.all().delete()
    login(page, world.viewer)
    page.goto(f"/initiativen/{world.initiative.slug}/neuigkeiten/{news.post.pk}/")
    field = page.locator("#id_body")
    field.press_sequentially("Danke @Partner")
    options = page.locator("#comment-mentions [role=option]")
    expect(options).to_have_count(2)  # Partner and Partner2, never the viewer themself
    expect(field).to_have_attribute("aria-activedescendant", f"mention-option-{world.partner.pk}")
    field.press("ArrowDown")
    expect(field).to_have_attribute("aria-activedescendant", f"mention-option-{world.partner2.pk}")
    field.press("Enter")
    expect(page.locator("#comment-mentions")).to_be_hidden()
    expect(field).to_have_value(f"Danke @[Partner2](user:{world.partner2.pk}) ")
    field.press_sequentially("kommst du?")
    page.locator("#comment-form button[type=submit]").click()
    expect(page.locator(".comment-list > .comment")).to_have_count(2)
    comment = NewsComment.objects.latest("pk")
    assert comment.body == f"Danke @[Partner2](user:{world.partner2.pk}) kommst du?"
    expect(page.locator(f"#comment-{comment.pk} .mention")).to_have_text("@Partner2")
    assert Notification.objects.get(recipient=world.partner2).kind == "mention"


def test_escape_closes_the_suggestions_and_keeps_the_text(world, page):
    news = news_world(world)
    login(page, world.coordinator)
    page.goto(f"/initiativen/{world.initiative.slug}/neuigkeiten/{news.post.pk}/")
    field = page.locator("#id_body")
    field.press_sequentially("@Vie")
    expect(page.locator("#comment-mentions [role=option]")).to_have_count(1)
    field.press("Escape")
    expect(page.locator("#comment-mentions")).to_be_hidden()
    expect(field).to_have_value("@Vie")
