"""Refusals of the service guides: stable dotted codes, Chinese messages (English via i18n)."""

from django.utils.translation import gettext_lazy as _

from jiaoguan.core.errors import ApplicationError, NotFound, field_error


def not_found() -> NotFound:
    return NotFound("guides.guide.not_found", _("没有这项办事指南。"))


def point_not_found() -> NotFound:
    return NotFound("guides.point.not_found", _("没有这个服务网点。"))


def question_not_found() -> NotFound:
    return NotFound("guides.question.not_found", _("没有这个问题。"))


def required(field: str) -> ApplicationError:
    return field_error("guides.required", field, _("必填"))


def choice(field: str) -> ApplicationError:
    return field_error("guides.choice", field, _("取值不在可选范围内。"))


def region() -> ApplicationError:
    return field_error(
        "guides.point.region", "region_code", _("地区代码应为已知省份的六位行政区划代码。")
    )


def position() -> ApplicationError:
    return field_error(
        "guides.point.position", "latitude", _("经度应在 73 至 136 之间，纬度应在 3 至 54 之间。")
    )


def query_too_long() -> ApplicationError:
    return field_error("guides.search.query", "q", _("搜索词不能超过 50 个字。"))


def question_length() -> ApplicationError:
    return field_error("guides.question.text", "text", _("问题应为 5 至 500 个字。"))


def office_only() -> ApplicationError:
    return field_error(
        "guides.list.office", "office", _("四张清单只分配给车辆管理所和交管服务站。")
    )
