"""The citizen's notice inbox and notice preferences."""

from contextlib import suppress

from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import get_language

from jiaoguan.core.errors import ApplicationError
from jiaoguan.notices import selectors, services
from jiaoguan.portal.forms import NoticePreferenceForm
from jiaoguan.portal.views.me import citizen_required


def _language() -> str:
    return "en" if (get_language() or "").startswith("en") else "zh-hans"


@citizen_required
def inbox(request):
    person = request.user.person
    if request.method == "POST":
        # A stale or foreign id changes nothing: the inbox is shown again as it is.
        with suppress(ApplicationError, ValueError):
            services.notice_mark_read(
                actor=request.user, person=person, notice_id=int(request.POST.get("notice", 0))
            )
        return redirect("portal:my_notices")
    return render(
        request,
        "portal/notices/inbox.html",
        {
            "items": selectors.person_inbox(person=person, language=_language()),
            "unread": selectors.person_unread_count(person=person),
        },
    )


@citizen_required
def preferences(request):
    person = request.user.person
    current = selectors.person_notice_preference(person=person)
    form = NoticePreferenceForm(
        request.POST or None,
        initial={
            "sms_enabled": current.sms_enabled,
            "push_enabled": current.push_enabled,
            "language": current.language,
        },
    )
    saved = False
    if request.method == "POST" and form.is_valid():
        try:
            services.preference_update(actor=request.user, person=person, **form.cleaned_data)
            saved = True
        except ApplicationError as error:
            form.add_application_error(error)
    return render(request, "portal/notices/preferences.html", {"form": form, "saved": saved})


urlpatterns = [
    path("me/notices/", inbox, name="my_notices"),
    path("me/notices/preferences/", preferences, name="my_notice_preferences"),
]
