"""The notice kinds of the violations domain (ADR 0010): a camera record entered
(the notices app's ``RecordEntered`` subscriber, backed by its violation scan), and the
answer to an objection (its ``DisputeDecided`` subscriber only: an answer is told once).
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
    NoticeKindDeclaration(
        code="dispute_upheld",
        name="异议成立告知",
        subject=NoticeSubject.VIOLATION,
        chinese=NoticeWords(
            title="违法异议审核结果：异议成立",
            reason=(
                "您对机动车{subject}交通技术监控记录提出的异议，经违法地公安机关交通管理部门"
                "于{date}审核，异议成立，该记录已删除。"
            ),
            action="无需再处理该记录。",
        ),
        english=NoticeWords(
            title="Objection upheld",
            reason=(
                "Your objection to the camera record of vehicle {subject} was reviewed on "
                "{date} and upheld; the record has been deleted."
            ),
            action="Nothing more to do for this record.",
        ),
        link="/me/violations/",
        position=17,
    ),
    NoticeKindDeclaration(
        code="dispute_rejected",
        name="异议不成立告知",
        subject=NoticeSubject.VIOLATION,
        chinese=NoticeWords(
            title="违法异议审核结果：异议不成立",
            reason=(
                "您对机动车{subject}交通技术监控记录提出的异议，经违法地公安机关交通管理部门"
                "于{date}审核，异议不成立。"
            ),
            action="请查看审核意见并处理该记录；同一记录不能再次提出异议。",
        ),
        english=NoticeWords(
            title="Objection rejected",
            reason=(
                "Your objection to the camera record of vehicle {subject} was reviewed on "
                "{date} and rejected."
            ),
            action=(
                "Read the answer and handle the record; the same record cannot be objected to "
                "again."
            ),
        ),
        link="/me/violations/{id}/",
        position=18,
    ),
]
