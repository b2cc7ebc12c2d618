"""Officer pages for travel information: the province's road events; draft, publish, update
and withdraw one; import a GeoJSON feed."""

import json
import re

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiaoguan.backoffice.access import officer_required
from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.families import MenuEntry
from jiaoguan.core.forms import ServiceForm
from jiaoguan.travel import selectors, services
from jiaoguan.travel.models import RoadEvent

VIEW = "travel.view_roadevent"
PUBLISH = "travel.publish_roadevent"

_NUMBER = r"-?\d+(?:\.\d+)?"
_PAIR = re.compile(rf"({_NUMBER})\s*,\s*({_NUMBER})")


def _datetime_input():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(ServiceForm):
    """A road event as an officer types it; the place as 经度,纬度 pairs."""

    kind = forms.ChoiceField(label=gettext_lazy("事件类型"), choices=RoadEvent.Kind.choices)
    title = forms.CharField(label=gettext_lazy("标题"), max_length=100)
    road_name = forms.CharField(label=gettext_lazy("道路名称"), max_length=100)
    direction = forms.ChoiceField(label=gettext_lazy("方向"), choices=RoadEvent.Direction.choices)
    region_code = forms.CharField(
        label=gettext_lazy("所在地区划代码"), max_length=6, help_text=gettext_lazy("如 320100")
    )
    geometry_type = forms.ChoiceField(
        label=gettext_lazy("位置类型"),
        choices=[
            ("Point", gettext_lazy("点")),
            ("LineString", gettext_lazy("线（路段）")),
            ("Polygon", gettext_lazy("区域")),
        ],
    )
    coordinates = forms.CharField(
        label=gettext_lazy("坐标"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "“经度,纬度”，多个点用空格或换行分隔，"
            "如 118.7969,32.0603 118.8012,32.0655；区域自动首尾相接"
        ),
    )
    starts_at = forms.DateTimeField(label=gettext_lazy("开始时间"), widget=_datetime_input())
    ends_at = forms.DateTimeField(
        label=gettext_lazy("结束时间"),
        required=False,
        widget=_datetime_input(),
        help_text=gettext_lazy("留空为另行通知"),
    )
    severity = forms.ChoiceField(label=gettext_lazy("严重程度"), choices=RoadEvent.Severity.choices)
    lanes_total = forms.IntegerField(
        label=gettext_lazy("车道总数"), required=False, min_value=1, max_value=20
    )
    lanes_affected = forms.IntegerField(
        label=gettext_lazy("受影响车道数"), required=False, min_value=0, max_value=20
    )
    visibility_m = forms.IntegerField(
        label=gettext_lazy("能见度（米）"),
        required=False,
        min_value=0,
        max_value=100000,
        help_text=gettext_lazy("低于200米时按实施条例第八十一条自动给出限速和跟车距离"),
    )
    speed_limit_kmh = forms.IntegerField(
        label=gettext_lazy("限速（公里/小时）"), required=False, min_value=5, max_value=120
    )
    emergency = forms.BooleanField(
        label=gettext_lazy("紧急情况"),
        required=False,
        help_text=gettext_lazy("紧急情况下封闭道路可不提前五日公告"),
    )
    description = forms.CharField(
        label=gettext_lazy("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        data = super().clean() or {}
        text = data.get("coordinates") or ""
        positions = [[float(lon), float(lat)] for lon, lat in _PAIR.findall(text)]
        kind = data.get("geometry_type")
        if not positions or (kind == "Point" and len(positions) != 1):
            self.add_error("coordinates", _("请按“经度,纬度”填写坐标；点只填一个。"))
            return data
        if kind == "Point":
            data["geometry"] = {"type": "Point", "coordinates": positions[0]}
        elif kind == "LineString":
            data["geometry"] = {"type": "LineString", "coordinates": positions}
        else:
            if positions[0] != positions[-1]:
                positions.append(positions[0])
            data["geometry"] = {"type": "Polygon", "coordinates": [positions]}
        return data

    def add_application_error(self, error: ApplicationError) -> None:
        """The service names the place ``geometry``; this form asks for it as coordinates."""
        if "geometry" in error.fields:
            error.fields["coordinates"] = error.fields.pop("geometry")
        super().add_application_error(error)

    def event_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("geometry_type", None)
        data.pop("coordinates", None)
        data["lanes_affected"] = data.get("lanes_affected") or 0
        return data

    @classmethod
    def initial_of(cls, event: RoadEvent) -> dict:
        geometry = event.geometry
        if geometry["type"] == "Point":
            positions = [geometry["coordinates"]]
        elif geometry["type"] == "Polygon":
            positions = geometry["coordinates"][0]
        else:
            positions = geometry["coordinates"]
        initial = {name: getattr(event, name) for name in services.EDITABLE if name != "geometry"}
        initial["geometry_type"] = geometry["type"]
        initial["coordinates"] = " ".join(f"{p[0]},{p[1]}" for p in positions)
        return initial


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("撤销原因"), max_length=200)


class ImportForm(ServiceForm):
    feed_format = forms.ChoiceField(
        label=gettext_lazy("格式"),
        choices=[
            ("geojson", gettext_lazy("GeoJSON（本平台路况接口的格式）")),
            ("wzdx", gettext_lazy("WZDx 4.x 施工区（work zone）")),
        ],
    )
    region_code = forms.CharField(
        label=gettext_lazy("所在地区划代码"),
        max_length=6,
        required=False,
        help_text=gettext_lazy("WZDx 数据不含行政区划，导入 WZDx 时必填，如 320100"),
    )
    source = forms.CharField(
        label=gettext_lazy("数据来源"),
        max_length=40,
        help_text=gettext_lazy(
            "发布单位的简称，如 jiangsu-expressway；同一来源再次导入时更新原事件"
        ),
    )
    document = forms.FileField(label=gettext_lazy("文件（GeoJSON FeatureCollection）"))


@officer_required(VIEW)
def events(request):
    status = request.GET.get("status", "")
    if status not in RoadEvent.Status.values:
        status = ""
    return render(
        request,
        "backoffice/travel/index.html",
        {
            "events": selectors.events_of_jurisdiction(actor=request.actor, status=status)[:200],
            "status": status,
            "statuses": RoadEvent.Status.choices,
        },
    )


@officer_required(PUBLISH)
def event_new(request):
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        publish = "publish" in request.POST
        try:
            event = services.event_draft(
                actor=request.actor, publish=publish, **form.event_fields()
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("路况事件已发布。") if publish else _("草稿已保存。"))
            return redirect("backoffice:travel_event", event_id=event.pk)
    return render(request, "backoffice/travel/event_new.html", {"form": form})


@officer_required(VIEW, write=PUBLISH)
def event(request, event_id):
    """One event: its facts and, for an officer who publishes, the form that updates it."""
    event = selectors.event_of_jurisdiction(actor=request.actor, event_id=event_id)
    form = EventForm(request.POST or None, initial=EventForm.initial_of(event))
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_update(actor=request.actor, event=event, **form.event_fields())
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("路况事件已更新。"))
            return redirect("backoffice:travel_event", event_id=event.pk)
    return render(
        request,
        "backoffice/travel/event.html",
        {
            "event": event,
            "form": form,
            "withdraw_form": WithdrawForm(),
            "editable": event.status != RoadEvent.Status.WITHDRAWN,
            "history": selectors.event_history(actor=request.actor, event_id=event.pk),
        },
    )


