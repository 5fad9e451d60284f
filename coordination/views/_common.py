"""Small helpers the coordination pages share."""


def _int(value) -> int | None:
    """A whole number from a query parameter; None for a missing or malformed one."""
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
