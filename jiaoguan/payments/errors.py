"""Refusals of the payments domain, with stable codes."""

from collections.abc import Sequence

from django.utils.translation import gettext_lazy as _

from jiaoguan.core.errors import ApplicationError, Conflict, NotFound


def amount_invalid() -> ApplicationError:
    return ApplicationError(
        "payments.order.amount_invalid",
        _("缴款金额必须大于零。"),
        fields={"amount": _("请填写大于零的金额。")},
        status=422,
    )


def order_invalid(field: str) -> ApplicationError:
    return ApplicationError(
        "payments.order.invalid",
        _("缴款订单信息不完整或过长。"),
        fields={field: _("请检查该项。")},
        status=422,
    )


def _names(enabled: Sequence[str]) -> str:
    return "、".join(enabled) if enabled else "—"


def provider_unavailable(provider: str, enabled: Sequence[str]) -> ApplicationError:
    """``provider`` is not one this deployment takes payments through."""
    return ApplicationError(
        "payments.provider.unavailable",
        _("支付渠道“%(provider)s”未在本平台启用，可选的渠道：%(enabled)s。")
        % {"provider": provider[:20], "enabled": _names(enabled)},
        fields={"provider": _("请选择可用的支付渠道。")},
        status=422,
    )


def provider_required(enabled: Sequence[str]) -> ApplicationError:
    """Several providers are enabled and the payer named none."""
    return ApplicationError(
        "payments.provider.required",
        _("请选择支付渠道：%(enabled)s。") % {"enabled": _names(enabled)},
        fields={"provider": _("请选择支付渠道。")},
        status=422,
    )


def already_paid() -> Conflict:
    return Conflict("payments.order.already_paid", _("该款项已缴纳，无需重复缴款。"))


def order_busy() -> Conflict:
    return Conflict("payments.order.busy", _("该款项正在另一处发起缴款，请稍后重试。"))


def order_not_found() -> NotFound:
    return NotFound("payments.order.not_found", _("没有找到该缴款订单。"))


def reconciliation_day_invalid() -> ApplicationError:
    return ApplicationError(
        "payments.reconciliation.day_invalid",
        _("对账日期不能晚于今天。"),
        fields={"day": _("请选择今天或之前的日期。")},
        status=422,
    )
