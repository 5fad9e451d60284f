"""Writes of the impact app: atomic, checking their rules, each writing an audit row.

Bad input raises Django's `ValidationError` with a dict of field names and messages that a
person can act on; a broken rule of the workflow raises `ApplicationError`; a missing right
raises `PermissionDeniedError`. Nothing is saved when any of them is raised.

Field names of the errors, beyond the model fields: `breakdown_<category id>` for one category
of a breakdown, `dimension_<dimension id>` for a breakdown that does not add up, `breakdown`
for a category that does not belong to the indicator, `target_<YYYY-MM-DD>` for one period
target, `reason` for a return without a reason and `order` for a stale reordering.
"""

import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import ApplicationError, PermissionDeniedError
from impact import permissions, progress
from impact.models import (
    VALUE_DECIMALS,
    VALUE_DIGITS,
    Breakdown,
    Category,
    Dimension,
    Goal,
    Indicator,
    MeasurementSettings,
    Objective,
    PeriodTarget,
    ReportingPeriod,
    Submission,
    SubmissionEvent,
)
from initiatives.models import Initiative, Organisation
from initiatives.permissions import membership_get

Kind = progress.Kind
Status = Submission.Status
Action = SubmissionEvent.Action

MAX_VALUE = Decimal(10) ** (VALUE_DIGITS - VALUE_DECIMALS)
CENT = Decimal(1).scaleb(-VALUE_DECIMALS)
_PLAIN_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")
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

    Accepts Decimal, int and float, and text such as "12", "12,5", "1.234,5" or "12.5". Bad
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
        elif text.count(".") > 1:  # 1.234.567 can only be grouping
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


# --- Settings ------------------------------------------------------------------------------


@transaction.atomic
def measurement_settings_update(
    *,
    acting_user,
    initiative: Initiative,
    on_track_percent: int,
    at_risk_percent: int,
    due_days: int,
) -> MeasurementSettings:
    """Change the status rule and the reporting deadline of an initiative."""
    _require(permissions.can_manage_periods(_membership(acting_user, initiative)))
    errors: dict[str, str] = {}
    values = {}
    for field, raw in (
        ("on_track_percent", on_track_percent),
        ("at_risk_percent", at_risk_percent),
        ("due_days", due_days),
    ):
        number = parse_number(raw, field=field, errors=errors)
        if field not in errors and (number is None or number != int(number)):
            errors[field] = _("Please enter a whole number.")
        values[field] = int(number) if field not in errors else None
    on_track, at_risk, days = (
        values["on_track_percent"],
        values["at_risk_percent"],
        values["due_days"],
    )
    if on_track is not None and not 1 <= on_track <= 100:
        errors["on_track_percent"] = _("Please enter a share between 1 and 100 %.")
    if at_risk is not None and not 1 <= at_risk <= 100:
        errors["at_risk_percent"] = _("Please enter a share between 1 and 100 %.")
    elif at_risk is not None and on_track is not None and at_risk > on_track:
        errors["at_risk_percent"] = _("The at-risk share cannot be higher than the on-track share.")
    if days is not None and not 0 <= days <= 365:
        errors["due_days"] = _("Please enter between 0 and 365 days.")
    _raise_if(errors)
    settings, _created = MeasurementSettings.objects.update_or_create(
        initiative=initiative,
        defaults={"on_track_percent": on_track, "at_risk_percent": at_risk, "due_days": days},
    )
    audit_record(
        actor=acting_user,
        verb="measurement_settings.updated",
        initiative=initiative,
        target=initiative,
        on_track_percent=on_track,
        at_risk_percent=at_risk,
        due_days=days,
    )
    return settings


# --- Goals and objectives ------------------------------------------------------------------


@transaction.atomic
def goal_create(*, acting_user, initiative: Initiative, title: str, description: str = "") -> Goal:
    _require_framework_manager(acting_user, initiative)
    errors: dict[str, str] = {}
    title = _required_text(title, field="title", message=_("Please enter a title."), errors=errors)
    _raise_if(errors)
    goal = Goal.objects.create(
        initiative=initiative,
        title=title,
        description=description.strip(),
        order=_next_order(Goal.objects.filter(initiative=initiative)),
    )
    audit_record(actor=acting_user, verb="goal.created", initiative=initiative, target=goal)
    return goal


@transaction.atomic
def goal_update(*, acting_user, goal: Goal, title: str, description: str = "") -> Goal:
    _require_framework_manager(acting_user, goal.initiative)
    errors: dict[str, str] = {}
    goal.title = _required_text(
        title, field="title", message=_("Please enter a title."), errors=errors
    )
    _raise_if(errors)
    goal.description = description.strip()
    goal.save(update_fields=["title", "description", "updated_at"])
    audit_record(actor=acting_user, verb="goal.updated", initiative=goal.initiative, target=goal)
    return goal


@transaction.atomic
def goal_delete(*, acting_user, goal: Goal) -> None:
    """Delete a goal with its objectives and indicators, unless values have been reported."""
    initiative = goal.initiative
    _require_framework_manager(acting_user, initiative)
    if _has_values(indicator__objective__goal=goal):
        raise ApplicationError(
            _(
                "Values have been reported for indicators of this goal. It cannot be deleted, "
                "so that their history is kept."
            ),
            code="framework_has_values",
        )
    audit_record(actor=acting_user, verb="goal.deleted", initiative=initiative, target=goal)
    goal.delete()


@transaction.atomic
def goal_reorder(*, acting_user, initiative: Initiative, goal_ids: Sequence[int]) -> None:
    """Put the initiative's goals in the order given; all of them must be listed."""
    _require_framework_manager(acting_user, initiative)
    _reorder(Goal.objects.filter(initiative=initiative), goal_ids)
    audit_record(actor=acting_user, verb="goal.reordered", initiative=initiative)


