"""The notice kinds of this family (ADR 0010). First, a decision on a points reduction the
driver did not make themselves (``events.ReductionDecided``): a public-welfare activity's
points reduced at the end of its notice, none left to reduce, the activity withdrawn, or a
reduction revoked for fraud with its points restored (163号 art. 31).

Event-only (``notices.rules.EVENT_ONLY_KINDS``): a decision is a moment. Subject: the
license; event: the decision's day (one notice a license and day).

Second, a safety item (warning, article, accident case) pushed to the drivers it concerns
(``events.SafetyItemPushed``). Event-only too. Subject: the push (``SafetyPush``, one per item
and driver); event: the publication's day. App push and the web inbox only: an SMS to every
driver of a province is the officers' choice, by switching the kind's SMS on in the admin.
"""

from jiaoguan.core.families import NoticeKindDeclaration, NoticeSubject, NoticeWords

NOTICE_KINDS = [
    NoticeKindDeclaration(
        code="reduction_decided",
        name="学法减分办理结果",
        subject=NoticeSubject.LICENSE,
        chinese=NoticeWords(
            title="学法减分办理结果",
            reason="{subject}",
            action="可在本平台“学法减分”查看记分情况；对结果有异议的，可向发证机关提出。",
        ),
        english=NoticeWords(
            title="Points reduction decision",
            reason="{subject}",
            action=(
                "See your points under Points reduction on this platform; if you disagree, "
                "raise it with the issuing office."
            ),
        ),
        link="/me/education/reduction/",
        position=19,
    ),
    NoticeKindDeclaration(
        code="safety_publicity",
        name="交通安全提示",
        subject=NoticeSubject.SAFETY_PUSH,
        chinese=NoticeWords(
            title="交通安全提示",
            reason="{subject}",
            action="请在本平台“交通安全宣传”查看全文，注意出行安全。",
        ),
        english=NoticeWords(
            title="Road safety notice",
            reason="{subject}",
            action="Read it in full under Road safety on this platform, and travel safely.",
        ),
        link="/safety/",
        position=23,
        sms=False,
    ),
]
