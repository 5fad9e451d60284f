from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("anmelden/", views.LoginView.as_view(), name="login"),
    path("abmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("passwort-vergessen/", views.PasswordResetView.as_view(), name="password-reset"),
    path(
        "passwort-vergessen/gesendet/",
        views.PasswordResetDoneView.as_view(),
        name="password-reset-sent",
    ),
    path(
        "passwort-zuruecksetzen/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "passwort-zuruecksetzen/fertig/",
        views.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
    path("passwort-aendern/", views.PasswordChangeView.as_view(), name="password-change"),
    path("profil/", views.profile_detail, name="profile"),
    path("profil/api-schluessel/", views.api_token_renew, name="api-token-renew"),
    path("profil/api-schluessel/loeschen/", views.api_token_revoke, name="api-token-revoke"),
    path("sprache/", views.language_set, name="language-set"),
]
