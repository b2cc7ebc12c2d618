"""我的收件地址: the citizen's address book for postal delivery (证件寄递), the page behind
the papers form's address choice: list, add (a current county-level GB/T 2260 code and the
street address), make default, remove."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.forms import ServiceForm
from jiaoguan.core.ids import mask_phone
from jiaoguan.core.places import county_text
from jiaoguan.core.redirects import is_same_site_path
from jiaoguan.papers.postal import selectors, services
from jiaoguan.portal.views.me import citizen_required


class AddressForm(ServiceForm):
    recipient_name = forms.CharField(label=gettext_lazy("收件人"), max_length=50)
    phone = forms.CharField(
        label=gettext_lazy("手机号码"),
        max_length=11,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    region_code = forms.CharField(
        label=gettext_lazy("行政区划代码"),
        max_length=6,
        help_text=gettext_lazy("区县的六位代码，如南京市玄武区为 320102。"),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    detail = forms.CharField(
        label=gettext_lazy("详细地址"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    is_default = forms.BooleanField(label=gettext_lazy("设为默认地址"), required=False)


@citizen_required
def addresses(request):
    person_id = request.user.person_id
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form = AddressForm(request.POST if action == "add" else None)
    try:
        if action == "add" and form.is_valid():
            services.address_add(actor=request.user, person_id=person_id, **form.cleaned_data)
            messages.success(request, _("收件地址已保存。"))
            back = request.GET.get("next", "")
            return redirect(back if is_same_site_path(back) else "portal:my_addresses")
        if action == "remove":
            services.address_remove(
                actor=request.user,
                person_id=person_id,
                address_id=int(request.POST.get("address_id", "0") or 0),
            )
            messages.success(request, _("收件地址已删除。"))
            return redirect("portal:my_addresses")
    except (ApplicationError, ValueError) as error:
        if isinstance(error, ApplicationError) and action == "add":
            form.add_application_error(error)
        else:
            messages.error(request, _("未找到该收件地址。"))
    rows = [
        {
            "entry": entry,
            "region": county_text(entry.region_code),
            "phone": mask_phone(entry.phone),
        }
        for entry in selectors.addresses_of_person(person_id=person_id)
    ]
    return render(request, "portal/me/addresses.html", {"rows": rows, "form": form})


urlpatterns = [path("me/addresses/", addresses, name="my_addresses")]
