"""Camera records from upload to entry (处理程序规定 arts. 19–22; DOMAIN.md §5.4)."""

from datetime import date, datetime, timedelta

DELETION_WORKING_DAYS = 3
"""An entered record may still be deleted for an art. 22 reason within this many working days."""

UPLOAD_MAX_AGE = timedelta(days=730)
"""Product default: a record older than this is implausible (art. 19 asks for entry within
5 working days of capture), so it is refused rather than queued for review."""


def plausible_capture_time(occurred_at: datetime, *, now: datetime) -> bool:
    """A record is neither from the future nor older than ``UPLOAD_MAX_AGE``."""
    return now - UPLOAD_MAX_AGE <= occurred_at <= now


def still_deletable(*, today: date, deletable_until: date) -> bool:
    """``deletable_until`` is the entry date plus ``DELETION_WORKING_DAYS`` working days."""
    return today <= deletable_until


#: The office where the violation happened decides an objection within this many working days
#: of its filing (处理程序规定 art. 5).
DISPUTE_WORKING_DAYS = 5
