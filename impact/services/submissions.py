"""Reported values: entry, submission, review, corrections."""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import ApplicationError
from impact import permissions, progress
from impact.models import (
    Breakdown,
    Category,
    Dimension,
    Evidence,
    Indicator,
    ReportingPeriod,
    Submission,
    SubmissionEvent,
    SubmissionImport,
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
from initiatives.models import Organisation, Role

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


def delete_unused_evidence_files(names: list[str]) -> None:
    """Remove stored evidence files that no evidence row refers to any more, after commit (a
    rolled-back deletion keeps its file). Corrections share the files of their revision."""
    if not names:
        return
    storage = Evidence._meta.get_field("file").storage

    def remove():
        used = set(Evidence.objects.filter(file__in=names).values_list("file", flat=True))
        for name in set(names) - used:
            storage.delete(name)

    transaction.on_commit(remove)


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
    # The evidence stays with the value: the correction refers to the same stored files.
    Evidence.objects.bulk_create(
        Evidence(
            submission=revision,
            file=evidence.file.name,
            original_name=evidence.original_name,
            content_type=evidence.content_type,
            size=evidence.size,
            uploaded_by=evidence.uploaded_by,
        )
        for evidence in submission.evidence.all()
    )
    _event(submission, actor=acting_user, action=Action.REVISION_STARTED)
    _event(revision, actor=acting_user, action=Action.CREATED, data=_snapshot(revision))
    _audit(revision, actor=acting_user, verb="submission.revised", revision=revision.revision)
    return revision


@transaction.atomic
def submission_discard(*, acting_user, submission: Submission) -> Submission | None:
    """Delete a draft that was never submitted. Discarding a correction makes the approved
    revision the latest again, which is returned; otherwise None. A locked period keeps its
    drafts as they are (ValidationError), as it keeps every other value."""
    submission = _lock_submission(submission)
    _require_entry_right(acting_user, submission)
    if submission.status != Status.DRAFT:
        raise ApplicationError(
            _("Only drafts can be discarded; submitted values stay in the history."),
            code="submission_not_draft",
        )
    _check_period_open(submission.period)
    previous = submission.supersedes
    _audit(submission, actor=acting_user, verb="submission.discarded")
    files = list(submission.evidence.values_list("file", flat=True))
    submission.delete()
    delete_unused_evidence_files(files)
    if previous is not None:
        previous.is_current = True
        previous.save(update_fields=["is_current", "updated_at"])
        _event(previous, actor=acting_user, action=Action.REVISION_DISCARDED)
    return previous


# --- Bulk entry from a file ----------------------------------------------------------------

ImportStatus = SubmissionImport.Status


class _Rollback(Exception):
    """Undo every row of an apply that failed somewhere."""


def _normalised(text) -> str:
    return " ".join(str(text or "").split()).casefold()


@dataclass
class _ImportContext:
    """What the rows of an import are checked against, read once for all rows."""

    membership: object
    organisation: Organisation | None
    indicators: dict[int, Indicator]
    periods: dict[tuple[str, str], ReportingPeriod]
    categories: dict[int, Category]

    @classmethod
    def load(cls, acting_user, initiative) -> "_ImportContext":
        membership = _membership(acting_user, initiative)
        _require(permissions.can_enter_any_value(membership))
        indicators = {
            indicator.pk: indicator
            for indicator in Indicator.objects.filter(objective__goal__initiative=initiative)
            .select_related("objective__goal__initiative")
            .prefetch_related("reporting_organisations")
        }
        periods = {}
        for period in ReportingPeriod.objects.filter(initiative=initiative):
            # People write the period as the template shows it, in German or in English.
            for language in ("de", "en"):
                with translation.override(language):
                    periods[(period.frequency, _normalised(period.label))] = period
        categories = {
            category.pk: category
            for category in Category.objects.filter(
                dimension__initiative=initiative
            ).select_related("dimension")
        }
        organisation = membership.organisation if membership.role == Role.PARTNER else None
        return cls(membership, organisation, indicators, periods, categories)

    def field_label(self, key: str) -> str | None:
        """The column a service's error key refers to; None for messages that name it."""
        if key == "value":
            return _("Value")
        if key == "numerator":
            return _("How many")
        if key == "denominator":
            return _("Of how many")
        if key.startswith("breakdown_"):
            category = self.categories.get(int(key.removeprefix("breakdown_")))
            return str(category) if category else None
        return None


def _error_messages(context: _ImportContext, error) -> list[str]:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        messages = []
        for key, errors in error.error_dict.items():
            label = context.field_label(key)
            for message in (m for e in errors for m in e.messages):
                messages.append(f"{label}: {message}" if label else message)
        return messages
    if isinstance(error, ValidationError):
        return list(error.messages)
    return [getattr(error, "message", None) or str(error)]


def _filled(raw) -> bool:
    return raw not in (None, "")


def _import_entry(indicator: Indicator, row: dict) -> tuple[dict, list[str]]:
    """The keyword arguments of `submission_create`/`_update` for a row, as written in the
    file; or messages for cells filled that this kind of indicator does not take."""
    problems = []
    fractions = row.get("breakdown_fraction") or {}
    values = row.get("breakdown") or {}
    if indicator.is_percentage:
        if _filled(row.get("value")) or any(_filled(v) for v in values.values()):
            problems.append(
                _(
                    "“%(indicator)s” is a percentage: please fill in “how many” and “of how "
                    "many” instead of a value."
                )
                % {"indicator": indicator.name}
            )
        entry = {
            "numerator": row.get("numerator"),
            "denominator": row.get("denominator"),
            "breakdown": {
                int(pk): tuple(pair)
                for pk, pair in fractions.items()
                if any(_filled(part) for part in pair)
            },
        }
    else:
        if (
            _filled(row.get("numerator"))
            or _filled(row.get("denominator"))
            or any(_filled(part) for pair in fractions.values() for part in pair)
        ):
            problems.append(
                _(
                    "“%(indicator)s” is not a percentage: please fill in the value, not “how "
                    "many” and “of how many”."
                )
                % {"indicator": indicator.name}
            )
        entry = {
            "value": row.get("value"),
            "breakdown": {int(pk): raw for pk, raw in values.items() if _filled(raw)},
        }
    entry["comment"] = str(row.get("comment") or "")
    return entry, problems


def _import_row(
    acting_user, context: _ImportContext, row: dict, seen: dict, *, submit: bool, preview: bool
) -> dict:
    """Check one row by entering it through the services (inside the caller's transaction).

    Returns the row with `errors` (the row cannot be entered), `submit_errors` (it can be
    entered as a draft but not submitted; with `preview` only) and `action`.
    """
    row = {**row, "errors": [], "submit_errors": [], "action": ""}
    errors = row["errors"]
    try:
        indicator = context.indicators.get(int(str(row.get("indicator_id") or "").strip()))
    except ValueError:
        indicator = None
    if indicator is None:
        errors.append(
            _("Unknown indicator ID “%(id)s”: this initiative has no such indicator.")
            % {"id": row.get("indicator_id") or ""}
        )
        return row
    row["indicator_id"] = indicator.pk
    row["indicator"] = indicator.name
    organisation = context.organisation
    if not permissions.can_enter_value(context.membership, indicator, organisation) or (
        organisation is not None and organisation not in indicator.reporting_organisations.all()
    ):
        errors.append(
            _("You do not enter values for “%(indicator)s”: %(who)s.")
            % {
                "indicator": indicator.name,
                "who": _("the backbone office enters population indicators")
                if indicator.is_population
                else (
                    _("%(organisation)s is not asked to report on it")
                    % {"organisation": organisation.name}
                    if organisation is not None
                    else _("each partner enters its own values")
                ),
            }
        )
        return row
    period = context.periods.get((indicator.frequency, _normalised(row.get("period"))))
    if period is None:
        errors.append(
            _(
                "Unknown period “%(period)s”: “%(indicator)s” is reported %(frequency)s, e.g. "
                "“%(example)s”."
            )
            % {
                "period": row.get("period") or "",
                "indicator": indicator.name,
                "frequency": indicator.get_frequency_display(),
                "example": progress.period_label(
                    progress.Span(timezone.localdate(), timezone.localdate()),
                    indicator.frequency,
                ),
            }
        )
        return row
    row["period"] = period.label
    key = (indicator.pk, period.pk)
    if key in seen:
        errors.append(
            _("Row %(line)s already holds a value for this indicator and period.")
            % {"line": seen[key]}
        )
        return row
    seen[key] = row.get("line")
    entry, problems = _import_entry(indicator, row)
    if problems:
        errors.extend(problems)
        return row
    current = Submission.objects.filter(
        indicator=indicator, period=period, organisation=organisation, is_current=True
    ).first()
    try:
        with transaction.atomic():
            if current is None:
                row["action"] = "create"
                submission = submission_create(
                    acting_user=acting_user,
                    indicator=indicator,
                    period=period,
                    organisation=organisation,
                    **entry,
                )
            else:
                row["action"] = "update"
                submission = submission_update(acting_user=acting_user, submission=current, **entry)
            if submit:
                submission_submit(acting_user=acting_user, submission=submission)
    except (ValidationError, ApplicationError) as error:
        errors.extend(_error_messages(context, error))
        return row
    if preview:
        try:
            with transaction.atomic():
                submission_submit(acting_user=acting_user, submission=submission)
                raise _Rollback
        except _Rollback:
            pass
        except (ValidationError, ApplicationError) as error:
            row["submit_errors"] = _error_messages(context, error)
    return row


def _check_rows(acting_user, context, rows, *, submit: bool, preview: bool) -> list[dict]:
    seen: dict = {}
    return [
        _import_row(acting_user, context, row, seen, submit=submit, preview=preview) for row in rows
    ]


def submission_import_create(
    *, acting_user, initiative, file_name: str, rows: list[dict]
) -> SubmissionImport:
    """Check the rows of an uploaded file and keep them for the preview; nothing is entered.

    Each row is a dict with `line`, `indicator_id`, `period` (as the template names it),
    `value` or `numerator`/`denominator`, `breakdown` ({category id: value}) or
    `breakdown_fraction` ({category id: [how many, of how many]}) and `comment`, as typed.
    Every row is entered through `submission_create`/`_update` (and tried with
    `submission_submit`) inside a transaction that is rolled back, so the preview applies
    exactly the rules of the value form. Raises PermissionDeniedError for members who do not
    enter values.
    """
    context = _ImportContext.load(acting_user, initiative)
    with transaction.atomic():
        checked = _check_rows(acting_user, context, rows, submit=False, preview=True)
        transaction.set_rollback(True)
    with transaction.atomic():
        submission_import = SubmissionImport.objects.create(
            initiative=initiative,
            organisation=context.organisation,
            uploaded_by=acting_user,
            file_name=file_name[:255],
            rows=checked,
            error_count=sum(1 for row in checked if row["errors"]),
        )
        audit_record(
            actor=acting_user,
            verb="submission_import.checked",
            initiative=initiative.pk,
            target=submission_import,
            rows=len(checked),
            errors=submission_import.error_count,
        )
    return submission_import


def _lock_import(acting_user, submission_import: SubmissionImport) -> SubmissionImport:
    locked = (
        SubmissionImport.objects.select_for_update()
        .select_related("initiative")
        .get(pk=submission_import.pk)
    )
    _require(permissions.can_use_import(_membership(acting_user, locked.initiative), locked))
    if locked.status != ImportStatus.CHECKED:
        raise ApplicationError(
            _("This file has already been applied.")
            if locked.status == ImportStatus.APPLIED
            else _("This file has been discarded. Please upload it again."),
            code="import_not_open",
        )
    return locked


def submission_import_apply(
    *, acting_user, submission_import: SubmissionImport, submit: bool = False
) -> SubmissionImport:
    """Enter every row of a checked import in one transaction: all rows or none.

    With `submit` every value is also submitted for review. Raises ApplicationError when the
    import was applied or discarded before (checked under a row lock, so it is never applied
    twice) or has rows with errors, and ValidationError at `rows` when a row fails now; then
    nothing is entered and the rows keep their messages in `apply_errors` for the preview.
    """
    failed = False
    with transaction.atomic():
        locked = _lock_import(acting_user, submission_import)
        if locked.error_count:
            raise ApplicationError(
                _("The file has rows with errors. Please correct them and upload it again."),
                code="import_has_errors",
            )
        context = _ImportContext.load(acting_user, locked.initiative)
        try:
            with transaction.atomic():
                applied = _check_rows(
                    acting_user, context, locked.rows, submit=submit, preview=False
                )
                if any(row["errors"] for row in applied):
                    raise _Rollback
        except _Rollback:
            failed = True
        rows = []
        for original, result in zip(locked.rows, applied, strict=True):
            rows.append({**original, "apply_errors": result["errors"] if failed else []})
        locked.rows = rows
        if not failed:
            locked.status = ImportStatus.APPLIED
            locked.applied_at = timezone.now()
        locked.save()
        audit_record(
            actor=acting_user,
            verb="submission_import.failed" if failed else "submission_import.applied",
            initiative=locked.initiative_id,
            target=locked,
            rows=len(rows),
            submitted=submit,
        )
    submission_import.refresh_from_db()
    if failed:
        lines = ", ".join(str(row.get("line")) for row in rows if row["apply_errors"])
        raise ValidationError(
            {
                "rows": _(
                    "Nothing has been saved: rows %(lines)s cannot be applied. See the messages "
                    "in these rows."
                )
                % {"lines": lines}
            }
        )
    return submission_import


@transaction.atomic
def submission_import_discard(*, acting_user, submission_import: SubmissionImport) -> None:
    """Throw away a checked import that has not been applied."""
    locked = _lock_import(acting_user, submission_import)
    locked.status = ImportStatus.DISCARDED
    locked.save(update_fields=["status", "updated_at"])
    submission_import.status = locked.status
    audit_record(
        actor=acting_user,
        verb="submission_import.discarded",
        initiative=locked.initiative_id,
        target=locked,
    )
