"""Who is calling.

Citizens come by session cookie (web) or bearer token (app, API clients); both answer
``request.auth`` with an ``identity.selectors.Citizen``. Partner organizations sign each
request with their key (``core.signing``); ``request.auth`` is an
``identity.selectors.Partner``.
"""

from ninja.security import APIKeyHeader, HttpBearer, SessionAuth

from jiaoguan.core import signing
from jiaoguan.identity.selectors import citizen_for_token, citizen_for_user, partner_for_request


class CitizenToken(HttpBearer):
    def authenticate(self, request, token):
        return citizen_for_token(key=token)


class CitizenSession(SessionAuth):
    """The web's session log-in, with Django's CSRF check. Without a signed-in session there
    is nothing for a forged request to ride on: no CSRF check then, and the caller gets 401
    (``auth.required``), not a misleading 403 "CSRF check Failed"."""

    def _get_key(self, request):
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return citizen_for_user(user) if user is not None else None


citizen_auth = [CitizenToken(), CitizenSession()]


class PartnerSignature(APIKeyHeader):
    """A request signed with a partner key that holds ``scopes``; refusals answer 401/403
    with the reason (see ``identity.selectors.partner_for_request``)."""

    param_name = signing.KEY_HEADER

    def __init__(self, scopes: tuple[str, ...]) -> None:
        self.scopes = scopes
        super().__init__()

    def authenticate(self, request, key):
        return partner_for_request(
            key_id=key or "",
            timestamp=request.headers.get(signing.TIMESTAMP_HEADER, ""),
            nonce=request.headers.get(signing.NONCE_HEADER, ""),
            signature=request.headers.get(signing.SIGNATURE_HEADER, ""),
            method=request.method,
            path=request.path,
            query=request.META.get("QUERY_STRING", ""),
            body=request.body,
            scopes=self.scopes,
        )


def partner_auth(*scopes: str) -> list:
    """``auth=`` for a partner route: a signed request whose key holds every scope."""
    return [PartnerSignature(scopes)]
