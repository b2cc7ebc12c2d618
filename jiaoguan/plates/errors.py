"""Refusals of number selection and temporary plates, with stable codes."""

from django.utils.translation import gettext_lazy as _

from jiaoguan.core.errors import ApplicationError, Conflict, NotFound, PermissionDenied

_SEGMENT_REASONS = {
    "plate_type": _("该号牌种类不发布号段。"),
    "prefix_format": _("号牌前缀应为省份简称加发牌机关代号，如“苏A”。"),
    "prefix_province": _("号牌前缀的省份简称不正确。"),
    "prefix_authority": _("发牌机关代号应为一个大写字母。"),
    "pattern_length": _("序号规则的长度与号牌种类不符：普通号牌5位，新能源号牌6位。"),
    "pattern_symbol": _("序号规则只能使用数字、字母（不含I、O）和 # @ * 通配符。"),
    "pattern_shape": _("序号规则与该号牌种类的编码规则不符。"),
    "pattern_empty": _("按该序号规则没有任何可用号码。"),
}


def segment_invalid(reason: str) -> ApplicationError:
    message = _SEGMENT_REASONS.get(reason, _("号段定义不正确。"))
    field = "plate_type" if reason == "plate_type" else reason.split("_")[0]
    return ApplicationError("plates.segment.invalid", message, fields={field: message}, status=422)


def segment_too_soon(earliest) -> ApplicationError:
    message = _("号段须至少提前公布规定的工作日数，最早可于 %(date)s 开放。") % {
        "date": earliest.isoformat()
    }
    return ApplicationError(
        "plates.segment.too_soon", message, fields={"starts_on": message}, status=422
    )


def segment_exists() -> Conflict:
    return Conflict("plates.segment.exists", _("该号段已经公布过。"))


def batch_not_started() -> ApplicationError:
    return ApplicationError("plates.batch.not_started", _("该号段尚未到开放日期。"))


def batch_not_open() -> Conflict:
    return Conflict("plates.batch.not_open", _("该号段当前没有开放的选号批次。"))


def officer_only() -> PermissionDenied:
    return PermissionDenied("plates.forbidden", _("您没有办理该业务的权限。"))


def vehicle_not_found() -> NotFound:
    return NotFound("plates.vehicle.not_found", _("没有找到您名下待登记的该新车。"))


def vehicle_exists() -> Conflict:
    return Conflict("plates.vehicle.exists", _("该车辆识别代号已录入。"))


def vin_invalid() -> ApplicationError:
    message = _("车辆识别代号格式或校验位不正确。")
    return ApplicationError("plates.vin.invalid", message, fields={"vin": message}, status=422)


def owner_not_found() -> NotFound:
    message = _("人口信息库中没有该公民身份号码。")
    return NotFound("plates.owner.not_found", message, fields={"owner_id_number": message})


def segment_mismatch() -> ApplicationError:
    return ApplicationError(
        "plates.segment.mismatch", _("该号段的号牌种类或发牌机关与您的车辆不符。")
    )


def already_holding() -> Conflict:
    return Conflict(
        "plates.hold.already_holding", _("该车辆已有预选号码，一辆车只能保留一个号码。")
    )


def no_draws_left() -> ApplicationError:
    return ApplicationError("plates.draw.no_draws_left", _("随机选号次数已用完。"), status=429)


def no_attempts_left() -> ApplicationError:
    return ApplicationError(
        "plates.compose.no_attempts_left", _("自编号码尝试次数已用完。"), status=429
    )


def number_invalid(reason: str) -> ApplicationError:
    message = _("号码不符合编码规则：序号为5位（新能源6位），最多2个字母，不能使用I和O。")
    return ApplicationError(
        "plates.number.invalid", message, fields={"number": message}, status=422
    )


def number_not_in_segment() -> ApplicationError:
    message = _("该号码不在所选号段内。")
    return ApplicationError(
        "plates.number.not_in_segment", message, fields={"number": message}, status=422
    )


def number_taken() -> Conflict:
    message = _("该号码已被他人选用或暂不可选，请换一个号码。")
    return Conflict("plates.number.taken", message, fields={"number": message})


def draw_not_found() -> NotFound:
    return NotFound("plates.draw.not_found", _("没有找到该随机选号记录。"))


def not_a_candidate() -> ApplicationError:
    message = _("只能从本次随机产生的候选号码中选择。")
    return ApplicationError(
        "plates.draw.not_a_candidate", message, fields={"number": message}, status=422
    )


def pick_time_over() -> ApplicationError:
    return ApplicationError("plates.draw.time_over", _("选号时间已过，本次候选号码已失效。"))


def not_revealed() -> Conflict:
    return Conflict("plates.draw.not_revealed", _("该批次尚未关闭，随机种子公布后才能验证。"))


def temporary_refused(reason: str) -> ApplicationError:
    messages = {
        "insurance_missing": _("没有交强险信息，不能核发临时号牌。"),
        "insurance_ended": _("交强险已过期，不能核发临时号牌。"),
        "too_many_issues": _("该车辆在此情形下核发临时号牌的次数已达上限。"),
        "too_long": _("申请的有效期超过该情形允许的最长期限。"),
        "ends_before_start": _("有效期截止日期不能早于核发日期。"),
    }
    message = messages[reason]
    return ApplicationError(f"plates.temporary.{reason}", message, status=422)


