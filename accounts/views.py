from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from accounts import forms, services
from accounts.models import REMINDER_FIELDS
from core.htmx import redirect, render_form_page


class LoginView(auth_views.LoginView):
    """E-mail login, limited against password guessing (`accounts.login_limits`): a refused
    attempt answers 429 with the time to wait in the page and in `Retry-After`."""

    template_name = "accounts/login.html"
    form_class = forms.LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, forms.TOO_MANY_ATTEMPTS):
            response.status_code = 429
            response["Retry-After"] = str(form.lock.seconds)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = forms.PasswordResetForm
    success_url = reverse_lazy("accounts:password-reset-sent")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = forms.SetPasswordForm
    success_url = reverse_lazy("accounts:password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = forms.PasswordChangeForm
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


@login_required
def profile_detail(request):
    user = request.user
    form = forms.ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(
            user=user,
            full_name=form.cleaned_data["full_name"],
            language=form.cleaned_data["language"],
            **{name: form.cleaned_data[name] for name in REMINDER_FIELDS},
            digest_frequency=form.cleaned_data["digest_frequency"],
        )
        translation.activate(user.language)
        messages.success(request, _("Your profile has been saved."))
        return redirect(request, "accounts:profile")
    context = {
        "form": form,
        "token": Token.objects.filter(user=user).first(),
        "memberships": user.memberships.select_related("initiative", "organisation"),
        # A new calendar address is shown once, right after it was made (only its hash is kept).
        "calendar_feed_url": request.session.pop("calendar_feed_url", None),
    }
    return render_form_page(request, "accounts/profile.html", context)


@login_required
@require_POST
def api_token_renew(request):
    token = services.api_token_renew(user=request.user)
    messages.success(
        request,
        _("Your new API key is %(key)s. The previous key no longer works.") % {"key": token.key},
    )
    return redirect(request, "accounts:profile")


@login_required
@require_POST
def api_token_revoke(request):
    services.api_token_revoke(user=request.user)
    messages.success(request, _("Your API key has been deleted."))
    return redirect(request, "accounts:profile")


@require_POST
def language_set(request):
    """Switch the interface language; remembered in the profile and in a cookie."""
    from django.conf import settings

    form = forms.LanguageForm(request.POST)
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = redirect(request, next_url)
    if form.is_valid():
        language = form.cleaned_data["language"]
        services.user_set_language(user=request.user, language=language)
        translation.activate(language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response
