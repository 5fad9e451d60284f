import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


class Sector(models.TextChoices):
    ADMINISTRATION = "administration", _("Public administration")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    BUSINESS = "business", _("Business")
    SCIENCE = "science", _("Science")
    TARGET_GROUP = "target_group", _("Target group / self-organisation")


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Backbone office")
    PARTNER = "partner", _("Partner member")
    VIEWER = "viewer", _("Report viewer")
    PARTICIPANT = "participant", _("Participant")


class Initiative(TimeStampedModel):
    """A Gemeinsam-Wirken initiative: partners working on one big problem together."""

    class Status(models.TextChoices):
        PLANNING = "planning", _("In preparation")
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        COMPLETED = "completed", _("Completed")

    name = models.CharField(
        _("name"), max_length=150, help_text=_("How the partners call the initiative.")
    )
    slug = models.SlugField(
        _("short name in addresses"),
        max_length=80,
        unique=True,
        help_text=_("Appears in the web addresses of the initiative; derived from the name."),
    )
    problem_statement = models.TextField(
        _("problem statement"),
        help_text=_("The problem that no partner can solve alone, as the partners see it."),
    )
    target_group = models.CharField(
        _("target group"),
        max_length=255,
        help_text=_("For whom should life change? E.g. international skilled workers in Berlin."),
    )
    region = models.CharField(
        _("region"), max_length=150, help_text=_("Where the initiative works, e.g. Berlin.")
    )
    start_date = models.DateField(
        _("start date"), help_text=_("Reporting periods are counted from this date.")
    )
    planned_end_date = models.DateField(
        _("planned end date"),
        null=True,
        blank=True,
        help_text=_("Without an end date, reporting periods run to the current one."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNING
    )

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="initiatives_initiative_name_ci_unique"),
            models.CheckConstraint(
                condition=Q(planned_end_date__isnull=True)
                | Q(planned_end_date__gt=models.F("start_date")),
                name="initiatives_initiative_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("initiatives:initiative-detail", kwargs={"slug": self.slug})


class Organisation(TimeStampedModel):
    """A partner organisation taking part in one initiative."""

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="organisations",
    )
    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(
        _("sector"),
        max_length=20,
        choices=Sector.choices,
        help_text=_("Which part of society the organisation brings to the table."),
    )
    website = models.URLField(_("website"), blank=True)
    contribution = models.TextField(
        _("contribution"),
        blank=True,
        help_text=_("In a few sentences: what the organisation contributes to the initiative."),
    )

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "initiative", Lower("name"), name="initiatives_organisation_name_ci_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(TimeStampedModel):
    """A person's one role in one initiative; partner members belong to one organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
        help_text=_("Required for partner members: the organisation they act for."),
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["initiative", "role", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "initiative"], name="initiatives_membership_one_role"
            ),
            models.CheckConstraint(
                condition=(Q(role="partner") & Q(organisation__isnull=False))
                | (~Q(role="partner") & Q(organisation__isnull=True)),
                name="initiatives_membership_partner_has_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}, {self.get_role_display()} ({self.initiative})"

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR


def invitation_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(TimeStampedModel):
    """An invitation by e-mail to join an initiative with a role.

    Only a hash of the token is stored; the link in the e-mail carries the token itself.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ACCEPTED = "accepted", _("accepted")
        EXPIRED = "expired", _("expired")
        REVOKED = "revoked", _("withdrawn")

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    message = models.TextField(
        _("personal message"),
        blank=True,
        help_text=_("Appears in the invitation e-mail."),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("valid until"))
    sent_count = models.PositiveSmallIntegerField(_("times sent"), default=1)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                "initiative",
                Lower("email"),
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="initiatives_invitation_one_open_per_email",
            ),
            models.CheckConstraint(
                condition=(Q(role="partner") & Q(organisation__isnull=False))
                | (~Q(role="partner") & Q(organisation__isnull=True)),
                name="initiatives_invitation_partner_has_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.initiative}"

    @property
    def status(self) -> str:
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.revoked_at:
            return self.Status.REVOKED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.OPEN

    def get_status_display(self) -> str:
        return self.Status(self.status).label


# The common agenda (success factor 2, "Gemeinsame Zielsetzung")


class AgendaText(TimeStampedModel):
    """The four sections of a common agenda and a note on what changed; shared by draft and
    published versions."""

    SECTIONS = ("vision", "problem", "approach", "principles")

    vision = models.TextField(
        _("vision"),
        blank=True,
        help_text=_(
            "Where the initiative wants to be in a few years: the change in people's lives that "
            "all partners work towards."
        ),
    )
    problem = models.TextField(
        _("the problem as we understand it"),
        blank=True,
        help_text=_(
            "The problem as the partners understand it together: who is affected, what the "
            "causes are, and why no partner can solve it alone."
        ),
    )
    approach = models.TextField(
        _("solution approach"),
        blank=True,
        help_text=_(
            "How the partners want to solve the problem together: the main lines of work and "
            "what each sector contributes."
        ),
    )
    principles = models.TextField(
        _("guiding principles"),
        blank=True,
        help_text=_("The values and rules of working together that all partners share."),
    )
    change_note = models.TextField(
        _("what has changed"),
        blank=True,
        help_text=_(
            "In a few sentences: what is new compared with the previous version, and "
            "why. The partners read this when they are asked to endorse the agenda again."
        ),
    )

    class Meta:
        abstract = True

    def section_items(self) -> list[tuple[str, str, str]]:
        """(field name, label, text) of the four sections, in reading order."""
        return [
            (name, self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in self.SECTIONS
        ]


class AgendaDraft(AgendaText):
    """The backbone office's working draft of the next version; at most one per initiative.

    Publishing turns the draft into a new, immutable `AgendaVersion` and removes it.
    """

    initiative = models.OneToOneField(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="agenda_draft",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("agenda draft")
        verbose_name_plural = _("agenda drafts")

    def __str__(self) -> str:
        return f"{self.initiative}: {_('draft')}"


class AgendaVersion(AgendaText):
    """A published version of the common agenda. Never changed after publication: a new text
    is a new version, and every partner organisation is asked to endorse it again."""

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="agenda_versions",
    )
    number = models.PositiveIntegerField(
        _("version"), help_text=_("Counts up from 1 with every publication.")
    )
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("agenda version")
        verbose_name_plural = _("agenda versions")
        ordering = ["initiative", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "number"], name="initiatives_agendaversion_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="initiatives_agendaversion_number_positive"
            ),
            models.CheckConstraint(
                condition=~Q(vision="") & ~Q(problem="") & ~Q(approach="") & ~Q(principles=""),
                name="initiatives_agendaversion_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative}: {_('version')} {self.number}"

    def get_absolute_url(self) -> str:
        return reverse(
            "initiatives:agenda-version-detail",
            kwargs={"slug": self.initiative.slug, "number": self.number},
        )


class Endorsement(TimeStampedModel):
    """A partner organisation's statement that it carries one version of the common agenda.

    One per organisation and version; it may be changed while the version is current (the
    audit log keeps the earlier statements). Reservations are written down, so that
    disagreement becomes visible and can be talked about.
    """

    class Level(models.TextChoices):
        FULLY = "fully", _("We carry it fully")
        WITH_RESERVATIONS = "with_reservations", _("We carry it with reservations")

    version = models.ForeignKey(
        AgendaVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="endorsements",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("partner organisation"),
        # An organisation that has endorsed stays in the directory; deleting the whole
        # initiative still removes both.
        on_delete=models.RESTRICT,
        related_name="endorsements",
    )
    level = models.CharField(
        _("how the organisation carries the agenda"), max_length=20, choices=Level.choices
    )
    reservation = models.TextField(
        _("reservation"),
        blank=True,
        help_text=_(
            "Required when your organisation carries the agenda with reservations: what it "
            "cannot support (yet), and why."
        ),
    )
    comment = models.TextField(
        _("comment"),
        blank=True,
        help_text=_("Anything else the other partners should know."),
    )
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("stated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    endorsed_at = models.DateTimeField(_("stated at"))

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        ordering = ["version", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "organisation"], name="initiatives_endorsement_one_per_version"
            ),
            models.CheckConstraint(
                condition=(Q(level="fully") & Q(reservation=""))
                | (Q(level="with_reservations") & ~Q(reservation="")),
                name="initiatives_endorsement_reservation_written_down",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.version}"

    @property
    def with_reservations(self) -> bool:
        return self.level == self.Level.WITH_RESERVATIONS


class GlossaryTerm(TimeStampedModel):
    """One term of the initiative's shared language, with the meaning the partners agreed on."""

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="glossary_terms",
    )
    term = models.CharField(
        _("term"), max_length=120, help_text=_("The word or phrase, e.g. “focus group”.")
    )
    definition = models.TextField(
        _("meaning"),
        help_text=_("What the partners mean by it, in words a newcomer understands."),
    )

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        ordering = [Lower("term")]
        constraints = [
            models.UniqueConstraint(
                "initiative", Lower("term"), name="initiatives_glossaryterm_term_ci_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.term
