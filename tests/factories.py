"""factory_boy factories. Domain set-up in tests goes through services where a rule is involved;
these build plain rows for the world and for data volume."""

import datetime

import factory
from django.contrib.auth import get_user_model

from initiatives.models import Initiative, Membership, Organisation, Role, Sector


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="de_DE")
    password = factory.django.Password("demo-pass-123")


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative

    name = factory.Sequence(lambda n: f"Initiative {n}")
    slug = factory.Sequence(lambda n: f"initiative-{n}")
    problem_statement = "Fachkräfte finden keine passende Arbeit."
    target_group = "Internationale Fachkräfte"
    region = "Berlin"
    start_date = datetime.date(2024, 1, 1)
    status = Initiative.Status.ACTIVE


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    initiative = factory.SubFactory(InitiativeFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    sector = Sector.CIVIL_SOCIETY
    contribution = "Beratung"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    initiative = factory.SubFactory(InitiativeFactory)
    role = Role.COORDINATOR
    organisation = None
