"""Insurers' callbacks about accident claims (``/v1/accidents/claims/events/{provider}``),
signed by the insurer (``gateways.insurer.http``), answered in JSON. Not in the OpenAPI
document: it is the insurers' side of the claim interface (``docs/insurers.md``)."""

from django.http import JsonResponse
from ninja import Router

from jiaoguan.accidents.claims import claim_callback_receive
from jiaoguan.core.families import ApiMount
from jiaoguan.core.http import client_address
from jiaoguan.gateways.insurer.base import InboundCallback

router = Router(tags=["accidents"])


@router.post("/events/{provider}", url_name="accident_claim_events", include_in_schema=False)
def accident_claim_events(request, provider: str):
    """An insurer's callback: 200 once stored (new or repeated), 400 when it is not the
    insurer's (audited), 404 for a claim never filed with it, 503 to be sent again."""
    callback = InboundCallback(
        body=request.body,
        path=request.path,
        query=request.META.get("QUERY_STRING", ""),
        headers=dict(request.headers),
        method=request.method,
    )
    answer = claim_callback_receive(
        provider=provider[:20], callback=callback, ip_address=client_address(request)
    )
    return JsonResponse(answer.body, status=answer.status)


mounts = [ApiMount("/v1/accidents/claims", router, position=180)]