@transaction.atomic
def objective_create(*, acting_user, goal: Goal, title: str, description: str = "") -> Objective:
    _require_framework_manager(acting_user, goal.initiative)
    errors: dict[str, str] = {}
    title = _required_text(title, field="title", message=_("Please enter a title."), errors=errors)
    _raise_if(errors)
    objective = Objective.objects.create(
        goal=goal,
        title=title,
        description=description.strip(),
        order=_next_order(Objective.objects.filter(goal=goal)),
    )
    audit_record(
        actor=acting_user, verb="objective.created", initiative=goal.initiative, target=objective
    )
    return objective


@transaction.atomic
def objective_update(
    *,
    acting_user,
    objective: Objective,
    title: str,
    description: str = "",
    goal: Goal | None = None,
) -> Objective:
    """Change an objective; with `goal`, move it to the end of another goal of the initiative."""
    initiative = objective.goal.initiative
    _require_framework_manager(acting_user, initiative)
    errors: dict[str, str] = {}
    objective.title = _required_text(
        title, field="title", message=_("Please enter a title."), errors=errors
    )
    if goal is not None and goal.initiative_id != initiative.pk:
        errors["goal"] = _("This goal does not belong to the initiative.")
    _raise_if(errors)
    objective.description = description.strip()
    if goal is not None and goal.pk != objective.goal_id:
        objective.goal = goal
        objective.order = _next_order(Objective.objects.filter(goal=goal))
    objective.save()
    audit_record(
        actor=acting_user, verb="objective.updated", initiative=initiative, target=objective
    )
    return objective


@transaction.atomic
def objective_delete(*, acting_user, objective: Objective) -> None:
    initiative = objective.goal.initiative
    _require_framework_manager(acting_user, initiative)
    if _has_values(indicator__objective=objective):
        raise ApplicationError(
            _(
                "Values have been reported for indicators of this objective. It cannot be "
                "deleted, so that their history is kept."
            ),
            code="framework_has_values",
        )
    audit_record(
        actor=acting_user, verb="objective.deleted", initiative=initiative, target=objective
    )
    objective.delete()


@transaction.atomic
def objective_reorder(*, acting_user, goal: Goal, objective_ids: Sequence[int]) -> None:
    _require_framework_manager(acting_user, goal.initiative)
    _reorder(Objective.objects.filter(goal=goal), objective_ids)
    audit_record(actor=acting_user, verb="objective.reordered", initiative=goal.initiative)


# --- Breakdown dimensions ------------------------------------------------------------------


def _clean_labels(labels: Iterable[str], *, field: str, errors: dict[str, str]) -> list[str]:
    cleaned, seen = [], set()
    for label in labels:
        label = (label or "").strip()
        if not label:
            continue
        if label.casefold() in seen:
            errors[field] = _("The category “%(label)s” appears twice.") % {"label": label}
            continue
        seen.add(label.casefold())
        cleaned.append(label)
    return cleaned


@transaction.atomic
def dimension_create(
    *,
    acting_user,
    initiative: Initiative,
    name: str,
    categories: Sequence[str],
    unspecified_label: str | None = None,
) -> Dimension:
    """Create a breakdown dimension with its categories, e.g. gender.

    Every dimension gets a category for cases without information (`unspecified_label`,
    by default "not specified"): a breakdown must add up to the total, and nobody should have
    to invent data for that. If that label is already among `categories`, that category is it.
    """
    _require_framework_manager(acting_user, initiative)
    errors: dict[str, str] = {}
    name = _required_text(name, field="name", message=_("Please enter a name."), errors=errors)
    if name and Dimension.objects.filter(initiative=initiative, name__iexact=name).exists():
        errors["name"] = _("A breakdown with this name exists already.")
    labels = _clean_labels(categories, field="categories", errors=errors)
    unspecified = (unspecified_label or _("not specified")).strip()
    if not any(label.casefold() != unspecified.casefold() for label in labels):
        errors.setdefault("categories", _("Please enter at least one category."))
    _raise_if(errors)
    if unspecified.casefold() not in {label.casefold() for label in labels}:
        labels.append(unspecified)
    dimension = Dimension.objects.create(
        initiative=initiative,
        name=name,
        order=_next_order(Dimension.objects.filter(initiative=initiative)),
    )
    Category.objects.bulk_create(
        Category(
            dimension=dimension,
            label=label,
            order=position,
            is_unspecified=label.casefold() == unspecified.casefold(),
        )
        for position, label in enumerate(labels)
    )
    audit_record(
        actor=acting_user,
        verb="dimension.created",
        initiative=initiative,
        target=dimension,
        categories=labels,
    )
    return dimension


@transaction.atomic
def dimension_update(*, acting_user, dimension: Dimension, name: str) -> Dimension:
    initiative = dimension.initiative
    _require_framework_manager(acting_user, initiative)
    errors: dict[str, str] = {}
    name = _required_text(name, field="name", message=_("Please enter a name."), errors=errors)
    if (
        name
        and Dimension.objects.filter(initiative=initiative, name__iexact=name)
        .exclude(pk=dimension.pk)
        .exists()
    ):
        errors["name"] = _("A breakdown with this name exists already.")
    _raise_if(errors)
    dimension.name = name
    dimension.save(update_fields=["name", "updated_at"])
    audit_record(
        actor=acting_user, verb="dimension.updated", initiative=initiative, target=dimension
    )
    return dimension


