"""The shared measurement system: goals → objectives → indicators, periods and partner values.

Writes go through `impact.services`, reads through `impact.selectors`; the arithmetic lives in
`impact.progress`. The choices (kinds, directions, rules) are defined there and used here.
"""

from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from impact import progress
from impact.progress import (
    Direction,
    Frequency,
    Kind,
    PartnerAggregation,
    PeriodAggregation,
    TargetMode,
)
from initiatives.models import Initiative, Organisation

VALUE_DIGITS = 14
VALUE_DECIMALS = 2


def _value_field(verbose_name, help_text="", **kwargs) -> models.DecimalField:
    return models.DecimalField(
        verbose_name,
        max_digits=VALUE_DIGITS,
        decimal_places=VALUE_DECIMALS,
        help_text=help_text,
        **kwargs,
    )


def _non_negative(field: str) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0})


class MeasurementSettings(TimeStampedModel):
    """How an initiative judges progress and when values are due. One row per initiative."""

    initiative = models.OneToOneField(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="measurement_settings",
    )
    on_track_percent = models.PositiveSmallIntegerField(
        _("on track from (%)"),
        default=90,
        help_text=_(
            "An indicator is on track when it reaches at least this share of the target "
            "pro-rated to the period."
        ),
    )
    at_risk_percent = models.PositiveSmallIntegerField(
        _("at risk from (%)"),
        default=70,
        help_text=_(
            "Below the on-track share but at least this share is at risk; below it is off track."
        ),
    )
    due_days = models.PositiveSmallIntegerField(
        _("days to report"),
        default=30,
        help_text=_(
            "How many days after the end of a period partners have to submit their values. "
            "After that, missing values count as overdue."
        ),
    )

    class Meta:
        verbose_name = _("measurement settings")
        verbose_name_plural = _("measurement settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(at_risk_percent__gt=0)
                & Q(at_risk_percent__lte=F("on_track_percent"))
                & Q(on_track_percent__lte=100),
                name="impact_settings_thresholds_ordered",
            ),
        ]

    def __str__(self) -> str:
        return str(self.initiative)

    @property
    def thresholds(self) -> progress.Thresholds:
        return progress.Thresholds.from_percent(self.on_track_percent, self.at_risk_percent)


