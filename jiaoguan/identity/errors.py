from django.utils.translation import gettext_lazy as _

from jiaoguan.core.errors import ApplicationError, Conflict, PermissionDenied, RateLimited


def not_in_register() -> ApplicationError:
    return ApplicationError(
        "identity.registration.not_in_register",
        _("姓名与公民身份号码不一致，或不在人口信息库中。请核对后重试。"),
        fields={"name": _("请核对姓名"), "id_number": _("请核对公民身份号码")},
    )


def already_registered() -> Conflict:
    return Conflict(
        "identity.registration.already_registered",
        _("该身份已注册账号，全国只能注册一个。请直接登录，或通过找回密码重置。"),
    )


def phone_taken() -> Conflict:
    return Conflict(
        "identity.registration.phone_taken",
        _("该手机号码已被其他账号使用。"),
        fields={"phone": _("请换一个手机号码")},
    )


def code_too_soon(seconds: int) -> RateLimited:
    return RateLimited(
        "identity.sms.too_soon",
        _("验证码发送过于频繁，请 %(seconds)s 秒后再试。") % {"seconds": seconds},
    )


def code_invalid() -> ApplicationError:
    return ApplicationError(
        "identity.sms.code_invalid",
        _("验证码不正确或已失效，请重新获取。"),
        fields={"code": _("验证码不正确或已失效")},
    )


def login_failed() -> ApplicationError:
    return ApplicationError(
        "identity.login.failed",
        _("账号或密码不正确。连续多次错误将暂时锁定账号。"),
    )


def account_locked(minutes: int) -> PermissionDenied:
    return PermissionDenied(
        "identity.login.locked",
        _("登录失败次数过多，账号已锁定，请 %(minutes)s 分钟后再试，或使用短信验证码登录。")
        % {"minutes": minutes},
    )


def too_many_from_address() -> RateLimited:
    return RateLimited(
        "identity.rate_limited",
        _("来自您网络的请求过于频繁，请一小时后再试。"),
    )


def partner_signature_missing() -> ApplicationError:
    return ApplicationError(
        "partner.signature.missing",
        _("缺少接口签名。请携带密钥编号、时间戳、随机串和签名四个请求头。"),
        status=401,
    )


def partner_signature_invalid() -> ApplicationError:
    return ApplicationError(
        "partner.signature.invalid",
        _("接口签名无效，或密钥不存在、已吊销。"),
        status=401,
    )


def partner_signature_expired(skew_seconds: int) -> ApplicationError:
    return ApplicationError(
        "partner.signature.expired",
        _("请求时间戳与服务器时间相差超过 %(seconds)s 秒，请校准时钟后重新签名。")
        % {"seconds": skew_seconds},
        status=401,
    )


def partner_signature_replayed() -> ApplicationError:
    return ApplicationError(
        "partner.signature.replayed",
        _("该随机串已使用过。每个请求须使用新的随机串。"),
        status=401,
    )


def partner_scope_denied() -> PermissionDenied:
    return PermissionDenied("partner.scope.denied", _("该密钥未获授权调用此接口。"))


def partner_rate_limited() -> RateLimited:
    return RateLimited("partner.rate_limited", _("接口调用过于频繁，请稍后再试。"))