@transaction.atomic
def dimension_delete(*, acting_user, dimension: Dimension) -> None:
    initiative = dimension.initiative
    _require_framework_manager(acting_user, initiative)
    if Breakdown.objects.filter(category__dimension=dimension).exists():
        raise ApplicationError(
            _("Values have been broken down by %(name)s. It cannot be deleted any more.")
            % {"name": dimension.name},
            code="dimension_in_use",
        )
    audit_record(
        actor=acting_user, verb="dimension.deleted", initiative=initiative, target=dimension
    )
    dimension.delete()


@transaction.atomic
def category_create(*, acting_user, dimension: Dimension, label: str) -> Category:
    """Add a category; it is placed before the "not specified" one."""
    _require_framework_manager(acting_user, dimension.initiative)
    errors: dict[str, str] = {}
    label = _required_text(label, field="label", message=_("Please enter a label."), errors=errors)
    if label and dimension.categories.filter(label__iexact=label).exists():
        errors["label"] = _("This category exists already.")
    _raise_if(errors)
    regular = dimension.categories.filter(is_unspecified=False)
    position = _next_order(regular)
    dimension.categories.filter(is_unspecified=True).update(order=position + 1)
    category = Category.objects.create(dimension=dimension, label=label, order=position)
    audit_record(
        actor=acting_user,
        verb="category.created",
        initiative=dimension.initiative,
        target=category,
    )
    return category


@transaction.atomic
def category_update(*, acting_user, category: Category, label: str) -> Category:
    dimension = category.dimension
    _require_framework_manager(acting_user, dimension.initiative)
    errors: dict[str, str] = {}
    label = _required_text(label, field="label", message=_("Please enter a label."), errors=errors)
    if label and dimension.categories.filter(label__iexact=label).exclude(pk=category.pk).exists():
        errors["label"] = _("This category exists already.")
    _raise_if(errors)
    category.label = label
    category.save(update_fields=["label", "updated_at"])
    audit_record(
        actor=acting_user,
        verb="category.updated",
        initiative=dimension.initiative,
        target=category,
    )
    return category


@transaction.atomic
def category_delete(*, acting_user, category: Category) -> None:
    initiative = category.dimension.initiative
    _require_framework_manager(acting_user, initiative)
    if category.is_unspecified:
        raise ApplicationError(
            _("The category for cases without information is needed and cannot be deleted."),
            code="category_required",
        )
    if category.breakdowns.exists():
        raise ApplicationError(
            _("Values have been reported for this category. It cannot be deleted any more."),
            code="category_in_use",
        )
    audit_record(actor=acting_user, verb="category.deleted", initiative=initiative, target=category)
    category.delete()


# --- Indicators ----------------------------------------------------------------------------

_INDICATOR_FIELDS = (
    "name",
    "definition",
    "unit",
    "kind",
    "direction",
    "scope",
    "frequency",
    "partner_aggregation",
    "period_aggregation",
    "baseline_value",
    "baseline_date",
    "target_mode",
    "final_target",
    "final_target_date",
)
# Changing these after values were reported would change what the values mean.
_FIXED_ONCE_REPORTED = ("kind", "frequency", "scope", "period_aggregation")

_CHOICES = {
    "kind": progress.Kind,
    "direction": progress.Direction,
    "scope": Indicator.Scope,
    "frequency": progress.Frequency,
    "partner_aggregation": progress.PartnerAggregation,
    "period_aggregation": progress.PeriodAggregation,
    "target_mode": progress.TargetMode,
}


def _clean_level(
    raw, *, field: str, kind: str, errors: dict[str, str], negative_message: str
) -> Decimal | None:
    number = parse_number(raw, field=field, errors=errors)
    if number is None:
        return None
    if number < 0:
        errors[field] = negative_message
    elif kind == Kind.PERCENTAGE and number > progress.HUNDRED:
        errors[field] = _("A percentage cannot be more than 100.")
    return number


def _clean_indicator(
    *,
    objective: Objective,
    data: dict,
    organisations: list[Organisation] | None,
    dimensions: list[Dimension] | None,
    instance: Indicator | None,
) -> dict:
    """Check an indicator's fields together; returns the cleaned fields or raises."""
    initiative = objective.goal.initiative
    errors: dict[str, str] = {}
    cleaned = dict(data)
    cleaned["name"] = _required_text(
        data["name"], field="name", message=_("Please enter a name."), errors=errors
    )
    if cleaned["name"]:
        same_name = Indicator.objects.filter(objective=objective, name__iexact=cleaned["name"])
        if instance is not None:
            same_name = same_name.exclude(pk=instance.pk)
        if same_name.exists():
            errors["name"] = _("This objective already has an indicator with this name.")
    cleaned["definition"] = _required_text(
        data["definition"],
        field="definition",
        message=_(
            "Please describe how the indicator is counted, so that all partners count the same way."
        ),
        errors=errors,
    )
    cleaned["unit"] = (data["unit"] or "").strip()
    for field, choices in _CHOICES.items():
        if data[field] not in choices.values:
            errors[field] = _("Please choose one of the options.")
    kind = data["kind"]
    if (
        kind == Kind.PERCENTAGE
        and data["partner_aggregation"] == progress.PartnerAggregation.AVERAGE
    ):
        errors["partner_aggregation"] = _(
            "Percentages are never averaged: the partners' numerators and denominators are "
            "added up instead. Please choose “add up” or “most recent value”."
        )
    if (
        data["partner_aggregation"] == progress.PartnerAggregation.AVERAGE
        and data["period_aggregation"] == progress.PeriodAggregation.PER_PERIOD
    ):
        errors["period_aggregation"] = _(
            "Averages cannot be added up over time. Please choose “cumulative”, so "
            "that the latest value counts."
        )
    cleaned["baseline_value"] = _clean_level(
        data["baseline_value"],
        field="baseline_value",
        kind=kind,
        errors=errors,
        negative_message=_("The baseline cannot be negative."),
    )
    has_baseline = cleaned["baseline_value"] is not None or "baseline_value" in errors
    if has_baseline and data["baseline_date"] is None:
        errors["baseline_date"] = _("Please enter when the baseline was measured.")
    if not has_baseline and data["baseline_date"] is not None:
        errors["baseline_value"] = _("Please enter the baseline value.")
    if data["target_mode"] == progress.TargetMode.PER_PERIOD:
        cleaned["final_target"] = cleaned["final_target_date"] = None
    else:
        cleaned["final_target"] = _clean_level(
            data["final_target"],
            field="final_target",
            kind=kind,
            errors=errors,
            negative_message=_("The target cannot be negative."),
        )
        target_date = data["final_target_date"]
        if target_date is not None and target_date <= initiative.start_date:
            errors["final_target_date"] = _(
                "The target date must be after the start of the initiative."
            )
        if (
            cleaned["final_target"] is not None
            and target_date is None
            and initiative.planned_end_date is None
        ):
            errors["final_target_date"] = _(
                "The initiative has no planned end date. Please enter by when the target "
                "should be reached."
            )
    if organisations is not None:
        if data["scope"] == Indicator.Scope.POPULATION and organisations:
            errors["reporting_organisations"] = _(
                "Population indicators are entered by the backbone office; partner "
                "organisations do not report on them."
            )
        elif any(org.initiative_id != initiative.pk for org in organisations):
            errors["reporting_organisations"] = _(
                "This organisation does not belong to the initiative."
            )
    if dimensions is not None and any(d.initiative_id != initiative.pk for d in dimensions):
        errors["dimensions"] = _("This breakdown does not belong to the initiative.")
    if instance is not None and _has_values(indicator=instance):
        for field in _FIXED_ONCE_REPORTED:
            if data[field] != getattr(instance, field):
                errors[field] = _(
                    "This cannot be changed any more, because values have been reported. "
                    "Please create a new indicator instead."
                )
    _raise_if(errors)
    return cleaned