class Goal(TimeStampedModel):
    """A long-term goal of the initiative's common agenda."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="goals"
    )
    title = models.CharField(
        _("title"),
        max_length=255,
        help_text=_("The change the partners want to achieve together, in one sentence."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Optional. Why this goal matters and for whom."),
    )
    order = models.PositiveIntegerField(
        _("position"), default=0, help_text=_("Goals are listed in this order.")
    )

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["initiative_id", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class Objective(TimeStampedModel):
    """An impact objective (Wirkungsziel) that serves a goal and is measured by indicators."""

    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="objectives"
    )
    title = models.CharField(
        _("title"),
        max_length=255,
        help_text=_("What should be different for the target group, stated as a result."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Optional. How the partners expect to get there."),
    )
    order = models.PositiveIntegerField(
        _("position"), default=0, help_text=_("Objectives are listed in this order.")
    )

    class Meta:
        verbose_name = _("impact objective")
        verbose_name_plural = _("impact objectives")
        ordering = ["goal_id", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class Dimension(TimeStampedModel):
    """A way to break values down, e.g. gender or age group, with its categories."""

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="dimensions",
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("E.g. gender, age group or district.")
    )
    order = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("breakdown dimension")
        verbose_name_plural = _("breakdown dimensions")
        ordering = ["initiative_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                "initiative", Lower("name"), name="impact_dimension_name_ci_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Category(TimeStampedModel):
    """One category of a dimension. Every dimension has one for "not specified"."""

    dimension = models.ForeignKey(
        Dimension,
        verbose_name=_("dimension"),
        on_delete=models.CASCADE,
        related_name="categories",
    )
    label = models.CharField(_("label"), max_length=100)
    order = models.PositiveIntegerField(_("position"), default=0)
    is_unspecified = models.BooleanField(
        _("stands for “not specified”"),
        default=False,
        help_text=_(
            "Counts the cases without information, so that a breakdown can add up to the total "
            "without anyone inventing data."
        ),
    )

    class Meta:
        verbose_name = _("breakdown category")
        verbose_name_plural = _("breakdown categories")
        ordering = ["dimension_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                "dimension", Lower("label"), name="impact_category_label_ci_unique"
            ),
            models.UniqueConstraint(
                fields=["dimension"],
                condition=Q(is_unspecified=True),
                name="impact_category_one_unspecified",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}: {self.label}"


class Indicator(TimeStampedModel):
    """An agreed measure of an objective, with its definition, rules, baseline and target."""

    Kind = Kind
    Direction = Direction
    Frequency = Frequency
    PartnerAggregation = PartnerAggregation
    PeriodAggregation = PeriodAggregation
    TargetMode = TargetMode

    class Scope(models.TextChoices):
        POPULATION = "population", _("Population indicator (entered by the backbone office)")
        PERFORMANCE = "performance", _("Performance measure (entered by partners)")

    objective = models.ForeignKey(
        Objective,
        verbose_name=_("impact objective"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    name = models.CharField(_("name"), max_length=255)
    definition = models.TextField(
        _("definition"),
        help_text=_(
            "How exactly the indicator is counted: who counts, what counts and what does not. "
            "All partners count the same way, so that their values can be combined."
        ),
    )
    unit = models.CharField(
        _("unit"),
        max_length=50,
        blank=True,
        help_text=_("What is counted, e.g. people, companies or days."),
    )
    kind = models.CharField(
        _("kind of value"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.NUMBER,
        help_text=_(
            "Percentages are entered as two numbers (e.g. 12 of 40 people); the percentage is "
            "computed."
        ),
    )
    direction = models.CharField(
        _("direction"),
        max_length=20,
        choices=Direction.choices,
        default=Direction.INCREASE,
        help_text=_("Whether progress means the value rises or falls."),
    )
    scope = models.CharField(
        _("type of indicator"),
        max_length=20,
        choices=Scope.choices,
        default=Scope.PERFORMANCE,
        help_text=_(
            "Population indicators describe the situation of the whole target group, often from "
            "official statistics, and are entered by the backbone office. Performance measures "
            "are entered by each partner for its own organisation."
        ),
    )
    frequency = models.CharField(
        _("reporting frequency"),
        max_length=20,
        choices=Frequency.choices,
        default=Frequency.QUARTERLY,
        help_text=_("How often values are reported. Periods follow the calendar."),
    )
    partner_aggregation = models.CharField(
        _("how partner values combine"),
        max_length=20,
        choices=PartnerAggregation.choices,
        default=PartnerAggregation.SUM,
        help_text=_(
            "How the values of several partners make the initiative's value for a period. "
            "Percentages are never averaged: their numerators and denominators are added up."
        ),
    )
    period_aggregation = models.CharField(
        _("how periods combine"),
        max_length=20,
        choices=PeriodAggregation.choices,
        default=PeriodAggregation.PER_PERIOD,
        help_text=_(
            "Per period: each value counts what happened in its period, and the periods add up. "
            "Cumulative: each value is already the total so far, so only the latest one counts."
        ),
    )
    baseline_value = _value_field(
        _("baseline"),
        _("The value before the work started; progress is measured from here."),
        null=True,
        blank=True,
    )
    baseline_date = models.DateField(
        _("baseline date"),
        null=True,
        blank=True,
        help_text=_("When the baseline was measured."),
    )
    target_mode = models.CharField(
        _("kind of target"),
        max_length=20,
        choices=TargetMode.choices,
        default=TargetMode.FINAL,
        help_text=_(
            "A final target is spread evenly over time to judge each period; alternatively, "
            "set a target for each period."
        ),
    )
    final_target = _value_field(
        _("final target"),
        _("The value to be reached by the target date."),
        null=True,
        blank=True,
    )
    final_target_date = models.DateField(
        _("target date"),
        null=True,
        blank=True,
        help_text=_("Optional. Without a date, the initiative's planned end date counts."),
    )
    reporting_organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("reporting organisations"),
        blank=True,
        related_name="reported_indicators",
        help_text=_("The partner organisations expected to report values for this indicator."),
    )
    dimensions = models.ManyToManyField(
        Dimension,
        verbose_name=_("breakdowns"),
        blank=True,
        related_name="indicators",
        help_text=_("Optional. Values are broken down by these dimensions, e.g. by gender."),
    )
    order = models.PositiveIntegerField(
        _("position"), default=0, help_text=_("Indicators are listed in this order.")
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["objective_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                "objective", Lower("name"), name="impact_indicator_name_ci_unique"
            ),
            models.CheckConstraint(
                condition=~Q(kind=Kind.PERCENTAGE, partner_aggregation=PartnerAggregation.AVERAGE),
                name="impact_indicator_percentages_not_averaged",
            ),
            models.CheckConstraint(
                condition=~Q(
                    partner_aggregation=PartnerAggregation.AVERAGE,
                    period_aggregation=PeriodAggregation.PER_PERIOD,
                ),
                name="impact_indicator_averages_not_added_over_time",
            ),
            models.CheckConstraint(
                condition=_non_negative("baseline_value") & _non_negative("final_target"),
                name="impact_indicator_non_negative",
            ),
            models.CheckConstraint(
                condition=~Q(kind=Kind.PERCENTAGE)
                | (
                    (Q(baseline_value__isnull=True) | Q(baseline_value__lte=100))
                    & (Q(final_target__isnull=True) | Q(final_target__lte=100))
                ),
                name="impact_indicator_percentages_at_most_100",
            ),
            models.CheckConstraint(
                condition=Q(baseline_value__isnull=True, baseline_date__isnull=True)
                | Q(baseline_value__isnull=False, baseline_date__isnull=False),
                name="impact_indicator_baseline_has_date",
            ),
            models.CheckConstraint(
                condition=Q(target_mode=TargetMode.FINAL)
                | Q(final_target__isnull=True, final_target_date__isnull=True),
                name="impact_indicator_final_target_only_in_final_mode",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def initiative(self) -> Initiative:
        return self.objective.goal.initiative

    @property
    def is_population(self) -> bool:
        return self.scope == self.Scope.POPULATION

    @property
    def is_additive(self) -> bool:
        """Period values add up (counts and amounts per period); otherwise the latest counts."""
        return progress.is_additive(kind=self.kind, period_aggregation=self.period_aggregation)

    @property
    def is_percentage(self) -> bool:
        return self.kind == Kind.PERCENTAGE

    @property
    def target_date(self):
        """The date the final target refers to: its own, or the initiative's planned end."""
        return self.final_target_date or self.initiative.planned_end_date


