"""Small helpers for HTML views that are not about htmx."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest


def require(allowed: bool) -> None:
    """Answer 403 unless `allowed` (a permission predicate's answer). For views; services
    raise `core.errors.PermissionDeniedError` instead, which carries a message."""
    if not allowed:
        raise PermissionDenied


def client_address(request: HttpRequest) -> str:
    """The client's IP address.

    Behind `TRUSTED_PROXIES` reverse proxies that each append to `X-Forwarded-For`, the address
    the outermost proxy saw; entries further left were written by the client and are ignored,
    since anyone can send that header.
    """
    proxies = settings.TRUSTED_PROXIES
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
