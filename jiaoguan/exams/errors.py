"""Refusals of the exams domain: stable dotted codes, Chinese messages (English via i18n)."""

from django.utils.translation import gettext_lazy as _

from jiaoguan.core.errors import ApplicationError, Conflict, NotFound, RateLimited
from jiaoguan.exams.rules import Refusal

_ELIGIBILITY_MESSAGES = {
    Refusal.NOT_REQUIRED: _("所申请的准驾车型不需要参加该科目考试。"),
    Refusal.ALREADY_PASSED: _("该科目已考试合格，无需再次预约。"),
    Refusal.ORDER: _(
        "请先通过前序科目的考试：科目二、科目三须在科目一合格后预约，安全文明驾驶常识须在科目二和科目三合格后预约。"
    ),
    Refusal.NO_PERMIT: _("尚未取得学习驾驶证明，不能预约该科目。"),
    Refusal.TOO_EARLY: _("取得学习驾驶证明的天数不足，尚不能预约该科目。"),
    Refusal.PERMIT_EXPIRED: _("考试日期超出学习驾驶证明有效期。"),
    Refusal.LIMIT_REACHED: _("学习驾驶证明有效期内该科目预约次数已达上限。"),
    Refusal.REBOOKING_WAIT: _("考试不合格后须间隔十日方可再次预约该科目。"),
    Refusal.PENDING_BOOKING: _("该科目已有尚未考试的预约。"),
}


def not_eligible(refusals, earliest_on=None) -> ApplicationError:
    first = refusals[0]
    message = _ELIGIBILITY_MESSAGES[first]
    if earliest_on is not None:
        message = _("%(reason)s最早可于 %(date)s 预约。") % {
            "reason": message,
            "date": earliest_on.isoformat(),
        }
    return ApplicationError(
        f"exams.eligibility.{first.value}",
        message,
        fields={"session_ids": _ELIGIBILITY_MESSAGES[first]},
        status=422,
    )


def window_not_found() -> NotFound:
    return NotFound("exams.window.not_found", _("没有找到该预约批次。"))


def window_closed() -> Conflict:
    return Conflict("exams.booking.window_closed", _("该预约批次不在受理时间内。"))


def window_not_due() -> Conflict:
    return Conflict("exams.window.not_due", _("预约批次尚未到截止时间，不能进行分配。"))


def window_state(expected) -> Conflict:
    return Conflict(
        "exams.window.state",
        _("预约批次当前状态不允许该操作（应为：%(expected)s）。") % {"expected": expected},
    )


def no_application() -> ApplicationError:
    return ApplicationError(
        "exams.application.none",
        _("您没有正在办理的驾驶证申请，请先在驾校或车管所提交申请。"),
        status=409,
    )


def application_exists() -> Conflict:
    return Conflict("exams.application.exists", _("该申请人已有正在办理的驾驶证申请。"))


def invalid_class() -> ApplicationError:
    return ApplicationError(
        "exams.application.class",
        _("该准驾车型不能初次申领，或代码不正确。"),
        fields={"license_class": _("请核对准驾车型")},
        status=422,
    )


def preferences_invalid(message) -> ApplicationError:
    return ApplicationError(
        "exams.preferences.invalid", message, fields={"session_ids": message}, status=422
    )


def too_many_changes() -> RateLimited:
    return RateLimited(
        "exams.preferences.rate_limited", _("操作过于频繁，请稍后再试。志愿提交先后不影响排序。")
    )


def booking_not_found() -> NotFound:
    return NotFound("exams.booking.not_found", _("没有找到该考试预约。"))


def cancellation_too_late() -> Conflict:
    return Conflict("exams.booking.cancellation_too_late", _("考试前一日之后不能取消预约。"))


def booking_not_open() -> Conflict:
    return Conflict("exams.booking.not_open", _("该预约已取消或已考试。"))


def attempt_invalid(message) -> ApplicationError:
    return ApplicationError("exams.attempt.invalid", message, status=422)


def plan_too_late(deadline) -> ApplicationError:
    return ApplicationError(
        "exams.plan.too_late",
        _("考试计划应至少在考试日期前十日公布（最晚 %(date)s）。") % {"date": deadline.isoformat()},
        status=422,
    )


def publication_not_found() -> NotFound:
    return NotFound("exams.publication.not_found", _("该预约批次尚未公布分配结果。"))


def person_not_found() -> NotFound:
    return NotFound(
        "exams.application.person_not_found",
        _("姓名与公民身份号码不一致，或不在人口信息库中。"),
    )
