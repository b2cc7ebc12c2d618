"""Online requests to keep a previous number, swap two numbers or move a vehicle to one's
spouse with its number (登记规定 arts. 20, 44, 45), decided by an officer; and the spouse
transfer at the counter."""

import io
from datetime import date, timedelta

import pytest
from PIL import Image

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core import clock
from jiaoguan.core.crypto import blind_index
from jiaoguan.core.dates import add_years
from jiaoguan.core.errors import ApplicationError
from jiaoguan.plates import selectors, services
from jiaoguan.plates.models import PlateHold, PlateRequest, PlateSwap, SpouseTransfer
from jiaoguan.vehicles.models import Vehicle
from tests.identity.factories import make_citizen, make_office, make_officer, make_person
from tests.plates.factories import make_owner_with_vehicle, make_plates_officer
from tests.vehicles.factories import make_vehicle

pytestmark = pytest.mark.django_db


def certificate_scan(kind: str = "JPEG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format=kind)
    return buffer.getvalue()


def _code(call, **kwargs) -> str:
    with pytest.raises(ApplicationError) as refused:
        call(**kwargs)
    return refused.value.code


# --- keeping the previous number (art. 44) --------------------------------------------------


def _keep(user, vehicle, **changes):
    facts = {
        "actor": user,
        "vin": vehicle.vin,
        "previous_number": "苏AK1234",
        "used_since": clock.today() - timedelta(days=800),
        "released_on": clock.today() - timedelta(days=30),
    }
    return services.plate_request_keep_submit(**(facts | changes))


def test_a_keep_request_is_approved_by_an_officer_and_the_number_is_held():
    user, vehicle = make_owner_with_vehicle()
    request = _keep(user, vehicle)
    assert (request.kind, request.state) == ("keep_previous", "submitted")
    officer = make_plates_officer()
    assert (
        _code(services.plate_request_approve, actor=officer, reference=str(request.reference))
        == "plates.request.clearance_required"
    )
    approved = services.plate_request_approve(
        actor=officer, reference=str(request.reference), violations_cleared=True, note="核实无误"
    )
    assert approved.state == PlateRequest.State.APPROVED
    assert approved.hold.plate_number == "苏AK1234"
    assert approved.hold.method == PlateHold.Method.KEEP_PREVIOUS
    assert approved.decided_by == officer
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"plates.request.submitted", "plates.request.approved", "plates.hold.taken"} <= actions


def test_a_keep_request_is_refused_at_once_on_the_stated_dates_at_their_edges():
    user, vehicle = make_owner_with_vehicle()
    today = clock.today()
    two_years_ago = add_years(today, -2)
    assert (
        _code(
            _keep,
            user=user,
            vehicle=vehicle,
            released_on=two_years_ago - timedelta(days=1),
            used_since=two_years_ago - timedelta(days=800),
        )
        == "plates.keep.refused"
    )
    released = today - timedelta(days=10)
    assert (
        _code(
            _keep,
            user=user,
            vehicle=vehicle,
            released_on=released,
            used_since=add_years(released, -1) + timedelta(days=1),
        )
        == "plates.keep.refused"
    )
    on_the_edges = _keep(
        user,
        vehicle,
        released_on=two_years_ago,
        used_since=add_years(two_years_ago, -1),
    )
    assert on_the_edges.state == "submitted"


def test_one_pending_request_per_new_vehicle_and_a_withdrawal_frees_it():
    user, vehicle = make_owner_with_vehicle()
    first = _keep(user, vehicle)
    assert _code(_keep, user=user, vehicle=vehicle) == "plates.request.pending_exists"
    services.plate_request_withdraw(actor=user, reference=str(first.reference))
    assert _keep(user, vehicle).state == "submitted"


def test_a_keep_request_for_someone_elses_vehicle_or_a_taken_number_is_refused():
    _owner, vehicle = make_owner_with_vehicle()
    stranger = make_citizen()
    assert _code(_keep, user=stranger, vehicle=vehicle) == "plates.vehicle.not_found"
    user, mine = make_owner_with_vehicle()
    make_vehicle(plate_number="苏AK1234")
    assert _code(_keep, user=user, vehicle=mine) == "plates.number.taken"
    assert _code(_keep, user=user, vehicle=mine, previous_number="苏AI1234") == (
        "plates.number.invalid"
    )


