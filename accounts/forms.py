import uuid

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import login_limits
from accounts.models import REMINDER_FIELDS
from core.forms import KernFormMixin, KernModelForm
from core.http import client_address
from core.mail import email_enqueue

TOO_MANY_ATTEMPTS = "too_many_attempts"


class LoginLimitMixin:
    """Refuse the login while the e-mail address or the client is locked, without checking the
    password; count a wrong password, and clear the count after a correct one
    (`accounts.login_limits`). A refusal is the non-field error with the code
    `TOO_MANY_ATTEMPTS`, and `self.lock` says how long it lasts."""

    lock: login_limits.Lock | None = None

    def clean(self):
        email = self.data.get("username", "")
        address = client_address(self.request)
        self.lock = login_limits.login_lock(email=email, address=address)
        if self.lock:
            raise self.too_many_attempts_error()
        try:
            cleaned_data = super().clean()
        except ValidationError as error:
            if error.code == "invalid_login":
                self.lock = login_limits.login_failure_record(email=email, address=address)
                if self.lock:
                    raise self.too_many_attempts_error() from error
            raise
        if self.user_cache is not None:
            login_limits.login_failures_clear(email=email)
        return cleaned_data

    def too_many_attempts_error(self) -> ValidationError:
        minutes = self.lock.minutes
        return ValidationError(
            ngettext(
                "Too many failed login attempts. Please try again in %(minutes)s minute, "
                "or set a new password with “Forgot your password?”.",
                "Too many failed login attempts. Please try again in %(minutes)s minutes, "
                "or set a new password with “Forgot your password?”.",
                minutes,
            )
            % {"minutes": minutes},
            code=TOO_MANY_ATTEMPTS,
        )


class LoginForm(LoginLimitMixin, KernFormMixin, auth_forms.AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _(
            "The e-mail address or the password is not correct. Please check both; "
            "the password is case-sensitive."
        ),
        "inactive": _("This account has been deactivated."),
    }


class AdminLoginForm(LoginLimitMixin, AdminAuthenticationForm):
    """The operators' login (`/betrieb/`) counts failures with the same limits."""


class PasswordResetForm(KernFormMixin, auth_forms.PasswordResetForm):
    """Sends the reset e-mail, at most `PASSWORD_RESET_LIMIT` times per address (and
    `LOGIN_ATTEMPTS_IP_LIMIT` times per client) within `LOGIN_ATTEMPTS_WINDOW`; over the limit
    `save` sends nothing and the page answers as always, so it tells nothing either way."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def save(self, *args, request=None, **kwargs):
        if request is not None and not login_limits.password_reset_request_allowed(
            email=self.cleaned_data["email"], address=client_address(request)
        ):
            return
        super().save(*args, request=request, **kwargs)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        user = context["user"]
        email_enqueue(
            key=f"password-reset:{user.pk}:{uuid.uuid4()}",
            to_email=to_email,
            template="password_reset",
            context={
                "name": user.full_name,
                "reset_path": reverse(
                    "accounts:password-reset-confirm",
                    kwargs={"uidb64": context["uid"], "token": context["token"]},
                ),
            },
            language=user.language,
        )


class SetPasswordForm(KernFormMixin, auth_forms.SetPasswordForm):
    """The new password from a reset link; it also lifts a lock on the account's logins, since
    whoever holds the link has the mailbox."""

    def save(self, commit=True):
        user = super().save(commit=commit)
        login_limits.login_failures_clear(email=user.email)
        return user


class PasswordChangeForm(KernFormMixin, auth_forms.PasswordChangeForm):
    pass


class ProfileForm(KernModelForm):
    class Meta:
        model = get_user_model()
        fields = ["full_name", "language", "digest_frequency", *REMINDER_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A form sent without the digest choice (an older page, a script) keeps the setting.
        if self.is_bound and "digest_frequency" not in self.data:
            self.data = self.data.copy()
            self.data["digest_frequency"] = self.instance.digest_frequency


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES)
    next = forms.CharField(required=False)
