"""Every list's scan: what it selects, its fields, its masking, its expiry."""

from datetime import date, timedelta

import pytest

from jiaoguan.core.errors import ApplicationError
from jiaoguan.disclosure import services
from jiaoguan.disclosure.lists import ENTRY_FIELDS, published_lists
from jiaoguan.disclosure.models import Dataset, Entry
from tests.disclosure.factories import DAY, SYSTEM, entries, make_register, publish_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def register():
    return make_register()


def test_every_list_publishes_exactly_its_declared_fields(register):
    publish_on()
    for declaration in published_lists():
        rows = entries(declaration.code)
        assert rows, declaration.code
        for row in rows:
            assert set(row) == set(declaration.field_names), declaration.code


def test_vehicle_documents_void_names_the_full_plate_of_a_scrap_due_vehicle_only(register):
    publish_on()
    rows = entries("vehicle_documents_void")
    assert rows == [
        {
            "plate_type": "小型汽车",
            "plate_number": "苏A10001",
            "documents": "机动车登记证书、号牌、行驶证",
            "reason_code": "scrap_due_not_deregistered",
            "reason": "达到强制报废标准未办理注销登记",
            "event_on": "2026-06-01",
        }
    ]


def test_vehicles_near_scrapping_masks_the_plate_and_gives_the_month(register):
    publish_on()
    assert entries("vehicles_near_scrapping") == [
        {
            "plate_type": "小型汽车",
            "plate_number": "苏A***02",
            "scrap_due_month": "2027-01",
            "reason": "连续三个检验周期未取得检验合格标志",
        }
    ]


def test_vehicles_inspection_overdue_counts_whole_months(register):
    publish_on()
    # The vehicle near scrapping is overdue too (34 months); the scrap-due one is announced
    # void instead.
    assert entries("vehicles_inspection_overdue") == [
        {"plate_type": "小型汽车", "plate_number": "苏A***02", "months_overdue": 34},
        {"plate_type": "小型汽车", "plate_number": "苏A***03", "months_overdue": 2},
    ]


def test_licenses_void_masks_the_name_and_archive_number_and_never_the_id_number(register):
    publish_on()
    rows = {row["reason"]: row for row in entries("licenses_void")}
    cancelled = rows["驾驶证已注销，未收回的公告作废"]
    assert cancelled["name"] == "欧阳**"
    archive = register.licenses["cancelled"].archive_number
    assert cancelled["archive_number"] == archive[:4] + "******" + archive[-2:]
    assert sorted(cancelled["license_classes"].split(",")) == ["C1", "D"]
    assert cancelled["event_on"] == "2026-10-08"
    revoked = rows["驾驶证已吊销，未收回的公告作废"]
    assert revoked["name"] == "*"  # a one-character name keeps nothing
    assert len(rows) == 2


def test_exam_plan_lists_upcoming_sessions_with_bookings_until_the_exam_day(register):
    publish_on()
    (row,) = entries("exam_plan")
    assert row["capacity"] == 30
    assert row["booked"] == 1
    assert row["exam_on"] == (DAY + timedelta(days=12)).isoformat()
    assert row["subject"] == "科目二"
    entry = Entry.objects.get(dataset="exam_plan")
    assert entry.expires_on == DAY + timedelta(days=12)


def test_plate_segments_publish_pool_and_numbers_taken(register):
    publish_on()
    (row,) = entries("plate_segments")
    assert row["taken"] == 0
    assert row["available"] == row["pool_size"]
    assert row["starts_on"] == (DAY - timedelta(days=4)).isoformat()


def test_pass_rates_count_people_per_subject_and_overall(register):
    publish_on()
    rows = {row["subject"]: row for row in entries("driving_school_pass_rates")}
    # Two candidates sat 科目二 in October: one passed at the retake, one was absent.
    assert rows["科目二"]["candidates"] == 2
    assert rows["科目二"]["passed"] == 1
    assert rows["科目二"]["pass_rate"] == 50.0
    assert rows["科目二"]["month"] == "2026-10"
    assert rows["全部科目"]["candidates"] == 2


def test_new_driver_rates_count_drivers_licensed_under_three_years_per_school(register):
    publish_on()
    rows = {row["month"]: row for row in entries("new_driver_rates")}
    october = rows["2026-10"]
    assert october["drivers"] == 2  # the driver licensed in 2019 is not counted
    assert october["violation_rate"] == 50.0
    assert october["accident_rate"] == 50.0
    assert rows["2026-09"]["violation_rate"] == 0.0
    assert set(rows) == {f"{year}-{month:02d}" for year, month in [(2025, 11), (2025, 12)]} | {
        f"2026-{month:02d}" for month in range(1, 11)
    }


