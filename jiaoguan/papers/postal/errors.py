"""Refusals of postal delivery: stable dotted codes, Chinese messages (English via i18n)."""

from django.utils.translation import gettext_lazy as _

from jiaoguan.core.errors import ApplicationError, Conflict, NotFound, field_error


def region(field: str = "region_code") -> ApplicationError:
    return field_error(
        "papers.address.region",
        field,
        _("行政区划代码应为现行的县级代码（六位数字，如 320102），请选择省、市、区县。"),
    )


def required(field: str) -> ApplicationError:
    return field_error("papers.address.required", field, _("此项必填。"))


def phone() -> ApplicationError:
    return field_error("papers.address.phone", "phone", _("请填写正确的手机号码。"))


def address_not_found() -> ApplicationError:
    return NotFound("papers.address.not_found", _("未找到该收件地址。"))


def leg() -> ApplicationError:
    return field_error(
        "papers.shipment.leg", "leg", _("寄递段应为寄送新证件、收回旧证件或寄送临时号牌。")
    )


def cash_on_delivery_unavailable() -> ApplicationError:
    return field_error(
        "papers.shipment.cash_on_delivery_unavailable",
        "cash_on_delivery_fen",
        _("当前快递服务商不提供到付收款，请在线支付。"),
    )


def shipment_exists() -> ApplicationError:
    return Conflict("papers.shipment.exists", _("该业务的此段寄递已经创建，不能重复寄递。"))


def shipment_not_found() -> ApplicationError:
    return NotFound("papers.shipment.not_found", _("未找到该寄递记录。"))


def not_cancellable() -> ApplicationError:
    return Conflict("papers.shipment.not_cancellable", _("快递员已揽收，不能再取消寄递。"))


def postal_unavailable() -> ApplicationError:
    return Conflict(
        "papers.shipment.postal_unavailable", _("本地暂未开通证件寄递服务，请选择网点自取。")
    )


def no_postal_address() -> ApplicationError:
    return Conflict(
        "papers.dispatch.no_address",
        _(
            "申请人没有选择地址簿中的收件地址，无法下单寄递；请联系申请人补充收件地址，或改为网点自取。"
        ),
    )


def office_address_missing() -> ApplicationError:
    return Conflict(
        "papers.dispatch.office_address_missing",
        _("本机关尚未登记寄件地址，无法下单寄递；请管理员在“机关寄递地址”中登记。"),
    )
