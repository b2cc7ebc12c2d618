"""Notices written when something happens: a camera record entered, points reaching 9 or 12.
Each is written in the transaction of the change, once per subject and event, and backed up
by a daily scan under the same unique key."""

import itertools
from datetime import date, datetime, time, timedelta

import pytest
from django.db import transaction
from freezegun import freeze_time

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core import clock
from jiaoguan.core.events import Phase, publish, subscribe, unsubscribe
from jiaoguan.drivers.events import PointsChanged
from jiaoguan.drivers.models import PointsRecord
from jiaoguan.gateways.models import OutboxMessage
from jiaoguan.notices import rules
from jiaoguan.notices.models import Notice, NoticeKind, NoticeMessage
from jiaoguan.violations.events import RecordEntered
from jiaoguan.violations.models import ViolationRecord
from jiaoguan.violations.services import violation_record_confirm
from tests.drivers.factories import make_license
from tests.identity.factories import make_citizen, make_officer, make_organization
from tests.notices.factories import found, make_citizen_with_app, scan_on
from tests.vehicles.factories import make_vehicle

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 2)  # a Monday
MORNING = datetime.combine(DAY, time(10, 0), tzinfo=clock.TIMEZONE)
_records = itertools.count(1)


def camera_record(vehicle, *, occurred_at: datetime | None = None, **fields) -> ViolationRecord:
    """A record under review, as a camera's upload leaves it."""
    number = next(_records)
    values = {
        "reporter": make_organization(credit_code=f"91320100MA1M{number:05d}X"),
        "device_id": "320102-CAM-0007",
        "device_record_id": f"R{number:08d}",
        "content_digest": "0" * 64,
        "code": "1625",
        "plate_number": vehicle.plate_number if vehicle else "苏A12345",
        "plate_type": "02",
        "vehicle": vehicle,
        "occurred_at": occurred_at or MORNING - timedelta(days=1, hours=2),
        "place": "中山路与北京西路交叉口",
        "region_code": "320102",
    }
    values.update(fields)
    return ViolationRecord.objects.create(**values)


@pytest.fixture
def officer():
    return make_officer(permissions=("violations.review_violationrecord",))


def owned_vehicle():
    return make_vehicle(owner=make_citizen_with_app().person)


def confirm(officer, record) -> None:
    with freeze_time(MORNING):
        violation_record_confirm(actor=officer, record_id=record.pk)


def test_confirming_a_record_writes_the_owners_notice_with_its_messages(officer):
    vehicle = owned_vehicle()
    record = camera_record(vehicle, occurred_at=datetime(2026, 3, 1, 23, 30, tzinfo=clock.TIMEZONE))
    confirm(officer, record)
    notice = Notice.objects.get(kind__code="violation_recorded")
    assert (notice.person_id, notice.subject_id) == (vehicle.owner_person_id, record.pk)
    assert notice.subject_label == vehicle.plate_number
    assert notice.event_on == date(2026, 3, 1)  # the local day, not the UTC one
    assert notice.scan_run is None
    assert set(notice.messages.values_list("channel", flat=True)) == {"sms", "push"}
    assert notice.messages.filter(dispatched_at__isnull=False).count() == 2
    assert AuditEvent.objects.filter(action="notices.notice.create").count() == 1


def test_the_notice_tells_reason_action_and_link_in_both_languages(officer):
    from jiaoguan.notices.selectors import notice_text

    vehicle = owned_vehicle()
    confirm(officer, camera_record(vehicle))
    notice = Notice.objects.get(kind__code="violation_recorded")
    chinese = notice_text(notice, "zh-hans")
    english = notice_text(notice, "en")
    assert vehicle.plate_number in chinese.reason
    assert "2026年3月1日" in chinese.reason
    assert "30日内" in chinese.action
    assert "2026-03-01" in english.reason
    assert chinese.link == english.link == "/me/violations/"


def test_the_notice_goes_out_when_the_confirmation_commits(
    officer, django_capture_on_commit_callbacks
):
    vehicle = owned_vehicle()
    record = camera_record(vehicle)
    with freeze_time(MORNING), django_capture_on_commit_callbacks(execute=True):
        violation_record_confirm(actor=officer, record_id=record.pk)
    statuses = set(NoticeMessage.objects.values_list("status", flat=True))
    assert statuses == {"sent"}
    sms = OutboxMessage.objects.get(channel="sms")
    assert vehicle.plate_number in sms.body
    assert "/me/violations/" in sms.body


def test_a_confirmation_that_rolls_back_leaves_no_notice(officer):
    record = camera_record(owned_vehicle())

    def confirm_then_fail() -> None:
        with transaction.atomic(), freeze_time(MORNING):
            violation_record_confirm(actor=officer, record_id=record.pk)
            raise RuntimeError("the caller fails after the confirmation")

    with pytest.raises(RuntimeError):
        confirm_then_fail()
    assert not Notice.objects.exists()
    assert not NoticeMessage.objects.exists()


def test_a_subscriber_that_fails_rolls_the_confirmation_and_its_notice_back(officer):
    record = camera_record(owned_vehicle())

    def refuse(event: RecordEntered) -> None:
        raise RuntimeError("a subscriber refused")

    subscription = subscribe(RecordEntered, refuse, phase=Phase.IN_TRANSACTION)
    try:
        with pytest.raises(RuntimeError, match="a subscriber refused"):
            confirm(officer, record)
    finally:
        unsubscribe(subscription)
    record.refresh_from_db()
    assert record.status == ViolationRecord.Status.PENDING_REVIEW
    assert not Notice.objects.exists()


