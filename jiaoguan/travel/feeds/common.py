"""What every feed writes the same way: times and the publisher's name."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.conf import settings

from jiaoguan.core import clock

PUBLISHER = "jiaoguan"


def site_host() -> str:
    """The platform's host name (from ``SITE_URL``), naming it as a feed's sender."""
    return urlsplit(settings.JIAOGUAN_NOTICES_SITE_URL).hostname or "localhost"


def iso_local(moment: datetime) -> str:
    """``2026-12-03T08:00:00+08:00``: Asia/Shanghai, whole seconds (CAP's dateTime pattern)."""
    return clock.local(moment).replace(microsecond=0).isoformat()


def iso_utc(moment: datetime) -> str:
    """``2026-12-03T00:00:00Z``: UTC, whole seconds (WZDx's and DATEX II's date-times)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
