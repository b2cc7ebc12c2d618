"""Errors a user can act on.

Every refusal the domain makes is an ``ApplicationError`` with a stable dotted code
(``identity.registration.not_in_register``) and a translatable message; channels turn it
into ``{code, message, fields}`` (API) or a message next to the field (pages). A user never
sees a 500 for bad input.
"""

from collections.abc import Mapping

from django.utils.functional import Promise


class ApplicationError(Exception):
    status = 400

    def __init__(
        self,
        code: str,
        message: str | Promise,
        *,
        fields: Mapping[str, str | Promise] | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(code)
        self.code = code
        self.message = message
        self.fields = dict(fields or {})
        if status is not None:
            self.status = status

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "message": str(self.message),
            "fields": {name: str(text) for name, text in self.fields.items()},
        }

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class NotFound(ApplicationError):
    status = 404


class PermissionDenied(ApplicationError):
    status = 403


class Conflict(ApplicationError):
    status = 409


class RateLimited(ApplicationError):
    status = 429


def field_error(code: str, field: str, message: str | Promise, *, status: int = 422):
    """A refusal of one input field, its message shown next to the field."""
    return ApplicationError(code, message, fields={field: message}, status=status)