def test_no_notice_for_an_unmatched_plate_or_an_organisations_vehicle(officer):
    unmatched = camera_record(None)
    company = camera_record(make_vehicle(organization=make_organization()))
    confirm(officer, unmatched)
    confirm(officer, company)
    assert not Notice.objects.exists()


def test_a_disabled_kind_writes_no_notice(officer):
    NoticeKind.objects.filter(code="violation_recorded").update(enabled=False)
    confirm(officer, camera_record(owned_vehicle()))
    assert not Notice.objects.exists()


def test_the_scan_catches_entered_records_without_a_notice_and_never_repeats_one(officer):
    told = camera_record(owned_vehicle())
    confirm(officer, told)
    missed = camera_record(
        owned_vehicle(), status=ViolationRecord.Status.ENTERED, entered_on=DAY - timedelta(days=3)
    )
    too_old = camera_record(
        owned_vehicle(), status=ViolationRecord.Status.ENTERED, entered_on=DAY - timedelta(days=31)
    )
    handled = camera_record(
        owned_vehicle(), status=ViolationRecord.Status.HANDLED, entered_on=DAY - timedelta(days=1)
    )
    pending = camera_record(owned_vehicle())
    run = scan_on(DAY)
    assert found("violation_recorded") == {told.pk, missed.pk}
    assert not {too_old.pk, handled.pk, pending.pk} & found("violation_recorded")
    assert run.counts["violation_recorded"] == 1
    assert Notice.objects.filter(kind__code="violation_recorded").count() == 2


def test_two_records_of_one_vehicle_on_one_day_are_two_notices(officer):
    vehicle = owned_vehicle()
    first, second = camera_record(vehicle), camera_record(vehicle)
    confirm(officer, first)
    confirm(officer, second)
    assert found("violation_recorded") == {first.pk, second.pk}


# Points: the lead's ledger publishes ``PointsChanged``; here the rows are made directly.


def points_licence(*points: tuple[date, int]):
    return make_license(
        person=make_citizen().person, first_issued_on=date(2016, 3, 15), points=points
    )


def points_now(license, total: int) -> None:
    """Publish the event as the ledger does, inside its transaction, on DAY."""
    with freeze_time(MORNING), transaction.atomic():
        publish(PointsChanged(license_id=license.pk, cycle_points=total))


def add_points(license, points: int, on: date = DAY) -> int:
    PointsRecord.objects.create(license=license, points=points, recorded_on=on, description="x")
    return sum(license.points.values_list("points", flat=True))


@pytest.mark.parametrize(
    ("total", "kind"),
    [
        (8, None),
        (9, "points_reminder"),
        (11, "points_reminder"),
        (12, "points_full_score"),
        (15, "points_full_score"),
    ],
)
def test_points_changed_tells_the_reminder_from_nine_and_the_full_score_from_twelve(total, kind):
    license = points_licence()
    points_now(license, total)
    kinds = set(Notice.objects.values_list("kind__code", flat=True))
    assert kinds == ({kind} if kind else set())
    if kind:
        notice = Notice.objects.get()
        assert (notice.subject_id, notice.amount) == (license.pk, total)
        # DAY's cycle for a 2016-03-15 first issue: 2025-03-15 .. 2026-03-14.
        assert notice.event_on == date(2025, 3, 15)


def test_points_rising_through_the_band_are_told_once_then_once_more_at_twelve():
    license = points_licence((date(2025, 6, 1), 6))
    points_now(license, add_points(license, 3))
    points_now(license, add_points(license, 1))
    assert Notice.objects.filter(kind__code="points_reminder").count() == 1
    assert Notice.objects.get(kind__code="points_reminder").amount == 9
    points_now(license, add_points(license, 2))
    assert Notice.objects.get(kind__code="points_full_score").amount == 12
    assert Notice.objects.count() == 2


def test_the_daily_scan_does_not_repeat_what_the_signal_told():
    license = points_licence((date(2025, 6, 1), 6))
    points_now(license, add_points(license, 3))
    scan_on(DAY)
    assert found("points_reminder") == {license.pk}
    assert Notice.objects.filter(kind__code="points_reminder").count() == 1


def test_the_daily_scan_tells_points_the_signal_never_reported():
    nine = points_licence((date(2025, 6, 1), 6), (date(2026, 3, 1), 3))
    twelve = points_licence((date(2025, 6, 1), 12))
    scan_on(DAY)
    assert found("points_reminder") == {nine.pk}
    assert found("points_full_score") == {twelve.pk}


def test_points_kind_thresholds():
    assert rules.points_kind(0) is None
    assert rules.points_kind(8) is None
    assert rules.points_kind(9) == rules.NoticeKindCode.POINTS_REMINDER
    assert rules.points_kind(11) == rules.NoticeKindCode.POINTS_REMINDER
    assert rules.points_kind(12) == rules.NoticeKindCode.POINTS_FULL_SCORE
    assert rules.points_kind(36) == rules.NoticeKindCode.POINTS_FULL_SCORE
