"""The notice kinds of the case workflow (ADR 0010): the applicant told of a transition the
case's table marks ``notify`` (the notices app's ``ApplicantNoticeDue`` subscriber).

Event-driven only: no daily scan backs it up (a transition is a moment, not a state of the
register a scan could find again), so it is one of ``notices.rules.EVENT_ONLY_KINDS``. The
subject is the logged step (``CaseTransition``): one notice per transition. ``{subject}``
is the business and the stage it entered (``保留原号牌号码：已办结``), ``{date}`` the day.
"""

from jiaoguan.core.families import NoticeKindDeclaration, NoticeSubject, NoticeWords

NOTICE_KINDS = [
    NoticeKindDeclaration(
        code="case_transition",
        name="网办进度告知",
        subject=NoticeSubject.CASE_STEP,
        chinese=NoticeWords(
            title="网办进度告知",
            reason="您的业务申请有新进展：{subject}（{date}）。",
            action="请在本平台“我的 › 网办进度”查看办理情况、办理期限和您可以办理的事项。",
        ),
        english=NoticeWords(
            title="Application progress",
            reason="Your application has moved on: {subject} ({date}).",
            action=(
                "See its progress, its deadline and what you can do under "
                "Me › My applications on this platform."
            ),
        ),
        link="/me/cases/",
        position=17,
    ),
]
