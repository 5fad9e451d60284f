"""Query-count guards: every list page and API list issues as many queries for 30 rows as for 3.

Each test renders once to warm up, measures at the small size, adds ten times the data and
measures again. A difference means a query per row (N+1); the failure shows the extra SQL.
"""

import itertools
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from initiatives.models import Invitation, Role, Sector
from tests.factories import InitiativeFactory, MembershipFactory, OrganisationFactory, UserFactory

SMALL, LARGE = 3, 30
_serial = itertools.count()


def _count_queries(client, url, params=None, *, status=200) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params or {})
    assert response.status_code == status, response.content[:300]
    if response.get("Content-Type", "").startswith("text/html"):
        assert response.content  # rendered, so template queries are counted too
    return [q["sql"] for q in context.captured_queries]


def assert_same_queries(client, url, grow, params=None):
    """Measure `url` with the data as it is and again after `grow()` added more."""
    _count_queries(client, url, params)  # warm-up: first-request caches
    small = _count_queries(client, url, params)
    grow()
    large = _count_queries(client, url, params)
    extra = "\n".join(large[len(small) :]) if len(large) > len(small) else ""
    assert len(small) == len(large), (
        f"{url}: {len(small)} queries at the small size, {len(large)} at the large one.\n{extra}"
    )
    return len(small)


def add_organisations(initiative, n):
    """`n` organisations across all sectors, each with a partner member and an open invitation."""
    sectors = itertools.cycle(Sector.values)
    for _ in range(n):
        i = next(_serial)
        organisation = OrganisationFactory(
            initiative=initiative,
            name=f"Organisation {i:04d}",
            sector=next(sectors),
            website=f"https://org{i}.example.org",
        )
        MembershipFactory(
            user=UserFactory(email=f"member{i}@example.org"),
            initiative=initiative,
            role=Role.PARTNER,
            organisation=organisation,
        )


def add_members(initiative, n, *, inviter):
    organisation = OrganisationFactory(initiative=initiative, name=f"Träger {next(_serial)}")
    roles = itertools.cycle([Role.PARTNER, Role.VIEWER, Role.PARTICIPANT, Role.COORDINATOR])
    for _ in range(n):
        i = next(_serial)
        role = next(roles)
        MembershipFactory(
            user=UserFactory(email=f"person{i}@example.org", full_name=f"Person {i}"),
            initiative=initiative,
            role=role,
            organisation=organisation if role == Role.PARTNER else None,
        )
        Invitation.objects.create(
            initiative=initiative,
            email=f"invited{i}@example.org",
            role=role,
            organisation=organisation if role == Role.PARTNER else None,
            token_hash=f"{i:064d}",
            invited_by=inviter,
            expires_at=timezone.now() + timedelta(days=7 if i % 2 else -1),
        )


def add_initiatives(user, n):
    for _ in range(n):
        initiative = InitiativeFactory()
        membership_role = next(_roles)
        organisation = OrganisationFactory(initiative=initiative)
        MembershipFactory(
            user=user,
            initiative=initiative,
            role=membership_role,
            organisation=organisation if membership_role == Role.PARTNER else None,
        )
        MembershipFactory(initiative=initiative, role=Role.COORDINATOR)


_roles = itertools.cycle([Role.COORDINATOR, Role.PARTNER, Role.VIEWER, Role.PARTICIPANT])


@pytest.fixture
def small_world(world):
    """The default world with SMALL organisations, members and invitations more."""
    add_organisations(world.initiative, SMALL)
    add_members(world.initiative, SMALL, inviter=world.coordinator)
    add_initiatives(world.coordinator, SMALL)
    return world


def _page(name, world):
    return reverse(f"initiatives:{name}", kwargs={"slug": world.initiative.slug})


# HTML pages


def test_initiative_list_queries_do_not_grow_with_initiatives(small_world, client_for):
    w = small_world
    assert_same_queries(
        client_for(w.coordinator),
        reverse("initiatives:initiative-list"),
        lambda: add_initiatives(w.coordinator, LARGE - SMALL),
    )


