"""Plate pages for citizens: segments, the selection flow, temporary-plate status and PDF."""

from datetime import timedelta

import pytest

from jiaoguan.core import clock
from jiaoguan.plates import services
from jiaoguan.plates.models import Draw, PlateHold
from tests.plates.factories import (
    make_open_batch,
    make_owner_with_vehicle,
    make_plates_officer,
    make_segment,
)
from tests.vehicles.factories import vin_for

pytestmark = pytest.mark.django_db


def test_segments_page_shows_numbers_taken_and_the_seed_hash(client):
    segment = make_segment()
    batch = make_open_batch(segment)
    user, vehicle = make_owner_with_vehicle()
    services.selection_compose(actor=user, vin=vehicle.vin, segment_id=segment.pk, number="D0001")
    page = client.get("/plates/").content.decode()
    assert "苏AD####" in page
    assert "已选用 1" in page
    assert batch.seed_hash in page


def test_owner_draws_and_picks_a_number_on_the_pages(client):
    segment = make_segment()
    make_open_batch(segment)
    user, vehicle = make_owner_with_vehicle()
    client.force_login(user)
    page = client.get("/me/plates/").content.decode()
    assert vehicle.vin in page
    response = client.post("/me/plates/draw/", {"vin": vehicle.vin, "segment": segment.pk})
    draw = Draw.objects.get()
    assert response.url == f"/me/plates/draw/{draw.reference}/"
    assert draw.candidates[0] in client.get(response.url).content.decode()
    client.post(response.url, {"number": draw.candidates[0]})
    hold = PlateHold.objects.get()
    assert hold.plate_number == "苏A" + draw.candidates[0]
    assert hold.plate_number in client.get("/me/plates/").content.decode()


def test_taken_number_is_explained_on_the_page(client):
    segment = make_segment()
    make_open_batch(segment)
    first, first_vehicle = make_owner_with_vehicle()
    services.selection_compose(
        actor=first, vin=first_vehicle.vin, segment_id=segment.pk, number="D6688"
    )
    user, vehicle = make_owner_with_vehicle()
    client.force_login(user)
    response = client.post(
        "/me/plates/compose/",
        {"vin": vehicle.vin, "segment": segment.pk, "number": "D6688"},
        follow=True,
    )
    assert "该号码已被他人选用或暂不可选" in response.content.decode()


def test_selection_page_needs_a_login(client):
    assert client.get("/me/plates/").status_code == 302


def test_temporary_plate_status_page_and_printable_pdf(client):
    plate = services.temporary_plate_issue(
        actor=make_plates_officer(),
        vin=vin_for(51),
        prefix="苏A",
        situation="plates_not_ready",
        compulsory_insurance_until=clock.today() + timedelta(days=365),
    )
    page = client.get(f"/plates/temporary/{plate.reference}/").content.decode()
    assert plate.number in page
    assert "有效" in page
    assert plate.vin not in page
    pdf = client.get(f"/plates/temporary/{plate.reference}/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert b"STSong-Light" in pdf.content


def test_unknown_temporary_plate_is_a_clear_404(client):
    response = client.get("/plates/temporary/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    assert "没有找到该临时号牌" in response.content.decode()


def test_a_citizen_applies_to_keep_the_previous_number_and_sees_the_decision(client):
    from jiaoguan.plates.models import PlateRequest
    from tests.portal.html import field_errors, parse

    user, vehicle = make_owner_with_vehicle()
    client.force_login(user)
    page = client.get("/me/plates/requests/").content.decode()
    assert vehicle.vin in page
    today = clock.today()
    refused = client.post(
        "/me/plates/requests/",
        {
            "action": "keep",
            "keep-vin": vehicle.vin,
            "keep-previous_number": "苏AK1234",
            "keep-used_since": (today - timedelta(days=100)).isoformat(),
            "keep-released_on": (today - timedelta(days=10)).isoformat(),
        },
    )
    assert refused.status_code == 200
    assert "不满1年" in refused.content.decode()
    response = client.post(
        "/me/plates/requests/",
        {
            "action": "keep",
            "keep-vin": vehicle.vin,
            "keep-previous_number": "苏AK1234",
            "keep-used_since": (today - timedelta(days=800)).isoformat(),
            "keep-released_on": (today - timedelta(days=10)).isoformat(),
        },
        follow=True,
    )
    assert "民警审核后办结" in response.content.decode()
    request = PlateRequest.objects.get()
    services.plate_request_refuse(
        actor=make_plates_officer(), reference=str(request.reference), note="原车违法未处理"
    )
    page = client.get("/me/plates/requests/").content.decode()
    assert "不予办理" in page
    assert "原车违法未处理" in page
    from tests.vehicles.factories import make_vehicle

    car = make_vehicle(owner=user.person, plate_number="苏A11111")
    make_vehicle(owner=user.person, plate_number="苏A22222")
    same = client.post(
        "/me/plates/requests/",
        {"action": "swap", "swap-vehicle_id": str(car.pk), "swap-other_vehicle_id": str(car.pk)},
    )
    assert same.status_code == 200
    errors = field_errors(parse(same.content.decode()), "id_swap-other_vehicle_id")
    assert any("另一辆" in error for error in errors)


def test_a_spouse_transfer_is_applied_for_uploaded_and_confirmed_on_the_pages(client):
    import io

    from PIL import Image

    from jiaoguan.plates.models import PlateEvidence, PlateRequest
    from tests.identity.factories import make_citizen, make_person
    from tests.vehicles.factories import make_vehicle

    user = make_citizen()
    car = make_vehicle(owner=user.person, plate_number="苏A55555")
    wife = make_person(name="李秀英", female=True)
    scan = io.BytesIO()
    Image.new("RGB", (30, 20)).save(scan, format="PNG")
    scan.seek(0)
    scan.name = "marriage.png"
    client.force_login(user)
    response = client.post(
        "/me/plates/requests/",
        {
            "action": "spouse",
            "spouse-vehicle_id": str(car.pk),
            "spouse-spouse_name": wife.name,
            "spouse-spouse_id_number": wife.id_number,
            "spouse-married_on": (clock.today() - timedelta(days=500)).isoformat(),
            "spouse-certificate": scan,
        },
        follow=True,
    )
    assert "请配偶登录后确认" in response.content.decode()
    request = PlateRequest.objects.get()
    assert PlateEvidence.objects.get(request=request).content_type == "image/png"
    client.force_login(make_citizen(person=wife))
    page = client.get("/me/plates/requests/").content.decode()
    assert "申请将车辆转移登记给您" in page
    client.post("/me/plates/requests/", {"action": "confirm", "reference": str(request.reference)})
    request.refresh_from_db()
    assert request.state == PlateRequest.State.SUBMITTED
