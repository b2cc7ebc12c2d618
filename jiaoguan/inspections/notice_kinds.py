"""The notice kind of this family (ADR 0010): the booking confirmation (预约成功提醒), sent by
SMS and to the inbox when an appointment is booked or moved (``events.AppointmentBooked``).

Event-only (``notices.rules.EVENT_ONLY_KINDS``): a booking is a moment. Subject: the
appointment; event: the slot's day, so a move to another day confirms again.
"""

from jiaoguan.core.families import NoticeKindDeclaration, NoticeSubject, NoticeWords

NOTICE_KINDS = [
    NoticeKindDeclaration(
        code="inspection_booked",
        name="机动车检验预约成功",
        subject=NoticeSubject.INSPECTION_APPOINTMENT,
        chinese=NoticeWords(
            title="检验预约成功",
            reason="您已预约机动车检验：{subject}。",
            action="请按时携带行驶证到检验机构，按预约时段到达的优先检验；如需取消或改约，请至少提前2小时在本平台办理。",
        ),
        english=NoticeWords(
            title="Inspection booked",
            reason="Your vehicle inspection is booked: {subject}.",
            action=(
                "Bring the vehicle licence; arriving in your slot puts you first in the queue. "
                "To cancel or move it, do so at least 2 hours ahead on this platform."
            ),
        ),
        link="/me/inspections/",
        position=18,
    ),
]
