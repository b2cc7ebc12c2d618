"""The named demo accounts show what the banner promises, and the demo command prepares them."""

import re
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice
from stdnum.cn import uscc

from jiaoguan.core.ids import parse_id_number
from jiaoguan.demo.accounts import (
    DEMO_PASSWORD,
    ORGANIZATION_NAME,
    ensure_demo_accounts,
)
from jiaoguan.demo.generator import (
    Batch,
    GrantRow,
    LicenseRow,
    MedicalRow,
    PersonRow,
    PointsRow,
    VehicleRow,
)
from jiaoguan.demo.loader import seed
from jiaoguan.drivers.models import DrivingLicense
from jiaoguan.education.models import SafetyItem
from jiaoguan.identity.models import Organization, Person, User
from jiaoguan.notices.models import Notice
from jiaoguan.vehicles.models import Vehicle

from .conftest import AS_OF
from .states import license_states, vehicle_states

pytestmark = pytest.mark.django_db


def _values(model, row_type, **filters):
    fields = row_type._fields
    return [row_type(*values) for values in model.objects.filter(**filters).values_list(*fields)]


def _person_batch(person: Person) -> Batch:
    """The person's rows read back from the database, as generator rows."""
    from jiaoguan.drivers.models import LicenseClassGrant, MedicalCertificate, PointsRecord

    batch = Batch()
    batch.persons = _values(Person, PersonRow, pk=person.pk)
    batch.licenses = _values(DrivingLicense, LicenseRow, person=person)
    batch.grants = _values(LicenseClassGrant, GrantRow, license__person=person)
    batch.points = _values(PointsRecord, PointsRow, license__person=person)
    batch.medical = _values(MedicalCertificate, MedicalRow, person=person)
    batch.vehicles = _values(Vehicle, VehicleRow, owner_person=person)
    return batch


def _citizen(name: str) -> User:
    citizens = User.objects.select_related("person").filter(kind="citizen")
    (citizen,) = (  # identity numbers are encrypted: the region is compared in Python
        user for user in citizens.filter(person__name=name)
        if user.person.id_number.startswith("320102")
    )  # fmt: skip
    return citizen


def test_demo_accounts_show_their_states():
    seed(50, as_of=AS_OF)
    banner = str(ensure_demo_accounts(as_of=AS_OF))

    zhang = _citizen("张伟")
    assert zhang.check_password(DEMO_PASSWORD)
    assert zhang.username == f"citizen.{zhang.person_id}"  # never the identity number
    parse_id_number(zhang.person.id_number, today=AS_OF)
    batch = _person_batch(zhang.person)
    licenses = license_states(batch, AS_OF)
    assert licenses["renewal_window_open"] == 1
    assert licenses["points_9"] == 1
    vehicles = vehicle_states(batch, AS_OF)
    assert len(batch.vehicles) == 2
    assert vehicles["inspection_window_open"] == 1
    assert vehicles["inspection_overdue"] == 1
    assert {v.vehicle_type for v in batch.vehicles} >= {"K33"}

    li = _citizen("李秀英")
    assert li.person.birth_date.year == 1954
    licenses = license_states(_person_batch(li.person), AS_OF)
    assert licenses["senior"] == 1
    assert licenses["medical_due"] == 1

    wang = _citizen("王芳")
    batch = _person_batch(wang.person)
    assert license_states(batch, AS_OF)["in_probation"] == 1
    assert [v.plate_type for v in batch.vehicles] == ["52"]

    (chen,) = (
        person for person in Person.objects.filter(name="陈静")
        if person.id_number.startswith("320102")
    )  # fmt: skip
    assert not User.objects.filter(person=chen).exists()
    assert chen.id_number in banner

    officer = User.objects.get(username="jc0001")
    assert officer.kind == "officer"
    assert officer.is_staff
    assert officer.check_password(DEMO_PASSWORD)
    assert officer.has_perm("identity.view_person")
    assert officer.has_perm("vehicles.view_vehicle")
    assert officer.has_perm("drivers.view_drivinglicense")
    assert officer.groups.filter(name="系统管理员").exists()
    assert officer.office.province_code == "32"
    reviewer = User.objects.get(username="jc0002")
    assert reviewer.has_perm("violations.review_violationrecord")
    assert not reviewer.has_perm("exams.plan_exams")
    assert "jc0003" in banner
    device = TOTPDevice.objects.get(user=officer)
    assert device.confirmed
    assert device.config_url in banner
    assert device.config_url.startswith("otpauth://totp/")

    organization = Organization.objects.get(name=ORGANIZATION_NAME)
    assert organization.kind == "transport_company"
    assert uscc.is_valid(organization.credit_code)
    assert organization.vehicles.count() >= 3
    assert organization.vehicles.exclude(use_character="non_operating").count() >= 3
    org_user = User.objects.get(username="org0001")
    assert org_user.kind == "organization"
    assert org_user.organization == organization


def test_demo_accounts_are_idempotent():
    first = str(ensure_demo_accounts(as_of=AS_OF))
    counts = (Person.objects.count(), User.objects.count(), Vehicle.objects.count())
    second = str(ensure_demo_accounts(as_of=AS_OF))
    assert (Person.objects.count(), User.objects.count(), Vehicle.objects.count()) == counts
    assert first == second


