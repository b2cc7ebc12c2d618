from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from jiaoguan.core import clock
from jiaoguan.gateways.selectors import outbox_recent
from jiaoguan.notices.selectors import messages_waiting, quiet_hours_text
from jiaoguan.portal.context_processors import CARE_MODE_COOKIE
from jiaoguan.portal.todo import citizen_todo
from jiaoguan.portal.views.guides import service_families


def home(request):
    """The home page: frequent jobs, the 业务中心 by family, and for a logged-in citizen what
    they must do now."""
    person_id = request.user.person_id if request.user.is_authenticated else None
    return render(
        request,
        "portal/home.html",
        {
            "families": service_families(),
            "todo": citizen_todo(person_id=person_id, as_of=clock.today()) if person_id else None,
        },
    )


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


urlpatterns = [
    path("", home, name="home"),
    path("care-mode/", care_mode, name="care_mode"),
    path("outbox/", outbox, name="outbox"),
]
