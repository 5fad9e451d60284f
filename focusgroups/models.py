"""Focus groups: small, diverse groups that work on one problem in five steps and dissolve when
it is solved (seed 003). This part holds the group, its members, the problem statement (step 1)
and the barrier board (step 2), solution concepts (step 3) and prototypes with their success
criteria (steps 4 and 5); sprints, tasks, feedback and the guide hang off
the group as well.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from initiatives.models import Initiative

DEFAULT_CARD_TAGS = ["Fachkräfte", "Arbeitgebende", "Verwaltung", "Beratung"]


class Perspective(models.TextChoices):
    """What a member brings to the group; the first four are the ones a group should have."""

    ADMINISTRATION = "administration", _("public administration")
    CIVIL_SOCIETY = "civil_society", _("civil society")
    BUSINESS = "business", _("business")
    TARGET_GROUP = "target_group", _("the target group's own perspective")
    SCIENCE = "science", _("science")
    BACKBONE = "backbone", _("backbone office")


# The perspectives the diversity check asks for, in the order they are named.
REQUIRED_PERSPECTIVES = (
    Perspective.ADMINISTRATION,
    Perspective.CIVIL_SOCIETY,
    Perspective.BUSINESS,
    Perspective.TARGET_GROUP,
)


class Stage(models.IntegerChoices):
    BARRIERS_RECOGNISED = 1, _("Recognise structural barriers")
    BARRIERS_CONCRETISED = 2, _("Concretise barriers")
    SOLUTIONS = 3, _("Develop solution concepts")
    PROTOTYPES = 4, _("Build and test prototypes")
    HAND_ON = 5, _("Improve and hand on")


class Outcome(models.TextChoices):
    """What became of a focus group's good practice (step 5)."""

    PERMANENT = "permanent", _("made permanent (verstetigt)")
    SCALED = "scaled", _("transferred or scaled (übertragen, skaliert)")
    BOTH = "both", _("made permanent and scaled")


