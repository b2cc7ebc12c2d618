"""The voice service's HTTP side: VoiceXML 2.1 documents for the carrier's IVR platform, the
prompts' audio, and the demo's call and SMS simulators."""

import hmac

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from jiaoguan.gateways.errors import ProviderError
from jiaoguan.gateways.tts import get_tts
from jiaoguan.hotline import services, voice

VOICEXML = "application/voicexml+xml; charset=utf-8"
KEYS = "1234567890*#"


def _allowed(request) -> bool:
    """The IVR platform's shared token, when the deployment sets one."""
    expected = settings.JIAOGUAN_HOTLINE_VOICE_TOKEN
    given = request.GET.get("token") or request.POST.get("token") or ""
    return not expected or hmac.compare_digest(expected.encode(), given.encode())


def _document(request, template: str, context: dict) -> HttpResponse:
    context = {**context, "token": request.GET.get("token") or request.POST.get("token") or ""}
    return render(request, template, context, content_type=VOICEXML)


@never_cache
@require_GET
def entry(request):
    """``/voice/``: the document the platform opens for each call; it sends the caller's
    number (``session.connection.remote.uri``) to the first turn."""
    if not _allowed(request):
        return HttpResponseForbidden()
    return _document(request, "hotline/voice/entry.vxml", {})


@never_cache
@csrf_exempt  # the IVR platform posts; the signed state token is the call's integrity
@require_POST
def turn(request):
    if not _allowed(request):
        return HttpResponseForbidden()
    state = request.POST.get("state", "")
    try:
        if state:
            result = voice.call_step(
                token=state,
                event=request.POST.get("event", ""),
                key=request.POST.get("key", "")[:12],
            )
        else:
            result = voice.call_start(caller=request.POST.get("caller", ""))
    except voice.CallExpired:
        result = voice.call_expired()
    return _document(
        request,
        "hotline/voice/turn.vxml",
        {"turn": result, "keys": KEYS, "agent": settings.JIAOGUAN_HOTLINE_AGENT_URI},
    )


@require_GET
def audio(request, digest: str):
    """A prompt of a recent turn, read out by the TTS gateway (WAV)."""
    text = voice.prompt_text(digest)
    if text is None:
        raise Http404
    try:
        wav = get_tts().render(text)
    except ProviderError as error:
        raise Http404 from error
    response = HttpResponse(wav, content_type="audio/wav")
    response["Cache-Control"] = "private, max-age=600"
    return response


def call_simulator(request):
    """The demo's telephone: plays the prompts and takes key presses in the browser, following
    the same VoiceXML documents the IVR platform gets."""
    if not getattr(settings, "DEMO_OUTBOX_VISIBLE", False):
        raise Http404
    return render(request, "hotline/call_simulator.html", {})


@require_POST
def sms_simulator(request):
    """The demo's SMS to 12123: taken like a carrier's deliver_sm; the reply lands in the
    outbox."""
    if not getattr(settings, "DEMO_OUTBOX_VISIBLE", False):
        raise Http404
    services.sms_receive(
        sender=request.POST.get("sender", "")[:20], text=request.POST.get("text", "")[:160]
    )
    return redirect("portal:outbox")
