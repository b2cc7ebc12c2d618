"""Refusals of the inspections family: stable dotted codes, Chinese first (English via i18n)."""

from datetime import date

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jiaoguan.core.errors import ApplicationError, Conflict, NotFound, PermissionDenied
from jiaoguan.inspections.rules import MarkRefusal, Refusal, ResultRefusal

BOOKING_MESSAGES = {
    Refusal.STATION_CLOSED: _("该检验机构暂不接受预约。"),
    Refusal.NOT_NORMAL: _("机动车已注销，不能预约检验。"),
    Refusal.OFF_SITE_EXCLUDED: _("大型载客汽车和校车不能在登记地以外的省份检验。"),
    Refusal.LANE_KIND: _("该检测线不检验此类机动车，请选择相应的检测线。"),
    Refusal.NOT_IN_WINDOW: _("预约日期不在检验有效期届满前三个月内，暂不能预约。"),
    Refusal.UNHANDLED_VIOLATIONS: _("该车有未处理的交通违法记录，请先处理后再预约检验。"),
    Refusal.NO_SHOW_BAN: _("近期预约后多次未到检，暂停预约。"),
    Refusal.SLOT_PAST: _("该时段已开始或已过去，请选择其他时段。"),
    Refusal.BEYOND_HORIZON: _("只能预约14日内的时段。"),
    Refusal.NOT_INSURED: _("该车交强险在预约日期前已到期，请先续保后再预约检验。"),
}

MARK_MESSAGES = {
    MarkRefusal.NOT_NORMAL: _("机动车已注销，不能申领检验标志。"),
    MarkRefusal.MANUAL_REVIEW: _("该车使用性质曾变更，须到车管所人工审核，不能网上申领。"),
    MarkRefusal.NOT_MARK_ONLY: _("该车本次须上线检验，不能免检申领，请预约检验机构。"),
    MarkRefusal.NOT_IN_WINDOW: _("尚未到检验有效期届满前三个月，暂不能申领。"),
    MarkRefusal.EXPIRED: _("检验有效期已届满，不能网上申领，请预约检验机构上线检验。"),
    MarkRefusal.UNHANDLED_VIOLATIONS: _("该车有未处理的交通违法记录，请先处理后再申领。"),
    MarkRefusal.NOT_INSURED: _("该车交强险已到期，请先续保后再申领检验标志。"),
    MarkRefusal.VEHICLE_TAX_UNPAID: _("该车本年度车船税未缴纳，请缴纳后再申领检验标志。"),
}

RESULT_MESSAGES = {
    ResultRefusal.NO_ITEMS: _("检验结果须包含检验项目。"),
    ResultRefusal.UNKNOWN_ITEM: _("检验项目代码不正确。"),
    ResultRefusal.DUPLICATE_ITEM: _("检验项目重复。"),
    ResultRefusal.VERDICT_MISMATCH: _("检验结论与各项目结果不一致。"),
    ResultRefusal.REASON_MISSING: _("检验不合格须填写不合格原因。"),
    ResultRefusal.ODOMETER_RANGE: _("里程表读数不正确。"),
}

RESULT_FIELDS = {
    ResultRefusal.NO_ITEMS: "items",
    ResultRefusal.UNKNOWN_ITEM: "items",
    ResultRefusal.DUPLICATE_ITEM: "items",
    ResultRefusal.VERDICT_MISMATCH: "passed",
    ResultRefusal.REASON_MISSING: "failure_reason",
    ResultRefusal.ODOMETER_RANGE: "odometer_km",
}


def booking_refused(refusals: list[Refusal], banned_until: date | None = None) -> ApplicationError:
    first = refusals[0]
    message: str | Promise = BOOKING_MESSAGES[first]
    if first is Refusal.NO_SHOW_BAN and banned_until is not None:
        message = _("近期预约后多次未到检，%(date)s 前不能预约。") % {
            "date": banned_until.isoformat()
        }
    return ApplicationError(
        f"inspections.booking.{first.value}", message, fields={"slot_id": message}, status=422
    )


def mark_refused(refusals: list[MarkRefusal]) -> ApplicationError:
    first = refusals[0]
    return ApplicationError(f"inspections.mark.{first.value}", MARK_MESSAGES[first], status=422)


def result_refused(refusals: list[ResultRefusal]) -> ApplicationError:
    fields = {RESULT_FIELDS[refusal]: RESULT_MESSAGES[refusal] for refusal in refusals}
    first = refusals[0]
    return ApplicationError(
        f"inspections.result.{first.value}", RESULT_MESSAGES[first], fields=fields, status=422
    )


def slot_full() -> Conflict:
    return Conflict(
        "inspections.booking.slot_full",
        _("该时段已约满，请选择其他时段。"),
        fields={"slot_id": _("该时段已约满。")},
    )


def already_booked() -> Conflict:
    return Conflict(
        "inspections.booking.already_booked",
        _("该车已有未完成的检验预约，请先取消或改约。"),
    )


def slot_not_found() -> NotFound:
    return NotFound("inspections.slot.not_found", _("没有找到该预约时段。"))


def vehicle_not_yours() -> NotFound:
    return NotFound("inspections.vehicle.not_found", _("没有找到您名下的该机动车。"))


def appointment_not_found() -> NotFound:
    return NotFound("inspections.appointment.not_found", _("没有找到该检验预约。"))


def appointment_not_open() -> Conflict:
    return Conflict("inspections.appointment.not_open", _("该预约已取消、已检验或已过期。"))


def change_too_late() -> Conflict:
    return Conflict(
        "inspections.appointment.too_late", _("距预约时段开始不足2小时，不能取消或改约。")
    )


def station_not_found() -> NotFound:
    return NotFound("inspections.station.not_found", _("没有找到该检验机构。"))


def station_exists() -> Conflict:
    return Conflict("inspections.station.exists", _("该单位已登记检验机构。"))


def not_a_station() -> PermissionDenied:
    return PermissionDenied(
        "inspections.station.not_station", _("只有机动车检验机构类单位可以登记检验机构。")
    )


def station_state() -> Conflict:
    return Conflict("inspections.station.state", _("检验机构当前状态不允许该操作。"))


def station_invalid(field: str, message) -> ApplicationError:
    return ApplicationError(
        "inspections.station.invalid", message, fields={field: message}, status=422
    )


def result_conflict() -> Conflict:
    return Conflict("inspections.result.conflict", _("该预约已报送了不同的检验结果。"))


def result_too_early() -> Conflict:
    return Conflict("inspections.result.too_early", _("检验时间早于预约时段所在日期，不能报送。"))


def mark_issued() -> Conflict:
    return Conflict("inspections.mark.issued", _("本检验周期的检验标志已核发。"))


def mark_not_found() -> NotFound:
    return NotFound("inspections.mark.not_found", _("没有找到您的这张检验标志。"))


def mark_paper_requested() -> ApplicationError:
    return ApplicationError(
        "inspections.mark.paper_requested", _("这张检验标志已申领过纸质标志。"), status=409
    )


def mark_point_invalid() -> ApplicationError:
    return ApplicationError(
        "inspections.mark.point_invalid",
        _("请选择一个开放的服务网点领取纸质标志。"),
        fields={"point_id": _("请选择一个开放的服务网点。")},
        status=422,
    )
