"""The refusals of the electronic credentials, each with its stable code."""

from django.utils.translation import gettext_lazy as _

from jiaoguan.core.errors import ApplicationError, NotFound, PermissionDenied, RateLimited


def no_license() -> NotFound:
    return NotFound("credentials.license.none", _("您名下没有驾驶证，无法生成电子驾驶证。"))


def license_ended() -> ApplicationError:
    return ApplicationError(
        "credentials.license.ended",
        _("您的驾驶证已注销或吊销，不能生成电子驾驶证。"),
        status=409,
    )


def vehicle_not_owned() -> PermissionDenied:
    return PermissionDenied(
        "credentials.vehicle.not_owned",
        _("该机动车不在您的名下，不能生成它的检验标志电子凭证。"),
    )


def inspection_not_valid() -> ApplicationError:
    return ApplicationError(
        "credentials.mark.inspection_not_valid",
        _("该机动车不在检验有效期内（或已注销、已达报废标准），不能生成检验标志电子凭证。"),
        status=409,
    )


def verify_rate_limited() -> RateLimited:
    return RateLimited(
        "credentials.verify.rate_limited",
        _("本地址核验次数过多，请一分钟后再试（民警请登录后核验）。"),
    )
