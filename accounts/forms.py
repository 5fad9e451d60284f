import uuid

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import REMINDER_FIELDS
from core.forms import KernFormMixin, KernModelForm
from core.mail import email_enqueue


class LoginForm(KernFormMixin, auth_forms.AuthenticationForm):
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


class PasswordResetForm(KernFormMixin, auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

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
    pass


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