def test_each_demo_citizen_has_the_app_installed_once():
    from jiaoguan.identity.models import User
    from jiaoguan.notices.models import PushDevice

    ensure_demo_accounts(as_of=AS_OF)
    ensure_demo_accounts(as_of=AS_OF)
    citizens = User.objects.filter(kind=User.Kind.CITIZEN)
    assert citizens.exists()
    for citizen in citizens:
        assert PushDevice.objects.filter(account=citizen, enabled=True).count() == 1


def test_demo_accounts_on_another_date_and_province():
    ensure_demo_accounts(province="京", as_of=date(2028, 2, 29))
    zhang = User.objects.get(kind="citizen", person__name="张伟")
    assert zhang.person.id_number.startswith("1101")
    plates = Vehicle.objects.values_list("plate_number", flat=True)
    assert all(plate.startswith("京") for plate in plates)


def test_demo_command_prepares_the_database_without_serving():
    out = StringIO()
    call_command("demo", port=8123, no_serve=True, stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8123/outbox/" in text
    assert "jc0001" in text
    assert "otpauth://" in text
    assert "org0001" in text  # the transport company's administrator (/org/login/)
    # 300 seeded, the 5 demo people, the points-reduction and full-score drivers
    # (demo/education.py) and the papers walk-through's driver (demo/papers.py).
    assert Person.objects.count() == 300 + 5 + 2 + 1
    assert "学法减分" in text
    assert "满分学习 /me/education/courses/" in text
    assert "事故快处 /me/accidents/" in text
    assert "证件寄递 /me/papers/license-renewal/" in text
    assert "交通安全宣传 /safety/" in text
    # The walk-through's entries are numbered 1, 2, 3… with none twice or missing.
    numbers = [int(m) for m in re.findall(r"^  (\d+)\. ", text, flags=re.M)]
    assert numbers == list(range(1, len(numbers) + 1))
    assert SafetyItem.objects.count() == 3
    # The fog warning is aimed at the office's city: its drivers have the notice.
    pushed = Notice.objects.filter(kind__code="safety_publicity")
    pushed_count = pushed.count()
    assert pushed_count > 0
    assert set(pushed.values_list("subject_label", flat=True)) == {"沿江高速团雾预警"}
    # A second run neither seeds again nor duplicates the accounts.
    call_command("demo", port=8123, no_serve=True, stdout=StringIO())
    assert Person.objects.count() == 308
    assert SafetyItem.objects.count() == 3
    assert Notice.objects.filter(kind__code="safety_publicity").count() == pushed_count


def test_demo_exams_show_a_published_verifiable_window_and_an_open_one():
    from jiaoguan.exams.models import BookingWindow, LicenseApplication
    from jiaoguan.exams.selectors import window_verify
    from jiaoguan.exams.services import preferences_submit

    call_command("demo", port=8123, no_serve=True, stdout=StringIO())
    closed = BookingWindow.objects.get(code="DEMO-1")
    assert closed.status == BookingWindow.Status.ALLOCATED
    assert closed.results.count() == 41
    zhao = _citizen("赵磊")
    result = closed.results.get(preference_list__person=zhao.person)
    assert (result.rank, result.choice) == (1, 1)
    assert result.session is not None
    assert window_verify(window=closed).matches
    assert BookingWindow.objects.get(code="DEMO-2").status == BookingWindow.Status.OPEN
    zhang = _citizen("张伟")
    application = LicenseApplication.objects.get(person=zhang.person)
    assert application.license_class == "D"
    assert application.permit is not None
    open_window = BookingWindow.objects.get(code="DEMO-2")
    d_session = open_window.sessions.filter(license_class="D").first()
    listed = preferences_submit(
        actor=zhang, person=zhang.person, window_id=open_window.pk, session_ids=[d_session.pk]
    )
    assert listed.session_ids == [d_session.pk]
    call_command("demo", port=8123, no_serve=True, stdout=StringIO())
    assert BookingWindow.objects.filter(code__startswith="DEMO-").count() == 2


def test_demo_has_an_open_segment_and_a_new_car_for_zhang_wei():
    from jiaoguan.plates.models import Batch, NewVehicle, NumberSegment

    seed(50, as_of=AS_OF)
    ensure_demo_accounts(as_of=AS_OF)
    ensure_demo_accounts(as_of=AS_OF)
    zhang = _citizen("张伟")
    segment = NumberSegment.objects.get()
    assert str(segment) == "苏AD####"
    assert Batch.objects.filter(segment=segment, closed_at__isnull=True).count() == 1
    assert NewVehicle.objects.get().owner == zhang.person
    officer = User.objects.get(username="jc0001")
    assert officer.has_perm("plates.add_numbersegment")


def test_demo_has_camera_records_for_zhang_wei_and_one_to_review():
    from jiaoguan.violations.models import ViolationRecord

    seed(50, as_of=AS_OF)
    ensure_demo_accounts(as_of=AS_OF)
    ensure_demo_accounts(as_of=AS_OF)
    zhang = _citizen("张伟")
    records = ViolationRecord.objects.filter(vehicle__owner_person=zhang.person)
    assert records.filter(status="entered").count() == 3
    assert records.filter(status="pending_review").count() == 1
    assert records.get(code="1039").region_code.startswith("53")  # fined by Yunnan's standard
    assert User.objects.get(username="jc0001").has_perm("violations.review_violationrecord")
