"""A results framework with approved values, breakdowns, a reflection note and a published
agenda on top of the default world, built through the services.

Report content is checked in German (the language of the reports' readers); messages of the
application are compared through gettext so the tests do not depend on the German catalogue.
"""

import datetime
import types

import pytest
from django.utils import translation

from impact import services as impact_services
from impact.progress import Frequency, Kind
from initiatives import services as initiative_services
from reports.models import ReportRun
from tests.impact.builders import FrameworkBuilder, report
from tests.initiatives.agenda_support import publish_version

GENDER = ["weiblich", "männlich", "divers", "keine Angabe"]
Q1_2025 = datetime.date(2025, 2, 15)
Q2_2025 = datetime.date(2025, 5, 15)


@pytest.fixture(autouse=True)
def german():
    with translation.override("de"):
        yield


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def build_data(world) -> types.SimpleNamespace:
    """Two partner indicators with values by gender, one percentage, one population
    indicator; approved, submitted and missing values in Q1 2025; a note and an endorsement."""
    fw = (
        FrameworkBuilder(world.initiative)
        .goal("Internationale Fachkräfte arbeiten qualifikationsadäquat")
        .objective("Mehr Vermittlungen in passende Stellen")
        .indicator(
            "Vermittlungen",
            kind=Kind.NUMBER,
            frequency=Frequency.QUARTERLY,
            unit="Personen",
            final_target="4000",
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
        .reported_by(world.organisation, world.organisation2)
        .objective("Anerkennung geht schneller")
        .indicator(
            "Dauer bis zum Bescheid in Tagen",
            scope="population",
            frequency=Frequency.QUARTERLY,
            direction="decrease",
            partner_aggregation="latest",
            period_aggregation="cumulative",
        )
        .build()
    )
    count = fw.indicator("Vermittlungen")
    rate = fw.indicator("Vermittlungsquote")
    q1 = fw.period(count, Q1_2025)
    q2 = fw.period(count, Q2_2025)
    gender = {
        fw.category("Geschlecht", label).pk: value
        for label, value in (
            ("weiblich", "700"),
            ("männlich", "500"),
            ("divers", "4,5"),
            ("keine Angabe", "30"),
        )
    }
    approved = report(
        count,
        q1,
        by=world.partner,
        organisation=world.organisation,
        value="1234,5",
        breakdown=gender,
        approve_by=world.coordinator,
    )
    submitted = report(
        count,
        q1,
        by=world.partner2,
        organisation=world.organisation2,
        value="77",
        breakdown={fw.category("Geschlecht", "keine Angabe").pk: "77"},
        submit=True,
    )
    report(
        rate,
        q1,
        by=world.partner,
        organisation=world.organisation,
        numerator="12",
        denominator="40",
        approve_by=world.coordinator,
    )
    report(  # a draft
        count,
        q2,
        by=world.partner,
        organisation=world.organisation,
        value="99",
        breakdown={fw.category("Geschlecht", "keine Angabe").pk: "99"},
    )
    note = impact_services.reflection_note_create(
        acting_user=world.coordinator,
        indicator=count,
        period=q1,
        learning="Frauen werden seltener vermittelt als ihr Anteil erwarten lässt.",
        change="Gezielte Ansprache über den Migrantinnenverein.",
    )
    version = publish_version(initiative=world.initiative, coordinator=world.coordinator)
    initiative_services.endorsement_set(
        acting_user=world.partner2,
        version=version,
        organisation=world.organisation2,
        level="with_reservations",
        reservation="Die Zielzahl ist zu hoch angesetzt.",
    )
    return types.SimpleNamespace(
        fw=fw,
        count=count,
        rate=rate,
        q1=q1,
        q2=q2,
        approved=approved,
        submitted=submitted,
        note=note,
        version=version,
    )


@pytest.fixture
def data(world):
    return build_data(world)


def queued_run(world, *, user=None, kind=ReportRun.Kind.PROGRESS, parameters=None, **fields):
    """A run row as `report_request` stores it, without queueing the task."""
    user = user or world.viewer
    return ReportRun.objects.create(
        initiative=world.initiative,
        kind=kind,
        parameters=parameters or {"sections": ["agenda", "partners", "indicators", "reflections"]},
        requested_by=user,
        **fields,
    )
