"""The participants' feedback page on a phone (390 px), without an account: axe finds nothing,
touch targets are large, consent is required, the answer arrives, the device answers once."""

import pytest

from focusgroups import services
from focusgroups.models import FeedbackResponse
from focusgroups.views import feedback as feedback_views
from tests.browser.conftest import PHONE, check_a11y
from tests.focusgroups.prototype_builders import prototype_world

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect


def _no_sideways_scroll(page):
    assert (
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        <= 0
    )


def test_feedback_on_a_phone_without_an_account(world, new_context, monkeypatch):
    monkeypatch.setattr(feedback_views, "MIN_FILL_SECONDS", 0)
    built = prototype_world(world, criteria=1)
    link = services.feedback_link_create(acting_user=world.partner, prototype=built.prototype)
    page = new_context(viewport=PHONE).new_page()
    page.goto(f"/feedback/{link.token}/")
    expect(page.locator("h1")).to_be_visible()
    check_a11y(page)
    _no_sideways_scroll(page)
    # Large touch targets: every answer option and the send button at least 44 px high.
    for box in [el.bounding_box() for el in page.locator(".rating__option").all()]:
        assert box["height"] >= 44, box
    assert page.locator(".feedback-submit").bounding_box()["height"] >= 44
    # The honeypot is invisible to people.
    expect(page.locator("#id_website")).to_be_hidden()

    # Without consent the answer is refused with the reason; what was typed stays.
    page.locator("label[for=id_rating_4]").click()
    page.locator("#id_to_change").fill("Mehr Zeit pro Gespräch.")
    page.locator(".feedback-submit").click()
    expect(page.locator("#id_consent-error")).to_be_visible()
    expect(page.locator("#id_to_change")).to_have_value("Mehr Zeit pro Gespräch.")
    expect(page.locator("#id_rating_4")).to_be_checked()
    check_a11y(page)
    assert not FeedbackResponse.objects.exists()

    page.locator("label[for=id_consent]").click()
    page.locator(".feedback-submit").click()
    expect(page).to_have_url(f"{page.url.split('/feedback/')[0]}/feedback/{link.token}/danke/")
    check_a11y(page)
    answer = FeedbackResponse.objects.get()
    assert answer.rating == 4 and answer.to_change == "Mehr Zeit pro Gespräch."

    # This device has answered: the form does not come back.
    page.goto(f"/feedback/{link.token}/")
    expect(page.locator("form#feedback-form")).to_have_count(0)
    check_a11y(page)

    # A closed link answers with a friendly page.
    services.feedback_link_close(acting_user=world.partner, link=link)
    response = new_context(viewport=PHONE).new_page().goto(f"/feedback/{link.token}/")
    assert response.status == 410
