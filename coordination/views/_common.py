"""Small helpers the coordination pages share."""

from django.core.exceptions import PermissionDenied


def _require(allowed: bool) -> None:
    """Answer 403 unless `allowed`."""
    if not allowed:
        raise PermissionDenied


def _int(value) -> int | None:
    """A whole number from a query parameter; None for a missing or malformed one."""
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
