"""Driving tests: venues, plans, sessions, booking windows, preferences, allocation, results.

The scarce thing is a seat in a session. Seats are handed out only by the allocation at a
window's close (``services.window_close``), never first come; a cancelled seat is offered again
in the next window that includes its session.
"""

from .candidates import (
    AllocationPublication,
    AllocationResult,
    ExamAttempt,
    ExamBooking,
    ExamLocationChange,
    LearnerPermit,
    LicenseApplication,
    PreferenceList,
)
from .planning import (
    BookingWindow,
    ExamParameterSet,
    ExamPlan,
    ExamSession,
    ExamSubject,
    ExamVenue,
    WindowSession,
)

__all__ = [
    "AllocationPublication",
    "AllocationResult",
    "BookingWindow",
    "ExamAttempt",
    "ExamBooking",
    "ExamLocationChange",
    "ExamParameterSet",
    "ExamPlan",
    "ExamSession",
    "ExamSubject",
    "ExamVenue",
    "LearnerPermit",
    "LicenseApplication",
    "PreferenceList",
    "WindowSession",
]
