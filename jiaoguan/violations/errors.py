from django.utils.translation import gettext_lazy as _

from jiaoguan.core.errors import ApplicationError, Conflict, NotFound, PermissionDenied, field_error
from jiaoguan.violations.rules.handling import Refusal


def version_not_after_history() -> ApplicationError:
    return field_error(
        "violations.reference.backdated",
        "effective_from",
        _("新版本的生效日期须晚于该代码现有各版本，且不早于今天；历史版本不能修改。"),
    )


def code_unknown(code: str) -> ApplicationError:
    return field_error(
        "violations.reference.code_unknown",
        "code",
        _("违法代码 %(code)s 在该日期不存在或已停用。") % {"code": code},
    )


def fine_outside_law(low: str, high: str) -> ApplicationError:
    return field_error(
        "violations.reference.fine_outside_law",
        "amount",
        _("罚款金额须在法定幅度 %(low)s 至 %(high)s 元之内。") % {"low": low, "high": high},
    )


def evidence_count(limit: int) -> ApplicationError:
    return field_error(
        "violations.evidence.count",
        "evidence",
        _("每条记录须附 1 至 %(limit)s 张证据图片。") % {"limit": limit},
    )


def evidence_too_large(position: int, limit_kib: int) -> ApplicationError:
    return field_error(
        "violations.evidence.too_large",
        f"evidence.{position}",
        _("证据图片超过 %(limit)s KiB。") % {"limit": limit_kib},
        status=413,
    )


def evidence_not_image(position: int) -> ApplicationError:
    return field_error(
        "violations.evidence.not_image",
        f"evidence.{position}",
        _("证据不是有效的 JPEG 或 PNG 图片。"),
    )


def record_conflict() -> Conflict:
    return Conflict(
        "violations.ingest.conflict",
        _("该设备记录编号已上传过不同的内容。更正记录请使用新的记录编号。"),
        fields={"record_id": _("记录编号已使用")},
    )


def plate_invalid() -> ApplicationError:
    return field_error(
        "violations.ingest.plate_invalid", "plate_number", _("号牌号码或号牌种类不正确。")
    )


def occurred_at_implausible() -> ApplicationError:
    return field_error(
        "violations.ingest.occurred_at",
        "occurred_at",
        _("违法时间不能晚于当前时间，也不能早于两年前。"),
    )


def region_invalid() -> ApplicationError:
    return field_error(
        "violations.ingest.region", "region_code", _("违法地行政区划代码应为 6 位数字。")
    )


def region_not_covered(region_code: str) -> PermissionDenied:
    return PermissionDenied(
        "violations.ingest.region_not_covered",
        _("违法地 %(code)s 不在本单位辖区内，本单位的密钥不能上传该地的记录。")
        % {"code": region_code},
        fields={"region_code": _("违法地不在本单位辖区内")},
    )


def record_not_reviewable() -> Conflict:
    return Conflict(
        "violations.review.not_pending",
        _("该记录已审核过，不能再次确认或删除。"),
    )


def deletion_too_late() -> Conflict:
    return Conflict(
        "violations.review.deletion_too_late",
        _("记录录入已超过 3 个工作日，或已处理，不能再删除。"),
    )


# Handling, decisions, disputes and authorisations --------------------------------------------

REFUSAL_MESSAGES = {
    Refusal.NOT_CAMERA_RECORDED: _("非现场记录以外的违法须到窗口处理。"),
    Refusal.GENERAL_PROCEDURE: _(
        "罚款超过 200 元或涉及暂扣、吊销驾驶证，适用一般程序，须到窗口处理。"
    ),
    Refusal.NO_LICENSE: _("该违法需要记分，您名下没有驾驶证，请由持证驾驶人处理。"),
    Refusal.LICENSE_NOT_USABLE: _(
        "您的驾驶证当前不能正常使用（过期、暂扣、满分或待审验等），请到窗口处理。"
    ),
    Refusal.WOULD_REACH_FULL_SCORE: _("处理后本记分周期将达到 12 分，须到窗口处理并参加满分学习。"),
}


