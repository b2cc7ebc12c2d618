"""单位 · 检验机构登记: an inspection-station organisation's administrator registers its
station (lanes, weekly hours); an officer of its province approves it in the back office
(``backoffice.views.inspections``), and only then are its slots opened for booking."""

from __future__ import annotations

from datetime import time

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.forms import ServiceForm
from jiaoguan.inspections import selectors
from jiaoguan.inspections.models import Lane
from jiaoguan.inspections.services import stations
from jiaoguan.portal.views.organisations import _context, staff_page

WEEKDAYS = [
    ("0", _("星期一")),
    ("1", _("星期二")),
    ("2", _("星期三")),
    ("3", _("星期四")),
    ("4", _("星期五")),
    ("5", _("星期六")),
    ("6", _("星期日")),
]
LANE_ROWS = 3


class StationForm(ServiceForm):
    name = forms.CharField(label=_("检验机构名称"), max_length=100)
    address = forms.CharField(label=_("地址"), max_length=200)
    region_code = forms.RegexField(
        label=_("所在地区划代码"), regex=r"^\d{6}$", help_text=_("6位数字，如 320102")
    )
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    weekdays = forms.MultipleChoiceField(
        label=_("营业日"), choices=WEEKDAYS, widget=forms.CheckboxSelectMultiple
    )
    opens = forms.TimeField(label=_("开始营业"), initial=time(8, 30))
    closes = forms.TimeField(label=_("停止营业"), initial=time(17, 0))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for index in range(1, LANE_ROWS + 1):
            required = index == 1
            self.fields[f"lane{index}_name"] = forms.CharField(
                label=_("检测线 %(n)d 名称") % {"n": index}, max_length=50, required=required
            )
            self.fields[f"lane{index}_kind"] = forms.ChoiceField(
                label=_("检测线 %(n)d 类别") % {"n": index},
                choices=Lane.Kind.choices,
                required=required,
            )
            self.fields[f"lane{index}_capacity"] = forms.IntegerField(
                label=_("检测线 %(n)d 每时段可检车辆数") % {"n": index},
                min_value=1,
                max_value=50,
                required=required,
            )

    def lanes(self) -> list[stations.LaneSpec]:
        data = self.cleaned_data
        return [
            stations.LaneSpec(
                data[f"lane{i}_name"], data[f"lane{i}_kind"], data[f"lane{i}_capacity"]
            )
            for i in range(1, LANE_ROWS + 1)
            if data.get(f"lane{i}_name") and data.get(f"lane{i}_capacity")
        ]

    def hours(self) -> list[stations.HoursSpec]:
        data = self.cleaned_data
        return [
            stations.HoursSpec(int(day), data["opens"], data["closes"]) for day in data["weekdays"]
        ]


@staff_page(stations.REGISTER)
def station(request):
    """The station's registration and its state (待审核 / 已核准 / 已暂停)."""
    registered = selectors.station_of_organisation(organisation_id=request.staff.organisation_id)
    form = StationForm(request.POST or None) if registered is None else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            stations.station_register(
                actor=request.staff,
                name=form.cleaned_data["name"],
                address=form.cleaned_data["address"],
                region_code=form.cleaned_data["region_code"],
                phone=form.cleaned_data["phone"],
                lanes=form.lanes(),
                hours=form.hours(),
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("已提交登记，等待所在地公安交管部门审核。"))
            return redirect("portal:org_station")
    return render(
        request,
        "portal/organisations/station.html",
        _context(request, "station", form=form, station=registered),
    )


urlpatterns = [path("org/station/", station, name="org_station")]
