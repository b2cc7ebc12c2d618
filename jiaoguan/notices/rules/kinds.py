"""The kinds of notice (告知提示) the notices app writes. What each is about is declared
with the kind by its family (``<app>/notice_kinds.py``, ADR 0010), not guessed here."""

from enum import StrEnum

from jiaoguan.drivers.rules.parameters import DEFAULT_PARAMETERS, FULL_SCORE


class NoticeKindCode(StrEnum):
    INSPECTION_DUE = "inspection_due"  # the inspection window is open (登记规定 art. 54)
    INSPECTION_OVERDUE = "inspection_overdue"  # the validity has expired
    SCRAP_NEAR = "scrap_near"  # within one year of the service life (§2 last year)
    SCRAP_NOTICE = "scrap_notice"  # 2 months before the service life ends (实施条例 art. 9)
    SCRAP_DUE = "scrap_due"  # the service life is reached
    SCRAP_UNINSPECTED = "scrap_uninspected"  # 3 inspection cycles missed (报废标准 art. 4(4))
    RENEWAL_DUE = "renewal_due"  # the renewal window is open (162号 art. 63)
    RENEWAL_OVERDUE = "renewal_overdue"  # the license has expired
    MEDICAL_DUE = "medical_due"  # certificate within 30 days after a cycle (art. 74)
    REVIEW_DUE = "review_due"  # 审验 within 30 days after a cycle with points (art. 72)
    REVIEW_DUE_ACCIDENT = "review_due_accident"  # 审验 after a cycle with an accident (art. 72)
    PROBATION_POINTS = "probation_points"  # points recorded during probation (art. 80)
    LICENSE_SEIZED = "license_seized"  # 暂扣 or 吊销
    LICENSE_CANCELLED = "license_cancelled"  # 注销
    POINTS_REMINDER = "points_reminder"  # the product reminder below full score (§13.4)
    POINTS_FULL_SCORE = "points_full_score"  # 12 points (163号 art. 17)
    VIOLATION_RECORDED = "violation_recorded"  # a camera record entered (处理程序规定 art. 20)
    DISPUTE_UPHELD = "dispute_upheld"  # an objection upheld: the record deleted (art. 5, 22)
    DISPUTE_REJECTED = "dispute_rejected"  # an objection rejected: the record stands (art. 5)
    CASE_TRANSITION = "case_transition"  # a case transition the table marks notify
    INSPECTION_BOOKED = "inspection_booked"  # an inspection appointment booked or moved
    REFUND_SUCCEEDED = "refund_succeeded"  # money paid back (a refused case, a duplicate)
    ACCIDENT_CLAIM_ASSESSED = "accident_claim_assessed"  # an insurer assessed a claim
    ACCIDENT_CLAIM_PAID = "accident_claim_paid"  # an insurer paid a claim
    ACCIDENT_CLAIM_REJECTED = "accident_claim_rejected"  # an insurer refused a claim
    REDUCTION_DECIDED = "reduction_decided"  # a points reduction decided or revoked (education)
    SAFETY_PUBLICITY = "safety_publicity"  # a safety item pushed to the drivers it concerns


#: Kinds written only by an event subscriber, with no daily scan behind them: the event is
#: a moment (a case transition, an objection answered), not a state of the register that a
#: scan could find again. Every other kind has a scan that catches what its event missed
#: (``notices.scans``).
EVENT_ONLY_KINDS = frozenset(
    {
        NoticeKindCode.CASE_TRANSITION,
        NoticeKindCode.REFUND_SUCCEEDED,
        NoticeKindCode.DISPUTE_UPHELD,
        NoticeKindCode.DISPUTE_REJECTED,
        NoticeKindCode.INSPECTION_BOOKED,
        NoticeKindCode.ACCIDENT_CLAIM_ASSESSED,
        NoticeKindCode.ACCIDENT_CLAIM_PAID,
        NoticeKindCode.ACCIDENT_CLAIM_REJECTED,
        NoticeKindCode.REDUCTION_DECIDED,
        NoticeKindCode.SAFETY_PUBLICITY,
    }
)


#: Points at which the reminder goes out (DOMAIN §13.4 product default: 9).
POINTS_REMINDER = DEFAULT_PARAMETERS.points_reminder


def points_kind(cycle_points: int) -> NoticeKindCode | None:
    """The notice a scoring-cycle total calls for: the full-score notice from 12 points
    (163号 art. 17), the reminder from ``POINTS_REMINDER`` below it, none under it."""
    if cycle_points >= FULL_SCORE:
        return NoticeKindCode.POINTS_FULL_SCORE
    if cycle_points >= POINTS_REMINDER:
        return NoticeKindCode.POINTS_REMINDER
    return None
