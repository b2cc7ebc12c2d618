"""The rules of organisation accounts, pure (no Django): who may open one, the unified social
credit code, the staff roles' permissions, and the API scopes an organisation may hold."""

from __future__ import annotations

from enum import StrEnum

from stdnum.cn import uscc


class Kind(StrEnum):
    """The kinds of organisation that open an account (DOMAIN §18.3); the values are those of
    ``identity.Organization.Kind``."""

    TRANSPORT_COMPANY = "transport_company"
    DANGEROUS_GOODS_CARRIER = "dangerous_goods_carrier"
    SCHOOL_BUS_OPERATOR = "school_bus_operator"
    DRIVING_SCHOOL = "driving_school"
    DEALER = "dealer"
    MEDICAL_INSTITUTION = "medical_institution"
    INSPECTION_STATION = "inspection_station"


class Role(StrEnum):
    ADMINISTRATOR = "administrator"
    OPERATOR = "operator"
    VIEWER = "viewer"


class CreditCodeRefusal(StrEnum):
    LENGTH = "length"
    CHARACTERS = "characters"
    CHECK_DIGIT = "check_digit"


VIEW_FLEET = "organisations.view_fleet"
VIEW_STAFF = "organisations.view_staff"
MANAGE_STAFF = "organisations.manage_staff"
VIEW_KEYS = "organisations.view_keys"
MANAGE_KEYS = "organisations.manage_keys"
REQUEST_CONSENT = "organisations.request_consent"
OPEN_ACCOUNT = "organisations.open_account"
HANDLE_VIOLATIONS = "organisations.handle_violations"

_VIEWER = frozenset({VIEW_FLEET, VIEW_STAFF})
_OPERATOR = _VIEWER | {REQUEST_CONSENT, HANDLE_VIOLATIONS}
_ADMINISTRATOR = _OPERATOR | {MANAGE_STAFF, VIEW_KEYS, MANAGE_KEYS}

#: Each staff role's permissions: the one place they are written (the role matrix test
#: checks every service and page against it).
ROLE_PERMISSIONS: dict[Role, frozenset[str]] = {
    Role.VIEWER: _VIEWER,
    Role.OPERATOR: _OPERATOR,
    Role.ADMINISTRATOR: _ADMINISTRATOR,
}


def permissions_of(role: str) -> frozenset[str]:
    """The permissions of a staff role; none for a role that is not one."""
    try:
        return ROLE_PERMISSIONS[Role(role)]
    except ValueError:
        return frozenset()


#: The scope of the organisation API (``/api/v1/org/...``): every kind may hold it.
FLEET_SCOPE = "organisations.fleet"

#: The partner scopes an organisation of each kind may give its own keys, besides the fleet
#: scope: the work the partner API does for it today.
KIND_SCOPES: dict[Kind, frozenset[str]] = {
    Kind.TRANSPORT_COMPANY: frozenset(),
    Kind.DANGEROUS_GOODS_CARRIER: frozenset(),
    Kind.SCHOOL_BUS_OPERATOR: frozenset(),
    Kind.DRIVING_SCHOOL: frozenset({"exams.applications"}),
    Kind.DEALER: frozenset({"plates.temporary"}),
    Kind.MEDICAL_INSTITUTION: frozenset({"drivers.medical_certificates"}),
    Kind.INSPECTION_STATION: frozenset({"inspections.results"}),
}


def scopes_allowed(kind: str) -> frozenset[str]:
    """The scopes an organisation of ``kind`` may create keys for (only the fleet scope for a
    kind that opens no account)."""
    try:
        return KIND_SCOPES[Kind(kind)] | {FLEET_SCOPE}
    except ValueError:
        return frozenset({FLEET_SCOPE})


def scopes_refused(kind: str, scopes: list[str]) -> list[str]:
    """The scopes of ``scopes`` an organisation of ``kind`` may not hold, sorted."""
    return sorted(set(scopes) - scopes_allowed(kind))


def credit_code_normal(code: str) -> str:
    """The code as stored: spaces and hyphens removed, upper case."""
    return "".join(code.split()).replace("-", "").upper()


def credit_code_refusal(code: str) -> CreditCodeRefusal | None:
    """Why ``code`` (normalised) is not a 统一社会信用代码 (GB 32100-2015), or None: 18
    characters of the code's alphabet (no I, O, S, V, Z) with the right check character."""
    if len(code) != 18:
        return CreditCodeRefusal.LENGTH
    if any(character not in uscc._alphabet for character in code):
        return CreditCodeRefusal.CHARACTERS
    if not uscc.is_valid(code):
        return CreditCodeRefusal.CHECK_DIGIT
    return None