def test_an_officer_refuses_with_a_reason_the_citizen_reads():
    user, vehicle = make_owner_with_vehicle()
    request = _keep(user, vehicle)
    officer = make_plates_officer()
    assert (
        _code(
            services.plate_request_refuse, actor=officer, reference=str(request.reference), note=""
        )
        == "plates.request.reason_missing"
    )
    services.plate_request_refuse(
        actor=officer, reference=str(request.reference), note="原车有未处理的交通违法"
    )
    mine = selectors.requests_of_person(person=user.person)
    assert mine[0].state == PlateRequest.State.REFUSED
    assert mine[0].decision_note == "原车有未处理的交通违法"
    assert (
        _code(services.plate_request_approve, actor=officer, reference=str(request.reference))
        == "plates.request.state"
    )


def test_citizens_cannot_decide_requests():
    user, vehicle = make_owner_with_vehicle()
    request = _keep(user, vehicle)
    assert (
        _code(
            services.plate_request_approve,
            actor=user,
            reference=str(request.reference),
            violations_cleared=True,
        )
        == "plates.forbidden"
    )


# --- swapping (art. 20) ---------------------------------------------------------------------


def _two_cars(first_number="苏A11111", **second):
    user = make_citizen()
    first = make_vehicle(owner=user.person, plate_number=first_number)
    other = make_vehicle(owner=user.person, **({"plate_number": "苏A22222"} | second))
    return user, first, other


def test_a_swap_request_is_checked_at_once_and_swapped_on_approval():
    user, first, second = _two_cars()
    request = services.plate_request_swap_submit(
        actor=user, vehicle_id=first.pk, other_vehicle_id=second.pk
    )
    services.plate_request_approve(
        actor=make_plates_officer(), reference=str(request.reference), violations_cleared=True
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.plate_number, second.plate_number) == ("苏A22222", "苏A11111")
    assert PlateSwap.objects.count() == 2


def test_a_swap_request_across_offices_or_with_an_operating_car_is_refused_at_once():
    user, first, second = _two_cars(plate_number="苏B22222")
    assert (
        _code(
            services.plate_request_swap_submit,
            actor=user,
            vehicle_id=first.pk,
            other_vehicle_id=second.pk,
        )
        == "plates.swap.refused"
    )
    user, first, taxi = _two_cars("苏A77777", plate_number="苏A88888", use_character="taxi")
    with pytest.raises(ApplicationError) as refused:
        services.plate_request_swap_submit(
            actor=user, vehicle_id=first.pk, other_vehicle_id=taxi.pk
        )
    assert "营运" in str(refused.value.message)


def test_a_swap_request_needs_two_of_ones_own_vehicles_each_in_one_pending_request():
    user, first, second = _two_cars()
    other_owners = make_vehicle(plate_number="苏A33333")
    assert (
        _code(
            services.plate_request_swap_submit,
            actor=user,
            vehicle_id=first.pk,
            other_vehicle_id=other_owners.pk,
        )
        == "plates.registered_vehicle.not_found"
    )
    assert (
        _code(
            services.plate_request_swap_submit,
            actor=user,
            vehicle_id=first.pk,
            other_vehicle_id=first.pk,
        )
        == "plates.registered_vehicle.not_found"
    )
    third = make_vehicle(owner=user.person, plate_number="苏A44444")
    services.plate_request_swap_submit(actor=user, vehicle_id=first.pk, other_vehicle_id=second.pk)
    assert (
        _code(
            services.plate_request_swap_submit,
            actor=user,
            vehicle_id=third.pk,
            other_vehicle_id=second.pk,
        )
        == "plates.request.pending_exists"
    )


def test_a_swap_refused_at_approval_leaves_the_request_waiting():
    user, first, second = _two_cars()
    request = services.plate_request_swap_submit(
        actor=user, vehicle_id=first.pk, other_vehicle_id=second.pk
    )
    Vehicle.objects.filter(pk=second.pk).update(plate_number="苏B22222")
    assert (
        _code(
            services.plate_request_approve,
            actor=make_plates_officer(),
            reference=str(request.reference),
            violations_cleared=True,
        )
        == "plates.swap.refused"
    )
    request.refresh_from_db()
    assert request.state == PlateRequest.State.SUBMITTED


