"""Officer page for the hospitals designated to examine C5 holders (162号 art. 85): the
province's medical institutions, which are designated and under which document, and
designating one or withdrawing its designation."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiaoguan.backoffice.access import officer_required
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.families import MenuEntry
from jiaoguan.core.forms import ServiceForm
from jiaoguan.core.http import client_address
from jiaoguan.papers import designations

DESIGNATE = designations.DESIGNATE


class DesignateForm(ServiceForm):
    organization_id = forms.IntegerField(widget=forms.HiddenInput)
    document = forms.CharField(
        label=gettext_lazy("指定文件文号"),
        max_length=60,
        help_text=gettext_lazy("省级公安机关交通管理部门的指定文件"),
    )
    designated_on = forms.DateField(
        label=gettext_lazy("指定日期"), widget=forms.DateInput(attrs={"type": "date"})
    )


class WithdrawForm(ServiceForm):
    organization_id = forms.IntegerField(widget=forms.HiddenInput)
    withdrawn_on = forms.DateField(
        label=gettext_lazy("撤销日期"), widget=forms.DateInput(attrs={"type": "date"})
    )


@officer_required(DESIGNATE)
def hospitals(request):
    """The list, with a designate or withdraw form on each row."""
    if request.method == "POST":
        withdraw = request.POST.get("action") == "withdraw"
        form = (WithdrawForm if withdraw else DesignateForm)(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                if withdraw:
                    designations.hospital_designation_withdraw(
                        actor=request.actor, ip_address=client_address(request), **data
                    )
                    messages.success(request, _("已撤销该医疗机构的指定。"))
                else:
                    designations.hospital_designate(
                        actor=request.actor, ip_address=client_address(request), **data
                    )
                    messages.success(request, _("已指定该医疗机构为C5体检医疗机构。"))
            except ApplicationError as error:
                messages.error(request, str(error.message))
        else:
            for field_errors in form.errors.values():
                for text in field_errors:
                    messages.error(request, str(text))
        return redirect("backoffice:designated_hospitals")
    today = clock.today().isoformat()
    return render(
        request,
        "backoffice/papers/hospitals.html",
        {"rows": designations.hospitals_of_province(actor=request.actor), "today": today},
    )


urlpatterns = [
    path("papers/hospitals/", hospitals, name="designated_hospitals"),
]

menu = [
    MenuEntry(
        gettext_lazy("C5体检指定医院"),
        "backoffice:designated_hospitals",
        position=95,
        permission=DESIGNATE,
    ),
]
