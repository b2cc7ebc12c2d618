"""Officer plate pages: publish a segment, open and close batches, holds, temporary plates."""

from datetime import timedelta

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.plates import selectors, services
from jiaoguan.plates.models import Batch, NumberSegment, TemporaryPlate
from tests.identity.factories import make_office, make_officer
from tests.plates.factories import (
    OFFICER_PERMISSIONS,
    make_owner_with_vehicle,
    make_plates_officer,
    make_segment,
)
from tests.vehicles.factories import vin_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client):
    officer = make_plates_officer()
    device = TOTPDevice.objects.create(user=officer, name="authenticator", confirmed=True)
    client.force_login(officer)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def test_pages_need_an_officer(client):
    assert client.get("/backoffice/plates/segments/").status_code == 302


def test_officer_publishes_a_segment_and_opens_then_closes_a_batch(officer_client):
    starts_on = clock.today() + timedelta(days=30)
    response = officer_client.post(
        "/backoffice/plates/segments/",
        {"plate_type": "02", "prefix": "苏A", "pattern": "F####", "starts_on": starts_on},
    )
    assert response.status_code == 302
    segment = NumberSegment.objects.get()
    assert segment.pool_size == 10_000
    # Opening before the start date is refused with a message, not an error page.
    page = officer_client.post(
        f"/backoffice/plates/segments/{segment.pk}/batch/",
        {"action": "open", "confirmed": "1"},
        follow=True,
    )
    assert "该号段尚未到开放日期" in page.content.decode()
    current = make_segment()
    url = f"/backoffice/plates/segments/{current.pk}/batch/"
    # The first post only asks for confirmation: nothing opens yet.
    asked = officer_client.post(url, {"action": "open"}).content.decode()
    assert "确认开放新批次" in asked
    assert 'name="confirmed" value="1"' in asked
    assert not Batch.objects.filter(segment=current).exists()
    officer_client.post(url, {"action": "open", "confirmed": "1"})
    batch = Batch.objects.get(segment=current)
    asked = officer_client.post(url, {"action": "close", "batch": batch.pk}).content.decode()
    assert "此操作不能撤销" in asked
    batch.refresh_from_db()
    assert batch.closed_at is None
    officer_client.post(url, {"action": "close", "batch": batch.pk, "confirmed": "1"})
    batch.refresh_from_db()
    assert batch.revealed_seed == batch.seed


def test_publishing_too_soon_shows_the_error_next_to_the_date(officer_client):
    page = officer_client.post(
        "/backoffice/plates/segments/",
        {"plate_type": "02", "prefix": "苏A", "pattern": "F####", "starts_on": clock.today()},
    ).content.decode()
    assert "号段须至少提前公布规定的工作日数" in page
    assert NumberSegment.objects.count() == 0


def test_holds_page_lists_holds(officer_client):
    segment = make_segment()
    services.batch_open(actor=make_plates_officer(username="jc0200"), segment_id=segment.pk)
    user, vehicle = make_owner_with_vehicle()
    services.selection_compose(actor=user, vin=vehicle.vin, segment_id=segment.pk, number="D0777")
    page = officer_client.get("/backoffice/plates/holds/?state=held").content.decode()
    assert "苏AD0777" in page


def test_officer_issues_a_temporary_plate_at_the_counter(officer_client):
    response = officer_client.post(
        "/backoffice/plates/temporary/",
        {
            "vin": vin_for(61),
            "situation": "oversize",
            "prefix": "苏A",
            "compulsory_insurance_until": clock.today() + timedelta(days=400),
        },
    )
    assert response.status_code == 302
    plate = TemporaryPlate.objects.get()
    assert plate.valid_until == clock.today() + timedelta(days=90)
    assert plate.number in officer_client.get("/backoffice/plates/temporary/").content.decode()
    kunming = make_officer(
        username="jc0598",
        permissions=OFFICER_PERMISSIONS,
        office=make_office(code="530100000000", name="昆明市公安局交通警察支队", region="530100"),
    )
    assert selectors.temporary_plates_recent(actor=kunming) == []  # a 苏 plate: not Yunnan's
    with pytest.raises(ApplicationError) as refused:
        services.temporary_plate_issue(
            actor=kunming,
            vin=vin_for(62),
            situation="oversize",
            prefix="苏A",
            compulsory_insurance_until=clock.today() + timedelta(days=400),
        )
    assert refused.value.code == "auth.outside_jurisdiction"


