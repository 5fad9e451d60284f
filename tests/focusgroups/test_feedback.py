"""The public feedback page: no account, consent required, honeypot, minimum fill time, rate
limit, one answer per device, closed and unknown links; and what the group sees."""

import time

import pytest
from django.core import signing
from django.core.cache import cache
from django.urls import reverse

from core.errors import ApplicationError
from focusgroups import services
from focusgroups.models import FeedbackResponse
from focusgroups.views import feedback as feedback_views
from tests.focusgroups.prototype_builders import feedback_data, prototype_world, started_stamp


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def link(world):
    built = prototype_world(world, criteria=1)
    return services.feedback_link_create(acting_user=world.partner, prototype=built.prototype)


def _url(link):
    return reverse("focusgroups:feedback-form", args=[link.token])


def test_form_works_without_an_account_and_asks_for_no_personal_data(client, link):
    response = client.get(_url(link))
    content = response.content.decode()
    assert response.status_code == 200
    assert link.prototype.title in content
    assert 'name="consent"' in content and 'name="rating"' in content
    assert 'type="email"' not in content and 'name="name"' not in content
    assert "<script" not in content  # CSP-safe: nothing inline, nothing needed
    assert response["Cache-Control"] == "no-store"


def test_answer_is_stored_anonymously_and_thanks(client, link):
    response = client.post(_url(link), feedback_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("focusgroups:feedback-thanks", args=[link.token])
    answer = FeedbackResponse.objects.get()
    assert answer.rating == 4 and answer.to_change == "Mehr Zeit pro Gespräch."
    assert answer.prototype == link.prototype and answer.consent_at is not None
    assert client.get(response["Location"]).status_code == 200


def test_consent_is_required(client, link):
    data = feedback_data()
    del data["consent"]
    response = client.post(_url(link), data)
    assert response.status_code == 422
    assert 'id="id_consent-error"' in response.content.decode()
    assert "Die Gespräche waren konkret." in response.content.decode()  # what was typed stays
    assert not FeedbackResponse.objects.exists()


def test_rating_is_required(client, link):
    response = client.post(_url(link), feedback_data(rating=""))
    assert response.status_code == 422
    assert not FeedbackResponse.objects.exists()


def test_honeypot_answers_thanks_and_stores_nothing(client, link):
    response = client.post(_url(link), feedback_data(website="http://spam.example"))
    assert response.status_code == 302
    assert not FeedbackResponse.objects.exists()


def test_too_fast_is_refused_and_can_be_sent_again(client, link, monkeypatch):
    response = client.post(_url(link), feedback_data(started=started_stamp(seconds_ago=0)))
    assert response.status_code == 422
    assert not FeedbackResponse.objects.exists()
    monkeypatch.setattr(feedback_views, "MIN_FILL_SECONDS", 0)
    again = client.post(_url(link), feedback_data(started=started_stamp(seconds_ago=0)))
    assert again.status_code == 302 and FeedbackResponse.objects.count() == 1


def test_forged_or_missing_time_stamp_is_refused(client, link):
    for started in ("", "1700000000", started_stamp()[:-3] + "abc"):
        assert client.post(_url(link), feedback_data(started=started)).status_code == 422
    assert not FeedbackResponse.objects.exists()


def test_the_same_form_sent_twice_is_stored_once(client, link):
    data = feedback_data()  # one form as shown, one stamp
    assert client.post(_url(link), data).status_code == 302
    client.cookies.clear()  # the second tap aborted the first answer: no device cookie
    second = client.post(_url(link), data)
    assert second.status_code == 302
    assert second["Location"] == reverse("focusgroups:feedback-thanks", args=[link.token])
    assert FeedbackResponse.objects.count() == 1


def test_without_one_per_device_each_form_counts_once(client, world):
    built = prototype_world(world, criteria=1)
    link = services.feedback_link_create(
        acting_user=world.partner, prototype=built.prototype, one_per_device=False
    )
    data = feedback_data()
    client.post(_url(link), data)
    client.post(_url(link), data)
    assert FeedbackResponse.objects.count() == 1
    client.post(_url(link), feedback_data())  # the next person's form
    assert FeedbackResponse.objects.count() == 2


def test_the_service_refuses_a_form_mark_it_has_stored(link):
    answer = {"link": link, "rating": 3, "consent": True, "form_nonce": "abc"}
    services.feedback_submit(**answer)
    with pytest.raises(ApplicationError) as refused:
        services.feedback_submit(**answer)
    assert refused.value.code == "already_received"
    assert FeedbackResponse.objects.count() == 1


def test_a_form_shown_before_form_marks_still_sends(client, link):
    stamp = signing.dumps(time.time() - 30, salt=feedback_views.STARTED_SALT)
    assert client.post(_url(link), feedback_data(started=stamp)).status_code == 302
    assert FeedbackResponse.objects.get().form_nonce is None


def test_one_answer_per_device(client, link):
    assert link.one_per_device
    assert client.post(_url(link), feedback_data()).status_code == 302
    second = client.post(_url(link), feedback_data())
    assert second.status_code == 409
    assert client.get(_url(link)).status_code == 200
    assert 'name="consent"' not in client.get(_url(link)).content.decode()
    assert FeedbackResponse.objects.count() == 1


def test_forged_device_cookie_does_not_block(client, link):
    client.cookies[f"gw_feedback_{link.pk}"] = link.token  # not signed
    assert client.post(_url(link), feedback_data()).status_code == 302


def test_without_one_per_device_the_same_phone_may_answer_again(client, world, link):
    link.one_per_device = False
    link.save()
    assert client.post(_url(link), feedback_data()).status_code == 302
    assert client.post(_url(link), feedback_data()).status_code == 302
    assert FeedbackResponse.objects.count() == 2


def test_rate_limit_per_address_and_link(client, world, link, monkeypatch):
    monkeypatch.setattr(feedback_views, "RATE_LIMIT", 2)
    link.one_per_device = False
    link.save()
    for _i in range(2):
        assert client.post(_url(link), feedback_data()).status_code == 302
    limited = client.post(_url(link), feedback_data())
    assert limited.status_code == 429
    assert FeedbackResponse.objects.count() == 2
    # another address still gets through
    other = client.post(_url(link), feedback_data(), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302
    # another link of the same prototype has its own limit
    second = services.feedback_link_create(
        acting_user=world.partner, prototype=link.prototype, one_per_device=False
    )
    assert client.post(_url(second), feedback_data()).status_code == 302


def test_closed_link_answers_410_with_a_friendly_page(client, world, link):
    services.feedback_link_close(acting_user=world.partner, link=link)
    response = client.get(_url(link))
    assert response.status_code == 410
    assert "<h1" in response.content.decode()
    assert client.post(_url(link), feedback_data()).status_code == 410
    assert not FeedbackResponse.objects.exists()


def test_dissolved_group_closes_its_links(client, world, link):
    services.focus_group_dissolve(
        acting_user=world.coordinator, group=link.prototype.group, reason="Gelöst"
    )
    assert client.post(_url(link), feedback_data()).status_code == 410
    assert not FeedbackResponse.objects.exists()


def test_unknown_link_answers_404_with_a_friendly_page(client, db):
    response = client.get(reverse("focusgroups:feedback-form", args=["gibt-es-nicht"]))
    assert response.status_code == 404
    assert "<h1" in response.content.decode()


def test_group_sees_answers_aggregated_and_as_a_list(client, client_for, world, link):
    for rating, text in ((5, "Sehr hilfreich"), (3, "Ging so"), (4, "")):
        services.feedback_submit(link=link, rating=rating, went_well=text, consent=True)
    group = link.prototype.group
    url = reverse(
        "focusgroups:prototype-detail", args=[world.initiative.slug, group.pk, link.prototype.pk]
    )
    content = client_for(world.viewer).get(url).content.decode()
    assert "Sehr hilfreich" in content and "Ging so" in content
    assert "4,0" in content or "4.0" in content  # the average rating
    assert 'value="33"' in content  # one of three answers per rating


def test_nightly_task_deletes_feedback_older_than_a_year(world, link):
    import datetime

    from django.utils import timezone

    from config.celery import app
    from focusgroups.tasks import purge_old_feedback

    old = services.feedback_submit(link=link, rating=3, consent=True)
    services.feedback_submit(link=link, rating=5, consent=True)
    FeedbackResponse.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=400)
    )
    assert purge_old_feedback.delay().get() == 1
    assert list(FeedbackResponse.objects.values_list("rating", flat=True)) == [5]
    assert app.conf.beat_schedule["focusgroups.purge-old-feedback"]["task"] == (
        purge_old_feedback.name
    )


def test_rate_limit_behind_a_proxy_counts_each_client(client, link, monkeypatch, settings):
    # Behind the production proxy every request comes from the proxy's address: the limit
    # must count the client the proxy names, or one busy event would lock out everyone.
    settings.TRUSTED_PROXIES = 1
    monkeypatch.setattr(feedback_views, "RATE_LIMIT", 1)
    link.one_per_device = False
    link.save()
    first = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    second = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.8"}
    assert client.post(_url(link), feedback_data(), **first).status_code == 302
    assert client.post(_url(link), feedback_data(), **first).status_code == 429
    assert client.post(_url(link), feedback_data(), **second).status_code == 302
