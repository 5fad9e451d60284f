"""Mutually reinforcing activities (success factor 4): what the partners do, and what it reaches.

An `Activity` is a programme, service or event a partner organisation runs for the common
agenda, linked to the impact objectives it serves. `OutputLog` rows record its outputs as they
happen (people reached), optionally broken down by the initiative's dimensions. Writes go
through `coordination.services`, reads through `coordination.selectors`.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from impact.models import Category, Objective
from initiatives.models import Initiative, Organisation


class ContributionKind(models.TextChoices):
    """How an activity reinforces the others; the four kinds the seeds name."""

    # Translators: the seeds' word is "Koordination".
    COORDINATION = "coordination", _("Coordination")
    # Translators: the seeds' word is "Verzahnung".
    INTERLOCKING = "interlocking", _("Interlocking")
    # Translators: the seeds' word is "Integration".
    INTEGRATION = "integration", _("Integration")
    # Translators: the seeds' word is "Ergänzung".
    COMPLEMENT = "complement", _("Complement")


# Plain-language explanations, shown next to the choice on the form and on the pages.
CONTRIBUTION_HELP = {
    ContributionKind.COORDINATION: _(
        "Partners agree on who does what and when, so that offers do not compete or double "
        "up. Example: dates of information events are planned together."
    ),
    ContributionKind.INTERLOCKING: _(
        "One offer leads straight into the next: people are handed on from one partner to "
        "another without gaps. Example: after the recognition advice comes the job coaching."
    ),
    ContributionKind.INTEGRATION: _(
        "Partners run one offer together, with shared staff, money or premises. Example: a "
        "joint advice desk of several organisations."
    ),
    ContributionKind.COMPLEMENT: _(
        "The activity fills a gap that no other partner covers, for a group or a need that "
        "was left out so far. Example: advice in the evening for people who work during the day."
    ),
}


class Activity(TimeStampedModel):
    """A programme, service or event of one partner organisation for the common agenda."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        RUNNING = "running", _("Running")
        COMPLETED = "completed", _("Completed")

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("partner organisation"),
        # An organisation with activities stays in the directory; deleting the whole
        # initiative still removes both.
        on_delete=models.RESTRICT,
        related_name="activities",
        help_text=_("The partner organisation that runs the activity."),
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("A short name that the other partners recognise, e.g. “Evening advice desk”."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Optional. What happens, for whom, and how people find the offer."),
    )
    contribution_kind = models.CharField(
        _("kind of contribution"),
        max_length=20,
        choices=ContributionKind.choices,
        help_text=_("How the activity reinforces what the other partners do."),
    )
    objectives = models.ManyToManyField(
        Objective,
        verbose_name=_("impact objectives"),
        related_name="activities",
        help_text=_("The objectives of the common agenda that the activity serves."),
    )
    target_group = models.CharField(
        _("target group"),
        max_length=255,
        blank=True,
        help_text=_("Optional. Whom the activity is for, e.g. women with a degree in nursing."),
    )
    place = models.CharField(
        _("place"),
        max_length=255,
        blank=True,
        help_text=_("Optional. Where it takes place, e.g. a district, an address or “online”."),
    )
    start_date = models.DateField(_("start"), help_text=_("When the activity starts."))
    end_date = models.DateField(
        _("end"),
        null=True,
        blank=True,
        help_text=_("Optional. Leave empty for an ongoing offer."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["initiative_id", "organisation__name", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="coordination_activity_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=~Q(title=""), name="coordination_activity_title_required"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def status_on(self, day: datetime.date) -> str:
        if self.start_date > day:
            return self.Status.PLANNED
        if self.end_date is not None and self.end_date < day:
            return self.Status.COMPLETED
        return self.Status.RUNNING

    @property
    def status(self) -> str:
        """Derived from the dates: planned before the start, completed after the end."""
        return self.status_on(timezone.localdate())

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    @property
    def contribution_help(self) -> str:
        return CONTRIBUTION_HELP[ContributionKind(self.contribution_kind)]


class OutputLog(TimeStampedModel):
    """What an activity reached on one day: how many people, with a short note."""

    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="output_logs",
    )
    date = models.DateField(_("date"), help_text=_("The day the output happened."))
    people_reached = models.PositiveIntegerField(
        _("people reached"),
        help_text=_("How many people took part or were advised. Count each person once."),
    )
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_("Optional. What happened, e.g. the topic of the event or a difficulty."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("logged by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("output log")
        verbose_name_plural = _("output logs")
        ordering = ["activity_id", "-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(people_reached__gte=0),
                name="coordination_outputlog_people_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} · {self.date:%Y-%m-%d} · {self.people_reached}"


class OutputBreakdown(TimeStampedModel):
    """How many of the people reached fall into one category, e.g. the women among them.

    Per dimension the categories never add up to more than the total; whatever is not
    assigned is counted under the dimension's “not specified” category by the service.
    """

    log = models.ForeignKey(
        OutputLog,
        verbose_name=_("output log"),
        on_delete=models.CASCADE,
        related_name="breakdowns",
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.RESTRICT,
        related_name="output_breakdowns",
    )
    value = models.PositiveIntegerField(_("people"), help_text=_("People in this category."))

    class Meta:
        verbose_name = _("breakdown of people reached")
        verbose_name_plural = _("breakdowns of people reached")
        ordering = ["log_id", "category__dimension__order", "category__order", "category_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["log", "category"], name="coordination_outputbreakdown_unique"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0), name="coordination_outputbreakdown_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.value}"