def test_officer_keeps_a_previous_number_then_registers_it(officer_client):
    from jiaoguan.plates.models import PlateHold

    _, vehicle = make_owner_with_vehicle()
    response = officer_client.post(
        "/backoffice/plates/holds/",
        {
            "action": "keep",
            "keep-vin": vehicle.vin,
            "keep-previous_number": "苏A8K2M9",
            "keep-used_since": "2022-03-01",
            "keep-released_on": clock.today() - timedelta(days=30),
            "keep-violations_cleared": "on",
        },
    )
    assert response.status_code == 302
    hold = PlateHold.objects.get()
    assert hold.method == PlateHold.Method.KEEP_PREVIOUS
    officer_client.post(
        "/backoffice/plates/holds/", {"action": "register", "register-vin": vehicle.vin}
    )
    hold.refresh_from_db()
    assert hold.state == PlateHold.State.REGISTERED


def test_keeping_refused_shows_the_reasons(officer_client):
    _, vehicle = make_owner_with_vehicle()
    page = officer_client.post(
        "/backoffice/plates/holds/",
        {
            "action": "keep",
            "keep-vin": vehicle.vin,
            "keep-previous_number": "苏A8K2M9",
            "keep-used_since": "2022-03-01",
            "keep-released_on": "2020-01-01",
        },
    ).content.decode()
    assert "超过2年" in page
    assert "未处理的交通违法" in page


def test_a_malformed_batch_close_is_a_message_not_an_error_page(officer_client):
    segment = make_segment()
    page = officer_client.post(
        f"/backoffice/plates/segments/{segment.pk}/batch/",
        {"action": "close", "batch": "abc", "confirmed": "1"},
        follow=True,
    )
    assert page.status_code == 200
    assert "该号段当前没有开放的选号批次" in page.content.decode()


def test_officer_decides_a_spouse_request_seeing_the_certificate(officer_client):
    from jiaoguan.audit.models import AuditEvent
    from jiaoguan.plates.models import PlateRequest
    from tests.identity.factories import make_citizen, make_person
    from tests.plates.test_requests import certificate_scan
    from tests.vehicles.factories import make_vehicle

    owner = make_citizen()
    car = make_vehicle(owner=owner.person, plate_number="苏A55555")
    wife = make_person(name="李秀英", female=True)
    request = services.plate_request_spouse_submit(
        actor=owner,
        vehicle_id=car.pk,
        spouse_id_number=wife.id_number,
        spouse_name=wife.name,
        married_on=clock.today() - timedelta(days=600),
        certificate=certificate_scan(),
    )
    listing = officer_client.get("/backoffice/plates/requests/").content.decode()
    assert "苏A55555" in listing
    path = f"/backoffice/plates/requests/{request.reference}/"
    page = officer_client.get(path).content.decode()
    evidence = request.evidence.get()
    image_path = f"{path}evidence/{evidence.pk}/"
    assert image_path in page
    image = officer_client.get(image_path)
    assert image["Content-Type"] == "image/jpeg"
    assert AuditEvent.objects.filter(action="plates.evidence.viewed").count() == 1
    missing = officer_client.post(
        path, {"action": "approve", "approve-spouse_applied_in_person": "on"}
    )
    assert "结婚证字号" in missing.content.decode()
    done = officer_client.post(
        path,
        {
            "action": "approve",
            "approve-spouse_applied_in_person": "on",
            "approve-married_on": (clock.today() - timedelta(days=600)).isoformat(),
            "approve-certificate_number": "J320102-2025-000001",
        },
    )
    assert done.status_code == 302
    request.refresh_from_db()
    assert request.state == PlateRequest.State.APPROVED
    car.refresh_from_db()
    assert car.owner_person == wife


def test_officer_swaps_numbers_and_refuses_a_request_at_the_counter_pages(officer_client):
    from tests.identity.factories import make_citizen
    from tests.vehicles.factories import make_vehicle

    owner = make_citizen()
    first = make_vehicle(owner=owner.person, plate_number="苏A11111")
    make_vehicle(owner=owner.person, plate_number="苏A22222")
    refused = officer_client.post(
        "/backoffice/plates/counter/",
        {
            "action": "swap",
            "swap-plate_type": "02",
            "swap-first_number": "苏A11111",
            "swap-second_number": "苏A22222",
        },
    )
    assert "交通违法或事故" in refused.content.decode()
    done = officer_client.post(
        "/backoffice/plates/counter/",
        {
            "action": "swap",
            "swap-plate_type": "02",
            "swap-first_number": "苏A11111",
            "swap-second_number": "苏A22222",
            "swap-violations_cleared": "on",
        },
    )
    assert done.status_code == 302
    first.refresh_from_db()
    assert first.plate_number == "苏A22222"
    third = make_vehicle(owner=owner.person, plate_number="苏A33333")
    fourth = make_vehicle(owner=owner.person, plate_number="苏A44444")
    request = services.plate_request_swap_submit(
        actor=owner, vehicle_id=third.pk, other_vehicle_id=fourth.pk
    )
    response = officer_client.post(
        f"/backoffice/plates/requests/{request.reference}/",
        {"action": "refuse", "refuse-note": "车辆有未处理的违法"},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.decision_note == "车辆有未处理的违法"
