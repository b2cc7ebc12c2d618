"""Notices for tests: run the scans on a day, read back what they found."""

from datetime import date, datetime, time

from freezegun import freeze_time

from jiaoguan.core import clock
from jiaoguan.notices import services
from jiaoguan.notices.models import Notice, NoticeMessage, ScanRun


def scan_on(day: date, *, at: time = time(10, 0)) -> ScanRun:
    """Run the daily scans as if it were ``day`` at ``at`` local time (outside quiet hours)."""
    moment = datetime.combine(day, at, tzinfo=clock.TIMEZONE)
    with freeze_time(moment):
        return services.scans_run(actor=None, day=day)


def found(kind: str) -> set[int]:
    """Subject ids with a notice of ``kind``."""
    return set(Notice.objects.filter(kind__code=kind).values_list("subject_id", flat=True))


def messages(channel: str | None = None):
    queryset = NoticeMessage.objects.select_related("notice")
    return queryset.filter(channel=channel) if channel else queryset


def ensure_reference_data() -> None:
    """The shipped kinds and templates, which a transactional test's flush removes."""
    from jiaoguan.notices import reference
    from jiaoguan.notices.models import NoticeKind, NoticeTemplate

    reference.load(NoticeKind, NoticeTemplate)
