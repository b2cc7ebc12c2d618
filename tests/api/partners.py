"""Partner keys and signed requests for tests of the partner API."""

import itertools
import secrets
from dataclasses import dataclass

from jiaoguan.core import clock
from jiaoguan.core.signing import signed_headers
from jiaoguan.identity.models import Organization, PartnerKey
from jiaoguan.identity.services import partner_key_issue
from tests.identity.factories import make_organization

_sequence = itertools.count(1)


@dataclass(frozen=True)
class PartnerCredentials:
    key: PartnerKey
    secret: str

    @property
    def key_id(self) -> str:
        return self.key.key_id

    @property
    def organization(self) -> Organization:
        return self.key.organization


def make_partner_key(
    *,
    kind: str = Organization.Kind.ENFORCEMENT_SYSTEM,
    scopes: tuple[str, ...] | list[str] = (PartnerKey.Scope.VIOLATIONS_INGEST,),
    organization: Organization | None = None,
    **organization_fields,
) -> PartnerCredentials:
    if organization is None:
        organization_fields.setdefault("name", f"合作单位{next(_sequence)}")
        organization_fields.setdefault("credit_code", f"91320100TEST{next(_sequence):06d}")
        organization = make_organization(kind=kind, **organization_fields)
    key, secret = partner_key_issue(actor=None, organization=organization, scopes=list(scopes))
    return PartnerCredentials(key=key, secret=secret)


def signed(
    credentials: PartnerCredentials,
    method: str,
    path: str,
    body: bytes = b"",
    *,
    query: str = "",
    timestamp: int | None = None,
    nonce: str | None = None,
) -> dict:
    """Keyword arguments for Django's test client: the partner's signature headers."""
    headers = signed_headers(
        key_id=credentials.key_id,
        secret=credentials.secret,
        method=method,
        path=path,
        query=query,
        body=body,
        timestamp=int(clock.now().timestamp()) if timestamp is None else timestamp,
        nonce=nonce or secrets.token_hex(16),
    )
    return {"headers": headers}
