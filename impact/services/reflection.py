"""Reflection notes: what the members learn from an indicator's values and what they change."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import ApplicationError
from impact import permissions
from impact.models import Indicator, ReflectionNote, ReportingPeriod
from impact.services._common import _membership, _require
from initiatives.models import Role


@transaction.atomic
def reflection_note_create(
    *,
    acting_user,
    indicator: Indicator,
    period: ReportingPeriod,
    learning: str,
    change: str = "",
) -> ReflectionNote:
    """Add a note to `indicator` for `period`, written for the author's organisation (none for
    the backbone office).

    Raises PermissionDeniedError unless the user may write reflections in the indicator's
    initiative, ValidationError ({"learning": ...}) for an empty "what we learn", and
    ApplicationError when the period belongs to another initiative or reporting frequency.
    """
    initiative = indicator.initiative
    membership = _membership(acting_user, initiative)
    _require(permissions.can_write_reflection(membership))
    if period.initiative_id != initiative.pk or period.frequency != indicator.frequency:
        raise ApplicationError(_("This period does not belong to the indicator."))
    learning, change = (learning or "").strip(), (change or "").strip()
    if not learning:
        raise ValidationError({"learning": _("Please write down what the values tell you.")})
    note = ReflectionNote.objects.create(
        indicator=indicator,
        period=period,
        author=acting_user,
        organisation=membership.organisation if membership.role == Role.PARTNER else None,
        learning=learning,
        change=change,
    )
    audit_record(
        actor=acting_user,
        verb="impact.reflection_note.create",
        initiative=initiative,
        target=note,
        indicator=indicator.pk,
        period=period.pk,
    )
    return note


@transaction.atomic
def reflection_note_delete(*, acting_user, note: ReflectionNote) -> None:
    """Delete a note. Only its author or a coordinator may (PermissionDeniedError otherwise)."""
    initiative = note.indicator.initiative
    _require(permissions.can_delete_reflection(_membership(acting_user, initiative), note))
    audit_record(
        actor=acting_user,
        verb="impact.reflection_note.delete",
        initiative=initiative,
        target=note,
        indicator=note.indicator_id,
        period=note.period_id,
    )
    note.delete()
