"""A results framework on top of the default world, built through the services.

Messages are checked in the English source language, so the tests do not depend on the state of
the German catalogue.
"""

import datetime

import pytest
from django.utils import translation

from impact.progress import Direction, Frequency, Kind, PartnerAggregation, PeriodAggregation
from tests.impact.builders import FrameworkBuilder

GENDER = ["weiblich", "männlich", "divers", "keine Angabe"]
Q1_2025 = datetime.date(2025, 2, 15)
Q2_2025 = datetime.date(2025, 5, 15)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def fw(world):
    return (
        FrameworkBuilder(world.initiative)
        .goal("Internationale Fachkräfte arbeiten qualifikationsadäquat")
        .objective("Mehr Vermittlungen in passende Stellen")
        .indicator(
            "Vermittlungen",
            kind=Kind.NUMBER,
            frequency=Frequency.QUARTERLY,
            unit="Personen",
            final_target="400",
            final_target_date=datetime.date(2027, 12, 31),
        )
        .with_dimension("Geschlecht", GENDER)
        .reported_by(world.organisation, world.organisation2)
        .indicator(
            "Vermittlungsquote",
            kind=Kind.PERCENTAGE,
            frequency=Frequency.QUARTERLY,
            baseline_value="25",
            baseline_date=datetime.date(2023, 12, 31),
            final_target="45",
            final_target_date=datetime.date(2027, 12, 31),
        )
        .with_dimension("Geschlecht", GENDER)
        .reported_by(world.organisation, world.organisation2)
        .indicator(
            "Fördermittel",
            kind=Kind.AMOUNT,
            frequency=Frequency.QUARTERLY,
            unit="Euro",
        )
        .reported_by(world.organisation)
        .objective("Anerkennung geht schneller")
        .indicator(
            "Abgeschlossene Anerkennungsverfahren",
            scope="population",
            frequency=Frequency.MONTHLY,
            partner_aggregation=PartnerAggregation.LATEST,
        )
        .indicator(
            "Dauer bis zum Bescheid",
            scope="population",
            frequency=Frequency.QUARTERLY,
            direction=Direction.DECREASE,
            partner_aggregation=PartnerAggregation.LATEST,
            period_aggregation=PeriodAggregation.CUMULATIVE,
            baseline_value="120",
            baseline_date=datetime.date(2023, 12, 31),
            final_target="80",
            final_target_date=datetime.date(2027, 12, 31),
        )
        .build()
    )