@transaction.atomic
def indicator_create(
    *,
    acting_user,
    objective: Objective,
    name: str,
    definition: str,
    unit: str = "",
    kind: str = Kind.NUMBER,
    direction: str = progress.Direction.INCREASE,
    scope: str = Indicator.Scope.PERFORMANCE,
    frequency: str = progress.Frequency.QUARTERLY,
    partner_aggregation: str = progress.PartnerAggregation.SUM,
    period_aggregation: str = progress.PeriodAggregation.PER_PERIOD,
    baseline_value: Decimal | str | None = None,
    baseline_date: datetime.date | None = None,
    target_mode: str = progress.TargetMode.FINAL,
    final_target: Decimal | str | None = None,
    final_target_date: datetime.date | None = None,
    reporting_organisations: Iterable[Organisation] = (),
    dimensions: Iterable[Dimension] = (),
) -> Indicator:
    """Add an indicator at the end of an objective and create its reporting periods."""
    initiative = objective.goal.initiative
    _require_framework_manager(acting_user, initiative)
    organisations, dimensions = list(reporting_organisations), list(dimensions)
    data = {
        "name": name,
        "definition": definition,
        "unit": unit,
        "kind": kind,
        "direction": direction,
        "scope": scope,
        "frequency": frequency,
        "partner_aggregation": partner_aggregation,
        "period_aggregation": period_aggregation,
        "baseline_value": baseline_value,
        "baseline_date": baseline_date,
        "target_mode": target_mode,
        "final_target": final_target,
        "final_target_date": final_target_date,
    }
    cleaned = _clean_indicator(
        objective=objective,
        data=data,
        organisations=organisations,
        dimensions=dimensions,
        instance=None,
    )
    indicator = Indicator.objects.create(
        objective=objective,
        order=_next_order(Indicator.objects.filter(objective=objective)),
        **cleaned,
    )
    indicator.reporting_organisations.set(organisations)
    indicator.dimensions.set(dimensions)
    periods_sync(initiative=initiative)
    audit_record(
        actor=acting_user, verb="indicator.created", initiative=initiative, target=indicator
    )
    return indicator


@transaction.atomic
def indicator_update(
    *,
    acting_user,
    indicator: Indicator,
    objective: Objective | None = None,
    reporting_organisations: Iterable[Organisation] | None = None,
    dimensions: Iterable[Dimension] | None = None,
    **fields,
) -> Indicator:
    """Change an indicator. Fields not given keep their values.

    Kind, frequency, type and the period rule cannot change once values have been reported.
    A change of frequency drops the period targets, which belonged to the old periods.
    The audit row keeps the old and new definition, so that a change of meaning can be traced.
    """
    initiative = indicator.initiative
    _require_framework_manager(acting_user, initiative)
    unknown = set(fields) - set(_INDICATOR_FIELDS)
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    if objective is not None and objective.goal.initiative_id != initiative.pk:
        raise ValidationError({"objective": _("This objective does not belong to the initiative.")})
    target_objective = objective or indicator.objective
    data = {field: fields.get(field, getattr(indicator, field)) for field in _INDICATOR_FIELDS}
    organisations = list(reporting_organisations) if reporting_organisations is not None else None
    if organisations is None and data["scope"] == Indicator.Scope.POPULATION:
        organisations = list(indicator.reporting_organisations.all())
    dimensions = list(dimensions) if dimensions is not None else None
    cleaned = _clean_indicator(
        objective=target_objective,
        data=data,
        organisations=organisations,
        dimensions=dimensions,
        instance=indicator,
    )
    old_definition = indicator.definition
    frequency_changed = cleaned["frequency"] != indicator.frequency
    for field, value in cleaned.items():
        setattr(indicator, field, value)
    if target_objective.pk != indicator.objective_id:
        indicator.objective = target_objective
        indicator.order = _next_order(Indicator.objects.filter(objective=target_objective))
    indicator.save()
    if organisations is not None:
        indicator.reporting_organisations.set(organisations)
    if dimensions is not None:
        indicator.dimensions.set(dimensions)
    if frequency_changed:
        indicator.period_targets.all().delete()
        periods_sync(initiative=initiative)
    changes = {"fields": sorted(fields)}
    if cleaned["definition"] != old_definition:
        changes.update(old_definition=old_definition, new_definition=cleaned["definition"])
    audit_record(
        actor=acting_user,
        verb="indicator.updated",
        initiative=initiative,
        target=indicator,
        **changes,
    )
    return indicator


