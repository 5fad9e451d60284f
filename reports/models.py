"""Report runs: one row per report someone asked for, with its parameters, state and file.

Parameters and state live here, not only in the broker: the worker claims a row with a lease,
so a task delivered again after its worker died redoes the work, and a second delivery while
the first still holds the lease does nothing.
"""

from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from initiatives.models import Initiative, Organisation


def _report_path(instance: "ReportRun", filename: str) -> str:
    # A random name: the file is served only through a view that checks permission, and a
    # guessable name would make a stray media URL a leak.
    return f"reports/{instance.initiative_id}/{uuid4().hex}.pdf"


class ReportRun(TimeStampedModel):
    """One report someone asked for: what, for whom, and how far its generation has come."""

    MAX_ATTEMPTS = 3

    class Kind(models.TextChoices):
        PROGRESS = "progress", _("Progress report of the initiative")
        PERIOD = "period", _("Indicator report for one period")
        PARTNER = "partner", _("Contribution report of one partner organisation")
        GUIDE = "guide", _("Good-practice guide of a focus group")
        MEETING = "meeting", _("Meeting record")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Being generated")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    class Audience(models.TextChoices):
        APPROVED = "approved", _("Approved data only: every reader of the initiative")
        BACKBONE = "backbone", _("Includes values under review: the backbone office")
        ORGANISATION = "organisation", _("Includes unapproved values of one organisation")

    class Error(models.TextChoices):
        TIMEOUT = "timeout", _("The report took too long and was stopped.")
        ATTEMPTS = (
            "attempts",
            _(
                "The report could not be generated in several attempts (the worker stopped "
                "each time)."
            ),
        )
        FORBIDDEN = "forbidden", _("The person who asked for it may no longer see this data.")
        INVALID = "invalid", _("The chosen period or sections no longer exist.")
        UNEXPECTED = "unexpected", _("An unexpected error occurred while generating the report.")

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="report_runs",
    )
    kind = models.CharField(_("report"), max_length=20, choices=Kind.choices)
    parameters = models.JSONField(
        _("settings"),
        default=dict,
        blank=True,
        help_text=_("What the report covers: the period and the chosen sections."),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The report and the e-mail are written in the language of the requester."),
    )
    audience = models.CharField(
        _("who may download it"),
        max_length=20,
        choices=Audience.choices,
        default=Audience.APPROVED,
        help_text=_(
            "A report holds what its requester may see; it is shown only to those who may see "
            "the same data."
        ),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("For reports with one organisation's unapproved values: that organisation."),
    )
    notify_when_done = models.BooleanField(
        _("e-mail when ready"),
        default=True,
        help_text=_(
            "Send the requester an e-mail with the download link when the report is ready."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(
        _("attempts"), default=0, help_text=_("How often a worker has started to generate it.")
    )
    claimed_until = models.DateTimeField(
        _("claimed until"),
        null=True,
        blank=True,
        help_text=_("While a worker generates the report, no other worker takes it over."),
    )
    error_code = models.CharField(
        _("reason for failure"), max_length=20, choices=Error.choices, blank=True
    )
    error_detail = models.TextField(_("technical details"), blank=True)
    file = models.FileField(_("file"), upload_to=_report_path, max_length=255, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), null=True, blank=True)
    schedule = models.ForeignKey(
        "reports.ReportSchedule",
        verbose_name=_("schedule"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="runs",
        help_text=_("For scheduled reports: the schedule that asked for it."),
    )
    period_key = models.CharField(
        _("scheduled period"),
        max_length=10,
        blank=True,
        help_text=_("For scheduled reports: the month (2025-03) or quarter (2025-Q1) covered."),
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["initiative", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(audience="organisation", organisation__isnull=False)
                | (~Q(audience="organisation") & Q(organisation__isnull=True)),
                name="reports_run_organisation_audience",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | ~Q(file=""), name="reports_run_done_has_file"
            ),
            # A schedule makes one run per period, however often or concurrently the sweep runs.
            models.UniqueConstraint(
                fields=["schedule", "period_key"],
                condition=Q(schedule__isnull=False),
                name="reports_run_once_per_schedule_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def sections(self) -> list[str]:
        return list(self.parameters.get("sections", []))

    @property
    def period_id(self) -> int | None:
        return self.parameters.get("period_id")

    @property
    def meeting_id(self) -> int | None:
        """The meeting a meeting record is about."""
        return self.parameters.get("meeting_id")

    @property
    def organisation_param_id(self) -> int | None:
        """The partner organisation a contribution report is about."""
        return self.parameters.get("organisation_id")

    @property
    def focus_group_param_id(self) -> int | None:
        """The focus group whose guide (Leitfaden) the report is."""
        return self.parameters.get("focus_group_id")


class ReportSchedule(TimeStampedModel):
    """A report the backbone office has generated every month or quarter and sent to chosen
    members of the initiative, once the month or quarter has ended."""

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")

    # The report kinds that can be scheduled: they need no period chosen by hand.
    KINDS = (ReportRun.Kind.PROGRESS, ReportRun.Kind.PARTNER)

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="report_schedules",
    )
    kind = models.CharField(
        _("report"),
        max_length=20,
        choices=[(kind.value, kind.label) for kind in KINDS],
    )
    parameters = models.JSONField(
        _("settings"),
        default=dict,
        blank=True,
        help_text=_("What the report covers: the chosen sections or the partner organisation."),
    )
    frequency = models.CharField(
        _("frequency"),
        max_length=20,
        choices=Frequency.choices,
        default=Frequency.MONTHLY,
        help_text=_("The report is generated after each month or quarter has ended."),
    )
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipients"),
        related_name="+",
        blank=True,
        help_text=_(
            "Members of the initiative who receive an e-mail with the link. Whoever is no "
            "longer a member, or may not see the report, receives nothing."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The report is generated with what this person may see."),
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("A paused schedule generates and sends nothing.")
    )
    last_period_sent = models.CharField(
        _("last period"),
        max_length=10,
        blank=True,
        help_text=_("The last month (2025-03) or quarter (2025-Q1) a report was made for."),
    )

    class Meta:
        verbose_name = _("scheduled report")
        verbose_name_plural = _("scheduled reports")
        ordering = ["initiative_id", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_frequency_display()})"

    @property
    def sections(self) -> list[str]:
        return list(self.parameters.get("sections", []))
