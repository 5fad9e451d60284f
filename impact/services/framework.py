"""Results framework: settings, goals, objectives, dimensions, indicators and targets."""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import ApplicationError
from impact import permissions, progress
from impact.models import (
    Breakdown,
    Category,
    Dimension,
    Goal,
    Indicator,
    MeasurementSettings,
    Objective,
    PeriodTarget,
)
from impact.services._common import (
    Kind,
    _has_values,
    _membership,
    _next_order,
    _raise_if,
    _reorder,
    _require,
    _require_framework_manager,
    _required_text,
    parse_number,
)
from impact.services.periods import periods_sync
from initiatives.models import Initiative, Organisation

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
    _delete_unless_used(
        dimension,
        ApplicationError(
            _("Values have been broken down by %(name)s. It cannot be deleted any more.")
            % {"name": dimension.name},
            code="dimension_in_use",
        ),
    )


def _delete_unless_used(obj, in_use: ApplicationError) -> None:
    # Apps built on impact (e.g. output logs in coordination) break their numbers down by the
    # same categories and protect them with RESTRICT; their rows count as use too.
    try:
        with transaction.atomic():
            obj.delete()
    except (ProtectedError, RestrictedError) as exc:
        raise in_use from exc


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
    _delete_unless_used(
        category,
        ApplicationError(
            _("Values have been reported for this category. It cannot be deleted any more."),
            code="category_in_use",
        ),
    )


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
