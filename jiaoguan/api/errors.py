"""The API's error contract, in one place.

Every refusal has one body, ``Error`` (``{code, message, fields}``, built by the exception
handlers of ``api.main``). Each operation's OpenAPI entry lists every status it can answer
with that body:

- what follows from the operation's shape is added here, to every operation alike
  (``document_errors``): 401 when it needs a caller, 403 when a session cookie must carry
  the CSRF token or a partner key its scopes, 422 when it takes parameters or a body
  (``request.invalid``, with the fields), 400 and 413 when it takes a JSON body
  (``request.malformed``, ``request.too_large``);
- what its own rules refuse is declared on the operation, next to its success answer:
  ``response={201: DecisionOut, **error_responses(404, 409)}``.
"""

from typing import Any

from ninja import Schema
from pydantic import Field


class Error(Schema):
    """An error answer: a stable code to branch on and a message to show the caller."""

    code: str = Field(
        description="stable dotted code to branch on, e.g. auth.required, request.invalid",
        examples=["request.invalid"],
    )
    message: str = Field(description="what went wrong, in the caller's language (Accept-Language)")
    fields: dict[str, str] = Field(
        description="per input field (dotted path, e.g. evidence.0), what is wrong with it"
    )


ERROR_DESCRIPTIONS = {
    400: "The body is not valid JSON (request.malformed), or a rule refuses the request "
    "(e.g. identity.login.failed).",
    401: "No valid credentials: log in, or send a valid bearer token (auth.required).",
    403: "Refused: the caller may not do this (a session cookie without its CSRF token, "
    "or a partner key without the scope).",
    404: "No such record, or not the caller's (not_found or a domain code).",
    409: "Conflicts with the record's current state (e.g. already handled, already paid).",
    413: "The body is larger than the API accepts (request.too_large).",
    422: "Invalid input (request.invalid, with the fields), or a rule of the domain refuses it.",
    429: "Too many attempts: wait and try again.",
}


def error_responses(*statuses: int) -> dict[int, type[Error]]:
    """``response=`` entries for the error statuses an operation's own rules can answer."""
    unknown = set(statuses) - set(ERROR_DESCRIPTIONS)
    if unknown:
        raise ValueError(f"no description for error status {sorted(unknown)}")
    return dict.fromkeys(statuses, Error)


_UNSAFE = {"post", "put", "patch", "delete"}
_SESSION_SCHEMES = {"CitizenSession"}
_PARTNER_SCHEMES = {"PartnerSignature"}


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add to each operation of the OpenAPI ``schema`` the error statuses its shape implies,
    and give every error status its description; all refer to one ``Error`` component."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("Error", Error.model_json_schema())
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            implied = set()
            schemes = {name for option in operation.get("security", []) for name in option}
            if schemes:
                implied.add(401)
            if (method in _UNSAFE and schemes & _SESSION_SCHEMES) or schemes & _PARTNER_SCHEMES:
                implied.add(403)
            if operation.get("parameters") or "requestBody" in operation:
                implied.add(422)
            if "requestBody" in operation:
                implied.update((400, 413))
            responses = operation.setdefault("responses", {})
            for status in sorted(implied):
                responses.setdefault(status, {"content": content})
            for status, response in responses.items():
                if int(status) in ERROR_DESCRIPTIONS:
                    response["description"] = ERROR_DESCRIPTIONS[int(status)]
    return schema
