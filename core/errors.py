"""The project's one error vocabulary.

Services raise `ApplicationError` for a rule of the domain that the caller broke (with a
message a user can read) or Django's `ValidationError` for bad input. HTML views show the
message; the API's exception handler turns both into its error format.
"""


class ApplicationError(Exception):
    """A domain rule was broken; `message` is shown to the user as it is."""

    code = "application_error"

    def __init__(self, message: str, *, code: str | None = None, extra: dict | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.extra = extra or {}


class PermissionDeniedError(ApplicationError):
    """The acting user may not do this; views answer 403."""

    code = "permission_denied"
