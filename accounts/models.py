from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The kinds of reminder e-mail a person switches on or off in the profile.
REMINDER_FIELDS = ("remind_reporting", "remind_action_items", "remind_meetings")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class DigestFrequency(models.TextChoices):
    """How often a person receives the e-mail digest of their unread notifications."""

    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    OFF = "off", _("Never")


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Logs in with the e-mail address; belongs to initiatives through memberships."""

    email = models.EmailField(
        _("e-mail address"),
        unique=True,
        help_text=_("Used to log in and to receive invitations, reminders and digests."),
    )
    full_name = models.CharField(
        _("name"), max_length=150, help_text=_("Shown to the other members of your initiatives.")
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the interface and of the e-mails you receive."),
    )
    digest_frequency = models.CharField(
        _("e-mail digest"),
        max_length=10,
        choices=DigestFrequency.choices,
        default=DigestFrequency.WEEKLY,
        help_text=_(
            "One e-mail with your unread notifications instead of an e-mail per event: every "
            "morning, every Monday morning, or never."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("platform operator"),
        default=False,
        help_text=_("May use the administration interface of the platform."),
    )
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # Reminders by e-mail, each kind switched off on its own in the profile.
    remind_reporting = models.BooleanField(
        _("values due for reporting"),
        default=True,
        help_text=_("Before your organisation's values are due, and when they are overdue."),
    )
    remind_action_items = models.BooleanField(
        _("action items"),
        default=True,
        help_text=_("The day before an action item of yours is due, and when it is overdue."),
    )
    remind_meetings = models.BooleanField(
        _("meetings"),
        default=True,
        help_text=_("The day before a meeting, with the invitation for your calendar."),
    )
    calendar_token_hash = models.CharField(
        _("calendar address"),
        max_length=64,
        blank=True,
        db_index=True,
        editable=False,
        help_text=_("Hash of the secret in the personal calendar address; empty when it is off."),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email
