"""The notice kinds of this family (ADR 0010): a party told that the insurer assessed, paid
or refused their claim after a minor accident (``events.ClaimProgressed``).

Event-only (``notices.rules.EVENT_ONLY_KINDS``): an insurer's report is a moment. Subject:
the party's claim (not the vehicle: a vehicle of another province is in no register here,
and its driver is told all the same); ``{subject}`` is the plate and, for an assessment or
a payment, the amount (``苏A12345 ¥1200.00``); ``{date}`` the day reported.
"""

from jiaoguan.core.families import NoticeKindDeclaration, NoticeSubject, NoticeWords

_LINK = "/me/accidents/"

NOTICE_KINDS = [
    NoticeKindDeclaration(
        code="accident_claim_assessed",
        name="事故理赔定损告知",
        subject=NoticeSubject.CLAIM,
        chinese=NoticeWords(
            title="保险公司已定损",
            reason="您的交强险报案已由保险公司定损：{subject}（{date}）。",
            action="请在“事故快处”中查看理赔进度；对定损金额有异议的，请与保险公司联系。",
        ),
        english=NoticeWords(
            title="Claim assessed",
            reason="The insurer has assessed your claim: {subject} ({date}).",
            action=(
                "Follow the claim under Minor accidents; if you disagree with the amount, "
                "contact the insurer."
            ),
        ),
        link=_LINK,
        position=20,
    ),
    NoticeKindDeclaration(
        code="accident_claim_paid",
        name="事故理赔赔付告知",
        subject=NoticeSubject.CLAIM,
        chinese=NoticeWords(
            title="保险公司已赔付",
            reason="您的交强险报案已赔付：{subject}（{date}）。",
            action="赔款由保险公司支付，到账时间以保险公司和银行为准。",
        ),
        english=NoticeWords(
            title="Claim paid",
            reason="Your claim has been paid: {subject} ({date}).",
            action="The insurer pays; when it arrives depends on the insurer and the bank.",
        ),
        link=_LINK,
        position=21,
    ),
    NoticeKindDeclaration(
        code="accident_claim_rejected",
        name="事故理赔拒赔告知",
        subject=NoticeSubject.CLAIM,
        chinese=NoticeWords(
            title="保险公司不予赔付",
            reason="保险公司对您的交强险报案不予赔付：{subject}（{date}）。",
            action="请在“事故快处”中查看保险公司的说明；如有异议，请与保险公司联系或依法申请调解、诉讼。",
        ),
        english=NoticeWords(
            title="Claim refused",
            reason="The insurer refused your claim: {subject} ({date}).",
            action=(
                "See the insurer's reason under Minor accidents; if you disagree, contact the "
                "insurer, or seek mediation or go to court."
            ),
        ),
        link=_LINK,
        position=22,
    ),
]
