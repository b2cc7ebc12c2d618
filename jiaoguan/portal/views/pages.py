from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from jiaoguan.gateways.selectors import outbox_recent
from jiaoguan.notices.selectors import messages_waiting, quiet_hours_text
from jiaoguan.portal.context_processors import CARE_MODE_COOKIE


def home(request):
    return render(request, "portal/home.html")


@require_POST
def care_mode(request):
    """Switch the elderly-friendly mode on or off and go back where the user was."""
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = redirect(target)
    if request.POST.get("on") == "1":
        response.set_cookie(CARE_MODE_COOKIE, "1", max_age=365 * 24 * 3600, samesite="Lax")
    else:
        response.delete_cookie(CARE_MODE_COOKIE)
    return response


def outbox(request):
    """The embedded SMS outbox, so a demo user can read the codes "sent" to them."""
    if not getattr(settings, "DEMO_OUTBOX_VISIBLE", False):
        raise Http404
    return render(
        request,
        "portal/outbox.html",
        {
            "messages_out": outbox_recent(limit=30),
            "waiting": messages_waiting(limit=30),
            "quiet_hours": quiet_hours_text(),
        },
    )