def temporary_not_found() -> NotFound:
    return NotFound("plates.temporary.not_found", _("没有找到该临时号牌。"))


def temporary_concurrent() -> Conflict:
    return Conflict(
        "plates.temporary.concurrent",
        _("该车辆的另一张临时号牌正在核发，请刷新后重试。"),
    )


def situation_invalid() -> ApplicationError:
    message = _("临时号牌的核发情形不正确。")
    return ApplicationError(
        "plates.temporary.situation_invalid", message, fields={"situation": message}, status=422
    )


def hold_not_found() -> NotFound:
    return NotFound("plates.hold.not_found", _("该车辆没有保留中的预选号码。"))


_KEEP_REASONS = {
    "not_released": _("原号牌尚未注销或转出。"),
    "too_late": _("原号牌注销或转出已超过2年。"),
    "used_under_one_year": _("原机动车使用该号牌不满1年。"),
    "violations_pending": _("原机动车还有未处理的交通违法或事故。"),
}


def keep_refused(reasons: tuple[str, ...]) -> ApplicationError:
    return ApplicationError(
        "plates.keep.refused",
        _("不符合保留原号牌的条件：%(reasons)s")
        % {"reasons": "".join(str(_KEEP_REASONS[reason]) for reason in reasons)},
        status=422,
    )


_SWAP_REASONS = {
    "different_owner": _("两车不属于同一所有人。"),
    "different_office": _("两车不在同一车辆管理所登记。"),
    "different_plate_type": _("两车号牌种类不同。"),
    "operating_vehicle": _("营运车辆不能互换号牌。"),
    "violations_pending": _("车辆还有未处理的交通违法或事故。"),
    "swapped_within_a_year": _("同一车辆一年内只能互换一次号牌。"),
}


def swap_not_found() -> NotFound:
    return NotFound("plates.swap.not_found", _("没有找到这两辆已登记的机动车。"))


def swap_refused(reasons: tuple[str, ...]) -> ApplicationError:
    return ApplicationError(
        "plates.swap.refused",
        _("不符合互换号牌的条件：%(reasons)s")
        % {"reasons": "".join(str(_SWAP_REASONS[reason]) for reason in reasons)},
        status=422,
    )


def segment_not_found() -> NotFound:
    return NotFound("plates.segment.not_found", _("没有找到该号段。"))


_SPOUSE_REASONS = {
    "married_under_one_year": _("婚姻关系存续不满1年。"),
    "both_must_apply": _("须夫妻双方共同申请。"),
}


def spouse_refused(reasons: tuple[str, ...]) -> ApplicationError:
    message = _("不符合夫妻间转移登记保留号牌的条件：%(reasons)s") % {
        "reasons": "".join(str(_SPOUSE_REASONS[reason]) for reason in reasons)
    }
    fields = {"married_on": message} if "married_under_one_year" in reasons else {}
    return ApplicationError("plates.spouse.refused", message, fields=fields, status=422)


def spouse_not_found() -> NotFound:
    message = _("姓名与公民身份号码不一致，或不在人口信息库中。")
    return NotFound("plates.spouse.not_found", message, fields={"spouse_id_number": message})


def spouse_is_owner() -> ApplicationError:
    message = _("配偶不能是机动车所有人本人。")
    return ApplicationError(
        "plates.spouse.same_person", message, fields={"spouse_id_number": message}, status=422
    )


def certificate_missing() -> ApplicationError:
    message = _("请填写结婚证字号。")
    return ApplicationError(
        "plates.spouse.certificate_missing",
        message,
        fields={"certificate_number": message},
        status=422,
    )


def registered_vehicle_not_found() -> NotFound:
    return NotFound("plates.registered_vehicle.not_found", _("没有找到您名下该辆已登记的机动车。"))


def vehicle_not_transferable() -> Conflict:
    return Conflict(
        "plates.registered_vehicle.not_transferable",
        _("该机动车处于抵押、查封或注销状态，不能办理转移登记。"),
    )


def evidence_invalid(max_kib: int) -> ApplicationError:
    message = _("请上传结婚证的照片或扫描件（JPEG或PNG格式，不超过%(size)s KB）。") % {
        "size": max_kib
    }
    return ApplicationError(
        "plates.evidence.invalid", message, fields={"certificate": message}, status=422
    )


def request_pending_exists() -> Conflict:
    return Conflict(
        "plates.request.pending_exists",
        _("该车辆已有正在办理的号牌业务申请，请等待办结或撤回后再申请。"),
    )


def request_not_found() -> NotFound:
    return NotFound("plates.request.not_found", _("没有找到该号牌业务申请。"))


def request_state(expected) -> Conflict:
    return Conflict(
        "plates.request.state",
        _("该申请当前状态不能办理此操作（应为：%(expected)s）。") % {"expected": expected},
    )


def clearance_required() -> ApplicationError:
    message = _("须核实交通违法和事故已处理完毕后方可办结；未处理完毕的，请不予办理并说明原因。")
    return ApplicationError(
        "plates.request.clearance_required",
        message,
        fields={"violations_cleared": message},
        status=422,
    )


def refusal_reason_missing() -> ApplicationError:
    message = _("请填写不予办理的原因。")
    return ApplicationError(
        "plates.request.reason_missing", message, fields={"note": message}, status=422
    )
