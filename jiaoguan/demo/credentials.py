"""Demo electronic credentials: 张伟's electronic driving licence exists and was checked once
at a car-rental counter, so 我的电子证照 shows a QR and a line under “谁核验了我的证照”.

Idempotent: the check is made only while his licence has none."""

from __future__ import annotations

from jiaoguan.credentials.models import Verification
from jiaoguan.credentials.services import driving_license_sign
from jiaoguan.credentials.verification import Verifier, credential_verify
from jiaoguan.identity.actors import CitizenActor
from jiaoguan.identity.models import User

RENTAL_COUNTER = "演示租车公司门店（公众扫码）"


def ensure_demo_credentials(*, citizen: User | None, number: int) -> list[str]:
    """Sign the demo citizen's licence once and verify it once; the banner lines."""
    if citizen is None or citizen.person is None:
        return []
    actor = CitizenActor.of_user(citizen)
    if not Verification.objects.filter(credential__person_id=actor.person_id).exists():
        signed = driving_license_sign(actor=actor)
        verifier = Verifier(Verification.VerifierKind.ANONYMOUS, RENTAL_COUNTER)
        credential_verify(qr=signed.qr, verifier=verifier)
    return [
        f"  {number}. 电子证照：{actor.person.name} 登录后打开 /me/credentials/ 出示电子驾驶证"
        "（二维码每 60 秒重新签发，显示生成时间）；",
        "     任何人可在 /credentials/verify/ 粘贴二维码内容核验（黑色有效、红色异常），"
        "公钥见 /api/v1/credentials/keys。",
    ]
