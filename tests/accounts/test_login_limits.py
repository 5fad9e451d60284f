"""Protection against password guessing: failed logins are limited per e-mail address and per
client address; password-reset e-mails per address and per client."""

import pytest
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.accounts.test_views import NEW_PASSWORD, PASSWORD, RESET_LINK, _logged_in_user_id

LOCKED_DE = "Zu viele fehlgeschlagene Anmeldeversuche"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.LOGIN_ATTEMPTS_LIMIT = 5
    settings.LOGIN_ATTEMPTS_IP_LIMIT = 12
    settings.LOGIN_ATTEMPTS_WINDOW = 15 * 60
    settings.PASSWORD_RESET_LIMIT = 3
    settings.TRUSTED_PROXIES = 0


def _login(client, email, password, **extra):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, **extra
    )


def _fail(client, email, times, **extra):
    return [_login(client, email, "falsch", **extra) for _ in range(times)]


def _assert_locked(response, minutes=15):
    assert response.status_code == 429
    content = response.content.decode()
    assert "Anmeldung vorübergehend gesperrt" in content
    assert LOCKED_DE in content
    assert f"in {minutes} Minuten erneut" in content
    assert "oder vergeben Sie über „Passwort vergessen?“ ein neues Passwort" in content
    assert reverse("accounts:password-reset") in content
    assert 0 < int(response["Retry-After"]) <= minutes * 60


# Per account


def test_fifth_wrong_password_locks_the_account_and_the_right_one_is_refused(world, client):
    responses = _fail(client, "partner@example.org", 5)

    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    assert "nicht korrekt" in responses[0].content.decode()
    _assert_locked(responses[-1])

    response = _login(client, "partner@example.org", PASSWORD)
    _assert_locked(response)
    assert _logged_in_user_id(client) is None


def test_sixty_wrong_passwords_are_refused_after_the_fifth(world, client):
    responses = _fail(client, "partner@example.org", 60)
    assert {r.status_code for r in responses[4:]} == {429}
    assert _login(client, "partner@example.org", PASSWORD).status_code == 429
    assert _logged_in_user_id(client) is None


def test_locked_attempt_does_not_check_the_password(world, client, monkeypatch):
    _fail(client, "partner@example.org", 5)
    checked = []
    monkeypatch.setattr(auth_forms, "authenticate", lambda *a, **kw: checked.append(kw))
    assert _login(client, "partner@example.org", PASSWORD).status_code == 429
    assert checked == []


def test_lock_holds_for_the_email_in_any_case_and_from_any_client(world, client):
    _fail(client, "Partner@Example.org", 4)
    _assert_locked(_login(client, " partner@EXAMPLE.org ", "falsch"))

    elsewhere = Client()
    response = _login(elsewhere, "PARTNER@example.org", PASSWORD, REMOTE_ADDR="10.0.0.9")
    _assert_locked(response)
    assert _logged_in_user_id(elsewhere) is None


def test_lock_of_one_account_leaves_other_accounts_alone(world, client):
    _fail(client, "partner@example.org", 5)
    response = _login(client, "partner2@example.org", PASSWORD)
    assert response.status_code == 302
    assert _logged_in_user_id(client) == str(world.partner2.pk)


def test_unknown_email_is_locked_exactly_like_an_existing_account(world, client):
    known = _fail(client, "partner@example.org", 6)
    unknown = _fail(client, "niemand@example.org", 6)

    assert [r.status_code for r in known] == [r.status_code for r in unknown]
    for k, u in zip(known, unknown, strict=True):
        assert k.context["form"].non_field_errors() == u.context["form"].non_field_errors()
        assert k.get("Retry-After") == u.get("Retry-After")
    assert not get_user_model().objects.filter(email="niemand@example.org").exists()


def test_successful_login_clears_the_accounts_count(world, client):
    _fail(client, "partner@example.org", 4)
    assert _login(client, "partner@example.org", PASSWORD).status_code == 302
    client.logout()

    responses = _fail(client, "partner@example.org", 4)
    assert {r.status_code for r in responses} == {200}
    assert _login(client, "partner@example.org", PASSWORD).status_code == 302


