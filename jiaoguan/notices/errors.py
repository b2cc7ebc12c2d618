"""Refusals of the notices domain, with stable codes."""

from django.utils.translation import gettext_lazy as _

from jiaoguan.core.errors import ApplicationError, NotFound, PermissionDenied


def notice_not_found() -> NotFound:
    return NotFound("notices.notice.not_found", _("没有找到这条告知。"))


def language_invalid() -> ApplicationError:
    return ApplicationError(
        "notices.preference.language_invalid",
        _("不支持该语言。"),
        fields={"language": _("请选择简体中文或英文。")},
        status=422,
    )


def receipt_signature_invalid() -> PermissionDenied:
    return PermissionDenied("notices.receipt.signature_invalid", _("回执签名无效。"))


def receipt_invalid() -> ApplicationError:
    return ApplicationError("notices.receipt.invalid", _("回执内容不完整。"), status=422)


def scan_day_invalid() -> ApplicationError:
    return ApplicationError(
        "notices.scan.day_invalid",
        _("扫描日期不能晚于今天。"),
        fields={"day": _("请选择今天或之前的日期。")},
        status=422,
    )


def device_token_invalid() -> ApplicationError:
    return ApplicationError(
        "notices.device.token_invalid",
        _("推送令牌格式不正确。"),
        fields={"token": _("请提供推送服务商发给本设备的令牌。")},
        status=422,
    )


def device_platform_invalid() -> ApplicationError:
    return ApplicationError(
        "notices.device.platform_invalid",
        _("不支持该平台。"),
        fields={"platform": _("请选择 android、ios 或 harmony。")},
        status=422,
    )


def device_not_found() -> NotFound:
    return NotFound("notices.device.not_found", _("没有找到该设备。"))
