"""The notice kinds of the violations domain (ADR 0010): a camera record entered
(the notices app's ``RecordEntered`` subscriber, backed by its violation scan).
"""

from jiaoguan.core.families import NoticeKindDeclaration, NoticeSubject, NoticeWords

NOTICE_KINDS = [
    NoticeKindDeclaration(
        code="violation_recorded",
        name="交通违法告知",
        subject=NoticeSubject.VIOLATION,
        chinese=NoticeWords(
            title="交通违法告知",
            reason="您的机动车{subject}于{date}有一条交通技术监控记录，已录入系统，尚未处理。",
            action=(
                "请自录入之日起30日内在本平台或任一公安交管部门处理；不能按期处理的，可申请延期。"
            ),
        ),
        english=NoticeWords(
            title="Traffic violation recorded",
            reason=(
                "A traffic camera recorded your vehicle {subject} on {date}; the "
                "record has been entered and is not yet handled."
            ),
            action=(
                "Handle it on this platform or at any traffic police office within "
                "30 days of entry; if you cannot, you may ask for a delay."
            ),
        ),
        link="/me/violations/",
        position=14,
    ),
]
