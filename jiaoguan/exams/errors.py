"""Refusals of the exams domain: stable dotted codes, Chinese messages (English via i18n)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jiaoguan.core.errors import ApplicationError, Conflict, NotFound, RateLimited, field_error
from jiaoguan.exams.rules import LocationRefusal, Refusal

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
    Refusal.DEADLINE_PASSED: _(
        "持军队、武装警察部队或境外机动车驾驶证申请的，应当自受理之日起三年内完成考试；考试日期超出该期限。"
    ),
}


def not_eligible(refusals, earliest_on=None) -> ApplicationError:
    first = refusals[0]
    message: str | Promise = _ELIGIBILITY_MESSAGES[first]
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


def plan_not_found() -> NotFound:
    return NotFound("exams.plan.not_found", _("没有找到该考试计划。"))


def window_times(message) -> ApplicationError:
    return ApplicationError(
        "exams.window.times", message, fields={"closes_at": message}, status=422
    )


def in_another_window() -> Conflict:
    return Conflict(
        "exams.preferences.other_window",
        _("您已在另一个受理中的同科目预约批次提交了志愿，同一科目同时只能参加一个批次。"),
    )


def result_conflict() -> Conflict:
    return Conflict(
        "exams.attempt.conflict", _("该次考试已报送了不同的成绩；更正成绩须由车管所办理。")
    )


def window_sessions_invalid(message) -> ApplicationError:
    return ApplicationError(
        "exams.window.sessions", message, fields={"sessions": message}, status=422
    )


def basis_invalid() -> ApplicationError:
    message = _("申请依据不正确。")
    return ApplicationError(
        "exams.application.basis", message, fields={"basis": message}, status=422
    )


def region_invalid(field: str) -> ApplicationError:
    message = _("行政区划代码应为6位数字，且省级代码正确。")
    return ApplicationError("exams.region.invalid", message, fields={field: message}, status=422)


_LOCATION_MESSAGES = {
    LocationRefusal.NOT_SMALL_CLASS: _(
        "只有申请小型汽车、小型自动挡汽车、低速载货汽车、三轮汽车、残疾人专用小型自动挡载客汽车和轻型牵引挂车准驾车型的，可以变更考试地。"
    ),
    LocationRefusal.NOTHING_PASSED: _("须在部分科目考试合格后才能变更考试地。"),
    LocationRefusal.LIMIT_REACHED: _("考试地最多可以变更三次，已达上限。"),
    LocationRefusal.INVALID_REGION: _("新考试地的行政区划代码不正确。"),
    LocationRefusal.SAME_LOCATION: _("新考试地与当前考试地相同。"),
    LocationRefusal.BOOKING_PENDING: _("您有尚未考试的预约，请考试或取消预约后再变更考试地。"),
    LocationRefusal.LISTED_IN_WINDOW: _(
        "您在受理中的预约批次已提交志愿，请在该批次分配结束后再变更考试地。"
    ),
}


def location_refused(refusals) -> ApplicationError:
    first = refusals[0]
    message = _LOCATION_MESSAGES[first]
    field = (
        "region_code"
        if first
        in (
            LocationRefusal.INVALID_REGION,
            LocationRefusal.SAME_LOCATION,
        )
        else None
    )
    return ApplicationError(
        f"exams.location.{first.value}",
        message,
        fields={field: message} if field else {},
        status=409
        if first
        in (
            LocationRefusal.BOOKING_PENDING,
            LocationRefusal.LISTED_IN_WINDOW,
            LocationRefusal.LIMIT_REACHED,
        )
        else 422,
    )


def location_concurrent() -> Conflict:
    return Conflict("exams.location.concurrent", _("考试地变更正在办理中，请刷新后查看结果。"))


def score_mismatch() -> ApplicationError:
    message = _("成绩与考试结果不一致：成绩达到合格分数线才为合格，缺考不应有成绩。")
    return ApplicationError(
        "exams.attempt.score_mismatch", message, fields={"score": message}, status=422
    )


def venue_level() -> ApplicationError:
    message = _(
        "县级考场不能承担大型客车、重型牵引挂车、城市公交车、中型客车、大型货车的科目二和科目三考试。"
    )
    return ApplicationError(
        "exams.session.venue_level", message, fields={"license_class": message}, status=422
    )


def residence_missing() -> ApplicationError:
    message = _("请填写现居住地址。")
    return ApplicationError(
        "exams.location.residence_missing",
        message,
        fields={"residence_address": message},
        status=422,
    )


def venue_region() -> ApplicationError:
    return field_error(
        "exams.venue.region", "region_code", _("请填写六位行政区划代码（如 320100）。")
    )


def venue_duplicate() -> Conflict:
    message = _("该考场编号已被使用。")
    return Conflict("exams.venue.duplicate", message, fields={"code": message})


def plan_past() -> ApplicationError:
    return field_error("exams.plan.past", "exam_on", _("考试日期不能早于今天。"))


def plan_duplicate() -> Conflict:
    message = _("该考场当天已有考试计划。")
    return Conflict("exams.plan.duplicate", message, fields={"exam_on": message})


def session_capacity() -> ApplicationError:
    return field_error("exams.session.capacity", "capacity", _("考位数至少为 1。"))


def session_duplicate() -> Conflict:
    message = _("该考试计划在同一时间已有相同科目和准驾车型的场次。")
    return Conflict("exams.session.duplicate", message, fields={"starts_at": message})
