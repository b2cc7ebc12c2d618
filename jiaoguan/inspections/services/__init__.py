"""Writes of the inspections family: stations, appointments, results, online marks."""

from .appointments import (
    appointment_book,
    appointment_cancel,
    appointment_change,
    appointments_no_shows_mark,
)
from .marks import mark_apply, mark_paper_request
from .results import odometer_flag_review, result_record
from .stations import slots_open, station_approve, station_register, stations_slots_open

__all__ = [
    "appointment_book",
    "appointment_cancel",
    "appointment_change",
    "appointments_no_shows_mark",
    "mark_apply",
    "mark_paper_request",
    "odometer_flag_review",
    "result_record",
    "slots_open",
    "station_approve",
    "station_register",
    "stations_slots_open",
]
