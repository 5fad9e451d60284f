"""Reported values: entry, submission, review, corrections."""

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import ApplicationError
from impact import permissions, progress
from impact.models import (
    Breakdown,
    Category,
    Dimension,
    Indicator,
    ReportingPeriod,
    Submission,
    SubmissionEvent,
)
from impact.services._common import (
    _UNSET,
    Action,
    Kind,
    Status,
    _fmt,
    _membership,
    _raise_if,
    _require,
    parse_number,
)
from initiatives.models import Organisation

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