@transaction.atomic
def indicator_delete(*, acting_user, indicator: Indicator) -> None:
    initiative = indicator.initiative
    _require_framework_manager(acting_user, initiative)
    if _has_values(indicator=indicator):
        raise ApplicationError(
            _(
                "Values have been reported for this indicator. It cannot be deleted, so that "
                "their history is kept."
            ),
            code="framework_has_values",
        )
    audit_record(
        actor=acting_user, verb="indicator.deleted", initiative=initiative, target=indicator
    )
    indicator.delete()


@transaction.atomic
def indicator_reorder(*, acting_user, objective: Objective, indicator_ids: Sequence[int]) -> None:
    initiative = objective.goal.initiative
    _require_framework_manager(acting_user, initiative)
    _reorder(Indicator.objects.filter(objective=objective), indicator_ids)
    audit_record(actor=acting_user, verb="indicator.reordered", initiative=initiative)


def _is_period_start(day: datetime.date, *, initiative: Initiative, frequency: str) -> bool:
    if day == initiative.start_date:
        return True
    if day < initiative.start_date or progress.unit_start(day, frequency) != day:
        return False
    return initiative.planned_end_date is None or day <= initiative.planned_end_date


@transaction.atomic
def indicator_set_period_targets(
    *,
    acting_user,
    indicator: Indicator,
    targets: Mapping[datetime.date, Decimal | str | None],
) -> list[PeriodTarget]:
    """Set the targets per period, keyed by the first day of each period.

    Periods given without a value (None or "") lose their target; periods not given keep it.
    """
    initiative = indicator.initiative
    _require_framework_manager(acting_user, initiative)
    if indicator.target_mode != progress.TargetMode.PER_PERIOD:
        raise ValidationError(
            {
                "target_mode": _(
                    "This indicator has one final target. Please choose a target per period first."
                )
            }
        )
    errors: dict[str, str] = {}
    cleaned: dict[datetime.date, Decimal | None] = {}
    for day, raw in targets.items():
        field = f"target_{day:%Y-%m-%d}"
        if not _is_period_start(day, initiative=initiative, frequency=indicator.frequency):
            errors[field] = _("No reporting period of this indicator starts on this day.")
            continue
        cleaned[day] = _clean_level(
            raw,
            field=field,
            kind=indicator.kind,
            errors=errors,
            negative_message=_("The target cannot be negative."),
        )
    _raise_if(errors)
    for day, value in cleaned.items():
        if value is None:
            PeriodTarget.objects.filter(indicator=indicator, period_start=day).delete()
        else:
            PeriodTarget.objects.update_or_create(
                indicator=indicator, period_start=day, defaults={"value": value}
            )
    audit_record(
        actor=acting_user,
        verb="indicator.targets_set",
        initiative=initiative,
        target=indicator,
        targets={
            f"{day:%Y-%m-%d}": str(v) if v is not None else None for day, v in cleaned.items()
        },
    )
    return list(indicator.period_targets.all())


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


# --- Reported values -----------------------------------------------------------------------


def _clean_entry(
    indicator: Indicator, *, value, numerator, denominator, errors: dict[str, str]
) -> dict:
    """The value of an entry: `value` for numbers and amounts, or how many of how many."""
    if indicator.kind != Kind.PERCENTAGE:
        if numerator is not None or denominator is not None:
            raise ValueError("Only percentages have a numerator and a denominator.")
        number = parse_number(value, field="value", errors=errors)
        if number is None and "value" not in errors:
            errors["value"] = _("Please enter a value.")
        elif number is not None and number < 0:
            errors["value"] = (
                _("An amount cannot be negative.")
                if indicator.kind == Kind.AMOUNT
                else _("A count cannot be negative.")
            )
            number = None
        return {"value": number, "numerator": None, "denominator": None}
    if value not in (None, ""):
        raise ValueError("Percentages are entered as numerator and denominator.")
    fraction = _clean_fraction(
        numerator, denominator, num_field="numerator", den_field="denominator", errors=errors
    )
    num, den = fraction if fraction is not None else (None, None)
    return {"value": None, "numerator": num, "denominator": den}


def _clean_fraction(
    numerator, denominator, *, num_field: str, den_field: str, errors: dict[str, str]
) -> tuple[Decimal, Decimal] | None:
    """How many of how many, both present, not negative, the first at most the second."""
    num = parse_number(numerator, field=num_field, errors=errors)
    den = parse_number(denominator, field=den_field, errors=errors)
    if num is None and num_field not in errors:
        errors[num_field] = _("Please enter how many people or cases meet the indicator.")
    if den is None and den_field not in errors:
        errors[den_field] = _("Please enter how many people or cases there were in total.")
    if num is not None and num < 0:
        errors[num_field] = _("This number cannot be negative.")
    if den is not None and den < 0:
        errors[den_field] = _("This number cannot be negative.")
    if num is None or den is None or num < 0 or den < 0:
        return None
    if num > den:
        errors[num_field] = _(
            "“How many” (%(numerator)s) cannot be more than “of how many” "
            "(%(denominator)s): a share cannot be more than 100 %%."
        ) % {"numerator": _fmt(num), "denominator": _fmt(den)}
        return None
    return num, den


