"""The vehicle licence and the plates replaced or reissued online as cases: the owner's
own registered vehicle only, its registration office, the plates' 15 working days and the
temporary plate's fee, one open application per vehicle document."""

import pytest

from jiaoguan.core.errors import ApplicationError
from jiaoguan.papers.models import PaperApplication
from jiaoguan.papers.services import paper_application_act, vehicle_service_submit
from tests.identity.factories import make_citizen
from tests.papers.factories import make_papers_officer, mark_paid
from tests.vehicles.factories import make_vehicle

pytestmark = pytest.mark.django_db


def _submit(citizen, vehicle, service, **kwargs):
    return vehicle_service_submit(
        actor=citizen,
        service=service,
        vehicle_id=vehicle.pk,
        fulfilment="post",
        address="江苏省南京市玄武区中山路1号",
        **kwargs,
    )


def test_plates_reissue_with_a_temporary_plate_at_the_registration_office():
    citizen = make_citizen()
    vehicle = make_vehicle(owner=citizen.person)
    application = _submit(citizen, vehicle, "plates_reissue", temporary_plate=True)
    case = application.case
    assert case.kind == "papers.plates_reissue"
    assert (case.province_code, case.office_code) == ("32", vehicle.plate_number[:2])
    assert application.fee_fen == 10500  # a pair of reflective car plates + temporary plate
    assert application.temporary_plate


def test_plates_take_fifteen_working_days_once_accepted():
    from jiaoguan.core import clock

    citizen = make_citizen()
    vehicle = make_vehicle(owner=citizen.person)
    application = _submit(citizen, vehicle, "plates_replacement")
    mark_paid(application)
    application = paper_application_act(
        actor=make_papers_officer(), reference=application.reference, action="review"
    )
    application.case.refresh_from_db()
    today = clock.local(application.case.stage_entered_at).date()
    assert application.case.stage_due_on == clock.add_working_days(today, 15)


def test_vehicle_licence_and_plates_are_separate_documents():
    citizen = make_citizen()
    vehicle = make_vehicle(owner=citizen.person)
    _submit(citizen, vehicle, "vehicle_license_reissue")
    assert _submit(citizen, vehicle, "plates_reissue").fee_fen == 10000
    with pytest.raises(ApplicationError) as refused:
        _submit(citizen, vehicle, "vehicle_license_replacement")
    assert refused.value.code == "papers.application.open_exists"
    assert PaperApplication.objects.count() == 2


def test_another_persons_vehicle_is_refused():
    citizen = make_citizen()
    other = make_vehicle(owner=make_citizen().person)
    with pytest.raises(ApplicationError) as refused:
        _submit(citizen, other, "plates_reissue")
    assert (refused.value.code, refused.value.status) == ("papers.vehicle.not_yours", 403)


@pytest.mark.parametrize("service", ["certificate_reissue", "inspection_mark_reissue", "x"])
def test_services_not_taken_here(service):
    citizen = make_citizen()
    vehicle = make_vehicle(owner=citizen.person)
    with pytest.raises(ApplicationError) as refused:
        _submit(citizen, vehicle, service)
    assert refused.value.code == "papers.application.service"


def test_review_issues_the_temporary_plate_asked_for_within_the_insurance():
    from datetime import timedelta

    from jiaoguan.core import clock
    from tests.papers.factories import OFFICER_PERMISSIONS

    citizen = make_citizen()
    vehicle = make_vehicle(owner=citizen.person)
    application = _submit(citizen, vehicle, "plates_replacement", temporary_plate=True)
    mark_paid(application)
    officer = make_papers_officer((*OFFICER_PERMISSIONS, "plates.add_temporaryplate"))
    with pytest.raises(ApplicationError) as refused:
        paper_application_act(actor=officer, reference=application.reference, action="review")
    assert refused.value.code == "papers.application.insurance_required"
    application = paper_application_act(
        actor=officer,
        reference=application.reference,
        action="review",
        insurance_until=clock.today() + timedelta(days=200),
    )
    assert application.state == "reviewed"
    assert application.temporary_plate_number.startswith(vehicle.plate_number[:2])


def test_the_temporary_plate_is_posted_at_review_and_the_plates_follow_at_dispatch():
    from datetime import timedelta

    from jiaoguan.core import clock
    from jiaoguan.papers.models import Shipment
    from tests.papers.factories import OFFICER_PERMISSIONS, make_office_postal_address
    from tests.papers.postal_factories import make_address

    citizen = make_citizen()
    vehicle = make_vehicle(owner=citizen.person)
    entry = make_address(person=citizen.person, is_default=True)
    make_office_postal_address()
    application = _submit(
        citizen, vehicle, "plates_replacement", temporary_plate=True, address_id=entry.pk
    )
    mark_paid(application)
    officer = make_papers_officer((*OFFICER_PERMISSIONS, "plates.add_temporaryplate"))
    application = paper_application_act(
        actor=officer,
        reference=application.reference,
        action="review",
        insurance_until=clock.today() + timedelta(days=200),
    )
    [temporary] = Shipment.objects.filter(case_reference=application.reference)
    assert temporary.leg == Shipment.Leg.TEMPORARY_PLATE
    assert application.temporary_plate_number in temporary.description
    paper_application_act(actor=officer, reference=application.reference, action="produce")
    paper_application_act(actor=officer, reference=application.reference, action="dispatch")
    legs = sorted(
        Shipment.objects.filter(case_reference=application.reference).values_list("leg", flat=True)
    )
    # The new plates, the old ones collected at the door, the temporary plate once.
    assert legs == ["document", "old_document", "temporary_plate"]


def test_a_temporary_plate_for_a_pickup_is_not_posted():
    from datetime import timedelta

    from jiaoguan.core import clock
    from jiaoguan.papers.models import Shipment
    from tests.papers.factories import OFFICER_PERMISSIONS

    citizen = make_citizen()
    vehicle = make_vehicle(owner=citizen.person)
    application = vehicle_service_submit(
        actor=citizen,
        service="plates_reissue",
        vehicle_id=vehicle.pk,
        fulfilment="pickup",
        pickup_point="玄武上牌点",
        temporary_plate=True,
    )
    mark_paid(application)
    officer = make_papers_officer((*OFFICER_PERMISSIONS, "plates.add_temporaryplate"))
    application = paper_application_act(
        actor=officer,
        reference=application.reference,
        action="review",
        insurance_until=clock.today() + timedelta(days=200),
    )
    assert application.temporary_plate_number
    assert not Shipment.objects.filter(case_reference=application.reference).exists()
