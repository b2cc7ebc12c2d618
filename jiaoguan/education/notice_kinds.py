"""The notice kind of this family (ADR 0010): a decision on a points reduction the driver did
not make themselves (``events.ReductionDecided``): a public-welfare activity's points reduced
at the end of its notice, none left to reduce, the activity withdrawn, or a reduction revoked
for fraud with its points restored (163号 art. 31).

Event-only (``notices.rules.EVENT_ONLY_KINDS``): a decision is a moment. Subject: the
license; event: the decision's day (one notice a license and day).
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
]