def handling_refused(refusals) -> ApplicationError:
    return ApplicationError(
        "violations.handling.refused",
        " ".join(str(REFUSAL_MESSAGES[refusal]) for refusal in refusals),
        status=422,
    )


def record_not_found() -> NotFound:
    return NotFound("violations.record.not_found", _("没有找到该记录。"))


def not_handleable() -> Conflict:
    return Conflict("violations.handling.not_open", _("该记录已处理或已删除，不能再处理。"))


def under_dispute() -> Conflict:
    return Conflict(
        "violations.handling.under_dispute", _("该记录有正在审核的异议，审核结束后再处理。")
    )


def not_your_vehicle() -> PermissionDenied:
    return PermissionDenied(
        "violations.handling.not_your_vehicle",
        _("只能处理本人名下机动车或已获车主授权机动车的违法记录。"),
    )


def code_missing() -> ApplicationError:
    return ApplicationError(
        "violations.handling.code_missing",
        _("该违法代码在违法当日没有有效的处罚标准，请到窗口处理。"),
        status=422,
    )


def decision_not_found() -> NotFound:
    return NotFound("violations.decision.not_found", _("没有找到该处罚决定书。"))


def decision_already_paid() -> Conflict:
    return Conflict("violations.payment.already_paid", _("该决定书的罚款已缴纳。"))


def decision_revoked() -> Conflict:
    return Conflict("violations.decision.revoked", _("该处罚决定已撤销。"))


def dispute_reason_required() -> ApplicationError:
    return field_error(
        "violations.dispute.reason", "reason", _("请写明异议理由（10 至 1000 字）。")
    )


def dispute_open() -> Conflict:
    return Conflict("violations.dispute.open", _("该记录已有正在审核的异议。"))


def dispute_already_decided() -> Conflict:
    return Conflict(
        "violations.dispute.already_decided",
        _(
            "该记录的异议已审核答复，不能再次提出；对处罚决定不服的，可依法申请行政复议或"
            "提起行政诉讼。"
        ),
    )


def dispute_not_open() -> Conflict:
    return Conflict("violations.dispute.decided", _("该异议已审核。"))


def dispute_not_found() -> NotFound:
    return NotFound("violations.dispute.not_found", _("没有找到该异议。"))


def authorisation_plate_unknown() -> ApplicationError:
    return field_error(
        "violations.authorisation.plate_unknown",
        "plate_number",
        _("没有找到该号牌的小型汽车，或它登记在单位名下。"),
    )


def authorisation_own_vehicle() -> ApplicationError:
    return field_error(
        "violations.authorisation.own_vehicle",
        "plate_number",
        _("本人名下的机动车无需授权。"),
    )


def authorisation_not_small_car() -> ApplicationError:
    return field_error(
        "violations.authorisation.not_small_car",
        "plate_number",
        _("只能绑定他人名下的小型、微型载客汽车。"),
    )


def authorisation_owner_unreachable() -> ApplicationError:
    return ApplicationError(
        "violations.authorisation.owner_unreachable",
        _("车主尚未注册本平台或未登记手机号码，无法发送确认短信。"),
        status=422,
    )


def authorisation_exists() -> Conflict:
    return Conflict("violations.authorisation.exists", _("您已申请或已绑定该机动车。"))


def authorisation_limit() -> Conflict:
    return Conflict(
        "violations.authorisation.limit",
        _("每名驾驶人最多绑定 3 辆他人名下的机动车，请先解除一辆。"),
    )


def authorisation_not_found() -> NotFound:
    return NotFound("violations.authorisation.not_found", _("没有找到该绑定申请。"))


def revoke_reason_required() -> ApplicationError:
    return field_error("violations.decision.reason", "reason", _("请写明撤销原因。"))


ANSWER_REQUIRED = _("请填写审核意见。")
DELETION_REASON_REQUIRED = _("请选择规定的删除原因。")