class FocusGroup(TimeStampedModel):
    """A small, diverse group inside an initiative that works on one problem."""

    Outcome = Outcome

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        DISSOLVED = "dissolved", _("dissolved")

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="focus_groups",
    )
    name = models.CharField(
        _("name"),
        max_length=150,
        help_text=_("A short name that says what the group works on."),
    )
    target_group = models.CharField(
        _("for whom"),
        max_length=255,
        help_text=_(
            "Whose life should change? As concrete as possible, e.g. international skilled "
            "workers with a recognised degree."
        ),
    )
    desired_change = models.TextField(
        _("what should change in their lives"),
        help_text=_("The change the group works towards, seen from the people concerned."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    stage = models.PositiveSmallIntegerField(
        _("step"),
        choices=Stage.choices,
        default=Stage.BARRIERS_RECOGNISED,
        help_text=_("The step of the five-step method the group is working on."),
    )
    stage_note = models.TextField(
        _("note on the last change of step"),
        blank=True,
        help_text=_("Why the group moved on although something was still missing."),
    )
    open_to_join = models.BooleanField(
        _("open to join"),
        default=True,
        help_text=_(
            "Partner members of the initiative may join and leave on their own. Participants "
            "always join when a member adds them."
        ),
    )
    hide_authorship = models.BooleanField(
        _("hide who wrote a card"),
        default=False,
        help_text=_(
            "Nobody sees who wrote which barrier card, so that rank plays no part. Everyone "
            "still recognises their own cards. The setting holds for cards written from now "
            "on: each card keeps the setting under which it was written, so switching it off "
            "later never reveals who wrote the earlier cards."
        ),
    )
    dots_per_person = models.PositiveSmallIntegerField(
        _("dots per person"),
        default=5,
        help_text=_("How many dots each member may give on the barrier board (1 to 20)."),
    )
    card_tags = models.JSONField(
        _("perspectives on the board"),
        default=list,
        blank=True,
        help_text=_("From whose point of view a barrier is seen, e.g. skilled workers, employers."),
    )
    board_version = models.PositiveIntegerField(
        _("board version"),
        default=0,
        editable=False,
        help_text=_("Counts every change on the board, so open boards know when to refresh."),
    )
    founded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("founded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    dissolved_at = models.DateTimeField(_("dissolved at"), null=True, blank=True)
    dissolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dissolved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    dissolved_reason = models.TextField(
        _("why the group dissolved"),
        blank=True,
        help_text=_("E.g. the problem is solved, or others now carry it on."),
    )
    handover_note = models.TextField(
        _("hand-over note"),
        blank=True,
        help_text=_("What others need to know to carry the results on: who, what, where."),
    )
    # Step 5: what became of the good practice, and the common agenda's objectives it serves.
    outcome = models.CharField(
        _("what became of the practice"),
        max_length=20,
        choices=Outcome.choices,
        blank=True,
        help_text=_(
            "Whether the tested practice was made permanent (verstetigt) or transferred to "
            "other places (übertragen, skaliert)."
        ),
    )
    outcome_where = models.TextField(
        _("where and by whom"),
        blank=True,
        help_text=_("E.g. “a regular service of the job centre Mitte since March”."),
    )
    outcome_date = models.DateField(
        _("since when"), null=True, blank=True, help_text=_("The date it took effect.")
    )
    objectives = models.ManyToManyField(
        "impact.Objective",
        verbose_name=_("impact objectives"),
        related_name="focus_groups",
        blank=True,
        help_text=_("The objectives of the common agenda the group's problem relates to."),
    )
    indicators = models.ManyToManyField(
        "impact.Indicator",
        verbose_name=_("indicators"),
        related_name="focus_groups",
        blank=True,
        help_text=_("Optional. Indicators of these objectives the group's work should move."),
    )

    class Meta:
        verbose_name = _("focus group")
        verbose_name_plural = _("focus groups")
        ordering = ["initiative", "name"]
        constraints = [
            models.UniqueConstraint(
                "initiative", Lower("name"), name="focusgroups_focusgroup_name_ci_unique"
            ),
            models.CheckConstraint(
                condition=Q(stage__gte=1) & Q(stage__lte=5), name="focusgroups_focusgroup_stage"
            ),
            models.CheckConstraint(
                condition=Q(dots_per_person__gte=1) & Q(dots_per_person__lte=20),
                name="focusgroups_focusgroup_dots_range",
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | (Q(outcome_date__isnull=False) & ~Q(outcome_where="")),
                name="focusgroups_focusgroup_outcome_complete",
            ),
            models.CheckConstraint(
                condition=Q(status="active", dissolved_at__isnull=True)
                | (Q(status="dissolved", dissolved_at__isnull=False) & ~Q(dissolved_reason="")),
                name="focusgroups_focusgroup_dissolved_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "focusgroups:group-detail", kwargs={"slug": self.initiative.slug, "pk": self.pk}
        )

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def tags(self) -> list[str]:
        return list(self.card_tags or DEFAULT_CARD_TAGS)


class FocusGroupMember(TimeStampedModel):
    """A person taking part in a focus group. Leaving deletes the row (the audit log keeps it).

    The member's perspective is not stored: it follows from their role in the initiative (the
    sector of their organisation, or the target group's own perspective for participants).
    """

    group = models.ForeignKey(
        FocusGroup, verbose_name=_("focus group"), on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="focus_group_memberships",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("focus group member")
        verbose_name_plural = _("focus group members")
        ordering = ["group", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="focusgroups_member_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.group})"

    @property
    def joined_at(self):
        return self.created_at


class ProblemStatement(TimeStampedModel):
    """Step 1: the problem from the users' perspective, which the group agrees on.

    It counts as agreed when more than half of the members have agreed to the current text, or a
    coordinator has confirmed it for the group (e.g. after agreeing on it in a meeting).
    Changing the text withdraws every agreement: they were given to the old text.
    """

    group = models.OneToOneField(
        FocusGroup,
        verbose_name=_("focus group"),
        on_delete=models.CASCADE,
        related_name="problem",
    )
    affected = models.TextField(
        _("who is affected"),
        help_text=_("The people concerned, as concretely as possible. Who is hit hardest?"),
    )
    hindrance = models.TextField(
        _("what hinders them"),
        help_text=_("What stands in their way, in their own words, not in those of the system."),
    )
    change = models.TextField(
        _("what should change"),
        help_text=_("What would be different in their lives if the problem were solved."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    agreed_at = models.DateTimeField(_("agreed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed for the group by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A coordinator who confirmed the statement on behalf of the group."),
    )

    class Meta:
        verbose_name = _("problem statement")
        verbose_name_plural = _("problem statements")

    def __str__(self) -> str:
        return f"{self.group}: {self.hindrance[:60]}"

    @property
    def is_agreed(self) -> bool:
        return self.agreed_at is not None


class ProblemAgreement(models.Model):
    """One member's "I agree" to the current text of a problem statement."""

    statement = models.ForeignKey(
        ProblemStatement,
        verbose_name=_("problem statement"),
        on_delete=models.CASCADE,
        related_name="agreements",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("agreed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "user"], name="focusgroups_agree_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.statement}"


class BarrierCluster(TimeStampedModel):
    """A heading on the barrier board under which related cards are grouped."""

    group = models.ForeignKey(
        FocusGroup, verbose_name=_("focus group"), on_delete=models.CASCADE, related_name="clusters"
    )
    name = models.CharField(_("name"), max_length=120, help_text=_("E.g. “Matching”."))

    class Meta:
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        ordering = ["group", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                "group", Lower("name"), name="focusgroups_cluster_name_ci_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class BarrierCard(TimeStampedModel):
    """Step 2: one barrier on the board, seen from one perspective."""

    group = models.ForeignKey(
        FocusGroup, verbose_name=_("focus group"), on_delete=models.CASCADE, related_name="cards"
    )
    text = models.TextField(
        _("barrier"),
        max_length=500,
        help_text=_("One barrier per card, in a sentence or two."),
    )
    perspective = models.CharField(
        _("seen from the perspective of"),
        max_length=60,
        help_text=_("Whose barrier is it? E.g. skilled workers or employers."),
    )
    cluster = models.ForeignKey(
        BarrierCluster,
        verbose_name=_("cluster"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cards",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The group's promise when the card was written, kept per card: switching the group's
    # setting off later must not reveal who wrote the cards written under it.
    author_hidden = models.BooleanField(
        _("author hidden"),
        default=True,
        help_text=_(
            "Nobody but the author sees who wrote this card, because the group hid authorship "
            "when it was written."
        ),
    )

    class Meta:
        verbose_name = _("barrier card")
        verbose_name_plural = _("barrier cards")
        ordering = ["group", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class BarrierVote(models.Model):
    """One dot on a card. A person may put several dots on one card, up to the group's limit."""

    card = models.ForeignKey(
        BarrierCard, verbose_name=_("barrier card"), on_delete=models.CASCADE, related_name="votes"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("given at"), auto_now_add=True)

    class Meta:
        verbose_name = _("dot")
        verbose_name_plural = _("dots")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.user} → {self.card}"


class SolutionConcept(TimeStampedModel):
    """Step 3: an idea for removing one or more prioritised barriers, developed by the group."""

    group = models.ForeignKey(
        FocusGroup, verbose_name=_("focus group"), on_delete=models.CASCADE, related_name="concepts"
    )
    title = models.CharField(
        _("title"), max_length=200, help_text=_("A short name, e.g. “Matching evening”.")
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("What the solution is, for whom, and what should change through it."),
    )
    barriers = models.ManyToManyField(
        BarrierCard,
        verbose_name=_("barriers addressed"),
        related_name="concepts",
        blank=True,
        help_text=_("The barrier cards this concept works on."),
    )
    objectives = models.ManyToManyField(
        "impact.Objective",
        verbose_name=_("impact objectives"),
        related_name="solution_concepts",
        blank=True,
        help_text=_("The objectives of the common agenda the concept serves."),
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
        verbose_name = _("solution concept")
        verbose_name_plural = _("solution concepts")
        ordering = ["group", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title=""), name="focusgroups_concept_title_required"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Prototype(TimeStampedModel):
    """Step 4: a concrete, small test of a concept (e.g. one matching event).

    A second iteration points to the prototype it improves (`previous`) and says what changed
    because of the feedback (step 5).
    """

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        TESTED = "tested", _("tested")
        EVALUATED = "evaluated", _("evaluated")

    group = models.ForeignKey(
        FocusGroup,
        verbose_name=_("focus group"),
        on_delete=models.CASCADE,
        related_name="prototypes",
    )
    concept = models.ForeignKey(
        SolutionConcept,
        verbose_name=_("solution concept"),
        on_delete=models.RESTRICT,
        related_name="prototypes",
        help_text=_("The concept this prototype tests."),
    )
    title = models.CharField(
        _("title"), max_length=200, help_text=_("E.g. “Matching evening in the town hall”.")
    )
    plan = models.TextField(
        _("plan"),
        blank=True,
        help_text=_("What happens, who takes part, who prepares what."),
    )
    test_date = models.DateField(
        _("date of the test"), null=True, blank=True, help_text=_("When the test takes place.")
    )
    place = models.CharField(_("place"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    results_summary = models.TextField(
        _("what we learned"),
        blank=True,
        help_text=_("After the test: what worked, what did not, what the participants said."),
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("improves on"),
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="next_iterations",
        help_text=_("For a second iteration: the prototype it improves."),
    )
    changes_from_previous = models.TextField(
        _("what changed because of the feedback"),
        blank=True,
        help_text=_(
            "For a second iteration: what was changed compared with the first test, and why."
        ),
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
        verbose_name = _("prototype")
        verbose_name_plural = _("prototypes")
        ordering = ["group", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title=""), name="focusgroups_prototype_title_required"
            ),
            models.CheckConstraint(
                condition=Q(previous__isnull=True) | ~Q(previous=models.F("pk")),
                name="focusgroups_prototype_not_its_own_iteration",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SuccessCriterion(TimeStampedModel):
    """What counts as success from the target group's point of view, measurable, and its result."""

    class Direction(models.TextChoices):
        AT_LEAST = "at_least", _("at least")
        AT_MOST = "at_most", _("at most")

    prototype = models.ForeignKey(
        Prototype,
        verbose_name=_("prototype"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    description = models.CharField(
        _("what is measured"),
        max_length=300,
        help_text=_(
            "From the target group's point of view, e.g. “participants who got an interview”."
        ),
    )
    direction = models.CharField(
        _("success means"), max_length=10, choices=Direction.choices, default=Direction.AT_LEAST
    )
    target_value = models.DecimalField(
        _("target"),
        max_digits=14,
        decimal_places=2,
        help_text=_("How much counts as success, e.g. 5."),
    )
    unit = models.CharField(
        _("unit"), max_length=40, blank=True, help_text=_("E.g. “people” or “%”.")
    )
    actual_value = models.DecimalField(
        _("result"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("After the test: what was actually reached."),
    )
    result_note = models.TextField(
        _("note on the result"), blank=True, help_text=_("Optional. How it was counted, context.")
    )
    indicator = models.ForeignKey(
        "impact.Indicator",
        verbose_name=_("indicator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="success_criteria",
        help_text=_("Optional. The indicator of the common agenda the result contributes to."),
    )

    class Meta:
        verbose_name = _("success criterion")
        verbose_name_plural = _("success criteria")
        ordering = ["prototype", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(description=""), name="focusgroups_criterion_description_required"
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def is_met(self) -> bool | None:
        """None until a result is entered; then whether the target was reached."""
        if self.actual_value is None:
            return None
        if self.direction == self.Direction.AT_MOST:
            return self.actual_value <= self.target_value
        return self.actual_value >= self.target_value


# Step 4: participants' feedback on a prototype, through a link that needs no account


# How long participants' answers are kept; the consent text says so, a daily task enforces it.
FEEDBACK_RETENTION_DAYS = 365


def feedback_token() -> str:
    """An unguessable token for a public feedback link (192 random bits)."""
    return secrets.token_urlsafe(24)


class FeedbackLink(TimeStampedModel):
    """A link the group hands to the participants of a test (on paper, as a QR code, by chat).

    Whoever has the link may answer, without an account; the group closes it when the feedback
    round is over. The token is shown to the group again and again (it is meant to be shared),
    so it is stored as it is, not hashed like an invitation's.
    """

    prototype = models.ForeignKey(
        Prototype,
        verbose_name=_("prototype"),
        on_delete=models.CASCADE,
        related_name="feedback_links",
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=feedback_token)
    label = models.CharField(
        _("label"),
        max_length=120,
        blank=True,
        help_text=_("Optional. For whom or where the link is handed out, e.g. “Evening, table 3”."),
    )
    one_per_device = models.BooleanField(
        _("one answer per device"),
        default=True,
        help_text=_(
            "A phone or computer can answer only once (remembered with a cookie; no personal data)."
        ),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("feedback link")
        verbose_name_plural = _("feedback links")
        ordering = ["prototype", "created_at", "pk"]

    def __str__(self) -> str:
        return self.label or str(self.prototype)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def get_absolute_url(self) -> str:
        return reverse("focusgroups:feedback-form", kwargs={"token": self.token})


class FeedbackResponse(models.Model):
    """One participant's answer. Deliberately without name, e-mail, IP address or account."""

    link = models.ForeignKey(
        FeedbackLink,
        verbose_name=_("feedback link"),
        on_delete=models.CASCADE,
        related_name="responses",
    )
    prototype = models.ForeignKey(
        Prototype,
        verbose_name=_("prototype"),
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    rating = models.PositiveSmallIntegerField(
        _("did it help?"),
        help_text=_("From 1 (not at all) to 5 (very much)."),
    )
    went_well = models.TextField(_("what was good"), blank=True)
    to_change = models.TextField(_("what should change"), blank=True)
    consent_at = models.DateTimeField(_("consent given at"))
    created_at = models.DateTimeField(_("answered at"), auto_now_add=True)
    form_nonce = models.CharField(
        _("form mark"),
        max_length=32,
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_(
            "A random mark of the form as it was shown, so that the same form sent twice (a "
            "double tap) is stored once. It says nothing about who answered."
        ),
    )

    class Meta:
        verbose_name = _("feedback answer")
        verbose_name_plural = _("feedback answers")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5),
                name="focusgroups_feedback_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prototype}: {self.rating}"


# --- Step 5: the good-practice guide (Leitfaden) ------------------------------------------


class Guide(TimeStampedModel):
    """The good-practice guide a group hands on to decision makers (step 5).

    Its sections are plain text the group edits; "assemble" fills them from the group's own
    content (`focusgroups.guide`). A final guide is locked; a coordinator may reopen it.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        FINAL = "final", _("final")

    group = models.OneToOneField(
        FocusGroup, verbose_name=_("focus group"), on_delete=models.CASCADE, related_name="guide"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    problem = models.TextField(
        _("the problem"),
        blank=True,
        help_text=_("For whom, what hinders them and what should change, in their words."),
    )
    barriers = models.TextField(
        _("barriers and their priority"),
        blank=True,
        help_text=_("The structural barriers the group found, most important first."),
    )
    concept = models.TextField(
        _("the solution concept"),
        blank=True,
        help_text=_("What the solution is and which barriers it removes."),
    )
    results = models.TextField(
        _("test results against the criteria"),
        blank=True,
        help_text=_("What was tested, when, and what was reached against each criterion."),
    )
    improvements = models.TextField(
        _("what was improved"),
        blank=True,
        help_text=_("What the second iteration changed because of the feedback."),
    )
    lessons = models.TextField(
        _("lessons learned"),
        blank=True,
        help_text=_("What others should know before they try it themselves."),
    )
    recommendations = models.TextField(
        _("recommendations for making it permanent and scaling it"),
        blank=True,
        help_text=_("What decision makers need to do so the practice lasts and spreads."),
    )
    assembled_at = models.DateTimeField(
        _("last assembled at"),
        null=True,
        blank=True,
        help_text=_("When the sections were last filled from the group's content."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("finalised by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # The sections in the order a reader meets them.
    SECTIONS = (
        "problem",
        "barriers",
        "concept",
        "results",
        "improvements",
        "lessons",
        "recommendations",
    )
    # A guide can be final only with these sections written.
    REQUIRED_SECTIONS = ("problem", "barriers", "concept", "results", "recommendations")

    class Meta:
        verbose_name = _("guide")
        verbose_name_plural = _("guides")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(finalised_at__isnull=False),
                name="focusgroups_guide_final_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group}: {self.get_status_display()}"

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL

    def section_list(self) -> list[tuple[str, str, str]]:
        """(field name, title, text) for every section, in order."""
        return [
            (name, str(self._meta.get_field(name).verbose_name), getattr(self, name))
            for name in self.SECTIONS
        ]


# Step 3: how the group works on its concepts (seed 003: tasks on a board instead of minutes,
# sprints and retrospectives). Sessions of the group are meetings of the coordination app.


class Sprint(TimeStampedModel):
    """A short, fixed stretch of work with one goal; it ends with a retrospective.

    A sprint is planned, then started, then finished. At most one sprint of a group runs at a
    time (a database constraint): the group works on one goal together, and the board's
    "current sprint" is never ambiguous. Planned sprints may be prepared in any number.
    """

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        RUNNING = "running", _("running")
        FINISHED = "finished", _("finished")

    group = models.ForeignKey(
        FocusGroup, verbose_name=_("focus group"), on_delete=models.CASCADE, related_name="sprints"
    )
    goal = models.CharField(
        _("goal"),
        max_length=255,
        help_text=_(
            "What the group wants to have at the end, e.g. “Invitation to the matching "
            "evening is sent to 20 companies”."
        ),
    )
    start_date = models.DateField(_("start"), help_text=_("The first day of the sprint."))
    end_date = models.DateField(
        _("end"), help_text=_("The last day; the retrospective takes place then.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("sprint")
        verbose_name_plural = _("sprints")
        ordering = ["group", "-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(goal=""), name="focusgroups_sprint_goal_required"),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="focusgroups_sprint_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["group"],
                condition=Q(status="running"),
                name="focusgroups_one_running_sprint",
            ),
        ]

    def __str__(self) -> str:
        return self.goal

    @property
    def is_running(self) -> bool:
        return self.status == self.Status.RUNNING


class RetroItem(TimeStampedModel):
    """One sticky note of a sprint's retrospective. Notes are shown without names, so that rank
    plays no part; everyone still recognises their own."""

    class Kind(models.TextChoices):
        WENT_WELL = "went_well", _("went well")
        TO_IMPROVE = "to_improve", _("to improve")
        TRY_NEXT = "try_next", _("we try next")

    sprint = models.ForeignKey(
        Sprint, verbose_name=_("sprint"), on_delete=models.CASCADE, related_name="retro_items"
    )
    kind = models.CharField(_("column"), max_length=20, choices=Kind.choices)
    text = models.TextField(
        _("note"), max_length=500, help_text=_("One thought per note, in a sentence or two.")
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
        verbose_name = _("retrospective note")
        verbose_name_plural = _("retrospective notes")
        ordering = ["sprint", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="focusgroups_retro_text_required"),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class Task(TimeStampedModel):
    """Who does what by when, on the group's board: transparent for everyone, no controlling."""

    class Status(models.TextChoices):
        TODO = "todo", _("to do")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")

    group = models.ForeignKey(
        FocusGroup, verbose_name=_("focus group"), on_delete=models.CASCADE, related_name="tasks"
    )
    title = models.CharField(
        _("task"), max_length=200, help_text=_("What is to be done, e.g. “Book a room”.")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who does it"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="focus_group_tasks",
        help_text=_("A member of the group. Leave empty until someone takes it on."),
    )
    due_date = models.DateField(
        _("due by"), null=True, blank=True, help_text=_("The day by which it should be done.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.TODO
    )
    concept = models.ForeignKey(
        SolutionConcept,
        verbose_name=_("solution concept"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
        help_text=_("Optional. The concept the task belongs to."),
    )
    sprint = models.ForeignKey(
        Sprint,
        verbose_name=_("sprint"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
        help_text=_("Optional. The sprint in which the task is to be done."),
    )
    retro_item = models.OneToOneField(
        RetroItem,
        verbose_name=_("from the retrospective note"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="task",
        help_text=_("The “we try next” note this task was made from."),
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["group", "due_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="focusgroups_task_title_required"),
        ]
        indexes = [models.Index(fields=["group", "status"], name="focusgroups_task_status")]

    def __str__(self) -> str:
        return self.title


class FocusGroupSession(TimeStampedModel):
    """A session of the group, held as a meeting of the initiative (agenda, notes, decisions
    and temporary roles live there); this row says which group it belongs to."""

    group = models.ForeignKey(
        FocusGroup, verbose_name=_("focus group"), on_delete=models.CASCADE, related_name="sessions"
    )
    meeting = models.OneToOneField(
        "coordination.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="focus_group_session",
    )

    class Meta:
        verbose_name = _("focus group session")
        verbose_name_plural = _("focus group sessions")
        ordering = ["group", "-meeting__starts_at"]

    def __str__(self) -> str:
        return f"{self.group}: {self.meeting}"
