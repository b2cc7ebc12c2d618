"""Writes of the exams domain (split by seam; import from here)."""

from .applications import anonymised_id, learner_permit_issue, license_application_submit
from .bookings import booking_cancel, exam_result_record
from .lapses import application_lapse_check, application_void, applications_lapse
from .locations import exam_location_change
from .plans import exam_plan_create, exam_plan_publish, exam_session_add, exam_venue_create
from .preferences import preferences_submit
from .windows import (
    allocation_input_build,
    sort_time_micros,
    window_close,
    window_create,
    window_open,
)

__all__ = [
    "allocation_input_build",
    "anonymised_id",
    "application_lapse_check",
    "application_void",
    "applications_lapse",
    "booking_cancel",
    "exam_location_change",
    "exam_plan_create",
    "exam_plan_publish",
    "exam_result_record",
    "exam_session_add",
    "exam_venue_create",
    "learner_permit_issue",
    "license_application_submit",
    "preferences_submit",
    "sort_time_micros",
    "window_close",
    "window_create",
    "window_open",
]
