"""Mutually reinforcing activities (success factor 4): what the partners do, and what it reaches.

An `Activity` is a programme, service or event a partner organisation runs for the common
agenda, linked to the impact objectives it serves. `OutputLog` rows record its outputs as they
happen (people reached), optionally broken down by the initiative's dimensions. Writes go
through `coordination.services`, reads through `coordination.selectors`.
"""

import datetime
import uuid

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


# --- Meetings, decisions and action items (success factor 5) ---------------------------------
#
# One `Meeting` and one `ActionItem` model serve the initiative and, later, its focus groups:
# `focusgroups` points at them with its own foreign keys, so nothing here knows about it.


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class Meeting(TimeStampedModel):
    """A meeting of the initiative: its agenda items, their notes and decisions are the record."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("What the meeting is about, e.g. “Partner meeting spring”."),
    )
    starts_at = models.DateTimeField(_("starts at"), help_text=_("Date and time of the start."))
    duration_minutes = models.PositiveIntegerField(
        _("duration in minutes"),
        default=90,
        help_text=_("How long the meeting is planned to take."),
    )
    format = models.CharField(
        _("format"),
        max_length=20,
        choices=MeetingFormat.choices,
        default=MeetingFormat.IN_PERSON,
        help_text=_("In person, online or both at once (hybrid)."),
    )
    location = models.CharField(
        _("place"),
        max_length=255,
        blank=True,
        help_text=_("Address or room; needed for meetings in person and hybrid meetings."),
    )
    online_url = models.URLField(
        _("online link"),
        max_length=500,
        blank=True,
        help_text=_("Link to the video meeting; needed for online and hybrid meetings."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Optional. Aim of the meeting and what to prepare."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    live_version = models.PositiveIntegerField(
        _("live version"),
        default=0,
        editable=False,
        help_text=_(
            "Counts changes of the notes, roles and speakers' list, so that open meeting pages "
            "ask cheaply whether anything is new."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scheduled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["initiative_id", "-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title=""), name="coordination_meeting_title_required"
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0), name="coordination_meeting_duration_positive"
            ),
            models.CheckConstraint(
                condition=Q(format=MeetingFormat.IN_PERSON) | ~Q(online_url=""),
                name="coordination_meeting_online_needs_link",
            ),
            models.CheckConstraint(
                condition=Q(format=MeetingFormat.ONLINE) | ~Q(location=""),
                name="coordination_meeting_in_person_needs_place",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)

    @property
    def is_past(self) -> bool:
        return self.starts_at < timezone.now()


class AgendaItem(TimeStampedModel):
    """One item of a meeting's agenda, with who leads it, its time box and the notes taken."""

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="agenda_items",
    )
    order = models.PositiveIntegerField(_("order"), help_text=_("Position on the agenda."))
    title = models.CharField(_("title"), max_length=200, help_text=_("The topic of the item."))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("led by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional. The member who introduces the item."),
    )
    time_box_minutes = models.PositiveIntegerField(
        _("time box in minutes"),
        null=True,
        blank=True,
        help_text=_("Optional. How many minutes the item may take."),
    )
    notes = models.TextField(
        _("notes"),
        blank=True,
        help_text=_("What was said: written during or after the meeting, visible to all members."),
    )
    notes_version = models.PositiveIntegerField(
        _("notes version"),
        default=0,
        editable=False,
        help_text=_("Counts saves of the notes, so that a save over someone else's is noticed."),
    )
    notes_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("notes last saved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notes_updated_at = models.DateTimeField(_("notes last saved at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "order"], name="coordination_agendaitem_unique_order"
            ),
            models.CheckConstraint(
                condition=~Q(title=""), name="coordination_agendaitem_title_required"
            ),
            models.CheckConstraint(
                condition=Q(time_box_minutes__isnull=True) | Q(time_box_minutes__gt=0),
                name="coordination_agendaitem_time_box_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class Decision(TimeStampedModel):
    """What the meeting decided on an agenda item; its action items show how far it is done."""

    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    text = models.TextField(
        _("decision"),
        help_text=_("The decision in one or two sentences, so that it is clear without the notes."),
    )
    decided_at = models.DateField(_("decided on"), help_text=_("The day of the decision."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(text=""), name="coordination_decision_text_required"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class ActionItem(TimeStampedModel):
    """Who does what by when: assigned to a person or a partner organisation, with a due date."""

    class Status(models.TextChoices):
        TODO = "todo", _("To do")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="action_items",
    )
    title = models.CharField(
        _("what"), max_length=200, help_text=_("What is to be done, e.g. “Send the invitations”.")
    )
    description = models.TextField(
        _("details"), blank=True, help_text=_("Optional. What belongs to it, where to start.")
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person responsible"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
        help_text=_("A member of the initiative; or leave empty and choose an organisation."),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation responsible"),
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="action_items",
        help_text=_("A partner organisation; any of its members may take the item on."),
    )
    due_date = models.DateField(_("due by"), help_text=_("The day by which it should be done."))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.TODO
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
        help_text=_("Optional. The agenda item at which it was agreed."),
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
        help_text=_("Optional. The decision it implements."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(assignee__isnull=False) | Q(organisation__isnull=False),
                name="coordination_actionitem_someone_responsible",
            ),
            models.CheckConstraint(
                condition=~Q(title=""), name="coordination_actionitem_title_required"
            ),
            models.CheckConstraint(
                condition=(Q(status="done") & Q(done_at__isnull=False))
                | (~Q(status="done") & Q(done_at__isnull=True)),
                name="coordination_actionitem_done_at_when_done",
            ),
        ]
        indexes = [models.Index(fields=["initiative", "status", "due_date"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self.status != self.Status.DONE and self.due_date < timezone.localdate()


# --- News, comments and in-app notifications (success factor 5) ------------------------------
#
# Mentions are stored in the text as tokens `@[Name](user:<id>)`: the id makes them
# unambiguous, the name keeps the raw text readable while it is edited; pages show the
# member's current name (see `coordination.notifications.MENTION_RE`).


class NewsPost(TimeStampedModel):
    """An announcement of the backbone office to all members of the initiative."""

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="news_posts",
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("What the news is about, in a few words, e.g. “New partner: Jobcenter Mitte”."),
    )
    body = models.TextField(
        _("text"),
        help_text=_(
            "The news itself. Type @ and the first letters of a name to mention a member; "
            "the person is notified."
        ),
    )
    pinned = models.BooleanField(
        _("pinned"),
        default=False,
        help_text=_("Pinned news stay at the top of the list, e.g. dates that matter to all."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("news post")
        verbose_name_plural = _("news posts")
        ordering = ["initiative_id", "-pinned", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title=""), name="coordination_newspost_title_required"
            ),
            models.CheckConstraint(
                condition=~Q(body=""), name="coordination_newspost_body_required"
            ),
        ]
        indexes = [models.Index(fields=["initiative", "-pinned", "-created_at"])]

    def __str__(self) -> str:
        return self.title


class NewsComment(TimeStampedModel):
    """A member's comment on a news post."""

    post = models.ForeignKey(
        NewsPost,
        verbose_name=_("news post"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    body = models.TextField(
        _("comment"),
        help_text=_("Type @ and the first letters of a name to mention a member."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["post_id", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(body=""), name="coordination_newscomment_body_required"
            ),
        ]

    def __str__(self) -> str:
        return self.body[:80]

    @property
    def is_edited(self) -> bool:
        return (self.updated_at - self.created_at).total_seconds() > 1


class Notification(models.Model):
    """Something a person should know about, shown in the app and listed in the e-mail digest.

    Written by `coordination.notifications.notify`; `text` is rendered in the recipient's
    language when the notification is created.
    """

    class Kind(models.TextChoices):
        NEWS_POST = "news_post", _("New news post")
        COMMENT = "comment", _("New comment")
        MENTION = "mention", _("Mention")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
        help_text=_("The initiative it concerns; empty for notifications about the account."),
    )
    # No choices on the column: other features add kinds of their own without a migration.
    kind = models.CharField(_("kind"), max_length=40)
    text = models.CharField(_("text"), max_length=500)
    url = models.CharField(
        _("link"), max_length=500, blank=True, help_text=_("Where the notification leads.")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("caused by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    digested_at = models.DateTimeField(
        _("sent in a digest at"),
        null=True,
        blank=True,
        help_text=_("When it was listed in an e-mail digest; each notification is listed once."),
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The header's unread count and the digest sweep.
            models.Index(fields=["recipient", "read_at"], name="coord_notif_unread"),
        ]

    def __str__(self) -> str:
        return self.text[:80]


# --- Partnership pulse (success factor 5) ------------------------------------------------------
#
# Anonymity by construction: a `PulseAnswer` has no user, no timestamp and a random primary key,
# so neither a column nor the order of rows leads back to a person. `PulseParticipation` only
# records that someone answered a round (to prevent a second answer); it has no link to the
# answer and no timestamp either.


class PulseQuestion(models.TextChoices):
    """The five questions of every round, each answered from 1 (not at all) to 5 (fully)."""

    TRUST = "trust", _("Trust between the partners")
    CLARITY = "clarity", _("Clarity of roles")
    TRANSPARENCY = "transparency", _("Transparency")
    COMMUNICATION = "communication", _("Communication")
    CONFLICTS = "conflicts", _("Handling of conflicts")


# The statement each question asks about, shown on the form as the group's legend.
PULSE_STATEMENTS = {
    PulseQuestion.TRUST: _("I trust the other partners to keep their commitments."),
    PulseQuestion.CLARITY: _("It is clear who does what in the initiative."),
    PulseQuestion.TRANSPARENCY: _("Information and decisions are shared openly."),
    PulseQuestion.COMMUNICATION: _("We talk with each other often and openly enough."),
    PulseQuestion.CONFLICTS: _("Differences and conflicts are addressed and resolved fairly."),
}
PULSE_SCALE = (1, 2, 3, 4, 5)
# Results of a round are shown from this many answers on, never below.
PULSE_MIN_ANSWERS = 3


class PulseRound(TimeStampedModel):
    """One round of the partnership pulse, e.g. “Q4 2026”, open for answers between two days."""

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="pulse_rounds",
    )
    title = models.CharField(
        _("title"),
        max_length=100,
        help_text=_("How the round is called, usually the quarter, e.g. “Q4 2026”."),
    )
    opens_on = models.DateField(_("open from"), help_text=_("The first day answers are taken."))
    closes_on = models.DateField(
        _("open until"), help_text=_("The last day answers are taken; then the round closes.")
    )
    closed_at = models.DateTimeField(
        _("closed at"),
        null=True,
        blank=True,
        help_text=_("When the backbone office closed the round before its last day."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("pulse round")
        verbose_name_plural = _("pulse rounds")
        ordering = ["initiative_id", "-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")),
                name="coordination_pulseround_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=~Q(title=""), name="coordination_pulseround_title_required"
            ),
            models.UniqueConstraint(
                fields=["initiative", "title"], name="coordination_pulseround_title_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open_on(self, day: datetime.date) -> bool:
        return self.closed_at is None and self.opens_on <= day <= self.closes_on

    @property
    def is_open(self) -> bool:
        return self.is_open_on(timezone.localdate())

    @property
    def is_closed(self) -> bool:
        """Closed by the backbone office or past its last day; only then are results shown."""
        return self.closed_at is not None or self.closes_on < timezone.localdate()

    @property
    def is_upcoming(self) -> bool:
        return self.closed_at is None and self.opens_on > timezone.localdate()


def _scale_field(question: PulseQuestion) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        question.label, help_text=_("From 1 (not at all) to 5 (fully).")
    )


class PulseAnswer(models.Model):
    """One person's anonymous answer to a round: no user, no timestamp, a random key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(
        PulseRound,
        verbose_name=_("round"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    trust = _scale_field(PulseQuestion.TRUST)
    clarity = _scale_field(PulseQuestion.CLARITY)
    transparency = _scale_field(PulseQuestion.TRANSPARENCY)
    communication = _scale_field(PulseQuestion.COMMUNICATION)
    conflicts = _scale_field(PulseQuestion.CONFLICTS)
    comment = models.TextField(
        _("comment"),
        blank=True,
        help_text=_("Optional. Shown to the partners without your name once enough have answered."),
    )

    class Meta:
        verbose_name = _("pulse answer")
        verbose_name_plural = _("pulse answers")
        # A fixed order that says nothing about when an answer was given.
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                name=f"coordination_pulseanswer_{name}_1_to_5",
            )
            for name in PulseQuestion.values
        ]

    def __str__(self) -> str:
        return str(_("Answer to %(round)s") % {"round": self.round_id})


class PulseParticipation(models.Model):
    """That a person answered a round: prevents a second answer, never points to the answer."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(
        PulseRound,
        verbose_name=_("round"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = _("pulse participation")
        verbose_name_plural = _("pulse participations")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "user"], name="coordination_pulseparticipation_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.round_id}"


# --- Early warnings (success factor 5) ---------------------------------------------------------


class EarlyWarning(TimeStampedModel):
    """An emerging conflict or risk noted by a member, seen by all members or coordinators only."""

    class Visibility(models.TextChoices):
        MEMBERS = "members", _("All members of the initiative")
        COORDINATORS = "coordinators", _("Backbone office only")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("Being handled")
        RESOLVED = "resolved", _("Resolved")

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="early_warnings",
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("In a few words, e.g. “Two partners plan competing events”."),
    )
    description = models.TextField(
        _("description"),
        help_text=_("What you noticed, since when, and what could happen if nothing is done."),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("partner organisation concerned"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="early_warnings",
        help_text=_("Optional. The partner organisation it mainly concerns."),
    )
    area = models.CharField(
        _("area"),
        max_length=200,
        blank=True,
        help_text=_("Optional. The topic or field of work, e.g. “data collection”."),
    )
    visibility = models.CharField(
        _("who may see it"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
        help_text=_(
            "“Backbone office only”: no other partner sees the warning, not even that it exists."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("noted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("early warning")
        verbose_name_plural = _("early warnings")
        ordering = ["initiative_id", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title=""), name="coordination_earlywarning_title_required"
            ),
            models.CheckConstraint(
                condition=(Q(status="resolved") & Q(resolved_at__isnull=False))
                | (~Q(status="resolved") & Q(resolved_at__isnull=True)),
                name="coordination_earlywarning_resolved_at_when_resolved",
            ),
        ]
        indexes = [models.Index(fields=["initiative", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_for_coordinators(self) -> bool:
        return self.visibility == self.Visibility.COORDINATORS


class EarlyWarningNote(TimeStampedModel):
    """A follow-up on a warning: what was done or agreed, by the backbone office or the author."""

    warning = models.ForeignKey(
        EarlyWarning,
        verbose_name=_("early warning"),
        on_delete=models.CASCADE,
        related_name="notes",
    )
    text = models.TextField(_("follow-up"), help_text=_("What was done, agreed or found out."))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("follow-up note")
        verbose_name_plural = _("follow-up notes")
        ordering = ["warning_id", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(text=""), name="coordination_earlywarningnote_text_required"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]


# --- Meeting roles and the speakers' list (meetings without minutes) ------------------------
#
# Roles hold for one meeting only and rotate (`coordination.rotation` proposes who is next);
# the speakers' list is ordered by `coordination.speakers`, never by rank.


class MeetingRoleKind(models.TextChoices):
    MODERATION = "moderation", _("Moderation")
    TIMEKEEPING = "timekeeping", _("Time keeper")
    DOCUMENTATION = "documentation", _("Documentation")


MEETING_ROLE_HELP = {
    MeetingRoleKind.MODERATION: _("Leads through the agenda and calls on the next speaker."),
    MeetingRoleKind.TIMEKEEPING: _("Keeps an eye on the time boxes and says when one runs out."),
    MeetingRoleKind.DOCUMENTATION: _(
        "Makes sure the notes, decisions and action items are written down."
    ),
}


class MeetingRole(TimeStampedModel):
    """A role one member holds for one meeting: moderation, time keeping or documentation."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="roles"
    )
    kind = models.CharField(_("role"), max_length=20, choices=MeetingRoleKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("held by"),
        on_delete=models.CASCADE,
        related_name="meeting_roles",
        help_text=_("A coordinator or partner member of the initiative."),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("meeting role")
        verbose_name_plural = _("meeting roles")
        ordering = ["meeting_id", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "kind"], name="coordination_meetingrole_one_per_kind"
            ),
        ]
        indexes = [models.Index(fields=["user", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.user}"


class SpeakerRequest(TimeStampedModel):
    """Someone on a meeting's speakers' list; `spoken_at` is set once they had the floor.

    A person has at most one open request per meeting; answered requests stay as the history
    that puts first-time speakers ahead.
    """

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="speaker_requests",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("speaker"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("asked to speak at"), default=timezone.now)
    spoken_at = models.DateTimeField(_("spoke at"), null=True, blank=True)

    class Meta:
        verbose_name = _("request to speak")
        verbose_name_plural = _("requests to speak")
        ordering = ["meeting_id", "requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=Q(spoken_at__isnull=True),
                name="coordination_speakerrequest_one_open_per_person",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)
