"""Data that puts every page of the app into each of its states, for the accessibility audit
and the screenshots: open and expired invitations, an initiative without partners (empty
states), a person without any initiative, and invitation links for anonymous visitors."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.tokens import default_token_generator
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from initiatives import services
from initiatives.models import Invitation, Membership, Role, invitation_token_hash
from tests.factories import InitiativeFactory, MembershipFactory, OrganisationFactory

OPEN_TOKEN = "offene-einladung-token"
EXPIRED_TOKEN = "abgelaufene-einladung-token"
EXISTING_ACCOUNT_TOKEN = "bestehendes-konto-token"


@dataclass
class Showcase:
    world: object
    empty_initiative: object
    open_invitation: Invitation
    membership_pk: dict
    reset_path: str

    @property
    def slug(self) -> str:
        return self.world.initiative.slug

    def url(self, suffix: str = "") -> str:
        return f"/initiativen/{self.slug}/{suffix}"


def build_showcase(world) -> Showcase:
    initiative = world.initiative
    initiative.problem_statement = (
        "Internationale Fachkräfte mit anerkannten Abschlüssen finden in Berlin oft keine "
        "passende Arbeit. Frauen sind besonders betroffen. Keine Organisation kann das allein "
        "lösen: Verwaltung, Zivilgesellschaft und Wirtschaft arbeiten deshalb zusammen."
    )
    initiative.save()
    OrganisationFactory(
        initiative=initiative,
        name="Senatsverwaltung für Arbeit, Soziales, Gleichstellung, Integration, Vielfalt",
        sector="administration",
        website="https://www.berlin.de/sen/arbeit/",
        contribution="Koordiniert die Anerkennungsberatung und finanziert Lotsenprojekte.",
    )
    OrganisationFactory(
        initiative=initiative,
        name="Migrantinnenverein Neukölln e. V.",
        sector="target_group",
        contribution="Bringt die Erfahrungen der Frauen ein, um die es geht.",
    )

    empty = InitiativeFactory(
        name="Wohnen für alle Köln", slug="wohnen-koeln", status="planning", region="Köln"
    )
    MembershipFactory(user=world.coordinator, initiative=empty, role=Role.COORDINATOR)

    open_invitation = services.invitation_create(
        acting_user=world.coordinator,
        initiative=initiative,
        email="eingeladen@example.org",
        role=Role.PARTNER,
        organisation=world.organisation,
        message="Wir freuen uns auf Sie!",
    )
    # Known tokens for the pages anonymous visitors reach from an e-mail.
    open_invitation.token_hash = invitation_token_hash(OPEN_TOKEN)
    open_invitation.save(update_fields=["token_hash"])
    now = timezone.now()
    Invitation.objects.create(
        initiative=initiative,
        email="spaet@example.org",
        role=Role.VIEWER,
        invited_by=world.coordinator,
        token_hash=invitation_token_hash(EXPIRED_TOKEN),
        expires_at=now - datetime.timedelta(days=3),
    )
    Invitation.objects.create(
        initiative=initiative,
        email=world.other_coordinator.email,
        role=Role.VIEWER,
        invited_by=world.coordinator,
        token_hash=invitation_token_hash(EXISTING_ACCOUNT_TOKEN),
        expires_at=now + datetime.timedelta(days=7),
    )

    membership_pk = {
        m.user.email.split("@")[0]: m.pk
        for m in Membership.objects.filter(initiative=initiative).select_related("user")
    }
    uid = urlsafe_base64_encode(force_bytes(world.viewer.pk))
    token = default_token_generator.make_token(world.viewer)
    return Showcase(
        world=world,
        empty_initiative=empty,
        open_invitation=open_invitation,
        membership_pk=membership_pk,
        reset_path=f"/konto/passwort-zuruecksetzen/{uid}/{token}/",
    )
