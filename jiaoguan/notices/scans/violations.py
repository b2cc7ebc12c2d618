"""Violation scan: the safety net behind ``violations.events.RecordEntered``.

The owner's notice of a camera record is written in the transaction that enters the record
(``notices.events.notice_for_record_entered``). This scan inserts the same notices, under the
same unique key (kind, record, day of the violation), for every record entered within the
catch-up days and still unhandled, so a notice lost to a receiver that was not connected or
a kind switched off for a while is still sent within the 5 working days of 处理程序规定
art. 20.
"""

from datetime import timedelta

from django.db.models import F, QuerySet
from django.db.models.functions import TruncDate

from jiaoguan.core import clock
from jiaoguan.notices.models import NoticeKind
from jiaoguan.notices.rules import NoticeKindCode
from jiaoguan.notices.scans.base import ScanContext, insert_notices
from jiaoguan.violations.selectors import records_entered_of_owned_vehicles


def records_to_tell() -> QuerySet:
    """Entered, unhandled camera records of vehicles a person owns."""
    return records_entered_of_owned_vehicles()


def insert_record_notices(kind: NoticeKind, context: ScanContext, records: QuerySet) -> int:
    """One notice per record to its vehicle's owner; the event is the violation's local day."""
    return insert_notices(
        kind,
        context,
        records,
        person=F("vehicle__owner_person_id"),
        subject=F("id"),
        label=F("plate_number"),
        event_on=TruncDate("occurred_at", tzinfo=clock.TIMEZONE),
    )


def scan_violation_recorded(kind: NoticeKind, context: ScanContext) -> int:
    """Records entered within the catch-up days up to the day, not yet handled."""
    first = context.day - timedelta(days=context.catch_up_days)
    records = records_to_tell().filter(entered_on__range=(first, context.day))
    return insert_record_notices(kind, context, records)


VIOLATION_SCANS = {NoticeKindCode.VIOLATION_RECORDED: scan_violation_recorded}
