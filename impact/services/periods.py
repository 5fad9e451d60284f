"""Reporting periods: derived from frequencies and the initiative's dates; locking."""

import datetime

from django.db import transaction
from django.utils import timezone

from core.audit import audit_record
from impact import permissions, progress
from impact.models import (
    Indicator,
    ReportingPeriod,
)
from impact.services._common import (
    _membership,
    _require,
)
from initiatives.models import Initiative

# --- Reporting periods ---------------------------------------------------------------------


@transaction.atomic
def periods_sync(
    *, initiative: Initiative, today: datetime.date | None = None, acting_user=None
) -> list[ReportingPeriod]:
    """Make the reporting periods match the initiative's dates and its indicators' frequencies.

    Idempotent: creates missing periods, adjusts the dates of the first and last period when
    the initiative's dates changed, and deletes periods outside the range (or of a frequency
    no longer used) that hold no values and are not locked. Periods with values are kept.
    Without a planned end date, periods run to the current one, so this is called again as
    time passes. Returns the periods created.
    """
    today = today or timezone.localdate()
    frequencies = set(
        Indicator.objects.filter(objective__goal__initiative=initiative).values_list(
            "frequency", flat=True
        )
    )
    existing = {
        (period.frequency, progress.unit_start(period.start, period.frequency)): period
        for period in ReportingPeriod.objects.select_for_update().filter(initiative=initiative)
    }
    created: list[ReportingPeriod] = []
    updated: list[ReportingPeriod] = []
    for frequency in sorted(frequencies):
        for span in progress.reporting_periods(
            start=initiative.start_date,
            planned_end=initiative.planned_end_date,
            today=today,
            frequency=frequency,
        ):
            period = existing.pop((frequency, progress.unit_start(span.start, frequency)), None)
            if period is None:
                created.append(
                    ReportingPeriod(
                        initiative=initiative, frequency=frequency, start=span.start, end=span.end
                    )
                )
            elif (period.start, period.end) != (span.start, span.end):
                period.start, period.end = span.start, span.end
                updated.append(period)
    removable = [
        period.pk
        for period in existing.values()
        if not period.is_locked and not period.submissions.exists()
    ]
    ReportingPeriod.objects.filter(pk__in=removable).delete()
    for period in updated:
        period.save(update_fields=["start", "end", "updated_at"])
    ReportingPeriod.objects.bulk_create(created)
    if created or updated or removable:
        audit_record(
            actor=acting_user,
            verb="periods.synced",
            initiative=initiative,
            target=initiative,
            created=len(created),
            updated=len(updated),
            deleted=len(removable),
        )
    return created


@transaction.atomic
def period_lock(*, acting_user, period: ReportingPeriod) -> ReportingPeriod:
    """Close a period: no values can be entered, changed, submitted or reviewed in it."""
    _require(permissions.can_manage_periods(_membership(acting_user, period.initiative)))
    if period.is_locked:
        return period
    period.locked_at = timezone.now()
    period.locked_by = acting_user
    period.save(update_fields=["locked_at", "locked_by", "updated_at"])
    audit_record(
        actor=acting_user, verb="period.locked", initiative=period.initiative, target=period
    )
    return period


@transaction.atomic
def period_unlock(*, acting_user, period: ReportingPeriod) -> ReportingPeriod:
    _require(permissions.can_manage_periods(_membership(acting_user, period.initiative)))
    if not period.is_locked:
        return period
    period.locked_at = None
    period.locked_by = None
    period.save(update_fields=["locked_at", "locked_by", "updated_at"])
    audit_record(
        actor=acting_user, verb="period.unlocked", initiative=period.initiative, target=period
    )
    return period
