"""Account pages: login, password reset by e-mail, profile and language, API key."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from rest_framework.authtoken.models import Token

from core.models import EmailOutbox

PASSWORD = "demo-pass-123"  # tests.factories.UserFactory
NEW_PASSWORD = "ein-neues-Passwort-42"
RESET_LINK = re.compile(r"https?://[^/\s]+(/konto/passwort-zuruecksetzen/[^\s]+/)")


def _logged_in_user_id(client):
    return client.session.get("_auth_user_id")


# Login


def test_login_with_wrong_password_shows_the_error_and_keeps_the_email(world, client):
    response = client.post(
        reverse("accounts:login"), {"username": "coordinator@example.org", "password": "falsch"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    content = response.content.decode()
    assert "form-summary" in content
    assert 'value="coordinator@example.org"' in content
    assert 'value="falsch"' not in content
    assert _logged_in_user_id(client) is None


def test_login_is_case_insensitive_in_the_email_and_follows_next(world, client):
    next_url = reverse("initiatives:membership-list", args=[world.initiative.slug])
    response = client.post(
        reverse("accounts:login"),
        {"username": "Coordinator@Example.ORG", "password": PASSWORD, "next": next_url},
    )
    assert response.status_code == 302
    assert response["Location"] == next_url
    assert _logged_in_user_id(client) == str(world.coordinator.pk)


def test_login_ignores_an_off_site_next(world, client):
    response = client.post(
        reverse("accounts:login"),
        {"username": "partner@example.org", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_inactive_account_cannot_log_in(world, client):
    world.viewer.is_active = False
    world.viewer.save()
    response = client.post(
        reverse("accounts:login"), {"username": "viewer@example.org", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert _logged_in_user_id(client) is None


# Password reset


@pytest.fixture
def request_reset(client, django_capture_on_commit_callbacks):
    def request(email):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("accounts:password-reset"), {"email": email})
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:password-reset-sent")
        return response

    return request


def test_password_reset_sends_one_email_whose_link_sets_a_new_password(
    world, client, request_reset
):
    request_reset("Partner@example.org")
    assert EmailOutbox.objects.filter(to_email="partner@example.org").count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["partner@example.org"]
    link = RESET_LINK.search(mail.outbox[0].body).group(1)

    # Django swaps the token for a session marker, then shows the form.
    page = client.get(link, follow=True)
    assert page.status_code == 200
    assert page.context["validlink"] is True
    form_url = page.redirect_chain[-1][0]

    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password-reset-complete")
    world.partner.refresh_from_db()
    assert world.partner.check_password(NEW_PASSWORD)
    assert not world.partner.check_password(PASSWORD)

    # The link works once.
    client.logout()
    again = client.get(link, follow=True)
    assert again.context["validlink"] is False


def test_password_reset_for_unknown_address_sends_nothing_and_looks_the_same(
    world, client, request_reset
):
    request_reset("niemand@example.org")
    assert EmailOutbox.objects.count() == 0
    assert mail.outbox == []


def test_password_reset_form_refuses_mismatching_passwords(world, client, request_reset):
    request_reset("partner@example.org")
    link = RESET_LINK.search(mail.outbox[0].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"}
    )
    assert response.status_code == 200
    assert "new_password2" in response.context["form"].errors
    world.partner.refresh_from_db()
    assert world.partner.check_password(PASSWORD)


# Profile and language


def test_profile_update_changes_name_and_language_and_next_page_is_english(world, client_for):
    client = client_for(world.partner)
    response = client.post(
        reverse("accounts:profile"), {"full_name": "Paula Partner", "language": "en"}
    )
    assert response.status_code == 302
    world.partner.refresh_from_db()
    assert (world.partner.full_name, world.partner.language) == ("Paula Partner", "en")

    page = client.get(reverse("accounts:profile"))
    assert page["Content-Language"] == "en"
    assert '<html lang="en">' in page.content.decode()


def test_profile_with_empty_name_is_refused_and_nothing_saved(world, client_for):
    response = client_for(world.partner).post(
        reverse("accounts:profile"), {"full_name": "", "language": "en"}
    )
    assert response.status_code == 422
    assert "full_name" in response.context["form"].errors
    world.partner.refresh_from_db()
    assert world.partner.language == "de"


def test_german_is_the_default_language(world, client_for):
    page = client_for(world.partner).get(reverse("accounts:profile"))
    assert page["Content-Language"] == "de"
    assert '<html lang="de">' in page.content.decode()


def test_language_switch_for_anonymous_visitor_sets_the_cookie(client, db):
    login_url = reverse("accounts:login")
    response = client.post(reverse("accounts:language-set"), {"language": "en", "next": login_url})
    assert response.status_code == 302
    assert response["Location"] == login_url
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    page = client.get(login_url)
    assert page["Content-Language"] == "en"
    assert '<html lang="en">' in page.content.decode()


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/", "https:///evil.example", "javascript:alert(1)"],
)
def test_language_switch_rejects_an_off_site_next(client, db, next_url):
    response = client.post(reverse("accounts:language-set"), {"language": "en", "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_language_switch_with_unknown_language_changes_nothing(client, db):
    response = client.post(reverse("accounts:language-set"), {"language": "xx", "next": "/"})
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_language_switch_is_remembered_in_the_profile(world, client_for):
    client = client_for(world.viewer)
    client.post(reverse("accounts:language-set"), {"language": "en", "next": "/"})
    world.viewer.refresh_from_db()
    assert world.viewer.language == "en"


def test_profile_language_wins_over_the_cookie(world, client_for):
    world.viewer.language = "en"
    world.viewer.save()
    client = client_for(world.viewer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    assert client.get(reverse("accounts:profile"))["Content-Language"] == "en"


# API key


def _me(client, key):
    return client.get(reverse("v1:me"), HTTP_AUTHORIZATION=f"Token {key}")


def test_api_key_is_created_shown_once_and_works(world, client_for):
    client = client_for(world.partner)
    response = client.post(reverse("accounts:api-token-renew"), follow=True)
    token = Token.objects.get(user=world.partner)
    assert response.redirect_chain[-1][0] == reverse("accounts:profile")
    assert token.key in response.content.decode()
    assert token.key not in client.get(reverse("accounts:profile")).content.decode()

    client.logout()
    assert _me(client, token.key).json()["email"] == "partner@example.org"


def test_renewed_api_key_replaces_the_old_one(world, client_for):
    client = client_for(world.partner)
    client.post(reverse("accounts:api-token-renew"))
    old = Token.objects.get(user=world.partner).key
    client.post(reverse("accounts:api-token-renew"))
    new = Token.objects.get(user=world.partner).key
    assert new != old
    client.logout()
    assert _me(client, new).status_code == 200
    assert _me(client, old).status_code in {401, 403}


def test_deleted_api_key_stops_working(world, client_for):
    client = client_for(world.partner)
    client.post(reverse("accounts:api-token-renew"))
    key = Token.objects.get(user=world.partner).key
    response = client.post(reverse("accounts:api-token-revoke"))
    assert response.status_code == 302
    assert not Token.objects.filter(user=world.partner).exists()
    client.logout()
    assert _me(client, key).status_code in {401, 403}


def test_api_key_cannot_be_created_with_get(world, client_for):
    response = client_for(world.partner).get(reverse("accounts:api-token-renew"))
    assert response.status_code == 405
    assert not Token.objects.exists()
