"""Officer pages for the insurers minor-accident claims go to (事故快处报案的保险公司): each
insurer's record (an organisation of kind insurer), whether it takes claims online, through
which provider and at which claim interface (never its secret, which stays in the deployment
settings), and how its claims stand; adding an insurer and changing one (audited by the
service, ``accidents.insurers.insurer_save``)."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiaoguan.accidents import claims, insurers
from jiaoguan.accidents.models import Insurer
from jiaoguan.backoffice.access import officer_required
from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.families import MenuEntry
from jiaoguan.core.forms import ServiceForm


class RoutingForm(ServiceForm):
    """How an insurer's claims are taken."""

    code = forms.CharField(
        label=gettext_lazy("保险公司代码"),
        max_length=20,
        help_text=gettext_lazy("字母或数字，如 PICC；保险公司回调时以此为密钥编号"),
    )
    names = forms.CharField(
        label=gettext_lazy("简称"),
        max_length=400,
        required=False,
        help_text=gettext_lazy("当事人和保单上可能写的简称，以顿号或逗号分隔，如 人保财险、人保"),
    )
    claims_online = forms.BooleanField(label=gettext_lazy("在线报案"), required=False)
    provider = forms.ChoiceField(
        label=gettext_lazy("报案渠道"), choices=Insurer.Provider.choices, required=False
    )
    endpoint_url = forms.CharField(
        label=gettext_lazy("理赔接口地址"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("经平台理赔接口报案的填写，须以 https:// 开头"),
    )


class NewInsurerForm(RoutingForm):
    name = forms.CharField(label=gettext_lazy("保险公司名称"), max_length=200)
    credit_code = forms.CharField(label=gettext_lazy("统一社会信用代码"), max_length=24)
    region_code = forms.CharField(
        label=gettext_lazy("所在地区划代码"), max_length=6, help_text=gettext_lazy("六位数字")
    )

    field_order = ["name", "credit_code", "region_code", "code", "names"]


def _context(request, form, **extra):
    provider_rows = insurers.insurers_overview(actor=request.actor)
    providers = sorted({row.provider for row in provider_rows if row.provider})
    return {
        "form": form,
        "rows": provider_rows,
        "callback_urls": [(name, claims.callback_url_of(name)) for name in providers],
        **extra,
    }


@officer_required(insurers.VIEW, write=insurers.ADD)
def index(request):
    """The insurers with their claims; adding one."""
    form = NewInsurerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            insurer = insurers.insurer_save(actor=request.actor, **form.cleaned_data)
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("已新增保险公司 %(code)s。") % {"code": insurer.code})
            return redirect("backoffice:accident_insurers")
    return render(request, "backoffice/accidents/insurers.html", _context(request, form))


@officer_required(insurers.VIEW, write=insurers.MANAGE)
def edit(request, insurer_id: int):
    """One insurer's claim routing."""
    rows = [row for row in insurers.insurers_overview(actor=request.actor) if row.pk == insurer_id]
    if not rows:
        raise Http404
    row = rows[0]
    initial = {
        "code": row.code,
        "names": row.names,
        "claims_online": row.claims_online,
        "provider": row.provider,
        "endpoint_url": row.endpoint_url,
    }
    form = RoutingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            insurers.insurer_save(actor=request.actor, insurer_id=insurer_id, **form.cleaned_data)
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("backoffice:accident_insurers")
    return render(request, "backoffice/accidents/insurer.html", {"form": form, "row": row})


urlpatterns = [
    path("accidents/insurers/", index, name="accident_insurers"),
    path("accidents/insurers/<int:insurer_id>/", edit, name="accident_insurer"),
]

menu = [
    MenuEntry(
        gettext_lazy("保险公司对接"),
        "backoffice:accident_insurers",
        position=94,
        permission=insurers.VIEW,
    ),
]
