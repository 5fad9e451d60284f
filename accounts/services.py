from django.db import transaction
from rest_framework.authtoken.models import Token

from accounts.models import REMINDER_FIELDS, User


@transaction.atomic
def user_update_profile(*, user: User, full_name: str, language: str, **reminders: bool) -> User:
    """Name, language and, optionally, the reminder switches (`remind_*` fields)."""
    unknown = set(reminders) - set(REMINDER_FIELDS)
    if unknown:
        raise TypeError(f"unknown profile fields: {sorted(unknown)}")
    user.full_name = full_name
    user.language = language
    for name, value in reminders.items():
        setattr(user, name, bool(value))
    user.save(update_fields=["full_name", "language", *reminders])
    return user


def user_set_language(*, user: User, language: str) -> None:
    if user.is_authenticated and user.language != language:
        user.language = language
        user.save(update_fields=["language"])


@transaction.atomic
def api_token_renew(*, user: User) -> Token:
    """Replace the user's API token; the old one stops working at once."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


def api_token_revoke(*, user: User) -> None:
    Token.objects.filter(user=user).delete()