def test_placement_fairness_compares_first_time_and_repeat_applicants(register):
    publish_on()
    rows = {row["group"]: row for row in entries("exam_placement_fairness")}
    assert rows["首次预约"]["applicants"] == 1
    assert rows["首次预约"]["placed"] == 1
    assert rows["首次预约"]["first_choice"] == 1
    assert rows["首次预约"]["placement_rate"] == 100.0
    assert rows["再次预约"]["placed"] == 0
    assert rows["再次预约"]["placement_rate"] == 0.0
    assert rows["再次预约"]["subject"] == "科目二"


def test_announcements_stay_two_years_and_are_withdrawn_when_no_longer_true(register):
    publish_on()
    entry = Entry.objects.get(dataset="vehicle_documents_void")
    assert entry.published_on == DAY
    assert entry.expires_on == DAY + timedelta(days=730)
    vehicle = register.vehicles["scrap_due"]
    vehicle.status = "deregistered"
    vehicle.save()
    publish_on(DAY + timedelta(days=1))
    entry.refresh_from_db()
    assert entry.withdrawn_on == DAY + timedelta(days=1)
    assert entry.published_on == DAY


def test_a_rerun_adds_nothing_and_keeps_the_modification_date(register):
    publish_on()
    before = Dataset.objects.get(code="licenses_void").modified_at
    run = publish_on(DAY + timedelta(days=1))
    assert run.counts["licenses_void"]["added"] == 0
    assert Dataset.objects.get(code="licenses_void").modified_at == before


def test_entry_fields_are_not_list_fields():
    for declaration in published_lists():
        assert not set(declaration.field_names) & {field.name for field in ENTRY_FIELDS}


def test_a_future_day_is_refused(register):
    with pytest.raises(ApplicationError) as refused:
        services.publication_run(actor=SYSTEM, day=date(2999, 1, 1))
    assert refused.value.code == "disclosure.publication.day_invalid"


def test_the_command_publishes_and_prints_each_list(register):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("disclosure_publish", "--day", DAY.isoformat(), stdout=out)
    assert "licenses_void" in out.getvalue()
    assert Entry.objects.filter(dataset="licenses_void").count() == 2


def test_the_daily_task_is_scheduled_and_audits_the_run(register, settings):
    from jiaoguan.audit.models import AuditEvent
    from jiaoguan.disclosure.tasks import publication_run

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "jiaoguan.disclosure.tasks.publication_run" in tasks
    run_id = publication_run.delay().get()
    event = AuditEvent.objects.get(action="disclosure.publication.run")
    assert event.subject_id == str(run_id)
    assert event.actor_label == "system:disclosure.publish"


def test_only_an_officer_with_the_permission_or_the_system_may_publish(register):
    from jiaoguan.core.errors import PermissionDenied
    from tests.identity.factories import make_citizen

    with pytest.raises(PermissionDenied):
        services.publication_run(actor=make_citizen(), day=DAY)


_MASKED = {
    "surname": r"^(\w{1,2})?\*+$",
    "plate": r"^\w{2}\*+\w{2}$",
    "archive": r"^\d{4}\*+\d{2}$",
}


def test_every_masked_field_of_every_list_is_masked(register):
    import re

    publish_on()
    checked = set()
    for declaration in published_lists():
        masked = [field for field in declaration.fields if field.masking]
        for row in entries(declaration.code):
            for field in masked:
                assert re.fullmatch(_MASKED[field.masking], row[field.name]), (
                    declaration.code,
                    row,
                )
                checked.add(field.masking)
    assert checked == set(_MASKED)


def test_no_list_declares_an_identity_or_phone_field():
    from jiaoguan.disclosure.lists import LISTS

    for declaration in LISTS:
        for name in declaration.field_names:
            parts = set(name.split("_"))
            assert not {"id", "phone", "identity", "mobile", "address"} & parts, name


def test_every_scanned_list_has_a_scan_and_every_scan_a_declaration():
    from jiaoguan.disclosure.lists import LISTS
    from jiaoguan.disclosure.scans.events import SCANS

    assert set(SCANS) == {declaration.code for declaration in published_lists()}
    for declaration in LISTS:
        assert declaration.scanned or declaration.missing, declaration.code
    assert len({declaration.code for declaration in LISTS}) == len(LISTS)
    assert len({declaration.position for declaration in LISTS}) == len(LISTS)
