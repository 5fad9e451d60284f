"""Limits on guessing passwords and on sending password-reset e-mails.

Failed logins are counted per e-mail address (whatever was typed, lower-cased, whether or not an
account has it, so a lock never tells that an account exists) and per client address. Once a
counter reaches its limit within `LOGIN_ATTEMPTS_WINDOW` seconds, further logins for that address
(or from that client) are refused for the same number of seconds without checking the password.
A successful login clears the account's counter, and so does setting a new password through a
reset link: the reset e-mail is the way out of a lock. Password-reset requests are counted the
same way; over the limit no e-mail is sent, and the page says what it always says.

Counters live in the default cache (Redis in production, shared by every web process) under
keys derived from a keyed hash, so no e-mail address is stored in the cache. `cache.add` and
`cache.incr` are atomic, so parallel attempts cannot slip past a limit.
"""

import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

KEY_SALT = "accounts.login_limits"


@dataclass(frozen=True)
class Lock:
    """A refusal: `seconds` until attempts are accepted again (at least 1)."""

    seconds: int

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.seconds / 60))


def normalise_email(value: str) -> str:
    return (value or "").strip().lower()


def _key(scope: str, value: str) -> str:
    return f"accounts:limit:{scope}:{salted_hmac(KEY_SALT, value).hexdigest()[:40]}"


def _lock_remaining(scope: str, value: str) -> int:
    expires_at = cache.get(_key(f"{scope}-lock", value))
    if expires_at is None:
        return 0
    return max(0, math.ceil(expires_at - time.time()))


def _count(scope: str, value: str, *, limit: int, window: int) -> bool:
    """Count one event; True (and lock for `window` seconds) once `limit` is reached."""
    key = _key(scope, value)
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:
        # The counter expired between add and incr: this is the first event of a new window.
        cache.add(key, 1, timeout=window)
        count = 1
    if count < limit:
        return False
    cache.set(_key(f"{scope}-lock", value), time.time() + window, timeout=window)
    cache.delete(key)
    return True


def _lock(*pairs: tuple[str, str]) -> Lock | None:
    seconds = max(_lock_remaining(scope, value) for scope, value in pairs)
    return Lock(seconds=seconds) if seconds else None


def login_lock(*, email: str, address: str) -> Lock | None:
    """The lock that refuses a login for this e-mail address from this client, if any."""
    return _lock(("login", normalise_email(email)), ("login-ip", address))


def login_failure_record(*, email: str, address: str) -> Lock | None:
    """Count a failed login; the lock that this failure started, if it reached a limit."""
    window = settings.LOGIN_ATTEMPTS_WINDOW
    _count("login", normalise_email(email), limit=settings.LOGIN_ATTEMPTS_LIMIT, window=window)
    _count("login-ip", address, limit=settings.LOGIN_ATTEMPTS_IP_LIMIT, window=window)
    return login_lock(email=email, address=address)


def login_failures_clear(*, email: str) -> None:
    """Forget the failed logins and the lock of this e-mail address (not of any client)."""
    value = normalise_email(email)
    cache.delete_many([_key("login", value), _key("login-lock", value)])


def password_reset_request_allowed(*, email: str, address: str) -> bool:
    """Count a password-reset request; False while this address or client is over its limit."""
    email = normalise_email(email)
    if _lock(("reset", email), ("reset-ip", address)):
        return False
    window = settings.LOGIN_ATTEMPTS_WINDOW
    over_email = _count("reset", email, limit=settings.PASSWORD_RESET_LIMIT + 1, window=window)
    over_ip = _count("reset-ip", address, limit=settings.LOGIN_ATTEMPTS_IP_LIMIT + 1, window=window)
    return not (over_email or over_ip)
