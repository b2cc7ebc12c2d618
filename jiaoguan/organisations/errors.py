"""Refusals of organisation accounts: stable dotted codes, Chinese messages (English via
i18n)."""

from django.utils.translation import gettext_lazy as _

from jiaoguan.core.errors import ApplicationError, Conflict, NotFound, field_error
from jiaoguan.organisations.rules import CreditCodeRefusal

_CREDIT_CODE_MESSAGES = {
    CreditCodeRefusal.LENGTH: _("统一社会信用代码应为18位。"),
    CreditCodeRefusal.CHARACTERS: _(
        "统一社会信用代码只能由数字和大写字母组成（不使用 I、O、S、V、Z）。"
    ),
    CreditCodeRefusal.CHECK_DIGIT: _("统一社会信用代码的校验码不正确，请核对。"),
}


def credit_code(refusal: CreditCodeRefusal) -> ApplicationError:
    return field_error(
        f"organisations.credit_code.{refusal.value}",
        "credit_code",
        _CREDIT_CODE_MESSAGES[refusal],
    )


def kind_not_eligible() -> ApplicationError:
    return field_error(
        "organisations.kind.not_eligible",
        "kind",
        _("该类单位不能在本平台开设单位用户账户。"),
    )


def region() -> ApplicationError:
    return field_error("organisations.region.invalid", "region_code", _("地区代码应为六位数字。"))


def name_required() -> ApplicationError:
    return field_error("organisations.name.required", "name", _("请填写单位名称。"))


def already_open() -> Conflict:
    return Conflict(
        "organisations.account.already_open",
        _("该单位已开设单位用户账户，请办理变更而不是重新开户。"),
        fields={"credit_code": _("该统一社会信用代码已开户")},
    )


def account_closed() -> ApplicationError:
    return ApplicationError(
        "organisations.account.suspended",
        _("本单位的单位用户账户已停用，请到窗口办理。"),
        status=403,
    )


def role_unknown() -> ApplicationError:
    return field_error(
        "organisations.staff.role_unknown", "role", _("角色只能是管理员、经办员或查看员。")
    )


def staff_not_found() -> NotFound:
    return NotFound("organisations.staff.not_found", _("本单位没有这位用户。"))


def last_administrator() -> Conflict:
    return Conflict(
        "organisations.staff.last_administrator",
        _("不能移除本单位最后一位管理员：请先添加另一位管理员。"),
    )


def scopes_refused(scopes: list[str]) -> ApplicationError:
    return field_error(
        "organisations.key.scope_refused",
        "scopes",
        _("本单位不能申请这些授权范围：%(scopes)s") % {"scopes": ", ".join(scopes) or "-"},
    )


def key_not_found() -> NotFound:
    return NotFound("organisations.key.not_found", _("本单位没有这个接口密钥。"))


def driver_not_found() -> ApplicationError:
    return field_error(
        "organisations.consent.driver_not_found",
        "id_number",
        _("姓名与公民身份号码不一致，或不在人口信息库中。"),
    )


def consent_pending() -> Conflict:
    return Conflict(
        "organisations.consent.already_requested",
        _("已向该驾驶人请求授权，或该驾驶人已授权。"),
    )


def consent_not_found() -> NotFound:
    return NotFound("organisations.consent.not_found", _("没有这条授权请求。"))


def consent_decided() -> Conflict:
    return Conflict("organisations.consent.decided", _("这条授权请求已处理。"))


def webhook_url() -> ApplicationError:
    return field_error(
        "organisations.webhook.url_invalid",
        "url",
        _("接收地址应为 https:// 开头的互联网网址（测试时可用 http://），不能是本机或内网地址。"),
    )


def webhook_not_found() -> NotFound:
    return NotFound("organisations.webhook.not_found", _("本单位没有这个推送地址。"))


def driver_not_consenting() -> ApplicationError:
    return field_error(
        "organisations.violation.driver_required",
        "consent_id",
        _("请选择当时驾驶车辆、已授权本单位的驾驶人（记分记在其驾驶证上）。"),
    )


def unit_decision_not_found() -> NotFound:
    return NotFound("organisations.decision.not_found", _("没有找到本单位的该处罚决定书。"))
