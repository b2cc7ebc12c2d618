"""The signed partner API's own endpoint: partners check their signing against it."""

from ninja import Router, Schema

from jiaoguan.api.auth import partner_auth
from jiaoguan.core.families import ApiMount

router = Router(tags=["partners"])


class PartnerOut(Schema):
    organization: str
    key_id: str
    scopes: list[str]


@router.get("/whoami", auth=partner_auth(), response=PartnerOut)
def whoami(request):
    """The organization and scopes of the key that signed this request (联调用)."""
    partner = request.auth
    return {
        "organization": partner.organization_name,
        "key_id": partner.key_id,
        "scopes": sorted(partner.scopes),
    }


# Where the routers are mounted (collected by ``api.main``; ADR 0010).
mounts = [
    ApiMount("/v1/partner", router, position=80),
]
