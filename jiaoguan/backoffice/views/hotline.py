"""The SMS and voice channels for officers: what was asked and how it was answered."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiaoguan.backoffice.access import officer_required
from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.families import MenuEntry
from jiaoguan.hotline import selectors, wording
from jiaoguan.hotline.rules.grammar import Command, usage
from jiaoguan.hotline.rules.voice import PROMPTS

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


COMMAND_LABELS = {
    Command.POINTS: gettext_lazy("积分（记分查询）"),
    Command.VIOLATIONS: gettext_lazy("违法查询"),
    Command.INSPECTION: gettext_lazy("检验查询"),
    Command.APPOINTMENT: gettext_lazy("考试预约"),
    Command.STOP: gettext_lazy("退订提醒"),
    Command.HELP: gettext_lazy("帮助"),
}


@officer_required(wording.PERMISSION, write=wording.PERMISSION)
def wording_edit(request):
    table = usage(wording.current_words())
    words = {str(c): " ".join(table[c]) for c in Command}
    prompts = {key: wording.current_prompts()[key] for key in PROMPTS}
    note, fields, error = "", {}, ""
    if request.method == "POST":
        words = {str(c): request.POST.get(f"words.{c}", "") for c in Command}
        prompts = {key: request.POST.get(f"prompts.{key}", "") for key in PROMPTS}
        note = request.POST.get("note", "")
        try:
            row = wording.wording_publish(
                actor=request.user, words=words, prompts=prompts, note=note
            )
        except ApplicationError as refusal:
            error, fields = str(refusal.message), refusal.fields or {}
        else:
            messages.success(request, _("已发布第 %(n)s 版。") % {"n": row.number})
            return redirect("backoffice:hotline_wording")
    return render(
        request,
        "backoffice/hotline_wording.html",
        {
            "word_rows": [
                {
                    "key": str(c),
                    "label": COMMAND_LABELS[c],
                    "value": words[str(c)],
                    "problem": fields.get(f"words.{c}", ""),
                }
                for c in Command
            ],
            "prompt_rows": [
                {"key": key, "value": prompts[key], "problem": fields.get(f"prompts.{key}", "")}
                for key in PROMPTS
            ],
            "note": note,
            "note_problem": fields.get("note", ""),
            "error": error,
            "versions": wording.versions_recent(),
        },
    )


urlpatterns = [
    path("hotline/", statistics, name="hotline"),
    path("hotline/wording/", wording_edit, name="hotline_wording"),
]

menu = [
    MenuEntry(gettext_lazy("短信与语音"), "backoffice:hotline", position=92, permission=VIEW),
]
