from django.utils.translation import gettext_lazy as _

from jiaoguan.core.errors import ApplicationError, field_error


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
