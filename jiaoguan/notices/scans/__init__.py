"""The daily notice scans: each a set-based query over the register for one day.

Each scan turns a domain rule into date ranges on register columns (``notices.rules
.thresholds``) and inserts the matching notices with one ``INSERT … SELECT … ON CONFLICT DO
NOTHING`` on the unique key (kind, subject, event): a notice already sent is never sent again,
and a rerun of the same day is harmless. No row of the register is looped over in Python.
"""

from .licenses import LICENSE_SCANS
from .vehicles import VEHICLE_SCANS
from .violations import VIOLATION_SCANS

SCANS = {**VEHICLE_SCANS, **LICENSE_SCANS, **VIOLATION_SCANS}

__all__ = ["SCANS"]