def _indicator_categories(indicator: Indicator) -> dict[int, Category]:
    return {
        category.pk: category
        for category in Category.objects.filter(dimension__indicators=indicator).select_related(
            "dimension"
        )
    }


def _clean_breakdown(
    indicator: Indicator, breakdown: Mapping, *, errors: dict[str, str]
) -> dict[Category, dict]:
    """The breakdown as {category: fields}; keys may be categories or their ids.

    Numbers and amounts: {category: value}. Percentages: {category: (numerator, denominator)}.
    Empty entries are left out.
    """
    categories = _indicator_categories(indicator)
    cleaned: dict[Category, dict] = {}
    for key, raw in breakdown.items():
        try:
            category = categories.get(int(getattr(key, "pk", key)))
        except (TypeError, ValueError):
            category = None
        if category is None:
            errors["breakdown"] = _("This breakdown category does not belong to the indicator.")
            continue
        field = f"breakdown_{category.pk}"
        if indicator.kind == Kind.PERCENTAGE:
            if raw is None:
                raw = (None, None)
            if not isinstance(raw, tuple | list) or len(raw) != 2:
                errors[field] = _("Please enter both numbers: how many of how many.")
                continue
            numerator, denominator = raw
            if numerator in (None, "") and denominator in (None, ""):
                continue
            if numerator in (None, "") or denominator in (None, ""):
                errors[field] = _("Please enter both numbers: how many of how many.")
                continue
            fraction = _clean_fraction(
                numerator, denominator, num_field=field, den_field=field, errors=errors
            )
            if fraction is not None:
                cleaned[category] = {
                    "value": None,
                    "numerator": fraction[0],
                    "denominator": fraction[1],
                }
        else:
            number = parse_number(raw, field=field, errors=errors)
            if number is None:
                continue
            if number < 0:
                errors[field] = _("This number cannot be negative.")
                continue
            cleaned[category] = {"value": number, "numerator": None, "denominator": None}
    return cleaned


def _check_breakdown_sums(
    indicator: Indicator,
    entry: dict,
    rows: dict[Category, dict],
    *,
    complete: bool,
    errors: dict[str, str],
) -> None:
    """Each dimension must add up to the total; `complete` checks dimensions left empty too."""
    total_fields = ("numerator", "denominator") if indicator.is_percentage else ("value",)
    if any(entry[field] is None for field in total_fields):
        return  # the total itself is wrong; that message comes first
    dimensions = Dimension.objects.filter(indicators=indicator).prefetch_related("categories")
    for dimension in dimensions:
        parts = [
            fields for category, fields in rows.items() if category.dimension_id == dimension.pk
        ]
        if not parts and not complete:
            continue
        unspecified = next(
            (c.label for c in dimension.categories.all() if c.is_unspecified), _("not specified")
        )
        field = f"dimension_{dimension.pk}"
        if indicator.kind == Kind.PERCENTAGE:
            num = sum((p["numerator"] for p in parts), progress.ZERO)
            den = sum((p["denominator"] for p in parts), progress.ZERO)
            if num != entry["numerator"] or den != entry["denominator"]:
                errors[field] = _(
                    "%(dimension)s: the categories add up to %(numerator)s of %(denominator)s, "
                    "but the total is %(total_numerator)s of %(total_denominator)s. Cases "
                    "without information belong under “%(unspecified)s”."
                ) % {
                    "dimension": dimension.name,
                    "numerator": _fmt(num),
                    "denominator": _fmt(den),
                    "total_numerator": _fmt(entry["numerator"]),
                    "total_denominator": _fmt(entry["denominator"]),
                    "unspecified": unspecified,
                }
        else:
            total = sum((p["value"] for p in parts), progress.ZERO)
            if total != entry["value"]:
                errors[field] = _(
                    "%(dimension)s: the categories add up to %(sum)s, but the total is "
                    "%(total)s. Cases without information belong under “%(unspecified)s”."
                ) % {
                    "dimension": dimension.name,
                    "sum": _fmt(total),
                    "total": _fmt(entry["value"]),
                    "unspecified": unspecified,
                }


def _stored_breakdown(submission: Submission) -> dict[Category, dict]:
    return {
        row.category: {
            "value": row.value,
            "numerator": row.numerator,
            "denominator": row.denominator,
        }
        for row in submission.breakdowns.select_related("category__dimension")
    }


def _save_breakdown(submission: Submission, rows: dict[Category, dict]) -> None:
    submission.breakdowns.all().delete()
    Breakdown.objects.bulk_create(
        Breakdown(submission=submission, category=category, **fields)
        for category, fields in rows.items()
    )


def _snapshot(submission: Submission) -> dict:
    """The value as it is now, for the history."""

    def text(number):
        return str(number) if number is not None else None

    return {
        "value": text(submission.value),
        "numerator": text(submission.numerator),
        "denominator": text(submission.denominator),
        "comment": submission.comment,
        "breakdown": {
            str(row.category_id): {
                "value": text(row.value),
                "numerator": text(row.numerator),
                "denominator": text(row.denominator),
            }
            for row in submission.breakdowns.all()
        },
    }


def _event(submission: Submission, *, actor, action: str, reason: str = "", data=None) -> None:
    SubmissionEvent.objects.create(
        submission=submission, actor=actor, action=action, reason=reason, data=data or {}
    )


def _audit(submission: Submission, *, actor, verb: str, **data) -> None:
    audit_record(
        actor=actor,
        verb=verb,
        initiative=submission.period.initiative_id,
        target=submission,
        submission=submission.pk,
        **data,
    )