@pytest.mark.parametrize("role", ["coordinator", "participant"])
@pytest.mark.parametrize("sector", [None, Sector.BUSINESS])
def test_partner_directory_queries_do_not_grow_with_organisations(
    small_world, client_for, role, sector
):
    w = small_world
    assert_same_queries(
        client_for(w.user(role)),
        _page("organisation-list", w),
        lambda: add_organisations(w.initiative, LARGE - SMALL),
        params={"sektor": sector} if sector else None,
    )


def test_partner_directory_htmx_results_do_not_grow_with_organisations(small_world, client_for):
    w = small_world
    client = client_for(w.partner)
    client.defaults["HTTP_HX_REQUEST"] = "true"
    try:
        assert_same_queries(
            client,
            _page("organisation-list", w),
            lambda: add_organisations(w.initiative, LARGE - SMALL),
            params={"sektor": Sector.CIVIL_SOCIETY},
        )
    finally:
        client.defaults.pop("HTTP_HX_REQUEST")


@pytest.mark.parametrize("role", ["coordinator", "viewer"])
def test_members_page_queries_do_not_grow_with_members(small_world, client_for, role):
    w = small_world
    assert_same_queries(
        client_for(w.user(role)),
        _page("membership-list", w),
        lambda: add_members(w.initiative, LARGE - SMALL, inviter=w.coordinator),
    )


def test_initiative_overview_queries_do_not_grow_with_partners(small_world, client_for):
    w = small_world

    def grow():
        add_organisations(w.initiative, LARGE - SMALL)
        add_members(w.initiative, LARGE - SMALL, inviter=w.coordinator)
        add_initiatives(w.coordinator, LARGE - SMALL)  # the initiative switcher

    assert_same_queries(client_for(w.coordinator), _page("initiative-detail", w), grow)


def test_organisation_page_queries_do_not_grow_with_its_members(small_world, client_for):
    w = small_world
    url = reverse(
        "initiatives:organisation-detail",
        kwargs={"slug": w.initiative.slug, "pk": w.organisation.pk},
    )

    def grow():
        for i in range(LARGE - SMALL):
            MembershipFactory(
                user=UserFactory(email=f"iq{next(_serial)}-{i}@example.org"),
                initiative=w.initiative,
                role=Role.PARTNER,
                organisation=w.organisation,
            )

    assert_same_queries(client_for(w.partner), url, grow)


# API lists


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("initiative-list", "coordinator"),
        ("organisation-list", "coordinator"),
        ("organisation-list", "participant"),
        ("membership-list", "coordinator"),
        ("membership-list", "viewer"),
        ("invitation-list", "coordinator"),
        ("me", "coordinator"),
    ],
)
def test_api_list_queries_do_not_grow(small_world, client_for, name, role):
    w = small_world

    def grow():
        add_organisations(w.initiative, LARGE - SMALL)
        add_members(w.initiative, LARGE - SMALL, inviter=w.coordinator)
        add_initiatives(w.coordinator, LARGE - SMALL)

    assert_same_queries(client_for(w.user(role)), reverse(f"v1:{name}"), grow)


def test_api_list_with_initiative_filter_does_not_grow(small_world, client_for):
    w = small_world
    assert_same_queries(
        client_for(w.coordinator),
        reverse("v1:organisation-list"),
        lambda: add_organisations(w.initiative, LARGE - SMALL),
        params={"initiative": w.initiative.slug},
    )


def test_measurements_really_grow_the_data(small_world, client_for):
    """The guards above prove something only if the large size renders more rows."""
    w = small_world
    client = client_for(w.coordinator)
    url = reverse("v1:membership-list")
    before = client.get(url).json()["count"]
    add_members(w.initiative, LARGE - SMALL, inviter=w.coordinator)
    assert client.get(url).json()["count"] == before + LARGE - SMALL