class PeriodTarget(TimeStampedModel):
    """The target of one reporting period, for indicators with a target per period."""

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="period_targets",
    )
    period_start = models.DateField(
        _("period starting"),
        help_text=_("The first day of the reporting period the target is for."),
    )
    value = _value_field(_("target"), _("The value to be reached in this period."))

    class Meta:
        verbose_name = _("period target")
        verbose_name_plural = _("period targets")
        ordering = ["indicator_id", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start"], name="impact_period_target_unique"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0), name="impact_period_target_non_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.period_start:%Y-%m-%d} → {self.value}"


class ReportingPeriod(TimeStampedModel):
    """A calendar period in which values are reported, created by `periods_sync`.

    Periods follow the calendar; the first and last are cut at the initiative's dates.
    """

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="reporting_periods",
    )
    frequency = models.CharField(_("frequency"), max_length=20, choices=Frequency.choices)
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    locked_at = models.DateTimeField(
        _("locked at"),
        null=True,
        blank=True,
        help_text=_("A locked period accepts no new or changed values until it is unlocked."),
    )
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("locked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["initiative_id", "frequency", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "frequency", "start"], name="impact_period_unique_start"
            ),
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="impact_period_ordered"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def span(self) -> progress.Span:
        return progress.Span(self.start, self.end)

    @property
    def label(self) -> str:
        return progress.period_label(self.span, self.frequency)

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


