from django.utils.translation import gettext_lazy as _

from jiaoguan.core.errors import ApplicationError, Conflict, field_error


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
