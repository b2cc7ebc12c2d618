"""The errors of public disclosure, with stable codes."""

from django.utils.translation import gettext_lazy as _

from jiaoguan.core.errors import ApplicationError, NotFound, field_error


def publication_day_invalid() -> ApplicationError:
    return ApplicationError("disclosure.publication.day_invalid", _("不能为将来的日期公布清单。"))


def list_not_found() -> NotFound:
    return NotFound("disclosure.list.not_found", _("没有这个公开清单。"))


def decision_not_found() -> NotFound:
    return NotFound("disclosure.decision.not_found", _("没有这个处罚决定书。"))


def mark_not_found() -> NotFound:
    return NotFound("disclosure.social_impact.not_marked", _("该处罚决定书未认定为具有社会影响。"))


def mark_reason_invalid() -> ApplicationError:
    return field_error(
        "disclosure.social_impact.reason_invalid",
        "reason",
        _("请填写认定理由（不超过200字）。"),
    )
