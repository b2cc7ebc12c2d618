"""Refusals of travel information: stable dotted codes, Chinese messages (English via i18n)."""

from datetime import datetime

from django.utils.translation import gettext_lazy as _

from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError, Conflict, NotFound, field_error
from jiaoguan.travel.rules import GeometryRefusal

_GEOMETRY_MESSAGES = {
    GeometryRefusal.NOT_AN_OBJECT: _("位置应为 GeoJSON 几何对象。"),
    GeometryRefusal.TYPE: _(
        "位置只能是一个点（Point）、一条线（LineString）或一个区域（Polygon）。"
    ),
    GeometryRefusal.COORDINATES: _("位置的坐标格式不正确，应为 [经度, 纬度]。"),
    GeometryRefusal.RANGE: _("经度应在 -180 至 180 之间，纬度应在 -90 至 90 之间。"),
    GeometryRefusal.TOO_FEW: _("线至少需要两个点，区域的边界至少需要四个点。"),
    GeometryRefusal.NOT_CLOSED: _("区域的边界须首尾相接（最后一个点与第一个点相同）。"),
}


def geometry(refusal: GeometryRefusal) -> ApplicationError:
    return field_error(
        f"travel.event.geometry.{refusal.value}", "geometry", _GEOMETRY_MESSAGES[refusal]
    )


def region() -> ApplicationError:
    return field_error(
        "travel.event.region", "region_code", _("地区代码应为已知省份的六位行政区划代码。")
    )


def required(field: str) -> ApplicationError:
    return field_error("travel.event.required", field, _("必填"))


def choice(field: str) -> ApplicationError:
    return field_error("travel.event.choice", field, _("取值不在可选范围内。"))


def validity() -> ApplicationError:
    return field_error("travel.event.validity", "ends_at", _("结束时间应晚于开始时间。"))


def lanes() -> ApplicationError:
    return field_error(
        "travel.event.lanes",
        "lanes_affected",
        _("车道数不正确：受影响车道数不能超过车道总数，车道总数至少为一。"),
    )


def closure_notice(deadline: datetime, days: int) -> ApplicationError:
    return field_error(
        "travel.event.closure_notice",
        "starts_at",
        _(
            "因施工封闭道路须提前%(days)d日向社会公告（道路交通安全法实施条例第三十五条），"
            "该封闭最迟应于 %(deadline)s 发布；紧急情况请勾选“紧急情况”。"
        )
        % {"days": days, "deadline": clock.local(deadline).strftime("%Y-%m-%d %H:%M")},
    )


def speed_limit(limit: int) -> ApplicationError:
    return field_error(
        "travel.event.speed_limit",
        "speed_limit_kmh",
        _("按该能见度，限速不得高于每小时%(limit)d公里（道路交通安全法实施条例第八十一条）。")
        % {"limit": limit},
    )


def not_found() -> NotFound:
    return NotFound("travel.event.not_found", _("没有找到该路况事件。"))


def state(action: str) -> Conflict:
    return Conflict(
        "travel.event.state", _("该路况事件当前状态不允许此操作：%(action)s。") % {"action": action}
    )


def import_invalid(position: int, reason: str) -> ApplicationError:
    return ApplicationError(
        "travel.import.invalid",
        _("导入数据第 %(position)d 项有误：%(reason)s") % {"position": position, "reason": reason},
        status=422,
    )