def _locked_message(period: ReportingPeriod) -> str:
    return _(
        "%(period)s is locked: the backbone office has closed this period. Please contact them "
        "if a value needs to change."
    ) % {"period": period.label}


def _check_period_open(period: ReportingPeriod) -> None:
    if period.is_locked:
        raise ValidationError({"period": _locked_message(period)})


def _lock_submission(submission: Submission) -> Submission:
    """Re-read the submission under a row lock, so that two reviews cannot interleave.

    The caller's instance is updated in place (fields and related objects), so it shows the
    state it is changed from, and after the service the new one.
    """
    fresh = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("indicator__objective__goal__initiative", "period", "organisation")
        .get(pk=submission.pk)
    )
    for field in Submission._meta.concrete_fields:
        setattr(submission, field.attname, getattr(fresh, field.attname))
    submission._state.fields_cache = dict(fresh._state.fields_cache)
    return submission


def _require_entry_right(acting_user, submission: Submission) -> None:
    membership = _membership(acting_user, submission.indicator.initiative)
    _require(permissions.can_enter_value(membership, submission.indicator, submission.organisation))


@transaction.atomic
def submission_create(
    *,
    acting_user,
    indicator: Indicator,
    period: ReportingPeriod,
    organisation: Organisation | None = None,
    value: Decimal | str | None = None,
    numerator: Decimal | str | None = None,
    denominator: Decimal | str | None = None,
    breakdown: Mapping | None = None,
    comment: str = "",
) -> Submission:
    """Enter a value as a draft: for `organisation` (performance measures, by its partner
    members) or for the initiative (population indicators, by the backbone office).

    Raises PermissionDeniedError for anyone else and ValidationError for bad input: a locked
    or future period, a second value for the same indicator, period and organisation, an
    organisation not asked to report, a value that is not a number or negative, a numerator
    above its denominator, or a breakdown that does not add up (checked here for the dimensions
    entered; `submission_submit` checks them all).
    """
    initiative = indicator.initiative
    _require(
        permissions.can_enter_value(_membership(acting_user, initiative), indicator, organisation)
    )
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if period.initiative_id != initiative.pk or period.frequency != indicator.frequency:
        errors["period"] = _(
            "This period does not belong to the reporting rhythm of the indicator."
        )
    elif period.is_locked:
        errors["period"] = _locked_message(period)
    elif period.start > today:
        errors["period"] = _(
            "%(period)s has not started yet. Values can be entered from its first day on."
        ) % {"period": period.label}
    elif Submission.objects.filter(
        indicator=indicator, period=period, organisation=organisation, is_current=True
    ).exists():
        errors["period"] = _duplicate_message(period, organisation)
    if (
        organisation is not None
        and not indicator.reporting_organisations.filter(pk=organisation.pk).exists()
    ):
        errors["organisation"] = _(
            "%(organisation)s is not asked to report on this indicator. Please contact the "
            "backbone office."
        ) % {"organisation": organisation.name}
    entry = _clean_entry(
        indicator, value=value, numerator=numerator, denominator=denominator, errors=errors
    )
    rows = _clean_breakdown(indicator, breakdown or {}, errors=errors)
    if not errors:
        _check_breakdown_sums(indicator, entry, rows, complete=False, errors=errors)
    _raise_if(errors)
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                indicator=indicator,
                period=period,
                organisation=organisation,
                comment=comment.strip(),
                created_by=acting_user,
                **entry,
            )
    except IntegrityError as exc:  # a concurrent entry for the same key won
        raise ValidationError({"period": _duplicate_message(period, organisation)}) from exc
    _save_breakdown(submission, rows)
    _event(submission, actor=acting_user, action=Action.CREATED, data=_snapshot(submission))
    _audit(submission, actor=acting_user, verb="submission.created")
    return submission


def _duplicate_message(period: ReportingPeriod, organisation: Organisation | None) -> str:
    if organisation is None:
        return _(
            "A value for %(period)s has already been entered. Please open it and change it there."
        ) % {"period": period.label}
    return _(
        "%(organisation)s has already entered a value for %(period)s. Please open it and "
        "change it there."
    ) % {"organisation": organisation.name, "period": period.label}


@transaction.atomic
def submission_update(
    *,
    acting_user,
    submission: Submission,
    value: Decimal | str | None = None,
    numerator: Decimal | str | None = None,
    denominator: Decimal | str | None = None,
    breakdown: Mapping | None = None,
    comment=_UNSET,
) -> Submission:
    """Change a draft or a returned value. The value is replaced; without `breakdown` the
    stored breakdown stays, without `comment` the comment stays."""
    submission = _lock_submission(submission)
    _require_entry_right(acting_user, submission)
    if submission.status not in {Status.DRAFT, Status.RETURNED}:
        raise ApplicationError(
            _(
                "This value has been submitted and can no longer be changed. Once it is "
                "approved, you can correct it with a new revision."
            ),
            code="submission_not_editable",
        )
    _check_period_open(submission.period)
    indicator = submission.indicator
    errors: dict[str, str] = {}
    entry = _clean_entry(
        indicator, value=value, numerator=numerator, denominator=denominator, errors=errors
    )
    rows = (
        _clean_breakdown(indicator, breakdown, errors=errors)
        if breakdown is not None
        else _stored_breakdown(submission)
    )
    if not errors:
        _check_breakdown_sums(indicator, entry, rows, complete=False, errors=errors)
    _raise_if(errors)
    for field, number in entry.items():
        setattr(submission, field, number)
    if comment is not _UNSET:
        submission.comment = (comment or "").strip()
    submission.save()
    if breakdown is not None:
        _save_breakdown(submission, rows)
    _event(submission, actor=acting_user, action=Action.UPDATED, data=_snapshot(submission))
    _audit(submission, actor=acting_user, verb="submission.updated")
    return submission


