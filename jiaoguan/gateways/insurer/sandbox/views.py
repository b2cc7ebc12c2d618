"""The sandbox insurer's HTTP API (``/sandbox-insurer/<code>/claims``): the platform's claim
interface (``gateways.insurer.http``) as an insurer serves it. Served only where the sandbox
is enabled (never in production)."""

from django.conf import settings
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import insurer


@csrf_exempt
@require_POST
def claims(request, insurer_code: str):
    if not settings.JIAOGUAN_INSURER_SANDBOX_ENABLED:
        raise Http404
    try:
        payload = insurer.request_verify(
            path=request.path,
            query=request.META.get("QUERY_STRING", ""),
            body=request.body,
            headers=request.headers,
        )
        status, answer = insurer.claim_receive(insurer_code[:20], payload)
    except insurer.InsurerRefusal as refusal:
        return JsonResponse({"error": refusal.reason}, status=refusal.status)
    return JsonResponse(answer, status=status)
