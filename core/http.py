"""Small helpers for HTML views that are not about htmx."""

from django.core.exceptions import PermissionDenied


def require(allowed: bool) -> None:
    """Answer 403 unless `allowed` (a permission predicate's answer). For views; services
    raise `core.errors.PermissionDeniedError` instead, which carries a message."""
    if not allowed:
        raise PermissionDenied
