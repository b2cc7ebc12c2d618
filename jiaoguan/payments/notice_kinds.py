"""The notice kinds of payments (ADR 0010): the payer told that money came back (the
notices app's ``RefundSucceeded`` subscriber).

Event-driven only (``notices.rules.EVENT_ONLY_KINDS``): a refund is a moment. The subject
is the payment order (one notice per order); ``{subject}`` is what was paid and how much
(``驾驶证期满换证工本费 ¥10.00``), ``{date}`` the day of the refund.
"""

from jiaoguan.core.families import NoticeKindDeclaration, NoticeSubject, NoticeWords

NOTICE_KINDS = [
    NoticeKindDeclaration(
        code="refund_succeeded",
        name="退款到账告知",
        subject=NoticeSubject.PAYMENT_ORDER,
        chinese=NoticeWords(
            title="退款告知",
            reason="您缴纳的款项已原路退回：{subject}（{date}）。",
            action=(
                "退款按原支付渠道退回，到账时间以支付渠道为准；办理结果可在“我的 › 网办进度”查看。"
            ),
        ),
        english=NoticeWords(
            title="Refund",
            reason="Your payment has been refunded to where it came from: {subject} ({date}).",
            action=(
                "The refund goes back through the channel you paid with, which decides when "
                "it arrives; see the outcome under Me › My applications."
            ),
        ),
        link="/me/cases/",
        position=19,
    ),
]