class Submission(TimeStampedModel):
    """One revision of the value an organisation reports for an indicator and a period.

    The latest revision of a value is `is_current`. An approved value is changed only by a new
    revision: the approved one keeps counting until the correction is approved, then it becomes
    "superseded" and stays as history. For population indicators `organisation` is empty: the
    backbone office enters them.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted, waiting for review")
        RETURNED = "returned", _("Returned for revision")
        APPROVED = "approved", _("Approved")
        SUPERSEDED = "superseded", _("Replaced by a correction")

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="submissions",
    )
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("reporting period"),
        on_delete=models.CASCADE,
        related_name="submissions",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="submissions",
        help_text=_("The partner organisation the value is for; empty for population indicators."),
    )
    revision = models.PositiveSmallIntegerField(
        _("revision"), default=1, help_text=_("1 for the first value, 2 for its first correction.")
    )
    is_current = models.BooleanField(
        _("latest revision"),
        default=True,
        help_text=_("Whether this is the latest revision of the value."),
    )
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="superseded_by",
        help_text=_("The approved revision that this revision corrects."),
    )
    value = _value_field(
        _("value"), _("The number or amount for the period."), null=True, blank=True
    )
    numerator = _value_field(
        _("how many"),
        _("For percentages: how many people or cases meet the indicator, e.g. 12 placed."),
        null=True,
        blank=True,
    )
    denominator = _value_field(
        _("of how many"),
        _("For percentages: how many people or cases there were in total, e.g. 40 counselled."),
        null=True,
        blank=True,
    )
    comment = models.TextField(
        _("comment"),
        blank=True,
        help_text=_("Optional. What explains the value, e.g. a special event or a data gap."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    return_reason = models.TextField(
        _("reason for returning"),
        blank=True,
        help_text=_("What the backbone office asks the partner to check or correct."),
    )

    class Meta:
        verbose_name = _("reported value")
        verbose_name_plural = _("reported values")
        ordering = ["indicator_id", "period_id", "organisation_id", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "organisation"],
                condition=Q(is_current=True, organisation__isnull=False),
                name="impact_submission_one_current",
            ),
            models.UniqueConstraint(
                fields=["indicator", "period"],
                condition=Q(is_current=True, organisation__isnull=True),
                name="impact_submission_one_current_population",
            ),
            models.UniqueConstraint(
                fields=["indicator", "period", "organisation"],
                condition=Q(status="approved", organisation__isnull=False),
                name="impact_submission_one_approved",
            ),
            models.UniqueConstraint(
                fields=["indicator", "period"],
                condition=Q(status="approved", organisation__isnull=True),
                name="impact_submission_one_approved_population",
            ),
            models.UniqueConstraint(
                fields=["indicator", "period", "organisation", "revision"],
                condition=Q(organisation__isnull=False),
                name="impact_submission_revision_unique",
            ),
            models.UniqueConstraint(
                fields=["indicator", "period", "revision"],
                condition=Q(organisation__isnull=True),
                name="impact_submission_revision_unique_population",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=False, numerator__isnull=True, denominator__isnull=True)
                | Q(value__isnull=True, numerator__isnull=False, denominator__isnull=False),
                name="impact_submission_value_or_fraction",
            ),
            models.CheckConstraint(
                condition=_non_negative("value")
                & _non_negative("numerator")
                & _non_negative("denominator"),
                name="impact_submission_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True) | Q(numerator__lte=F("denominator")),
                name="impact_submission_numerator_at_most_denominator",
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""),
                name="impact_submission_returned_with_reason",
            ),
            models.CheckConstraint(condition=Q(revision__gte=1), name="impact_submission_rev_1"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.period} · {self.organisation or '—'} (r{self.revision})"

    @property
    def percentage(self):
        if self.numerator is None or self.denominator is None:
            return None
        return progress.percentage(self.numerator, self.denominator)

    @property
    def display_value(self):
        """The value as people read it: the number, or the percentage for percentages."""
        return self.value if self.value is not None else self.percentage


class Breakdown(TimeStampedModel):
    """The part of a reported value that falls into one category, e.g. the women among them."""

    submission = models.ForeignKey(
        Submission,
        verbose_name=_("reported value"),
        on_delete=models.CASCADE,
        related_name="breakdowns",
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.RESTRICT,
        related_name="breakdowns",
    )
    value = _value_field(_("value"), null=True, blank=True)
    numerator = _value_field(_("how many"), null=True, blank=True)
    denominator = _value_field(_("of how many"), null=True, blank=True)

    class Meta:
        verbose_name = _("breakdown value")
        verbose_name_plural = _("breakdown values")
        ordering = ["submission_id", "category_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "category"], name="impact_breakdown_unique"
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=False, numerator__isnull=True, denominator__isnull=True)
                | Q(value__isnull=True, numerator__isnull=False, denominator__isnull=False),
                name="impact_breakdown_value_or_fraction",
            ),
            models.CheckConstraint(
                condition=_non_negative("value")
                & _non_negative("numerator")
                & _non_negative("denominator"),
                name="impact_breakdown_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True) | Q(numerator__lte=F("denominator")),
                name="impact_breakdown_numerator_at_most_denominator",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.value if self.value is not None else self.numerator}"

    @property
    def percentage(self):
        if self.numerator is None or self.denominator is None:
            return None
        return progress.percentage(self.numerator, self.denominator)


class SubmissionEvent(TimeStampedModel):
    """History of a reported value: who did what when, with the reason for a return."""

    class Action(models.TextChoices):
        CREATED = "created", _("entered")
        UPDATED = "updated", _("changed")
        SUBMITTED = "submitted", _("submitted")
        RESUBMITTED = "resubmitted", _("submitted again")
        APPROVED = "approved", _("approved")
        RETURNED = "returned", _("returned for revision")
        REVISION_STARTED = "revision_started", _("correction started")
        REVISION_DISCARDED = "revision_discarded", _("correction discarded")
        SUPERSEDED = "superseded", _("replaced by a correction")

    submission = models.ForeignKey(
        Submission,
        verbose_name=_("reported value"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("what happened"), max_length=30, choices=Action.choices)
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(
        _("values at that moment"),
        default=dict,
        blank=True,
        help_text=_("The value, its breakdown and the comment as they were at that moment."),
    )

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history entries")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()}"


def _evidence_path(instance: "Evidence", filename: str) -> str:
    # The stored name never reuses what the uploader typed: a random name cannot be guessed
    # or collide, and the original name is kept in `original_name` for the download.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"evidence/{instance.submission.period.initiative_id}/{uuid4().hex}.{suffix}"


class Evidence(TimeStampedModel):
    """A file that backs a reported value, e.g. a list of participants or a photo of an event.

    Files are served only through a view that checks who may see the value. A correction
    (a new revision) carries the evidence of the revision it corrects over.
    """

    submission = models.ForeignKey(
        Submission,
        verbose_name=_("reported value"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    file = models.FileField(_("file"), upload_to=_evidence_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(
        _("file type"), max_length=100, help_text=_("Determined from the file's content.")
    )
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["submission_id", "created_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class ReflectionNote(TimeStampedModel):
    """What the members learn from an indicator's values in a period and what they change.

    The seeds ask for joint reflection on the shared measurement; notes sit next to the data.
    """

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="reflection_notes",
    )
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("reporting period"),
        on_delete=models.CASCADE,
        related_name="reflection_notes",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The organisation the author wrote for; empty for the backbone office."),
    )
    learning = models.TextField(
        _("what we learn"),
        help_text=_("What the values of this period tell the partners."),
    )
    change = models.TextField(
        _("what we change"),
        blank=True,
        help_text=_("Optional. What the partners do differently because of it."),
    )

    class Meta:
        verbose_name = _("reflection note")
        verbose_name_plural = _("reflection notes")
        ordering = ["indicator_id", "-period__start", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(learning=""), name="impact_reflection_learning_required"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.period}"


class SubmissionImport(TimeStampedModel):
    """An uploaded CSV or XLSX file of values: checked row by row first, then applied as a
    whole or not at all.

    `rows` holds every row as read, with its messages, so the preview can be shown again and
    the apply step works on exactly what the person saw.
    """

    class Status(models.TextChoices):
        CHECKED = "checked", _("Checked, not applied yet")
        APPLIED = "applied", _("Applied")
        DISCARDED = "discarded", _("Discarded")

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="submission_imports",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Whose values the file holds; empty for population indicators."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file_name = models.CharField(_("file name"), max_length=255)
    rows = models.JSONField(_("rows"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("rows with errors"), default=0)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CHECKED
    )
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    class Meta:
        verbose_name = _("value import")
        verbose_name_plural = _("value imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name
