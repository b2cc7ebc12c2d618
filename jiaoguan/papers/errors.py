"""Refusals of the papers services (``papers.*``)."""

from django.utils.translation import gettext_lazy as _

from jiaoguan.core.errors import ApplicationError, Conflict, NotFound, PermissionDenied
from jiaoguan.papers import rules


def impossible_combination() -> ApplicationError:
    return ApplicationError(
        "papers.replacement.impossible",
        _("该证件没有此项补换领业务（例如行驶证没有期满换证，号牌没有转入）。"),
        fields={"reason": _("该证件不能因此原因补换领。")},
        status=422,
    )


def plate_type_not_replaceable() -> ApplicationError:
    return ApplicationError(
        "papers.replacement.plate_type",
        _("该号牌种类不能在此补换领（临时号牌、临时入境号牌除外，请填写两位号牌种类代码）。"),
        fields={"plate_type": _("该号牌种类不能补换领。")},
        status=422,
    )


def no_fee() -> ApplicationError:
    return ApplicationError(
        "papers.fee.unknown",
        _("该日期没有适用的工本费标准。"),
        fields={"as_of": _("该日期没有适用的工本费标准。")},
        status=422,
    )


def license_not_found() -> NotFound:
    return NotFound("papers.license.not_found", _("没有找到您本人的驾驶证。"))


def vehicle_not_yours() -> PermissionDenied:
    return PermissionDenied("papers.vehicle.not_yours", _("只能为本人名下已登记的机动车申请。"))


def not_yours() -> PermissionDenied:
    return PermissionDenied("papers.license.not_yours", _("只能为本人的驾驶证申请。"))


def refused(decision: rules.Decision) -> ApplicationError:
    """The rule's refusals (or the reasons it goes to the counter), in one message."""
    codes = decision.refusals or decision.counter_reasons
    texts = {**rules.REFUSAL_TEXTS, **rules.COUNTER_TEXTS}
    message = "".join(str(_(texts[code])) for code in codes)
    code = "papers.application.refused" if decision.refusals else "papers.application.counter"
    return ApplicationError(code, message, status=422)


def open_exists() -> Conflict:
    return Conflict(
        "papers.application.open_exists",
        _("该证件已有正在办理的网上申请，请在网办进度中查看。"),
    )


def fulfilment_invalid() -> ApplicationError:
    return ApplicationError(
        "papers.application.fulfilment",
        _("请选择寄递到家并填写地址，或选择网点自取并选择网点。"),
        fields={"fulfilment": _("请选择领取方式。")},
        status=422,
    )


def application_not_found() -> NotFound:
    return NotFound("papers.application.not_found", _("没有找到该申请。"))


def state(labels: str) -> Conflict:
    return Conflict(
        "papers.application.state",
        _("该申请当前所处环节不能办理此操作（须处于：%(states)s）。") % {"states": labels},
    )


def unpaid() -> Conflict:
    return Conflict("papers.application.unpaid", _("工本费尚未缴纳，不能审核。"))


def service_invalid() -> ApplicationError:
    return ApplicationError(
        "papers.application.service",
        _("该业务不能在此网上申请。"),
        fields={"service": _("该业务不能在此网上申请。")},
        status=422,
    )


def insurance_required() -> ApplicationError:
    return ApplicationError(
        "papers.application.insurance_required",
        _("申领临时行驶车号牌的，请填写核实的交强险有效期截止日期。"),
        fields={"insurance_until": _("请填写交强险有效期截止日期。")},
        status=422,
    )