@require_POST
@officer_required(write=PUBLISH)
def event_publish(request, event_id):
    event = selectors.event_of_jurisdiction(actor=request.actor, event_id=event_id)
    try:
        services.event_publish(actor=request.actor, event=event)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("路况事件已发布。"))
    return redirect("backoffice:travel_event", event_id=event.pk)


@require_POST
@officer_required(write=PUBLISH)
def event_withdraw(request, event_id):
    event = selectors.event_of_jurisdiction(actor=request.actor, event_id=event_id)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写撤销原因。"))
        return redirect("backoffice:travel_event", event_id=event.pk)
    try:
        services.event_withdraw(
            actor=request.actor, event=event, reason=form.cleaned_data["reason"]
        )
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("路况事件已撤销，已从各发布渠道移除。"))
    return redirect("backoffice:travel_event", event_id=event.pk)


@officer_required(PUBLISH)
def events_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            collection = json.loads(form.cleaned_data["document"].read().decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            form.add_error("document", _("文件不是 UTF-8 编码的 JSON。"))
        else:
            try:
                counts = services.events_import(
                    actor=request.actor,
                    collection=collection,
                    source=form.cleaned_data["source"],
                    feed_format=form.cleaned_data["feed_format"],
                    region_code=form.cleaned_data["region_code"],
                )
            except ApplicationError as error:
                form.add_application_error(error)
            else:
                messages.success(
                    request,
                    _("导入完成：新增 %(created)d 条，更新 %(updated)d 条。") % counts,
                )
                return redirect("backoffice:travel_events")
    return render(request, "backoffice/travel/import.html", {"form": form})


urlpatterns = [
    path("travel/", events, name="travel_events"),
    path("travel/new/", event_new, name="travel_event_new"),
    path("travel/import/", events_import, name="travel_import"),
    path("travel/<id:event_id>/", event, name="travel_event"),
    path("travel/<id:event_id>/publish/", event_publish, name="travel_event_publish"),
    path("travel/<id:event_id>/withdraw/", event_withdraw, name="travel_event_withdraw"),
]

menu = [
    MenuEntry(
        gettext_lazy("路况信息"),
        "backoffice:travel_events",
        position=95,
        permission=VIEW,
    ),
]
