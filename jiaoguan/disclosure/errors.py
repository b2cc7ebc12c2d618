"""The errors of public disclosure, with stable codes."""

from django.utils.translation import gettext_lazy as _

from jiaoguan.core.errors import ApplicationError, NotFound


def publication_day_invalid() -> ApplicationError:
    return ApplicationError("disclosure.publication.day_invalid", _("不能为将来的日期公布清单。"))


def list_not_found() -> NotFound:
    return NotFound("disclosure.list.not_found", _("没有这个公开清单。"))
