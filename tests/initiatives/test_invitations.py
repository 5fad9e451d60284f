"""The invitation flow through the HTTP views, from the coordinator's form to the new member.

Links are taken from the delivered e-mail, so a test passes only if the e-mail carries a link
that works. Messages are checked loosely (status, `data-code`, database state): their wording
belongs to the translation catalogue.
"""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.models import EmailOutbox
from initiatives.models import Invitation, Membership, Role

User = get_user_model()
PASSWORD = "ein-gutes-Passwort-42"
LINK = re.compile(r"https?://[^/\s]+(/einladung/[^/\s]+/)")


@pytest.fixture
def invite(world, client_for, django_capture_on_commit_callbacks):
    """`invite(email, role, organisation)` sends an invitation as the coordinator.

    Returns the invitation and the path of the link in the delivered e-mail.
    """

    def send(email="nora.neu@example.org", role=Role.PARTNER, organisation=None):
        if role == Role.PARTNER and organisation is None:
            organisation = world.organisation
        client = client_for(world.coordinator)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("initiatives:invitation-create", args=[world.initiative.slug]),
                {
                    "email": email,
                    "role": role,
                    "organisation": organisation.pk if organisation else "",
                },
            )
        assert response.status_code == 302, response.content[:500]
        client.logout()
        return Invitation.objects.get(email=email), _link(mail.outbox[-1])

    return send


def _link(message) -> str:
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1)


def _signup(password1=PASSWORD, password2=PASSWORD, full_name="Nora Neu"):
    return {"full_name": full_name, "password1": password1, "password2": password2}


def _data_code(response) -> str:
    match = re.search(r'data-code="([^"]*)"', response.content.decode())
    return match.group(1) if match else ""


def test_new_person_creates_account_and_joins_with_invited_role(world, client, invite):
    invitation, link = invite()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nora.neu@example.org"]

    page = client.get(link)
    assert page.status_code == 200
    assert page.context["form"] is not None
    assert "Fachkräfte Berlin" in page.content.decode()

    response = client.post(link, _signup())
    assert response.status_code == 302
    assert response["Location"] == world.initiative.get_absolute_url()

    user = User.objects.get(email="nora.neu@example.org")
    assert user.full_name == "Nora Neu"
    assert user.check_password(PASSWORD)
    membership = Membership.objects.get(user=user, initiative=world.initiative)
    assert (membership.role, membership.organisation) == (Role.PARTNER, world.organisation)
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED
    assert invitation.accepted_by == user
    # Logged in: the initiative opens without another login.
    assert client.get(world.initiative.get_absolute_url()).status_code == 200


def test_invitation_as_viewer_gives_viewer_role_without_organisation(world, client, invite):
    _invitation, link = invite(role=Role.VIEWER)
    client.post(link, _signup())
    membership = Membership.objects.get(user__email="nora.neu@example.org")
    assert (membership.role, membership.organisation) == (Role.VIEWER, None)


def test_existing_account_must_log_in_before_accepting(world, client, invite):
    _invitation, link = invite(email=world.outsider.email, role=Role.VIEWER)

    page = client.get(link)
    assert page.status_code == 200
    assert page.context["account_exists"] is True
    assert page.context["form"] is None
    login_url = page.context["login_url"]
    assert login_url == reverse("accounts:login") + "?next=" + link
    assert login_url in page.content.decode()

    # A POST without logging in creates nothing.
    client.post(link, _signup())
    assert not Membership.objects.filter(user=world.outsider).exists()
    assert User.objects.filter(email__iexact=world.outsider.email).count() == 1

    login = client.post(login_url, {"username": world.outsider.email, "password": "demo-pass-123"})
    assert login["Location"] == link
    assert client.get(link).status_code == 200
    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == world.initiative.get_absolute_url()
    membership = Membership.objects.get(user=world.outsider, initiative=world.initiative)
    assert membership.role == Role.VIEWER


def test_link_opened_by_a_different_logged_in_user_is_refused_clearly(world, client_for, invite):
    invitation, link = invite()
    client = client_for(world.viewer)
    for response in (client.get(link), client.post(link, _signup())):
        assert response.status_code == 403
        assert _data_code(response) == "invitation_other_user"
        content = response.content.decode()
        assert "nora.neu@example.org" in content
        assert "viewer@example.org" in content
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.OPEN
    assert not User.objects.filter(email="nora.neu@example.org").exists()


