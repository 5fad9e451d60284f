"""Lists sort names as German readers expect: umlauts with their letter, numbers by value. The
database does the sorting, with the collation production's database is created with (README
"Operation"); SQLite, for local work only, sorts by code points."""

import pytest
from django.db import connection

from initiatives import selectors
from tests.factories import InitiativeFactory, OrganisationFactory


def _collation_provider() -> str | None:
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT datlocprovider FROM pg_database WHERE datname = current_database()")
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_organisations_are_listed_in_german_order_with_numbers_by_value():
    if _collation_provider() != "i":
        pytest.skip(
            "needs PostgreSQL with ICU's German collation (DATABASE_TEST_TEMPLATE, see .ci/run)"
        )
    initiative = InitiativeFactory()
    for name in ["Zentrum Nord", "Ärztekammer", "Amt für Soziales", "Gruppe 10", "Gruppe 2"]:
        OrganisationFactory(initiative=initiative, name=name)
    names = [org.name for org in selectors.organisation_list(initiative=initiative)]
    assert names == ["Amt für Soziales", "Ärztekammer", "Gruppe 2", "Gruppe 10", "Zentrum Nord"]
