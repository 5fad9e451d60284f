"""The default world every test can use, and the rules for honest skips.

World: one initiative with a coordinator, two partner members of two organisations, a report
viewer and a participant; a second initiative with its own coordinator; and an outsider who
belongs to no initiative.
"""

import os
from dataclasses import dataclass

import pytest
from django.core.cache import cache

from initiatives.models import Role, Sector
from tests.factories import InitiativeFactory, MembershipFactory, OrganisationFactory, UserFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pytest_sessionfinish(session, exitstatus):
    """Under CI a skipped test is a failure: every tool must be installed there."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if IN_CI and skipped and session.exitstatus == 0:
        reporter.write_line(f"CI=true: {skipped} skipped test(s) count as failures.", red=True)
        session.exitstatus = 1


@dataclass
class World:
    initiative: object
    other_initiative: object
    organisation: object
    organisation2: object
    coordinator: object
    partner: object
    partner2: object
    viewer: object
    participant: object
    other_coordinator: object
    outsider: object

    def user(self, role: str):
        return {
            "coordinator": self.coordinator,
            "partner": self.partner,
            "partner2": self.partner2,
            "viewer": self.viewer,
            "participant": self.participant,
            "other_coordinator": self.other_coordinator,
            "outsider": self.outsider,
            "anonymous": None,
        }[role]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Counters and rate limits in the cache (login attempts, reset e-mails, feedback answers)
    never carry over from one test to the next; the test settings keep the cache in memory."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db) -> World:
    initiative = InitiativeFactory(name="Fachkräfte Berlin", slug="fachkraefte-berlin")
    other = InitiativeFactory(name="Kitaplätze Leipzig", slug="kitaplaetze-leipzig")
    organisation = OrganisationFactory(
        initiative=initiative, name="IQ Netzwerk", sector=Sector.CIVIL_SOCIETY
    )
    organisation2 = OrganisationFactory(
        initiative=initiative, name="IHK Berlin", sector=Sector.BUSINESS
    )
    OrganisationFactory(initiative=other, name="Jugendamt Leipzig", sector=Sector.ADMINISTRATION)

    def member(email, role, organisation=None, initiative=initiative):
        user = UserFactory(email=email, full_name=email.split("@")[0].title())
        MembershipFactory(user=user, initiative=initiative, role=role, organisation=organisation)
        return user

    return World(
        initiative=initiative,
        other_initiative=other,
        organisation=organisation,
        organisation2=organisation2,
        coordinator=member("coordinator@example.org", Role.COORDINATOR),
        partner=member("partner@example.org", Role.PARTNER, organisation),
        partner2=member("partner2@example.org", Role.PARTNER, organisation2),
        viewer=member("viewer@example.org", Role.VIEWER),
        participant=member("participant@example.org", Role.PARTICIPANT),
        other_coordinator=member("other@example.org", Role.COORDINATOR, initiative=other),
        outsider=UserFactory(email="outsider@example.org", full_name="Otto Außen"),
    )


@pytest.fixture
def client_for(client):
    """`client_for(user)` logs the test client in as `user` (None stays anonymous)."""

    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login
