"""The sentence for each reason a verifier is shown."""

from django.utils.translation import gettext_lazy as _

from jiaoguan.credentials.rules.payload import Refusal
from jiaoguan.drivers.explanations import CONDITION_LABEL as LICENSE_CONDITION_LABEL
from jiaoguan.vehicles.explanations import CONDITION_LABEL as VEHICLE_CONDITION_LABEL

REFUSAL_TEXT = {
    Refusal.OVERSIZED: _("内容过长，不是本平台签发的电子证照。"),
    Refusal.MALFORMED: _("无法识别的内容，不是本平台签发的电子证照。"),
    Refusal.UNSUPPORTED_ALGORITHM: _("签名算法不受支持，不是本平台签发的电子证照。"),
    Refusal.UNKNOWN_KEY: _("签名密钥不是本平台公布的密钥，凭证无效。"),
    Refusal.KEY_EXPIRED: _("签名密钥已过验证期限，凭证无效。"),
    Refusal.BAD_SIGNATURE: _("签名验证失败：内容被篡改或不是本平台签发。"),
    Refusal.WRONG_ISSUER: _("签发方不是本平台，凭证无效。"),
    Refusal.NOT_YET_VALID: _("生成时间晚于当前时间，请核对设备时间。"),
    Refusal.EXPIRED: _("二维码已过期（截图或旧二维码无效），请持证人刷新后重新出示。"),
}
UNKNOWN_CREDENTIAL = "unknown_credential"
NO_LICENSE = "no_license"
NOT_OWNER = "vehicle_not_owned"
EXTRA_TEXT = {
    UNKNOWN_CREDENTIAL: _("平台没有该凭证的记录，凭证无效。"),
    NO_LICENSE: _("持证人名下已没有驾驶证。"),
    NOT_OWNER: _("该机动车已不在持证人名下。"),
}


def reason_text(reason: str, *, kind: str = "") -> str:
    """The sentence of a refusal or of a live-status reason (a licence or vehicle condition)."""
    if reason in REFUSAL_TEXT:
        return str(REFUSAL_TEXT[Refusal(reason)])
    if reason in EXTRA_TEXT:
        return str(EXTRA_TEXT[reason])
    labels = VEHICLE_CONDITION_LABEL if kind == "im" else LICENSE_CONDITION_LABEL
    return str(labels.get(reason, reason))
