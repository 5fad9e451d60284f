from django.db import transaction
from rest_framework.authtoken.models import Token

from accounts.models import REMINDER_FIELDS, User


@transaction.atomic
def user_update_profile(
    *,
    user: User,
    full_name: str,
    language: str,
    digest_frequency: str | None = None,
    **reminders: bool,
) -> User:
    """Name and language; optionally the digest frequency and the reminder switches
    (`remind_*` fields)."""
    unknown = set(reminders) - set(REMINDER_FIELDS)
    if unknown:
        raise TypeError(f"unknown profile fields: {sorted(unknown)}")
    user.full_name = full_name
    user.language = language
    fields = ["full_name", "language", *reminders]
    for name, value in reminders.items():
        setattr(user, name, bool(value))
    if digest_frequency is not None:
        user.digest_frequency = digest_frequency
        fields.append("digest_frequency")
    user.save(update_fields=fields)
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
