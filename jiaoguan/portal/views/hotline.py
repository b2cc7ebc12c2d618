"""短信与语音查询: how to ask 12123 by SMS, and the citizen's query PIN."""

from django import forms
from django.conf import settings
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.forms import ServiceForm
from jiaoguan.hotline import secrets
from jiaoguan.hotline.rules.grammar import PERSONAL, Command, usage
from jiaoguan.portal.views.me import citizen_required

COMMAND_LABELS = {
    Command.POINTS: _("查询驾驶证记分和记分周期"),
    Command.VIOLATIONS: _("查询未处理的交通违法和罚款"),
    Command.INSPECTION: _("查询机动车下次检验日期"),
    Command.APPOINTMENT: _("查询考试预约；加 QR 确认、加 QX 取消"),
    Command.STOP: _("不再接收短信提醒"),
    Command.HELP: _("回复指令说明"),
}


class HotlinePinForm(ServiceForm):
    pin = forms.CharField(
        label=_("查询密码"),
        min_length=4,
        max_length=6,
        help_text=_("4至6位数字；短信查询个人信息时附在指令后，如“JF 1234”。"),
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "new-password"}),
    )
    pin_again = forms.CharField(
        label=_("再次输入查询密码"),
        max_length=6,
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean() or {}
        if data.get("pin") and data.get("pin_again") and data["pin"] != data["pin_again"]:
            self.add_error("pin_again", _("两次输入的查询密码不一致。"))
        return data


@citizen_required
def hotline(request):
    user = request.user
    form = HotlinePinForm(request.POST or None) if not secrets.identity_digits() else None
    saved = False
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            secrets.pin_set(actor=user, user=user, pin=form.cleaned_data["pin"])
            saved = True
            form = HotlinePinForm()
        except ApplicationError as error:
            form.add_application_error(error)
    table = usage()
    commands = [
        {
            "words": table[command][:3],
            "label": COMMAND_LABELS[command],
            "personal": command in PERSONAL,
        }
        for command in Command
    ]
    return render(
        request,
        "portal/hotline/settings.html",
        {
            "form": form,
            "saved": saved,
            "commands": commands,
            "pin_is_set": secrets.pin_is_set(user),
            "identity_digits": secrets.identity_digits(),
            "tries_per_day": settings.JIAOGUAN_HOTLINE_SECRET_TRIES,
        },
    )


urlpatterns = [path("me/hotline/", hotline, name="my_hotline")]
