"""The services: the submission workflow, every bad input of the issue, and the framework."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.errors import ApplicationError
from core.models import AuditEvent
from impact import selectors, services
from impact.models import (
    Breakdown,
    Category,
    Goal,
    Indicator,
    PeriodTarget,
    ReportingPeriod,
    Submission,
    SubmissionEvent,
)
from initiatives.models import Initiative
from tests.impact.builders import FrameworkBuilder, report
from tests.impact.conftest import Q1_2025, Q2_2025

D = Decimal
Status = Submission.Status


def _errors(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def _placements(fw, world, *, day=Q1_2025, organisation=None, by=None, **values):
    """A value for "Vermittlungen"; without a breakdown, all of it is "keine Angabe"."""
    values.setdefault("value", "40")
    if "breakdown" not in values and values["value"] not in (None, ""):
        values["breakdown"] = _gender(fw, **{"keine Angabe": values["value"]})
    return services.submission_create(
        acting_user=by or world.partner,
        indicator=fw.indicator("Vermittlungen"),
        period=fw.period("Vermittlungen", day),
        organisation=organisation or world.organisation,
        **values,
    )


def _gender(fw, **values):
    return {fw.category("Geschlecht", label).pk: v for label, v in values.items()}


# --- The workflow --------------------------------------------------------------------------


def test_partner_enters_submits_and_backbone_office_approves(fw, world):
    submission = _placements(fw, world, comment="  Zwei Jobmessen  ")
    assert (submission.status, submission.value, submission.comment) == (
        Status.DRAFT,
        D(40),
        "Zwei Jobmessen",
    )
    services.submission_submit(acting_user=world.partner, submission=submission)
    approved = services.submission_approve(acting_user=world.coordinator, submission=submission)
    assert approved.status == Status.APPROVED
    assert approved.submitted_by == world.partner
    assert approved.reviewed_by == world.coordinator
    actions = list(submission.events.values_list("action", flat=True))
    assert actions == ["created", "submitted", "approved"]
    assert AuditEvent.objects.filter(verb="submission.approved").count() == 1


def test_returned_value_carries_its_reason_and_can_be_resubmitted(fw, world):
    submission = report(
        fw.indicator("Vermittlungen"),
        fw.period("Vermittlungen", Q1_2025),
        by=world.partner,
        organisation=world.organisation,
        value="40",
        breakdown=_gender(fw, weiblich="40"),
        submit=True,
    )
    services.submission_return(
        acting_user=world.coordinator,
        submission=submission,
        reason="Bitte die Vermittlungen aus dem Dezember herausrechnen.",
    )
    submission.refresh_from_db()
    assert submission.status == Status.RETURNED
    assert submission.return_reason.startswith("Bitte")
    services.submission_update(
        acting_user=world.partner,
        submission=submission,
        value="36",
        breakdown=_gender(fw, weiblich="36"),
    )
    services.submission_submit(acting_user=world.partner, submission=submission)
    submission.refresh_from_db()
    assert (submission.status, submission.value, submission.return_reason) == (
        Status.SUBMITTED,
        D(36),
        "",
    )
    history = list(selectors.submission_history(viewer=world.partner, submission=submission))
    assert [e.action for e in history] == [
        "created",
        "submitted",
        "returned",
        "updated",
        "resubmitted",
    ]
    assert history[2].reason.startswith("Bitte")
    assert history[1].data["value"] == "40.00"


@pytest.mark.parametrize("reason", ["", "   "])
def test_return_without_reason_is_refused_and_changes_nothing(fw, world, reason):
    submission = _placements(fw, world)
    services.submission_submit(acting_user=world.partner, submission=submission)
    with pytest.raises(ValidationError) as excinfo:
        services.submission_return(
            acting_user=world.coordinator, submission=submission, reason=reason
        )
    assert "Please say what needs to change" in _errors(excinfo)["reason"][0]
    submission.refresh_from_db()
    assert submission.status == Status.SUBMITTED
    assert not submission.events.filter(action="returned").exists()


def test_submitted_value_cannot_be_changed(fw, world):
    submission = _placements(fw, world)
    services.submission_submit(acting_user=world.partner, submission=submission)
    with pytest.raises(ApplicationError) as excinfo:
        services.submission_update(acting_user=world.partner, submission=submission, value="50")
    assert "can no longer be changed" in excinfo.value.message
    submission.refresh_from_db()
    assert submission.value == D(40)


def test_submitting_twice_is_refused(fw, world):
    submission = _placements(fw, world)
    services.submission_submit(acting_user=world.partner, submission=submission)
    with pytest.raises(ApplicationError) as excinfo:
        services.submission_submit(acting_user=world.partner, submission=submission)
    assert excinfo.value.code == "submission_already_submitted"
    assert submission.events.filter(action="submitted").count() == 1


def test_only_submitted_values_are_reviewed(fw, world):
    submission = _placements(fw, world)
    with pytest.raises(ApplicationError):
        services.submission_approve(acting_user=world.coordinator, submission=submission)
    submission.refresh_from_db()
    assert submission.status == Status.DRAFT


def test_approved_value_is_corrected_only_by_a_new_revision(fw, world):
    first = report(
        fw.indicator("Vermittlungen"),
        fw.period("Vermittlungen", Q1_2025),
        by=world.partner,
        organisation=world.organisation,
        value="40",
        breakdown=_gender(fw, weiblich="40"),
        approve_by=world.coordinator,
    )
    with pytest.raises(ApplicationError):
        services.submission_update(acting_user=world.partner, submission=first, value="42")

    correction = services.submission_revise(acting_user=world.partner, submission=first)
    first.refresh_from_db()
    assert (correction.revision, correction.status, correction.supersedes) == (2, "draft", first)
    assert (first.status, first.is_current) == (Status.APPROVED, False)
    services.submission_update(
        acting_user=world.partner,
        submission=correction,
        value="42",
        breakdown=_gender(fw, weiblich="40", männlich="2"),
    )
    services.submission_submit(acting_user=world.partner, submission=correction)
    # Until the correction is approved, the approved value keeps counting.
    progress = selectors.indicator_progress_get(
        viewer=world.viewer, indicator=fw.indicator("Vermittlungen")
    )
    assert progress.latest.actual.value == D(40)

    services.submission_approve(acting_user=world.coordinator, submission=correction)
    first.refresh_from_db()
    assert first.status == Status.SUPERSEDED
    progress = selectors.indicator_progress_get(
        viewer=world.viewer, indicator=fw.indicator("Vermittlungen")
    )
    assert progress.latest.actual.value == D(42)
    history = selectors.submission_history(viewer=world.coordinator, submission=correction)
    assert [(e.submission.revision, e.action) for e in history] == [
        (1, "created"),
        (1, "submitted"),
        (1, "approved"),
        (1, "revision_started"),
        (2, "created"),
        (2, "updated"),
        (2, "submitted"),
        (1, "superseded"),
        (2, "approved"),
    ]


def test_only_one_correction_at_a_time(fw, world):
    first = report(
        fw.indicator("Vermittlungen"),
        fw.period("Vermittlungen", Q1_2025),
        by=world.partner,
        organisation=world.organisation,
        value="40",
        breakdown=_gender(fw, weiblich="40"),
        approve_by=world.coordinator,
    )
    services.submission_revise(acting_user=world.partner, submission=first)
    with pytest.raises(ApplicationError):
        services.submission_revise(acting_user=world.partner, submission=first)
    assert Submission.objects.count() == 2


def test_discarding_a_correction_makes_the_approved_value_current_again(fw, world):
    first = report(
        fw.indicator("Vermittlungen"),
        fw.period("Vermittlungen", Q1_2025),
        by=world.partner,
        organisation=world.organisation,
        value="40",
        breakdown=_gender(fw, weiblich="40"),
        approve_by=world.coordinator,
    )
    correction = services.submission_revise(acting_user=world.partner, submission=first)
    restored = services.submission_discard(acting_user=world.partner, submission=correction)
    assert restored == first
    first.refresh_from_db()
    assert first.is_current and first.status == Status.APPROVED
    assert Submission.objects.count() == 1


def test_submitted_value_cannot_be_discarded(fw, world):
    submission = _placements(fw, world)
    services.submission_submit(acting_user=world.partner, submission=submission)
    with pytest.raises(ApplicationError):
        services.submission_discard(acting_user=world.partner, submission=submission)
    assert Submission.objects.filter(pk=submission.pk).exists()


def test_backbone_office_enters_population_values_without_organisation(fw, world):
    indicator = fw.indicator("Abgeschlossene Anerkennungsverfahren")
    submission = report(
        indicator,
        fw.period(indicator, datetime.date(2025, 3, 1)),
        by=world.coordinator,
        value="1.234,00",
        approve_by=world.coordinator,
    )
    assert submission.organisation is None
    assert submission.value == D(1234)


# --- Every bad input the issue lists: message at the field, nothing saved -------------------


def _assert_nothing_saved():
    assert Submission.objects.count() == 0
    assert Breakdown.objects.count() == 0
    assert SubmissionEvent.objects.count() == 0


@pytest.mark.parametrize("raw", ["zwölf", "12 Personen", "1,2,3", "", None, "NaN", "1e5"])
def test_value_that_is_not_a_number_is_refused(fw, world, raw):
    with pytest.raises(ValidationError) as excinfo:
        _placements(fw, world, value=raw)
    message = _errors(excinfo)["value"][0]
    assert "Please enter a number" in message or "Please enter a value" in message
    _assert_nothing_saved()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12,5", "12.5"),
        ("1.234,50", "1234.5"),
        ("1.234.567", "1234567"),
        ("1.000", "1000"),
        ("12.5", "12.5"),
        (" 7 ", "7"),
    ],
)
def test_german_number_formats_are_understood(fw, world, raw, expected):
    submission = services.submission_create(
        acting_user=world.partner,
        indicator=fw.indicator("Fördermittel"),
        period=fw.period("Fördermittel", Q1_2025),
        organisation=world.organisation,
        value=raw,
    )
    assert submission.value == D(expected)


def test_more_than_two_decimals_are_refused(fw, world):
    with pytest.raises(ValidationError) as excinfo:
        _placements(fw, world, value="1,234")
    assert "at most two digits" in _errors(excinfo)["value"][0]
    _assert_nothing_saved()


def test_negative_count_is_refused(fw, world):
    with pytest.raises(ValidationError) as excinfo:
        _placements(fw, world, value="-3")
    assert _errors(excinfo)["value"] == ["A count cannot be negative."]
    _assert_nothing_saved()


def test_negative_amount_is_refused(fw, world):
    with pytest.raises(ValidationError) as excinfo:
        services.submission_create(
            acting_user=world.partner,
            indicator=fw.indicator("Fördermittel"),
            period=fw.period("Fördermittel", Q1_2025),
            organisation=world.organisation,
            value="-100,00",
        )
    assert _errors(excinfo)["value"] == ["An amount cannot be negative."]
    _assert_nothing_saved()


def _rate(fw, world, **values):
    return services.submission_create(
        acting_user=world.partner,
        indicator=fw.indicator("Vermittlungsquote"),
        period=fw.period("Vermittlungsquote", Q1_2025),
        organisation=world.organisation,
        **values,
    )


def test_percentage_over_100_is_refused(fw, world):
    with pytest.raises(ValidationError) as excinfo:
        _rate(fw, world, numerator="41", denominator="40")
    message = _errors(excinfo)["numerator"][0]
    assert "cannot be more than" in message and "100 %" in message
    assert "41" in message and "40" in message
    _assert_nothing_saved()


def test_percentage_needs_both_numbers(fw, world):
    with pytest.raises(ValidationError) as excinfo:
        _rate(fw, world, numerator="12", denominator="")
    assert set(_errors(excinfo)) == {"denominator"}
    _assert_nothing_saved()


def test_percentage_with_negative_or_non_numeric_parts_is_refused(fw, world):
    with pytest.raises(ValidationError) as excinfo:
        _rate(fw, world, numerator="zwölf", denominator="-40")
    errors = _errors(excinfo)
    assert "Please enter a number" in errors["numerator"][0]
    assert errors["denominator"] == ["This number cannot be negative."]
    _assert_nothing_saved()


def test_percentage_is_computed_from_numerator_and_denominator(fw, world):
    submission = _rate(fw, world, numerator="12", denominator="40")
    assert submission.value is None
    assert submission.percentage == D(30)


def test_breakdown_that_does_not_add_up_is_refused(fw, world):
    breakdown = _gender(fw, weiblich="20", männlich="15")
    with pytest.raises(ValidationError) as excinfo:
        _placements(fw, world, value="40", breakdown=breakdown)
    dimension = fw.dimensions["Geschlecht"]
    message = _errors(excinfo)[f"dimension_{dimension.pk}"][0]
    assert message.startswith("Geschlecht: the categories add up to 35, but the total is 40.")
    assert "keine Angabe" in message
    _assert_nothing_saved()


def test_breakdown_adds_up_with_not_specified_as_a_category(fw, world):
    breakdown = _gender(fw, weiblich="20", männlich="15", **{"keine Angabe": "5"})
    submission = _placements(fw, world, value="40", breakdown=breakdown)
    services.submission_submit(acting_user=world.partner, submission=submission)
    assert submission.breakdowns.count() == 3


def test_percentage_breakdown_adds_up_by_numerator_and_denominator(fw, world):
    breakdown = _gender(fw, weiblich=("5", "20"), männlich=("7", "18"))
    with pytest.raises(ValidationError) as excinfo:
        _rate(fw, world, numerator="12", denominator="40", breakdown=breakdown)
    dimension = fw.dimensions["Geschlecht"]
    assert "12 of 38, but the total is 12 of 40" in _errors(excinfo)[f"dimension_{dimension.pk}"][0]
    _assert_nothing_saved()
    breakdown[fw.category("Geschlecht", "keine Angabe").pk] = ("0", "2")
    assert _rate(fw, world, numerator="12", denominator="40", breakdown=breakdown)


def test_breakdown_category_over_100_percent_is_refused(fw, world):
    category = fw.category("Geschlecht", "weiblich")
    with pytest.raises(ValidationError) as excinfo:
        _rate(fw, world, numerator="12", denominator="40", breakdown={category.pk: ("9", "8")})
    assert "cannot be more than" in _errors(excinfo)[f"breakdown_{category.pk}"][0]
    _assert_nothing_saved()


def test_percentage_breakdown_needs_two_numbers_per_category(fw, world):
    category = fw.category("Geschlecht", "weiblich")
    with pytest.raises(ValidationError) as excinfo:
        _rate(fw, world, numerator="12", denominator="40", breakdown={category.pk: "12"})
    assert "both numbers" in _errors(excinfo)[f"breakdown_{category.pk}"][0]
    _assert_nothing_saved()


def test_breakdown_category_that_is_not_a_number_is_refused(fw, world):
    category = fw.category("Geschlecht", "divers")
    with pytest.raises(ValidationError) as excinfo:
        _placements(fw, world, breakdown={category.pk: "ein paar"})
    assert "Please enter a number" in _errors(excinfo)[f"breakdown_{category.pk}"][0]
    _assert_nothing_saved()


def test_breakdown_category_of_another_indicator_is_refused(fw, world):
    other = services.dimension_create(
        acting_user=world.coordinator,
        initiative=world.initiative,
        name="Bezirk",
        categories=["Mitte", "Neukölln"],
    )
    category = other.categories.get(label="Mitte")
    with pytest.raises(ValidationError) as excinfo:
        _placements(fw, world, breakdown={category.pk: "40"})
    assert "does not belong" in _errors(excinfo)["breakdown"][0]
    _assert_nothing_saved()


def test_submitting_without_breakdown_is_refused_but_the_draft_stays(fw, world):
    submission = _placements(fw, world, value="40", breakdown={})
    with pytest.raises(ValidationError) as excinfo:
        services.submission_submit(acting_user=world.partner, submission=submission)
    dimension = fw.dimensions["Geschlecht"]
    assert "add up to 0, but the total is 40" in _errors(excinfo)[f"dimension_{dimension.pk}"][0]
    submission.refresh_from_db()
    assert submission.status == Status.DRAFT


def test_update_with_a_breakdown_that_does_not_add_up_changes_nothing(fw, world):
    breakdown = _gender(fw, weiblich="20", männlich="20")
    submission = _placements(fw, world, value="40", breakdown=breakdown)
    with pytest.raises(ValidationError):
        services.submission_update(acting_user=world.partner, submission=submission, value="45")
    submission.refresh_from_db()
    assert submission.value == D(40)
    assert submission.events.count() == 1


def _lock(fw, world, day=Q1_2025):
    period = fw.period("Vermittlungen", day)
    return services.period_lock(acting_user=world.coordinator, period=period)


def test_value_for_a_locked_period_is_refused(fw, world):
    _lock(fw, world)
    with pytest.raises(ValidationError) as excinfo:
        _placements(fw, world)
    assert "Q1 2025 is locked" in _errors(excinfo)["period"][0]
    _assert_nothing_saved()


def test_nothing_changes_in_a_locked_period(fw, world):
    draft = _placements(fw, world, breakdown=_gender(fw, weiblich="40"))
    submitted = _placements(
        fw,
        world,
        organisation=world.organisation2,
        by=world.partner2,
        breakdown=_gender(fw, weiblich="40"),
    )
    services.submission_submit(acting_user=world.partner2, submission=submitted)
    _lock(fw, world)
    calls = [
        lambda: services.submission_update(acting_user=world.partner, submission=draft, value="1"),
        lambda: services.submission_submit(acting_user=world.partner, submission=draft),
        lambda: services.submission_approve(acting_user=world.coordinator, submission=submitted),
        lambda: services.submission_return(
            acting_user=world.coordinator, submission=submitted, reason="Bitte prüfen"
        ),
        lambda: services.submission_discard(acting_user=world.partner, submission=draft),
    ]
    for call in calls:
        with pytest.raises(ValidationError) as excinfo:
            call()
        assert "is locked" in _errors(excinfo)["period"][0]
    draft.refresh_from_db()
    submitted.refresh_from_db()
    assert (draft.status, draft.value, submitted.status) == ("draft", D(40), "submitted")
    services.period_unlock(acting_user=world.coordinator, period=draft.period)
    services.submission_approve(acting_user=world.coordinator, submission=submitted)


def test_value_for_a_future_period_is_refused(fw, world):
    today = timezone.localdate()
    Initiative.objects.filter(pk=world.initiative.pk).update(
        planned_end_date=today.replace(year=today.year + 3)
    )
    world.initiative.refresh_from_db()
    services.periods_sync(initiative=world.initiative)
    next_year = today.replace(year=today.year + 1)
    with pytest.raises(ValidationError) as excinfo:
        _placements(fw, world, day=next_year)
    assert "has not started yet" in _errors(excinfo)["period"][0]
    _assert_nothing_saved()


def test_duplicate_value_for_the_same_period_is_refused(fw, world):
    _placements(fw, world)
    with pytest.raises(ValidationError) as excinfo:
        _placements(fw, world, value="41")
    assert _errors(excinfo)["period"] == [
        "IQ Netzwerk has already entered a value for Q1 2025. Please open it and change it there."
    ]
    assert Submission.objects.count() == 1


def test_other_organisation_may_report_for_the_same_period(fw, world):
    _placements(fw, world)
    services.submission_create(
        acting_user=world.partner2,
        indicator=fw.indicator("Vermittlungen"),
        period=fw.period("Vermittlungen", Q1_2025),
        organisation=world.organisation2,
        value="10",
    )
    assert Submission.objects.count() == 2


def test_duplicate_population_value_is_refused(fw, world):
    indicator = fw.indicator("Dauer bis zum Bescheid")
    period = fw.period(indicator, Q1_2025)
    report(indicator, period, by=world.coordinator, value="110")
    with pytest.raises(ValidationError) as excinfo:
        report(indicator, period, by=world.coordinator, value="111")
    assert "already been entered" in _errors(excinfo)["period"][0]
    assert Submission.objects.count() == 1


def test_organisation_not_asked_to_report_is_refused(fw, world):
    with pytest.raises(ValidationError) as excinfo:
        services.submission_create(
            acting_user=world.partner2,
            indicator=fw.indicator("Fördermittel"),
            period=fw.period("Fördermittel", Q1_2025),
            organisation=world.organisation2,
            value="100",
        )
    assert "is not asked to report" in _errors(excinfo)["organisation"][0]
    _assert_nothing_saved()


def test_period_of_another_rhythm_is_refused(fw, world):
    monthly = fw.period("Abgeschlossene Anerkennungsverfahren", Q1_2025)
    with pytest.raises(ValidationError) as excinfo:
        services.submission_create(
            acting_user=world.partner,
            indicator=fw.indicator("Vermittlungen"),
            period=monthly,
            organisation=world.organisation,
            value="4",
        )
    assert "reporting rhythm" in _errors(excinfo)["period"][0]
    _assert_nothing_saved()


# --- The framework -------------------------------------------------------------------------


def _indicator(world, fw, **fields):
    fields.setdefault("name", "Neuer Indikator")
    fields.setdefault("definition", "Gezählt wird …")
    return services.indicator_create(
        acting_user=world.coordinator, objective=fw.objectives[0], **fields
    )


def test_percentages_cannot_be_averaged(fw, world):
    with pytest.raises(ValidationError) as excinfo:
        _indicator(world, fw, kind="percentage", partner_aggregation="average")
    assert "never averaged" in _errors(excinfo)["partner_aggregation"][0]


def test_averages_cannot_be_added_over_time(fw, world):
    with pytest.raises(ValidationError) as excinfo:
        _indicator(world, fw, partner_aggregation="average", period_aggregation="per_period")
    assert "period_aggregation" in _errors(excinfo)
    indicator = _indicator(
        world, fw, partner_aggregation="average", period_aggregation="cumulative"
    )
    assert indicator.pk


def test_indicator_needs_a_name_and_a_definition(fw, world):
    with pytest.raises(ValidationError) as excinfo:
        _indicator(world, fw, name=" ", definition="")
    assert set(_errors(excinfo)) == {"name", "definition"}


def test_indicator_names_are_unique_within_an_objective(fw, world):
    with pytest.raises(ValidationError) as excinfo:
        _indicator(world, fw, name="vermittlungen")
    assert "name" in _errors(excinfo)


def test_final_target_needs_a_date_without_planned_end(fw, world):
    with pytest.raises(ValidationError) as excinfo:
        _indicator(world, fw, final_target="100")
    assert "no planned end date" in _errors(excinfo)["final_target_date"][0]


def test_percentage_baseline_and_target_at_most_100(fw, world):
    with pytest.raises(ValidationError) as excinfo:
        _indicator(
            world,
            fw,
            kind="percentage",
            baseline_value="120",
            baseline_date=datetime.date(2023, 12, 31),
            final_target="101",
            final_target_date=datetime.date(2027, 12, 31),
        )
    errors = _errors(excinfo)
    assert (
        errors["baseline_value"]
        == errors["final_target"]
        == ["A percentage cannot be more than 100."]
    )


def test_baseline_needs_its_date(fw, world):
    with pytest.raises(ValidationError) as excinfo:
        _indicator(world, fw, baseline_value="10")
    assert "baseline_date" in _errors(excinfo)


def test_population_indicators_have_no_reporting_organisations(fw, world):
    with pytest.raises(ValidationError) as excinfo:
        _indicator(world, fw, scope="population", reporting_organisations=[world.organisation])
    assert "reporting_organisations" in _errors(excinfo)


def test_organisation_of_another_initiative_cannot_report(fw, world):
    foreign = world.other_initiative.organisations.first()
    with pytest.raises(ValidationError) as excinfo:
        _indicator(world, fw, reporting_organisations=[foreign])
    assert "reporting_organisations" in _errors(excinfo)


def test_meaning_of_an_indicator_is_fixed_once_values_are_reported(fw, world):
    indicator = fw.indicator("Vermittlungen")
    _placements(fw, world)
    with pytest.raises(ValidationError) as excinfo:
        services.indicator_update(
            acting_user=world.coordinator, indicator=indicator, kind="amount", frequency="monthly"
        )
    assert set(_errors(excinfo)) == {"kind", "frequency"}
    indicator.refresh_from_db()
    assert indicator.kind == "number"
    services.indicator_update(
        acting_user=world.coordinator, indicator=indicator, definition="Neu: nur Vollzeitstellen"
    )
    audit = AuditEvent.objects.filter(verb="indicator.updated").latest("pk")
    assert audit.data["new_definition"] == "Neu: nur Vollzeitstellen"


def test_changing_the_frequency_before_values_creates_the_new_periods(fw, world):
    indicator = fw.indicator("Fördermittel")
    services.indicator_update(
        acting_user=world.coordinator, indicator=indicator, frequency="yearly"
    )
    assert ReportingPeriod.objects.filter(initiative=world.initiative, frequency="yearly").exists()


def test_per_period_targets(fw, world):
    indicator = _indicator(world, fw, target_mode="per_period")
    services.indicator_set_period_targets(
        acting_user=world.coordinator,
        indicator=indicator,
        targets={datetime.date(2025, 1, 1): "50", datetime.date(2025, 4, 1): "60"},
    )
    assert selectors.period_target_map(indicator=indicator) == {
        datetime.date(2025, 1, 1): D(50),
        datetime.date(2025, 4, 1): D(60),
    }
    with pytest.raises(ValidationError) as excinfo:
        services.indicator_set_period_targets(
            acting_user=world.coordinator,
            indicator=indicator,
            targets={datetime.date(2025, 2, 1): "50", datetime.date(2025, 7, 1): "-1"},
        )
    assert set(_errors(excinfo)) == {"target_2025-02-01", "target_2025-07-01"}
    assert PeriodTarget.objects.filter(indicator=indicator).count() == 2


def test_dimension_always_has_a_not_specified_category(world):
    dimension = services.dimension_create(
        acting_user=world.coordinator,
        initiative=world.initiative,
        name="Altersgruppe",
        categories=["unter 25", "25 bis 44", "45 und älter"],
        unspecified_label="keine Angabe",
    )
    labels = list(dimension.categories.values_list("label", "is_unspecified"))
    assert labels[-1] == ("keine Angabe", True)
    with pytest.raises(ApplicationError):
        services.category_delete(
            acting_user=world.coordinator, category=dimension.categories.get(is_unspecified=True)
        )
    services.category_create(acting_user=world.coordinator, dimension=dimension, label="65+")
    assert list(dimension.categories.values_list("label", flat=True))[-2:] == [
        "65+",
        "keine Angabe",
    ]


def test_dimension_with_duplicate_categories_is_refused(world):
    with pytest.raises(ValidationError) as excinfo:
        services.dimension_create(
            acting_user=world.coordinator,
            initiative=world.initiative,
            name="Geschlecht",
            categories=["weiblich", "Weiblich"],
        )
    assert "appears twice" in _errors(excinfo)["categories"][0]


def test_used_category_cannot_be_deleted(fw, world):
    category = fw.category("Geschlecht", "weiblich")
    _placements(fw, world, breakdown={category.pk: "40"})
    with pytest.raises(ApplicationError):
        services.category_delete(acting_user=world.coordinator, category=category)
    assert Category.objects.filter(pk=category.pk).exists()


def test_goal_with_reported_values_cannot_be_deleted(fw, world):
    _placements(fw, world)
    with pytest.raises(ApplicationError):
        services.goal_delete(acting_user=world.coordinator, goal=fw.goals[0])
    assert Goal.objects.filter(pk=fw.goals[0].pk).exists()


def test_goal_without_values_is_deleted_with_everything_below(world):
    framework = FrameworkBuilder(world.initiative).goal("Ziel").indicator("Zahl").build()
    services.goal_delete(acting_user=world.coordinator, goal=framework.goals[0])
    assert not Indicator.objects.filter(pk=framework.indicators[0].pk).exists()


def test_goals_are_reordered_and_a_stale_list_is_refused(world):
    framework = FrameworkBuilder(world.initiative).goal("A").goal("B").goal("C").build()
    a, b, c = (goal.pk for goal in framework.goals)
    services.goal_reorder(
        acting_user=world.coordinator, initiative=world.initiative, goal_ids=[c, a, b]
    )
    assert list(Goal.objects.values_list("title", flat=True)) == ["C", "A", "B"]
    with pytest.raises(ValidationError) as excinfo:
        services.goal_reorder(
            acting_user=world.coordinator, initiative=world.initiative, goal_ids=[c, a]
        )
    assert "order" in _errors(excinfo)


def test_measurement_settings_must_be_ordered(world):
    with pytest.raises(ValidationError) as excinfo:
        services.measurement_settings_update(
            acting_user=world.coordinator,
            initiative=world.initiative,
            on_track_percent=80,
            at_risk_percent=85,
            due_days=30,
        )
    assert "at_risk_percent" in _errors(excinfo)
    settings = services.measurement_settings_update(
        acting_user=world.coordinator,
        initiative=world.initiative,
        on_track_percent=95,
        at_risk_percent=75,
        due_days=14,
    )
    assert settings.thresholds.on_track == D("0.95")


# --- Periods -------------------------------------------------------------------------------


def test_periods_sync_is_idempotent_and_follows_the_dates(fw, world):
    today = datetime.date(2026, 11, 23)
    services.periods_sync(initiative=world.initiative, today=today)
    count = ReportingPeriod.objects.count()
    assert services.periods_sync(initiative=world.initiative, today=today) == []
    assert ReportingPeriod.objects.count() == count
    quarterly = ReportingPeriod.objects.filter(initiative=world.initiative, frequency="quarterly")
    assert quarterly.count() == 12  # Q1 2024 to Q4 2026, the current one
    assert quarterly.last().end == datetime.date(2026, 12, 31)


def test_moving_the_start_date_cuts_the_first_period(fw, world):
    Initiative.objects.filter(pk=world.initiative.pk).update(start_date=datetime.date(2024, 2, 15))
    world.initiative.refresh_from_db()
    services.periods_sync(initiative=world.initiative)
    first = ReportingPeriod.objects.filter(
        initiative=world.initiative, frequency="quarterly"
    ).first()
    assert (first.start, first.end) == (datetime.date(2024, 2, 15), datetime.date(2024, 3, 31))
    assert not ReportingPeriod.objects.filter(
        initiative=world.initiative, frequency="monthly", start=datetime.date(2024, 1, 1)
    ).exists()


def test_periods_with_values_are_kept_when_the_range_shrinks(fw, world):
    submission = _placements(fw, world, day=Q2_2025)
    Initiative.objects.filter(pk=world.initiative.pk).update(
        planned_end_date=datetime.date(2025, 3, 31)
    )
    world.initiative.refresh_from_db()
    services.periods_sync(initiative=world.initiative)
    assert ReportingPeriod.objects.filter(pk=submission.period_id).exists()
    assert not ReportingPeriod.objects.filter(
        initiative=world.initiative, frequency="quarterly", start=datetime.date(2025, 7, 1)
    ).exists()
