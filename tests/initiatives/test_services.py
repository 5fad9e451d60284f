import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.errors import ApplicationError, PermissionDeniedError
from core.models import AuditEvent, EmailOutbox
from initiatives import services
from initiatives.models import Initiative, Invitation, Membership, Organisation, Role


def _create(user, name="Neue Initiative", **extra):
    return services.initiative_create(
        acting_user=user,
        name=name,
        problem_statement="Ein Problem",
        target_group="Menschen",
        region="Berlin",
        start_date=datetime.date(2025, 1, 1),
        **extra,
    )


def test_founder_becomes_coordinator(world):
    initiative = _create(world.outsider)
    membership = Membership.objects.get(initiative=initiative, user=world.outsider)
    assert membership.role == Role.COORDINATOR
    assert initiative.slug == "neue-initiative"


def test_duplicate_initiative_name_is_rejected_case_insensitively(world):
    with pytest.raises(ValidationError) as error:
        _create(world.coordinator, name="fachkräfte berlin")
    assert error.value.message_dict["name"]
    assert Initiative.objects.count() == 2


def test_end_date_must_follow_start_date(world):
    with pytest.raises(ValidationError) as error:
        _create(world.coordinator, planned_end_date=datetime.date(2024, 1, 1))
    assert "planned_end_date" in error.value.message_dict


def test_partner_cannot_add_organisation(world):
    with pytest.raises(PermissionDeniedError):
        services.organisation_create(
            acting_user=world.partner, initiative=world.initiative, name="X", sector="business"
        )


def test_duplicate_organisation_name_within_initiative_is_rejected(world):
    with pytest.raises(ValidationError):
        services.organisation_create(
            acting_user=world.coordinator,
            initiative=world.initiative,
            name="iq netzwerk",
            sector="business",
        )


def test_same_organisation_name_in_another_initiative_is_fine(world):
    organisation = services.organisation_create(
        acting_user=world.other_coordinator,
        initiative=world.other_initiative,
        name="IQ Netzwerk",
        sector="civil_society",
    )
    assert organisation.initiative == world.other_initiative


def test_organisation_with_members_cannot_be_deleted(world):
    with pytest.raises(ApplicationError):
        services.organisation_delete(acting_user=world.coordinator, organisation=world.organisation)


def _invite_to_new_organisation(world, email="neu@example.org"):
    organisation = services.organisation_create(
        acting_user=world.coordinator,
        initiative=world.initiative,
        name="Jobcenter Mitte",
        sector="administration",
    )
    invitation = services.invitation_create(
        acting_user=world.coordinator,
        initiative=world.initiative,
        email=email,
        role=Role.PARTNER,
        organisation=organisation,
    )
    return organisation, invitation


def test_organisation_with_an_open_invitation_cannot_be_deleted(world):
    organisation, invitation = _invite_to_new_organisation(world)
    with pytest.raises(ApplicationError) as error:
        services.organisation_delete(acting_user=world.coordinator, organisation=organisation)
    assert error.value.code == "organisation_has_open_invitations"
    assert "neu@example.org" in error.value.message
    assert Invitation.objects.filter(pk=invitation.pk, revoked_at__isnull=True).exists()
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    assert not AuditEvent.objects.filter(verb="organisation.deleted").exists()


def test_organisation_whose_invitations_are_withdrawn_used_or_expired_can_be_deleted(world):
    organisation, withdrawn = _invite_to_new_organisation(world)
    services.invitation_revoke(acting_user=world.coordinator, invitation=withdrawn)
    expired = services.invitation_create(
        acting_user=world.coordinator,
        initiative=world.initiative,
        email="abgelaufen@example.org",
        role=Role.PARTNER,
        organisation=organisation,
    )
    Invitation.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - datetime.timedelta(days=1)
    )
    assert services.organisation_delete_problem(organisation=organisation) is None
    services.organisation_delete(acting_user=world.coordinator, organisation=organisation)
    assert not Organisation.objects.filter(pk=organisation.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_invitation_sends_one_email_after_commit(world):
    invitation = services.invitation_create(
        acting_user=world.coordinator,
        initiative=world.initiative,
        email="New.Person@Example.org",
        role=Role.VIEWER,
    )
    assert invitation.email == "new.person@example.org"
    assert len(mail.outbox) == 1
    assert "Fachkräfte Berlin" in mail.outbox[0].subject
    assert EmailOutbox.objects.get().status == EmailOutbox.Status.SENT


def test_invitation_to_existing_member_is_rejected(world):
    with pytest.raises(ValidationError) as error:
        services.invitation_create(
            acting_user=world.coordinator,
            initiative=world.initiative,
            email="PARTNER@example.org",
            role=Role.VIEWER,
        )
    assert list(error.value.message_dict) == ["email"]


def test_second_open_invitation_to_same_address_is_rejected(world):
    kwargs = {
        "acting_user": world.coordinator,
        "initiative": world.initiative,
        "email": "a@example.org",
        "role": "viewer",
    }
    services.invitation_create(**kwargs)
    with pytest.raises(ValidationError):
        services.invitation_create(**kwargs)
    assert Invitation.objects.count() == 1


def test_partner_invitation_needs_organisation_of_same_initiative(world):
    with pytest.raises(ValidationError):
        services.invitation_create(
            acting_user=world.coordinator,
            initiative=world.initiative,
            email="a@example.org",
            role="partner",
        )
    foreign = world.other_initiative.organisations.get()
    with pytest.raises(ValidationError):
        services.invitation_create(
            acting_user=world.coordinator,
            initiative=world.initiative,
            email="a@example.org",
            role="partner",
            organisation=foreign,
        )


def test_last_coordinator_cannot_be_demoted_or_removed(world):
    membership = Membership.objects.get(user=world.coordinator, initiative=world.initiative)
    with pytest.raises(ApplicationError):
        services.membership_update(
            acting_user=world.coordinator, membership=membership, role="viewer"
        )
    with pytest.raises(ApplicationError):
        services.membership_remove(acting_user=world.coordinator, membership=membership)
    membership.refresh_from_db()
    assert membership.role == Role.COORDINATOR


def test_member_may_leave_but_not_remove_others(world):
    own = Membership.objects.get(user=world.partner, initiative=world.initiative)
    other = Membership.objects.get(user=world.viewer, initiative=world.initiative)
    with pytest.raises(PermissionDeniedError):
        services.membership_remove(acting_user=world.partner, membership=other)
    services.membership_remove(acting_user=world.partner, membership=own)
    assert not Membership.objects.filter(pk=own.pk).exists()
