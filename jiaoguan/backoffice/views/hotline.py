"""The SMS and voice channels for officers: what was asked and how it was answered."""

from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy

from jiaoguan.backoffice.access import officer_required
from jiaoguan.core.families import MenuEntry
from jiaoguan.hotline import selectors

VIEW = "hotline.view_contact"


@officer_required(VIEW)
def statistics(request):
    return render(
        request,
        "backoffice/hotline.html",
        {
            "contacts": selectors.contact_statistics(days=7),
            "commands": selectors.command_statistics(days=7),
        },
    )


urlpatterns = [path("hotline/", statistics, name="hotline")]

menu = [
    MenuEntry(gettext_lazy("短信与语音"), "backoffice:hotline", position=92, permission=VIEW),
]
