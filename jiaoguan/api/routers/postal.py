"""Postal delivery over the API: the couriers' tracking pushes (``/v1/postal/events/{provider}``,
signed by the courier, answered in its convention) and the citizen's address book
(``/v1/me/addresses``)."""

from django.http import HttpResponse
from ninja import Router, Schema, Status
from pydantic import Field

from jiaoguan.api.auth import citizen_auth
from jiaoguan.api.errors import error_responses
from jiaoguan.api.types import Text
from jiaoguan.core.families import ApiMount
from jiaoguan.core.http import client_address
from jiaoguan.core.places import county_text
from jiaoguan.gateways.postal.base import InboundPush
from jiaoguan.papers.postal import selectors, services

events_router = Router(tags=["postal"])
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")
router = Router(tags=["postal"], auth=citizen_auth)


@events_router.post("/events/{provider}", url_name="postal_events", include_in_schema=False)
def postal_events(request, provider: str):
    """A courier's tracking push (JSON for the sandbox, a form for Kuaidi100). The body is
    the courier's acknowledgement only after the push's events are stored and applied."""
    push = InboundPush(
        body=request.body,
        content_type=request.content_type or "",
        headers=dict(request.headers),
        form=request.POST.dict() if request.content_type in _FORMS else {},
    )
    answer = services.tracking_push_receive(
        provider=provider[:20], push=push, ip_address=client_address(request)
    )
    return HttpResponse(answer.body, status=answer.status, content_type=answer.content_type)


class AddressOut(Schema):
    id: int
    recipient_name: str
    phone: str
    region_code: str
    region: str
    detail: str
    postcode: str
    is_default: bool


class AddressIn(Schema):
    recipient_name: Text = Field(min_length=1, max_length=50)
    phone: str = Field(pattern=r"^1[3-9][0-9]{9}$", description="手机号码")
    region_code: str = Field(pattern=r"^[0-9]{6}$", description="GB/T 2260 县级行政区划代码")
    detail: Text = Field(min_length=1, max_length=120)
    postcode: str = Field("", pattern=r"^([0-9]{6})?$")
    is_default: bool = False


def _address_out(entry) -> AddressOut:
    from jiaoguan.core.ids import mask_phone

    return AddressOut(
        id=entry.pk,
        recipient_name=entry.recipient_name,
        phone=mask_phone(entry.phone),
        region_code=entry.region_code,
        region=county_text(entry.region_code),
        detail=entry.detail,
        postcode=entry.postcode,
        is_default=entry.is_default,
    )


@router.get("", response=list[AddressOut])
def my_addresses(request):
    """My address book for postal delivery, the default first (phones masked)."""
    return [
        _address_out(entry)
        for entry in selectors.addresses_of_person(person_id=request.auth.person_id)
    ]


@router.post("", response={201: AddressOut, **error_responses(422)})
def my_address_add(request, payload: AddressIn):
    """Add an address; the region must be a current county-level GB/T 2260 code."""
    entry = services.address_add(
        actor=request.auth, person_id=request.auth.person_id, **payload.dict()
    )
    return Status(201, _address_out(entry))


@router.delete("/{address_id}", response={204: None, **error_responses(404)})
def my_address_remove(request, address_id: int):
    """Remove one of my addresses."""
    services.address_remove(
        actor=request.auth, person_id=request.auth.person_id, address_id=address_id
    )
    return Status(204, None)


# Where the routers are mounted (collected by ``api.main``; ADR 0010).
mounts = [
    ApiMount("/v1/me/addresses", router, position=145),
    ApiMount("/v1/postal", events_router, position=155),
]