def test_expired_link_answers_410_and_names_the_expiry(world, client, invite):
    invitation, link = invite()
    expired_on = timezone.now() - timedelta(days=1)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=expired_on)

    for response in (client.get(link), client.post(link, _signup())):
        assert response.status_code == 410
        assert _data_code(response) == "invitation_expired"
        assert timezone.localtime(expired_on).strftime("%d.%m.%Y") in response.content.decode()
    assert not User.objects.filter(email="nora.neu@example.org").exists()


def test_used_link_cannot_be_used_again(world, client, invite):
    _invitation, link = invite()
    client.post(link, _signup())
    client.logout()

    response = client.get(link)
    assert response.status_code == 410
    assert _data_code(response) == "invitation_used"
    again = client.post(link, _signup(full_name="Jemand Anderes"))
    assert again.status_code == 410
    assert User.objects.get(email="nora.neu@example.org").full_name == "Nora Neu"


def test_withdrawn_link_answers_410(world, client, client_for, invite):
    invitation, link = invite()
    coordinator = client_for(world.coordinator)
    revoke = coordinator.post(
        reverse("initiatives:invitation-revoke", args=[world.initiative.slug, invitation.pk])
    )
    assert revoke.status_code == 302
    coordinator.logout()

    response = client.get(link)
    assert response.status_code == 410
    assert _data_code(response) == "invitation_revoked"
    assert client.post(link, _signup()).status_code == 410
    assert not User.objects.filter(email="nora.neu@example.org").exists()


def test_unknown_token_answers_404(world, client):
    response = client.get(reverse("initiatives:invitation-accept", args=["gibt-es-nicht"]))
    assert response.status_code == 404
    assert _data_code(response) == "invitation_invalid"


@pytest.mark.parametrize(
    ("password1", "password2", "field"),
    [
        (PASSWORD, "ein-anderes-Passwort-42", "password2"),
        ("kurz1", "kurz1", "password1"),
        ("12345678901", "12345678901", "password1"),
    ],
    ids=["mismatch", "too-short", "only-digits"],
)
def test_bad_password_keeps_the_typed_name_and_creates_nothing(
    world, client, invite, password1, password2, field
):
    invitation, link = invite()
    response = client.post(link, _signup(password1, password2, full_name="Nora Neu-Schmidt"))
    assert response.status_code == 422
    assert field in response.context["form"].errors
    content = response.content.decode()
    assert 'value="Nora Neu-Schmidt"' in content
    assert password1 not in content  # passwords are never sent back
    assert not User.objects.filter(email="nora.neu@example.org").exists()
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.OPEN


def test_resend_sends_a_second_email_with_a_new_link_and_kills_the_old_one(
    world, client, client_for, invite, django_capture_on_commit_callbacks
):
    invitation, old_link = invite()
    coordinator = client_for(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(
            reverse("initiatives:invitation-resend", args=[world.initiative.slug, invitation.pk])
        )
    assert response.status_code == 302
    coordinator.logout()

    assert EmailOutbox.objects.filter(to_email="nora.neu@example.org").count() == 2
    assert len(mail.outbox) == 2
    new_link = _link(mail.outbox[-1])
    assert new_link != old_link
    invitation.refresh_from_db()
    assert invitation.sent_count == 2

    assert client.get(old_link).status_code == 404
    assert client.post(new_link, _signup()).status_code == 302
    assert Membership.objects.filter(user__email="nora.neu@example.org").exists()


def test_resend_renews_an_expired_invitation(world, client, client_for, invite):
    invitation, _old_link = invite()
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(days=1)
    )
    client_for(world.coordinator).post(
        reverse("initiatives:invitation-resend", args=[world.initiative.slug, invitation.pk])
    )
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.OPEN
    assert invitation.expires_at > timezone.now() + timedelta(days=1)


def test_withdrawn_invitation_cannot_be_resent(world, client_for, invite):
    invitation, _link_path = invite()
    client = client_for(world.coordinator)
    client.post(
        reverse("initiatives:invitation-revoke", args=[world.initiative.slug, invitation.pk])
    )
    client.post(
        reverse("initiatives:invitation-resend", args=[world.initiative.slug, invitation.pk])
    )
    invitation.refresh_from_db()
    assert invitation.sent_count == 1
    assert invitation.status == Invitation.Status.REVOKED
    assert EmailOutbox.objects.count() == 1


def test_open_invitations_are_listed_for_the_coordinator(world, client_for, invite):
    invite()
    response = client_for(world.coordinator).get(
        reverse("initiatives:membership-list", args=[world.initiative.slug])
    )
    assert [i.email for i in response.context["invitations"]] == ["nora.neu@example.org"]
