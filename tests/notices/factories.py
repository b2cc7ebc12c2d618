"""Notices for tests: run the scans on a day, read back what they found."""

from datetime import date, datetime, time

from freezegun import freeze_time

from jiaoguan.core import clock
from jiaoguan.identity.actors import system_actor
from jiaoguan.notices import services
from jiaoguan.notices.models import Notice, NoticeMessage, ScanRun

SYSTEM = system_actor("test")


def scan_on(day: date, *, at: time = time(10, 0)) -> ScanRun:
    """Run the daily scans as if it were ``day`` at ``at`` local time (outside quiet hours)."""
    moment = datetime.combine(day, at, tzinfo=clock.TIMEZONE)
    with freeze_time(moment):
        return services.scans_run(actor=SYSTEM, day=day)


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


#: When test devices were registered: before the days the notice tests run on.
DEVICES_REGISTERED_AT = datetime(2026, 1, 1, 9, 0, tzinfo=clock.TIMEZONE)


def make_push_device(account, *, token: str | None = None, platform: str = "android"):
    """An app installation of ``account`` with a push token."""
    from jiaoguan.notices.models import PushDevice

    return PushDevice.objects.create(
        account=account,
        token=token or f"token-{account.pk:06d}-{PushDevice.objects.count():04d}-abcdef",
        platform=platform,
        registered_at=DEVICES_REGISTERED_AT,
    )


def make_citizen_with_app(**fields):
    """A citizen account with one app installation registered for push."""
    from tests.identity.factories import make_citizen

    citizen = make_citizen(**fields)
    make_push_device(citizen)
    return citizen
