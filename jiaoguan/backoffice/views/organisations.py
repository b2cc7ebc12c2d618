"""Officer pages for organisation accounts (单位用户, DOMAIN §18.3): the accounts of the
province's organisations, and opening one at the counter with its first administrator."""

from django import forms
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy

from jiaoguan.backoffice.access import officer_required
from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.families import MenuEntry
from jiaoguan.core.forms import ServiceForm
from jiaoguan.organisations import rules, selectors, services
from jiaoguan.organisations.models import Account

VIEW = "organisations.view_account"
OPEN = rules.OPEN_ACCOUNT

_KIND_LABELS = {
    "transport_company": gettext_lazy("道路运输企业"),
    "dangerous_goods_carrier": gettext_lazy("危险货物运输企业"),
    "school_bus_operator": gettext_lazy("校车运营单位"),
    "driving_school": gettext_lazy("驾驶培训学校"),
    "dealer": gettext_lazy("汽车销售企业"),
    "medical_institution": gettext_lazy("医疗机构"),
    "inspection_station": gettext_lazy("机动车检验机构"),
}


class OpenForm(ServiceForm):
    """The 《互联网单位用户注册/变更申请表》 as the officer types it."""

    name = forms.CharField(label=gettext_lazy("单位名称"), max_length=200)
    credit_code = forms.CharField(
        label=gettext_lazy("统一社会信用代码"),
        max_length=24,
        help_text=gettext_lazy("18位，核对营业执照或登记证书"),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("单位类型"), choices=[(str(k), _KIND_LABELS[k]) for k in rules.Kind]
    )
    region_code = forms.CharField(
        label=gettext_lazy("所在地区划代码"), max_length=6, help_text=gettext_lazy("六位数字")
    )
    contact_phone = forms.CharField(label=gettext_lazy("联系电话"), max_length=20, required=False)
    agent_name = forms.CharField(label=gettext_lazy("经办人姓名"), max_length=50)
    administrator_name = forms.CharField(label=gettext_lazy("单位管理员姓名"), max_length=50)
    administrator_username = forms.CharField(label=gettext_lazy("单位管理员登录名"), max_length=150)
    administrator_password = forms.CharField(
        label=gettext_lazy("单位管理员初始密码"),
        max_length=128,
        widget=forms.PasswordInput(render_value=False),
    )


@officer_required(VIEW, write=OPEN)
def accounts(request):
    """The province's organisation accounts; opening a new one."""
    form = OpenForm(request.POST or None)
    opened = None
    if request.method == "POST" and form.is_valid():
        try:
            account, staff, otpauth = services.organisation_open(
                actor=request.actor, **form.cleaned_data
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            opened = {"account": account, "staff": staff, "otpauth": otpauth}
            form = OpenForm()
    return render(
        request,
        "backoffice/organisations/index.html",
        {
            "form": form,
            "opened": opened,
            "accounts": selectors.accounts_opened(actor=request.actor)[:200],
            "statuses": dict(Account.Status.choices),
        },
    )


urlpatterns = [
    path("organisations/", accounts, name="organisations"),
]

menu = [
    MenuEntry(
        gettext_lazy("单位用户"),
        "backoffice:organisations",
        position=98,
        permission=VIEW,
    ),
]
