"""The sandbox courier's HTTP API (``/sandbox-courier/``): book a parcel, cancel it. Every
request is signed (``common``); answers are JSON. Served only while the sandbox courier is
enabled."""

from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from jiaoguan.gateways.postal import provider_enabled

from . import courier


def _enabled() -> None:
    if not provider_enabled("sandbox"):
        raise Http404


@csrf_exempt
@require_POST
def shipments(request):
    _enabled()
    try:
        payload = courier.request_payload(request.body, request.headers)
        parcel, created = courier.parcel_book(payload)
    except courier.CourierRefusal as refusal:
        return JsonResponse({"error": refusal.reason}, status=refusal.status)
    return JsonResponse(
        {"waybill_number": parcel.waybill_number, "label": parcel.label},
        status=201 if created else 200,
    )


@csrf_exempt
@require_POST
def cancel(request, waybill_number: str):
    _enabled()
    try:
        courier.request_payload(request.body, request.headers)
        parcel = courier.parcel_cancel(waybill_number)
    except courier.CourierRefusal as refusal:
        return JsonResponse({"error": refusal.reason}, status=refusal.status)
    return JsonResponse({"waybill_number": parcel.waybill_number, "cancelled": True})