# --- spouses (art. 45) ----------------------------------------------------------------------


def _couple(married_days_ago=400):
    owner = make_citizen()
    wife = make_person(name="李秀英", female=True)
    car = make_vehicle(owner=owner.person, plate_number="苏A55555")
    return owner, wife, car, clock.today() - timedelta(days=married_days_ago)


def _spouse_request(owner, wife, car, married_on, **changes):
    facts = {
        "actor": owner,
        "vehicle_id": car.pk,
        "spouse_id_number": wife.id_number,
        "spouse_name": wife.name,
        "married_on": married_on,
        "certificate": certificate_scan(),
    }
    return services.plate_request_spouse_submit(**(facts | changes))


def test_a_spouse_transfer_needs_both_spouses_and_the_officers_certificate_check():
    owner, wife, car, married_on = _couple()
    request = _spouse_request(owner, wife, car, married_on)
    assert request.state == PlateRequest.State.AWAITING_SPOUSE
    assert request.evidence.get().content_type == "image/jpeg"
    officer = make_plates_officer()
    assert (
        _code(services.plate_request_approve, actor=officer, reference=str(request.reference))
        == "plates.request.state"
    )
    wife_account = make_citizen(person=wife)
    assert selectors.requests_of_person(person=wife)[0].pk == request.pk
    services.plate_request_spouse_confirm(actor=wife_account, reference=str(request.reference))
    assert (
        _code(services.plate_request_approve, actor=officer, reference=str(request.reference))
        == "plates.spouse.certificate_missing"
    )
    services.plate_request_approve(
        actor=officer,
        reference=str(request.reference),
        married_on=married_on,
        certificate_number="J320102-2025-001234",
    )
    car.refresh_from_db()
    assert car.owner_person == wife
    assert car.plate_number == "苏A55555"
    transfer = SpouseTransfer.objects.get()
    assert transfer.request == request
    assert transfer.certificate_number == "J320102-2025-001234"
    assert AuditEvent.objects.filter(action="vehicles.owner.changed").exists()


def test_a_marriage_of_under_a_year_is_refused_and_a_year_to_the_day_is_enough():
    owner, wife, car, _ = _couple()
    a_year_ago = add_years(clock.today(), -1)
    with pytest.raises(ApplicationError) as refused:
        _spouse_request(owner, wife, car, a_year_ago + timedelta(days=1))
    assert refused.value.code == "plates.spouse.refused"
    assert "married_on" in refused.value.fields
    assert _spouse_request(owner, wife, car, a_year_ago).state == "awaiting_spouse"


def test_the_officer_may_correct_the_marriage_date_from_the_certificate():
    owner, wife, car, married_on = _couple()
    request = _spouse_request(owner, wife, car, married_on)
    services.plate_request_spouse_confirm(
        actor=make_citizen(person=wife), reference=str(request.reference)
    )
    assert (
        _code(
            services.plate_request_approve,
            actor=make_plates_officer(),
            reference=str(request.reference),
            married_on=clock.today() - timedelta(days=100),
            certificate_number="J1",
        )
        == "plates.spouse.refused"
    )
    car.refresh_from_db()
    assert car.owner_person == owner.person


def test_the_other_spouse_may_apply_at_the_counter_instead_of_online():
    owner, wife, car, married_on = _couple()
    request = _spouse_request(owner, wife, car, married_on)
    services.plate_request_approve(
        actor=make_plates_officer(),
        reference=str(request.reference),
        certificate_number="J2",
        spouse_applied_in_person=True,
    )
    car.refresh_from_db()
    assert car.owner_person == wife


