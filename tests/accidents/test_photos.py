"""The guided photos: at least three, checked by content and size, their capture time and
place compared with the report (flagged, not refused: the rules), required before signing
or asking the police; served only to the parties and, audited, to the officers."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jiaoguan.accidents import photos, services
from jiaoguan.accidents.models import Photo
from jiaoguan.accidents.rules.reporting import PHOTO_MAX_TIME_GAP
from jiaoguan.audit.models import AuditEvent
from jiaoguan.audit.selectors import audit_reads_of_person
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from tests.accidents.factories import (
    joined,
    make_driver,
    photo_bytes,
    report,
    sign,
    sign_code,
    with_photos,
)
from tests.accidents.test_determination import DETERMINE, officer_client
from tests.identity.factories import DEFAULT_PASSWORD, make_office, make_officer

pytestmark = pytest.mark.django_db


def _refusal(call, *args, **kwargs) -> str:
    with pytest.raises(ApplicationError) as refused:
        call(*args, **kwargs)
    return refused.value.code


def _upload(driver, accident, kind="front_side", content=None):
    return photos.photo_upload(
        actor=driver, accident=accident, kind=kind, content=content or photo_bytes()
    )


def _proposed(photographed=True):
    a, b = make_driver(), make_driver()
    accident = joined(a, b, photographed=photographed)
    services.accident_propose(actor=a, accident=accident, scenario="rear_end", party="b")
    return accident, a, b


def test_two_photos_are_not_enough_to_sign_or_ask_the_police():
    accident, a, b = _proposed(photographed=False)
    with_photos(a, accident, kinds=("front_side", "rear_side"))
    assert _refusal(sign_code, a, accident) == "accidents.photos_missing"
    assert _refusal(sign, b, accident) == "accidents.photos_missing"
    refused = _refusal(services.accident_dispute, actor=b, accident=accident, reason="对方变道")
    assert refused == "accidents.photos_missing"
    _upload(b, accident, "scene")  # a fourth kind is not one of the three required
    assert _refusal(sign_code, a, accident) == "accidents.photos_missing"
    _upload(b, accident, "collision_point")  # either party's photo counts
    sign(a, accident)
    assert sign(b, accident).agreement_number


def test_a_file_that_is_not_an_image_is_refused():
    driver = make_driver()
    accident = report(driver)
    page = b"<html><script>alert(1)</script></html>"
    assert _refusal(_upload, driver, accident, content=page) == "accidents.photo_invalid"
    png_with_page = photo_bytes(kind="PNG") + page  # an image with something after its end
    assert _refusal(_upload, driver, accident, content=png_with_page) == "accidents.photo_invalid"
    assert _refusal(_upload, driver, accident, kind="selfie") == "accidents.photo_kind"
    assert not Photo.objects.exists()


def test_an_oversized_photo_is_refused(settings):
    driver = make_driver()
    accident = report(driver)
    big = photo_bytes(size=(1200, 900))
    settings.JIAOGUAN_ACCIDENTS_PHOTO_MAX_BYTES = len(big) - 1
    with pytest.raises(ApplicationError) as refused:
        _upload(driver, accident, content=big)
    assert refused.value.code == "accidents.photo_invalid"
    assert "MB" in str(refused.value.message)
    settings.JIAOGUAN_ACCIDENTS_PHOTO_MAX_BYTES = len(big)
    assert _upload(driver, accident, content=big).size == len(big)


def test_capture_time_and_place_are_compared_with_the_report():
    driver = make_driver()
    accident = report(driver)
    at_scene = _upload(driver, accident, "front_side")
    assert (at_scene.time_ok, at_scene.place_ok, at_scene.flagged) == (True, True, False)
    assert at_scene.taken_at is not None
    assert abs(at_scene.taken_latitude - 32.0561) < 1e-6
    long_before = clock.now() - PHOTO_MAX_TIME_GAP - timedelta(hours=1)
    old = _upload(driver, accident, "rear_side", photo_bytes(taken_at=long_before))
    assert (old.time_ok, old.place_ok, old.flagged) == (False, True, True)  # kept, flagged
    elsewhere = _upload(driver, accident, "collision_point", photo_bytes(latitude=31.23))
    assert (elsewhere.time_ok, elsewhere.place_ok, elsewhere.flagged) == (True, False, True)
    stripped = _upload(driver, accident, "scene", photo_bytes(taken_at=False))
    assert (stripped.time_ok, stripped.place_ok, stripped.flagged) == (None, None, True)
    audit = AuditEvent.objects.filter(action="accidents.photo.uploaded", actor_id=driver.pk)
    assert audit.count() == 4
    assert {event.data["kind"] for event in audit} == {
        "front_side", "rear_side", "collision_point", "scene"
    }  # fmt: skip


def test_a_second_photo_of_a_kind_replaces_the_first():
    driver = make_driver()
    accident = report(driver)
    first = _upload(driver, accident)
    second = _upload(driver, accident, content=photo_bytes(kind="PNG"))
    assert first.pk == second.pk
    assert Photo.objects.get().content_type == "image/png"


def test_exif_capture_reads_a_time_without_offset_as_local_and_refuses_nonsense():
    taken, lat, lon = photos.exif_capture(photo_bytes(latitude=32.5, longitude=118.25))
    assert taken.utcoffset() == timedelta(hours=8)
    assert (round(lat, 4), round(lon, 4)) == (32.5, 118.25)
    assert photos.exif_capture(b"not an image") == (None, None, None)


def _login(client, user):
    client.logout()
    assert client.login(username=user.username, password=DEFAULT_PASSWORD)


def test_photos_are_served_only_to_the_parties(client):
    accident, _a, b = _proposed()
    photo = Photo.objects.filter(accident=accident).first()
    url = f"/me/accidents/{accident.pk}/photos/{photo.pk}/"
    _login(client, b)  # the other party sees A's photo
    seen = client.get(url)
    assert seen.status_code == 200
    assert seen["Content-Type"] == "image/jpeg"
    assert seen["Cache-Control"] == "no-store"
    assert bytes(seen.content) == bytes(photo.content)
    stranger = make_driver()
    _login(client, stranger)
    assert client.get(url).status_code == 404
    own = report(stranger)
    assert client.get(f"/me/accidents/{own.pk}/photos/{photo.pk}/").status_code == 404
    client.logout()
    assert client.get(url).status_code in (302, 403)


def test_the_api_serves_a_photo_to_a_party_and_404_to_anyone_else(client):
    from tests.accidents.test_api import bearer

    accident, a, b = _proposed()
    photo = Photo.objects.filter(accident=accident).first()
    url = f"/api/v1/me/accidents/{accident.pk}/photos/{photo.pk}"
    assert client.get(url, **bearer(b)).status_code == 200
    other = client.get(url, **bearer(make_driver()))
    assert (other.status_code, other.json()["code"]) == (404, "accidents.not_found")
    upload = SimpleUploadedFile("x.jpg", b"GIF89a not really", "image/jpeg")
    refused = client.post(
        f"/api/v1/me/accidents/{accident.pk}/photos",
        {"kind": "scene", "photo": upload},
        **bearer(a),
    )
    assert (refused.status_code, refused.json()["code"]) == (422, "accidents.photo_invalid")
    mine = client.get(f"/api/v1/me/accidents/{accident.pk}", **bearer(a)).json()
    assert mine["photos_complete"] is True
    assert {p["kind"] for p in mine["photos"]} == {"front_side", "rear_side", "collision_point"}


def test_the_officer_sees_the_photos_beside_the_statements_each_read_audited():
    accident, a, b = _proposed()
    services.accident_dispute(actor=b, accident=accident, reason="甲方突然变道")
    photo = Photo.objects.filter(accident=accident).first()
    officer = make_officer(permissions=DETERMINE)
    client = officer_client(officer)
    page = client.get(f"/backoffice/accidents/{accident.pk}/").content.decode()
    url = f"/backoffice/accidents/{accident.pk}/photos/{photo.pk}/"
    assert url in page
    assert 'data-photo="front_side"' in page
    served = client.get(url)
    assert served.status_code == 200
    assert served["Cache-Control"] == "no-store"
    [read] = AuditEvent.objects.filter(
        action="backoffice.lookup.accident_photo", actor_id=officer.pk
    )
    assert read.purpose == "事故认定"
    seen = audit_reads_of_person(id_number=a.person.id_number)  # A sees the officer's reads
    assert "backoffice.lookup.accident_photo" in {event.action for event in seen}
    elsewhere = make_officer(
        username="jc0099",
        permissions=DETERMINE,
        office=make_office(code="310100000000", name="上海市公安局交通警察总队", region="310100"),
    )
    assert officer_client(elsewhere).get(url).status_code == 404
    assert Client().get(url).status_code in (302, 403)


def test_no_photo_once_the_accident_is_closed():
    accident, a, b = _proposed()
    sign(a, accident)
    sign(b, accident)
    assert _refusal(_upload, a, accident, "scene") == "accidents.photos_closed"
