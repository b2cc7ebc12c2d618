"""Refusals of 事故快处: stable dotted codes, Chinese messages (English via i18n)."""

from django.utils.translation import gettext_lazy as _

from jiaoguan.accidents import explanations
from jiaoguan.accidents.rules.eligibility import Outcome
from jiaoguan.core.errors import ApplicationError, Conflict, NotFound, PermissionDenied, field_error


def not_eligible(outcome: Outcome) -> ApplicationError:
    """Why the accident may not be settled online, and what to do instead (call 122)."""
    reasons = " ".join(explanations.reason_text(reason) for reason in outcome.reasons)
    instead = explanations.instead_text(outcome.instead) if outcome.instead else ""
    return ApplicationError(
        "accidents.not_eligible",
        _("该事故不能在网上快处：%(reasons)s %(instead)s")
        % {"reasons": reasons, "instead": instead},
        status=422,
    )


def not_a_citizen() -> ApplicationError:
    return PermissionDenied("accidents.citizen_only", _("请以本人账户登录后办理事故快处。"))


def not_licensed() -> ApplicationError:
    return ApplicationError(
        "accidents.not_licensed",
        _("您没有有效的机动车驾驶证，不能在网上快处，请拨打122报警。"),
        status=422,
    )


def not_insured(plate_number: str, insured_until) -> ApplicationError:
    return field_error(
        "accidents.not_insured",
        "policy_number",
        _(
            "%(plate)s 的交强险有效期至%(until)s，事故当日不在保险期内，不能在网上快处。"
            "请先将车辆移至不妨碍交通的地点，再拨打122报警。"
        )
        % {"plate": plate_number, "until": f"{insured_until:%Y-%m-%d}"},
        status=422,
    )


def not_found() -> ApplicationError:
    return NotFound("accidents.not_found", _("未找到该事故，或您不是该事故的当事人。"))


def join_code() -> ApplicationError:
    return field_error(
        "accidents.join_code", "code", _("加入码不正确，或该事故已有双方当事人。"), status=404
    )


def own_accident() -> ApplicationError:
    return ApplicationError(
        "accidents.same_party",
        _("您已是该事故的甲方，请让对方驾驶人用其本人账户加入。"),
        status=409,
    )


def state(allowed: str) -> ApplicationError:
    return Conflict(
        "accidents.state", _("该事故当前不能办理此项（须处于：%(states)s）。") % {"states": allowed}
    )


def scenario() -> ApplicationError:
    return field_error("accidents.scenario", "scenario", _("请从事故情形参照表中选择一项。"))


def party() -> ApplicationError:
    return field_error("accidents.party", "party", _("请选择情形所指的一方：甲方或乙方。"))


def already_signed() -> ApplicationError:
    return Conflict("accidents.already_signed", _("您已签字确认，请等待对方签字。"))


def required(field: str) -> ApplicationError:
    return field_error("accidents.required", field, _("必填"))


def choice(field: str) -> ApplicationError:
    return field_error("accidents.choice", field, _("取值不在可选范围内。"))


def in_future(field: str) -> ApplicationError:
    return field_error("accidents.in_future", field, _("事故时间不能晚于现在。"))


def location(field: str) -> ApplicationError:
    return field_error("accidents.location", field, _("请在地图上选择事故地点（经纬度超出范围）。"))


def no_agreement() -> ApplicationError:
    return NotFound("accidents.no_agreement", _("双方签字确认后才有协议书。"))


def late_pending() -> ApplicationError:
    return Conflict(
        "accidents.late_pending",
        _("该事故为事后补报，交警受理后对方才能加入（交警将在3个工作日内决定是否受理）。"),
    )


def photo_kind() -> ApplicationError:
    return field_error(
        "accidents.photo_kind",
        "kind",
        _("请选择照片类型：车辆前侧、车辆后侧、碰撞部位或现场全景。"),
    )


def photo_invalid(megabytes: int) -> ApplicationError:
    return field_error(
        "accidents.photo_invalid",
        "photo",
        _("请上传清晰的现场照片（JPEG 或 PNG 图片，不超过 %(mb)s MB）。") % {"mb": megabytes},
    )


def photos_missing() -> ApplicationError:
    return ApplicationError(
        "accidents.photos_missing",
        _("请先拍摄并上传现场照片：车辆前侧、车辆后侧和碰撞部位，至少3张。"),
        status=409,
    )


def photos_closed() -> ApplicationError:
    return Conflict("accidents.photos_closed", _("该事故已办结，不能再上传照片。"))


def no_phone() -> ApplicationError:
    return Conflict(
        "accidents.no_phone",
        _("您的账户没有登记手机号码，不能用短信验证码签字，请先登记手机号码。"),
    )


def sign_code_first() -> ApplicationError:
    return Conflict("accidents.sign_code_first", _("请先获取短信验证码，再签字确认。"))


def insurer_field(field: str, message) -> ApplicationError:
    """A refused field of an insurer's record (back office)."""
    return field_error(f"accidents.insurer.{field}", field, message)


def insurer_not_found() -> ApplicationError:
    return NotFound("accidents.insurer.not_found", _("未找到该保险公司。"))


def insurer_not_an_insurer() -> ApplicationError:
    return field_error(
        "accidents.insurer.organization_kind",
        "credit_code",
        _("该统一社会信用代码已登记为其他类型的单位，不是保险公司。"),
        status=409,
    )


def insurer_code_taken() -> ApplicationError:
    return field_error(
        "accidents.insurer.code_taken",
        "code",
        _("该保险公司代码或统一社会信用代码已有记录，请修改原记录。"),
        status=409,
    )