@transaction.atomic
def submission_submit(*, acting_user, submission: Submission) -> Submission:
    """Hand a draft or a returned value to the backbone office for review.

    Every breakdown dimension of the indicator must add up to the total now.
    """
    submission = _lock_submission(submission)
    _require_entry_right(acting_user, submission)
    if submission.status in {Status.SUBMITTED, Status.APPROVED, Status.SUPERSEDED}:
        raise ApplicationError(
            _("This value has already been submitted."), code="submission_already_submitted"
        )
    _check_period_open(submission.period)
    entry = {
        "value": submission.value,
        "numerator": submission.numerator,
        "denominator": submission.denominator,
    }
    errors: dict[str, str] = {}
    _check_breakdown_sums(
        submission.indicator, entry, _stored_breakdown(submission), complete=True, errors=errors
    )
    _raise_if(errors)
    resubmitted = submission.status == Status.RETURNED
    submission.status = Status.SUBMITTED
    submission.submitted_at = timezone.now()
    submission.submitted_by = acting_user
    submission.return_reason = ""
    submission.save()
    _event(
        submission,
        actor=acting_user,
        action=Action.RESUBMITTED if resubmitted else Action.SUBMITTED,
        data=_snapshot(submission),
    )
    _audit(
        submission,
        actor=acting_user,
        verb="submission.resubmitted" if resubmitted else "submission.submitted",
    )
    return submission


def _require_submitted(submission: Submission) -> None:
    if submission.status != Status.SUBMITTED:
        raise ApplicationError(
            _("Only submitted values can be reviewed. This value is: %(status)s.")
            % {"status": submission.get_status_display()},
            code="submission_not_submitted",
        )


@transaction.atomic
def submission_approve(*, acting_user, submission: Submission) -> Submission:
    """Approve a submitted value: from now on it counts for the initiative. A correction
    replaces the revision it corrects, which stays in the history as "superseded"."""
    submission = _lock_submission(submission)
    _require(
        permissions.can_review_submissions(
            _membership(acting_user, submission.indicator.initiative)
        )
    )
    _require_submitted(submission)
    _check_period_open(submission.period)
    previous = submission.supersedes
    if previous is not None and previous.status == Status.APPROVED:
        previous.status = Status.SUPERSEDED
        previous.save(update_fields=["status", "updated_at"])
        _event(previous, actor=acting_user, action=Action.SUPERSEDED)
    submission.status = Status.APPROVED
    submission.reviewed_at = timezone.now()
    submission.reviewed_by = acting_user
    submission.save()
    _event(submission, actor=acting_user, action=Action.APPROVED, data=_snapshot(submission))
    _audit(submission, actor=acting_user, verb="submission.approved")
    return submission


@transaction.atomic
def submission_return(*, acting_user, submission: Submission, reason: str) -> Submission:
    """Send a submitted value back to its organisation with the reason; it can be changed and
    submitted again."""
    submission = _lock_submission(submission)
    _require(
        permissions.can_review_submissions(
            _membership(acting_user, submission.indicator.initiative)
        )
    )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Please say what needs to change, so that the partner can correct it.")}
        )
    _require_submitted(submission)
    _check_period_open(submission.period)
    submission.status = Status.RETURNED
    submission.return_reason = reason
    submission.reviewed_at = timezone.now()
    submission.reviewed_by = acting_user
    submission.save()
    _event(submission, actor=acting_user, action=Action.RETURNED, reason=reason)
    _audit(submission, actor=acting_user, verb="submission.returned", reason=reason)
    return submission


@transaction.atomic
def submission_revise(*, acting_user, submission: Submission) -> Submission:
    """Start a correction of an approved value: a new draft revision with the same values.

    The approved revision keeps counting until the correction is approved.
    """
    submission = _lock_submission(submission)
    _require_entry_right(acting_user, submission)
    if submission.status != Status.APPROVED or not submission.is_current:
        raise ApplicationError(
            _(
                "Only the approved value can be corrected, and only once at a time. A "
                "correction of this value may already be in progress."
            ),
            code="submission_not_revisable",
        )
    _check_period_open(submission.period)
    submission.is_current = False
    submission.save(update_fields=["is_current", "updated_at"])
    revision = Submission.objects.create(
        indicator=submission.indicator,
        period=submission.period,
        organisation=submission.organisation,
        revision=submission.revision + 1,
        supersedes=submission,
        value=submission.value,
        numerator=submission.numerator,
        denominator=submission.denominator,
        comment=submission.comment,
        created_by=acting_user,
    )
    _save_breakdown(revision, _stored_breakdown(submission))
    _event(submission, actor=acting_user, action=Action.REVISION_STARTED)
    _event(revision, actor=acting_user, action=Action.CREATED, data=_snapshot(revision))
    _audit(revision, actor=acting_user, verb="submission.revised", revision=revision.revision)
    return revision


@transaction.atomic
def submission_discard(*, acting_user, submission: Submission) -> Submission | None:
    """Delete a draft that was never submitted. Discarding a correction makes the approved
    revision the latest again, which is returned; otherwise None."""
    submission = _lock_submission(submission)
    _require_entry_right(acting_user, submission)
    if submission.status != Status.DRAFT:
        raise ApplicationError(
            _("Only drafts can be discarded; submitted values stay in the history."),
            code="submission_not_draft",
        )
    previous = submission.supersedes
    _audit(submission, actor=acting_user, verb="submission.discarded")
    submission.delete()
    if previous is not None:
        previous.is_current = True
        previous.save(update_fields=["is_current", "updated_at"])
        _event(previous, actor=acting_user, action=Action.REVISION_DISCARDED)
    return previous
