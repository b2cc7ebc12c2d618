"""The public calculator page: the same calculators as the API, as two plain forms."""

from django import forms
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.forms import DateField
from jiaoguan.drivers.calculators import license_schedule_calculate
from jiaoguan.portal.forms import ServiceForm
from jiaoguan.vehicles.calculators import vehicle_schedule_calculate

DATE = forms.DateInput(attrs={"type": "date"})


class VehicleCalculatorForm(ServiceForm):
    vehicle_type = forms.ChoiceField(
        label=_("车辆类型"),
        choices=[
            ("K33", _("K33 小型轿车")),
            ("K31", _("K31 小型普通客车")),
            ("K39", _("K39 小型面包车")),
            ("K21", _("K21 中型普通客车")),
            ("K11", _("K11 大型普通客车")),
            ("H11", _("H11 重型普通货车")),
            ("H31", _("H31 轻型普通货车")),
            ("M21", _("M21 普通二轮摩托车")),
        ],
    )
    use = forms.ChoiceField(
        label=_("使用性质"),
        choices=[
            ("non_operating", _("非营运")),
            ("taxi", _("出租客运")),
            ("rental", _("租赁")),
            ("highway_passenger", _("公路客运")),
            ("goods_transport", _("货运")),
            ("operating", _("其他营运")),
        ],
    )
    seats = forms.IntegerField(label=_("核定载客人数"), min_value=1, max_value=99, initial=5)
    registered_on = DateField(label=_("初次登记日期"), widget=DATE)


class LicenseCalculatorForm(ServiceForm):
    first_issued_on = DateField(label=_("初次领证日期"), widget=DATE)
    valid_from = DateField(label=_("有效期起始日期"), widget=DATE)
    validity = forms.ChoiceField(
        label=_("有效期限"), choices=[("6", _("六年")), ("10", _("十年")), ("long_term", _("长期"))]
    )
    classes = forms.CharField(label=_("准驾车型"), initial="C1", max_length=60)
    birth_date = DateField(label=_("出生日期"), widget=DATE)


def index(request):
    today = clock.today()
    kind = request.GET.get("kind")
    vehicle_form = VehicleCalculatorForm(request.GET if kind == "vehicle" else None, prefix="v")
    license_form = LicenseCalculatorForm(request.GET if kind == "license" else None, prefix="l")
    vehicle_result = license_result = None
    try:
        if kind == "vehicle" and vehicle_form.is_valid():
            vehicle_result = vehicle_schedule_calculate(**vehicle_form.cleaned_data, as_of=today)
        elif kind == "license" and license_form.is_valid():
            license_result = license_schedule_calculate(**license_form.cleaned_data, as_of=today)
    except ApplicationError as error:
        (vehicle_form if kind == "vehicle" else license_form).add_application_error(error)
    return render(
        request,
        "portal/calculators.html",
        {
            "vehicle_form": vehicle_form,
            "license_form": license_form,
            "vehicle_result": vehicle_result,
            "license_result": license_result,
            "today": today,
        },
    )


urlpatterns = [
    path("calculators/", index, name="calculators"),
]
