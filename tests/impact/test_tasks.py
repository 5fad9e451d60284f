import datetime

from impact.models import ReportingPeriod
from impact.tasks import sync_reporting_periods
from tests.impact.builders import FrameworkBuilder


def test_nightly_task_opens_periods_for_open_ended_initiatives(world):
    world.initiative.start_date = datetime.date(2024, 1, 1)
    world.initiative.planned_end_date = None
    world.initiative.save()
    FrameworkBuilder(world.initiative).goal("Arbeit").objective("Vermittlung").indicator(
        "Vermittlungen", frequency="quarterly"
    ).build()
    ReportingPeriod.objects.all().delete()
    assert sync_reporting_periods.delay().get() > 0
    assert ReportingPeriod.objects.filter(initiative=world.initiative).exists()
