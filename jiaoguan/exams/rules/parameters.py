"""Configurable exam parameters (DOMAIN.md §13.7) and the legal constants of §7.

``ExamParameters`` holds the values a deployment may change; its defaults are the values
DOMAIN.md ships. Legal values marked [P] in §7 are module constants.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Years a learner permit is valid (162号 art. 41) [P].
PERMIT_VALID_YEARS = 3
#: Bookings allowed per skill subject (科目二, 科目三 road test) during a permit (art. 47) [P].
SKILL_BOOKING_LIMIT = 5
#: Natural days after a failed booking before the next 科目二 / 科目三 booking (art. 47) [P].
REBOOKING_WAIT_DAYS = 10
#: A booking is cancelled at least this many days before the exam (art. 46) [P].
CANCELLATION_DAYS_BEFORE = 1
#: Attempts per booking: one attempt plus one retake (art. 47) [P].
ATTEMPTS_PER_BOOKING = 2


@dataclass(frozen=True, slots=True)
class ExamParameters:
    """Deployment-tunable exam parameters; defaults are DOMAIN.md §13.7 product defaults."""

    #: The booking plan is published at least this many days before the exam [P, at least 10].
    plan_publication_days: int = 10
    #: Ranking results are published this many working days before the exam date [S].
    results_publication_working_days: int = 3
    #: Booking limit for 科目一 and 安全文明; ``None`` is unlimited [S].
    knowledge_booking_limit: int | None = None
    #: The retake follows on the same day, with the candidate's consent [U].
    same_day_retake: bool = True

    def __post_init__(self) -> None:
        if self.plan_publication_days < 10:
            raise ValueError("plan_publication_days may not be below the legal 10 days")
        if self.results_publication_working_days < 0:
            raise ValueError("results_publication_working_days must not be negative")
        if self.knowledge_booking_limit is not None and self.knowledge_booking_limit < 1:
            raise ValueError("knowledge_booking_limit must be positive or None")


DEFAULT_PARAMETERS = ExamParameters()
