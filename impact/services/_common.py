"""Helpers shared by the service modules of the impact app."""

import re
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Max, QuerySet
from django.utils import formats
from django.utils.translation import gettext as _

from core.errors import PermissionDeniedError
from impact import permissions, progress
from impact.models import (
    VALUE_DECIMALS,
    VALUE_DIGITS,
    Submission,
    SubmissionEvent,
)
from initiatives.models import Initiative
from initiatives.permissions import membership_get

Kind = progress.Kind
Status = Submission.Status
Action = SubmissionEvent.Action

MAX_VALUE = Decimal(10) ** (VALUE_DIGITS - VALUE_DECIMALS)
CENT = Decimal(1).scaleb(-VALUE_DECIMALS)
_PLAIN_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")
_GROUPED_THOUSANDS = re.compile(r"^[+-]?\d{1,3}\.\d{3}$")
_UNSET = object()


# --- Helpers -------------------------------------------------------------------------------


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDeniedError(_("You are not allowed to do this."))


def _membership(acting_user, initiative: Initiative):
    return membership_get(user=acting_user, initiative=initiative)


def _require_framework_manager(acting_user, initiative: Initiative) -> None:
    _require(permissions.can_manage_framework(_membership(acting_user, initiative)))


def _raise_if(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def _fmt(number: Decimal) -> str:
    """A number as German readers expect it: 1.234,5 (no trailing zeros for whole numbers)."""
    if number == number.to_integral_value():
        return formats.number_format(int(number), use_l10n=True, force_grouping=True)
    return formats.number_format(number, VALUE_DECIMALS, use_l10n=True, force_grouping=True)


def parse_number(raw, *, field: str, errors: dict[str, str]) -> Decimal | None:
    """Read a number typed by a person or sent by a program; None when nothing was entered.

    Accepts Decimal, int and float, and text such as "12", "12,5", "1.234,5", "1.000" (a
    thousand) or "12.5". Bad
    input adds a message for `field` to `errors` and returns None.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        number = None
    elif isinstance(raw, int | Decimal):
        number = Decimal(raw)
    elif isinstance(raw, float):
        number = Decimal(repr(raw))
    elif isinstance(raw, str):
        text = raw.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
        if not text:
            return None
        if "," in text:  # German: dots group thousands, the comma separates decimals
            text = text.replace(".", "").replace(",", ".")
        elif text.count(".") > 1 or _GROUPED_THOUSANDS.match(text):
            # 1.234.567 can only be grouping; so is 1.000, which a German reader means as a
            # thousand (a value never has three decimals, so nothing else is lost).
            text = text.replace(".", "")
        number = Decimal(text) if _PLAIN_NUMBER.match(text) else None
    else:
        number = None
    if number is None or not number.is_finite():
        errors[field] = _("Please enter a number, for example 12 or 12,5.")
        return None
    if abs(number) >= MAX_VALUE:
        errors[field] = _("This number is too large.")
        return None
    if number.quantize(CENT) != number:
        errors[field] = _("Please enter at most two digits after the decimal comma.")
        return None
    return number


def _next_order(queryset: QuerySet) -> int:
    highest = queryset.aggregate(highest=Max("order"))["highest"]
    return 0 if highest is None else highest + 1


def _reorder(queryset: QuerySet, ordered_ids: Sequence[int]) -> None:
    try:
        wanted = [int(pk) for pk in ordered_ids]
    except (TypeError, ValueError):
        wanted = []
    existing = list(queryset.values_list("pk", flat=True))
    if sorted(existing) != sorted(wanted) or len(set(wanted)) != len(wanted):
        raise ValidationError(
            {"order": _("The list has changed in the meantime. Please reload the page.")}
        )
    objects = {obj.pk: obj for obj in queryset}
    for position, pk in enumerate(wanted):
        objects[pk].order = position
    queryset.model.objects.bulk_update(objects.values(), ["order"])


def _required_text(value: str, *, field: str, message: str, errors: dict[str, str]) -> str:
    text = (value or "").strip()
    if not text:
        errors[field] = message
    return text


def _has_values(**filters) -> bool:
    return Submission.objects.filter(**filters).exists()
