"""Ready for province nodes (docs/adr/0011-province-nodes.md): every record that belongs to a
place carries its province (and office where one handles it), and an exchanged record has a
stable key that is not a node's integer id; the migrations fill existing rows."""

import uuid
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.ids import PROVINCE_ABBREVIATIONS, PROVINCE_CODES, province_code_of_plate
from jiaoguan.core.money import Money
from jiaoguan.exams import services as exams
from jiaoguan.payments import services as payments
from jiaoguan.violations.models import Dispute
from jiaoguan.violations.services import dispute_file, fine_payment_start, violation_handle
from tests.drivers.factories import make_license
from tests.exams.factories import make_session, make_venue
from tests.identity.factories import make_citizen, make_person
from tests.plates.factories import make_segment
from tests.vehicles.factories import make_vehicle
from tests.violations.factories import make_entered_record, shipped_reference_data

# Every model whose rows belong to a province, with the field that says which (ADR 0011).
PLACED = {
    "violations.ViolationRecord",
    "violations.PenaltyDecision",
    "violations.Dispute",
    "exams.ExamVenue",
    "exams.ExamSession",
    "exams.BookingWindow",
    "exams.LicenseApplication",
    "payments.PaymentOrder",
    "plates.NumberSegment",
    "vehicles.Vehicle",
}


@pytest.mark.parametrize("label", sorted(PLACED))
def test_every_placed_record_carries_its_province_code(label):
    field = apps.get_model(label)._meta.get_field("province_code")
    assert field.max_length == 2 or field.output_field.max_length == 2


def test_every_province_abbreviation_has_its_code():
    assert set(PROVINCE_CODES) == set(PROVINCE_ABBREVIATIONS)
    assert len(set(PROVINCE_CODES.values())) == 31
    assert province_code_of_plate("苏A12345") == "32"
    assert province_code_of_plate("云A") == "53"
    assert province_code_of_plate("") == ""


@pytest.fixture
def owner():
    person = make_person()
    make_license(person=person)
    return make_citizen(person=person)


@pytest.mark.django_db
def test_a_record_its_decision_and_the_fine_order_carry_the_province_and_office(owner):
    record = make_entered_record(make_vehicle(owner=owner.person), region_code="530102")
    record.refresh_from_db()
    assert record.province_code == "53"
    decision = violation_handle(actor=owner, record_id=record.pk)
    decision.refresh_from_db()
    assert decision.province_code == "53"
    assert decision.office_code == record.reporter.credit_code
    order = fine_payment_start(actor=owner, number=decision.number, return_url="/me/").order
    assert order.province_code == "53"


@pytest.mark.django_db
def test_a_dispute_is_named_by_a_uuid_and_goes_to_the_province_and_office(owner):
    record = make_entered_record(make_vehicle(owner=owner.person), region_code="320102")
    dispute = dispute_file(actor=owner, record_id=record.pk, reason="当时车辆停放在小区内。")
    dispute.refresh_from_db()
    assert isinstance(dispute.reference, uuid.UUID)
    assert (dispute.province_code, dispute.office_code) == ("32", record.reporter.credit_code)


@pytest.mark.django_db
def test_a_payment_order_refuses_a_malformed_province():
    with pytest.raises(ApplicationError) as refused:
        payments.payment_order_open(
            actor=None,
            purpose="tests.fee",
            reference="R-1",
            amount=Money(100),
            payer_person_id=None,
            subject="测试",
            return_url="",
            province_code="苏",
        )
    assert refused.value.code == "payments.order.invalid"
    assert "province_code" in refused.value.fields


@pytest.mark.django_db
def test_exam_venues_sessions_and_applications_carry_the_province():
    venue = make_venue(region_code="530100")
    venue.refresh_from_db()
    assert venue.province_code == "53"
    assert make_session(venue=venue).province_code == "53"


@pytest.mark.django_db
def test_a_window_takes_the_province_of_its_sessions_and_refuses_two_provinces():
    exam_on = clock.today() + timedelta(days=30)
    nanjing = make_session(venue=make_venue(region_code="320100"), exam_on=exam_on)
    kunming = make_session(venue=make_venue(region_code="530100"), exam_on=exam_on)
    times = {"opens_at": clock.now(), "closes_at": clock.now() + timedelta(days=5)}
    window = exams.window_create(
        actor=None, code="W-32", subject="subject_2", sessions=[nanjing], **times
    )
    assert window.province_code == "32"
    with pytest.raises(ApplicationError) as refused:
        exams.window_create(
            actor=None, code="W-MIX", subject="subject_2", sessions=[nanjing, kunming], **times
        )
    assert refused.value.code == "exams.window.sessions"


@pytest.mark.django_db
def test_a_vehicle_carries_the_province_of_its_plate():
    from jiaoguan.vehicles.models import Vehicle

    car = make_vehicle(plate_number="云A12345")
    assert Vehicle.objects.values_list("province_code", flat=True).get(pk=car.pk) == "53"


@pytest.mark.django_db
def test_a_plate_segment_carries_the_province_of_its_prefix():
    assert make_segment(prefix="苏A").province_code == "32"
    assert make_segment(prefix="云A").province_code == "53"


# --- The data migrations fill existing rows ----------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migrations_fill_the_rows_that_existed_before(owner):
    shipped_reference_data()  # a transactional test starts from tables an earlier one flushed
    record = make_entered_record(make_vehicle(owner=owner.person), region_code="530102")
    decision = violation_handle(actor=owner, record_id=record.pk)
    fine_payment_start(actor=owner, number=decision.number, return_url="/me/")
    Dispute.objects.create(
        record=make_entered_record(make_vehicle(owner=owner.person), region_code="320102"),
        person=owner.person,
        office="南京",
        reason="测试",
        filed_at=clock.now(),
        due_on=clock.today(),
    )
    Dispute.objects.create(
        record=make_entered_record(make_vehicle(owner=owner.person), region_code="320102"),
        person=owner.person,
        office="南京",
        reason="测试",
        filed_at=clock.now(),
        due_on=clock.today(),
    )
    session = make_session(venue=make_venue(region_code="530100"))
    segment = make_segment(prefix="粤B")
    before = [
        ("violations", "0004_decisions_disputes_authorisations"),
        ("payments", "0001_initial"),
        ("exams", "0004_application_basis_location_lapse"),
        ("plates", "0005_plate_requests_spouse_transfers"),
    ]
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    executor.loader.build_graph()
    executor.migrate(latest)
    with connection.cursor() as cursor:
        cursor.execute("SELECT province_code, office_code FROM violations_penaltydecision")
        assert cursor.fetchall() == [("53", record.reporter.credit_code)]
        cursor.execute("SELECT province_code, office_code, reference FROM violations_dispute")
        disputes = cursor.fetchall()
        cursor.execute("SELECT province_code FROM payments_paymentorder")
        assert cursor.fetchall() == [("53",)]
        cursor.execute("SELECT province_code FROM exams_examsession WHERE id = %s", [session.pk])
        assert cursor.fetchall() == [("53",)]
        cursor.execute("SELECT province_code FROM plates_numbersegment WHERE id = %s", [segment.pk])
        assert cursor.fetchall() == [("44",)]
    assert {row[:2] for row in disputes} == {("32", record.reporter.credit_code)}
    assert len({row[2] for row in disputes}) == 2
