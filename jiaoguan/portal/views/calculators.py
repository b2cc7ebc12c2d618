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


def _submitted(query, prefix: str) -> bool:
    return any(key.startswith(f"{prefix}-") for key in query)


def index(request):
    """Both calculators on one page. Each form carries the other's last values in hidden
    fields, so computing one keeps the other's result on the page."""
    today = clock.today()
    kind = request.GET.get("kind")
    query = request.GET
    vehicle_bound = kind == "vehicle" or _submitted(query, "v")
    license_bound = kind == "license" or _submitted(query, "l")
    vehicle_form = VehicleCalculatorForm(query if vehicle_bound else None, prefix="v")
    license_form = LicenseCalculatorForm(query if license_bound else None, prefix="l")
    # A form carried along (not the one submitted) counts only when valid; else it shows
    # fresh, its errors are not the visitor's.
    if kind != "vehicle" and vehicle_form.is_bound and not vehicle_form.is_valid():
        vehicle_form = VehicleCalculatorForm(prefix="v")
    if kind != "license" and license_form.is_bound and not license_form.is_valid():
        license_form = LicenseCalculatorForm(prefix="l")
    results = {}
    for name, form, calculate in (
        ("vehicle", vehicle_form, vehicle_schedule_calculate),
        ("license", license_form, license_schedule_calculate),
    ):
        if not (form.is_bound and form.is_valid()):
            continue
        try:
            results[name] = calculate(**form.cleaned_data, as_of=today)
        except ApplicationError as error:
            form.add_application_error(error)
    vehicle_result, license_result = results.get("vehicle"), results.get("license")
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