def test_lock_expires_after_the_window(world, client, clock):
    _fail(client, "partner@example.org", 5)
    clock.advance(10 * 60)
    _assert_locked(_login(client, "partner@example.org", PASSWORD), minutes=5)

    clock.advance(5 * 60 + 1)
    assert _login(client, "partner@example.org", PASSWORD).status_code == 302
    assert _logged_in_user_id(client) == str(world.partner.pk)


def test_failures_outside_the_window_do_not_add_up(world, client, clock):
    _fail(client, "partner@example.org", 4)
    clock.advance(15 * 60 + 1)
    responses = _fail(client, "partner@example.org", 4)
    assert {r.status_code for r in responses} == {200}


def test_locked_attempts_do_not_extend_the_lock(world, client, clock):
    _fail(client, "partner@example.org", 5)
    for _ in range(14):
        clock.advance(60)
        _login(client, "partner@example.org", "falsch")
    clock.advance(61)
    assert _login(client, "partner@example.org", PASSWORD).status_code == 302


def test_lock_message_is_english_for_an_english_visitor(world, client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = _fail(client, "partner@example.org", 5)[-1]
    assert response.status_code == 429
    assert "Too many failed login attempts. Please try again in 15 minutes, or set a new " in (
        response.content.decode()
    )


# Per client address


def test_many_emails_from_one_client_lock_that_client(world, client):
    emails = [f"person{number}@example.org" for number in range(12)]
    responses = [_login(client, email, "falsch") for email in emails]
    assert [r.status_code for r in responses[:11]] == [200] * 11
    _assert_locked(responses[-1])

    # Every account is refused from this client, even with the right password ...
    _assert_locked(_login(client, "coordinator@example.org", PASSWORD))
    assert _logged_in_user_id(client) is None

    # ... while other clients log in as usual.
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert _login(other, "coordinator@example.org", PASSWORD).status_code == 302


def test_forged_forwarded_for_does_not_escape_the_client_lock(world, client):
    for number in range(12):
        _login(client, f"p{number}@example.org", "falsch", HTTP_X_FORWARDED_FOR=f"1.2.3.{number}")
    _assert_locked(_login(client, "coordinator@example.org", PASSWORD))


# The way out: password reset


def _reset(client, email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password-reset"), {"email": email})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password-reset-sent")


def test_locked_account_can_reset_its_password_and_then_log_in(
    world, client, django_capture_on_commit_callbacks
):
    _fail(client, "partner@example.org", 5)

    _reset(client, "partner@example.org", django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    link = RESET_LINK.search(mail.outbox[0].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302

    response = _login(client, "partner@example.org", NEW_PASSWORD)
    assert response.status_code == 302
    assert _logged_in_user_id(client) == str(world.partner.pk)


def test_reset_emails_to_one_address_are_limited_and_the_page_stays_the_same(
    world, client, django_capture_on_commit_callbacks
):
    for _ in range(6):
        _reset(client, "partner@example.org", django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 3

    # Another address is not affected.
    _reset(client, "partner2@example.org", django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox[3:]] == [["partner2@example.org"]]


def test_reset_limit_is_counted_for_unknown_addresses_too(
    world, client, django_capture_on_commit_callbacks
):
    # A client spraying addresses is stopped after LOGIN_ATTEMPTS_IP_LIMIT requests.
    for number in range(12):
        _reset(client, f"niemand{number}@example.org", django_capture_on_commit_callbacks)
    _reset(client, "partner@example.org", django_capture_on_commit_callbacks)
    assert mail.outbox == []

    other = Client(REMOTE_ADDR="10.0.0.9")
    _reset(other, "partner@example.org", django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["partner@example.org"]]


def test_reset_limit_expires_after_the_window(
    world, client, clock, django_capture_on_commit_callbacks
):
    for _ in range(4):
        _reset(client, "partner@example.org", django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 3
    clock.advance(15 * 60 + 1)
    _reset(client, "partner@example.org", django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 4


# The operators' login


def test_admin_login_is_limited_too(world, client):
    world.coordinator.is_staff = True
    world.coordinator.save()
    url = reverse("admin:login")
    for _ in range(5):
        response = client.post(url, {"username": "coordinator@example.org", "password": "falsch"})
    assert LOCKED_DE in response.content.decode()
    client.post(url, {"username": "coordinator@example.org", "password": PASSWORD})
    assert _logged_in_user_id(client) is None