def test_a_spouse_request_checks_the_spouse_the_scan_and_the_vehicle():
    owner, wife, car, married_on = _couple()
    assert (
        _code(
            _spouse_request,
            owner=owner,
            wife=wife,
            car=car,
            married_on=married_on,
            spouse_name="王",
        )
        == "plates.spouse.not_found"
    )
    assert (
        _code(
            _spouse_request,
            owner=owner,
            wife=owner.person,
            car=car,
            married_on=married_on,
        )
        == "plates.spouse.same_person"
    )
    for bad in (b"", b"%PDF-1.4 not an image", b"\xff\xd8\xff" + b"0" * 50):
        assert (
            _code(
                _spouse_request,
                owner=owner,
                wife=wife,
                car=car,
                married_on=married_on,
                certificate=bad,
            )
            == "plates.evidence.invalid"
        )
    assert _spouse_request(owner, wife, car, married_on, certificate=certificate_scan("PNG"))
    seized = make_vehicle(owner=owner.person, plate_number="苏A66666", status="seized")
    assert (
        _code(_spouse_request, owner=owner, wife=wife, car=seized, married_on=married_on)
        == "plates.registered_vehicle.not_transferable"
    )


def test_only_the_named_spouse_confirms_and_either_spouse_may_withdraw():
    owner, wife, car, married_on = _couple()
    request = _spouse_request(owner, wife, car, married_on)
    stranger = make_citizen()
    assert (
        _code(
            services.plate_request_spouse_confirm, actor=stranger, reference=str(request.reference)
        )
        == "plates.request.not_found"
    )
    assert (
        _code(services.plate_request_withdraw, actor=stranger, reference=str(request.reference))
        == "plates.request.not_found"
    )
    services.plate_request_withdraw(
        actor=make_citizen(person=wife), reference=str(request.reference)
    )
    request.refresh_from_db()
    assert request.state == PlateRequest.State.WITHDRAWN


def test_the_counter_transfers_to_the_spouse_on_the_recorded_certificate():
    owner, wife, car, married_on = _couple()
    officer = make_plates_officer()
    transfer = services.plate_spouse_transfer(
        actor=officer,
        plate_type="02",
        plate_number="苏a55555",
        spouse_id_number=wife.id_number,
        spouse_name=wife.name,
        married_on=married_on,
        certificate_number="J320102-2024-000777",
        both_applied=True,
    )
    assert (transfer.from_person, transfer.to_person) == (owner.person, wife)
    car.refresh_from_db()
    assert car.owner_person == wife
    assert (
        _code(
            services.plate_spouse_transfer,
            actor=officer,
            plate_type="02",
            plate_number="苏A55555",
            spouse_id_number=owner.person.id_number,
            spouse_name=owner.person.name,
            married_on=married_on,
            certificate_number="J3",
            both_applied=False,
        )
        == "plates.spouse.refused"
    )
    assert (
        _code(
            services.plate_spouse_transfer,
            actor=make_citizen(),
            plate_type="02",
            plate_number="苏A55555",
            spouse_id_number=wife.id_number,
            spouse_name=wife.name,
            married_on=date(2000, 1, 1),
            certificate_number="J4",
            both_applied=True,
        )
        == "plates.forbidden"
    )


def test_officers_see_waiting_requests_first_and_reading_a_certificate_is_audited():
    owner, wife, car, married_on = _couple()
    request = _spouse_request(owner, wife, car, married_on)
    user, vehicle = make_owner_with_vehicle()
    decided = _keep(user, vehicle)
    officer = make_plates_officer()
    services.plate_request_refuse(actor=officer, reference=str(decided.reference), note="材料不全")
    listed = selectors.requests_for_officers(actor=officer)
    assert [r.pk for r in listed] == [request.pk, decided.pk]
    elsewhere = make_officer(
        username="jc0599",
        permissions=("plates.view_platerequest", "plates.change_platerequest"),
        office=make_office(code="530100000000", name="昆明市公安局交通警察支队", region="530100"),
    )
    assert selectors.requests_for_officers(actor=elsewhere) == []  # 苏 plates: not Yunnan's
    with pytest.raises(ApplicationError):
        selectors.request_for_officer(actor=elsewhere, reference=str(request.reference))
    detail = selectors.request_for_officer(actor=officer, reference=str(request.reference))
    evidence = detail.evidence.all()[0]
    read = selectors.evidence_for_officer(
        actor=officer, reference=str(request.reference), evidence_id=evidence.pk
    )
    assert bytes(read.content)[:3] == b"\xff\xd8\xff"
    event = AuditEvent.objects.get(action="plates.evidence.viewed")
    assert event.person_index == blind_index(owner.person.id_number, purpose="id_number")
