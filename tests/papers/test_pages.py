"""The citizen's renewal page (reached from the licence page's 去换证) and the officers'
review queue and application page."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiaoguan.papers.models import PaperApplication
from jiaoguan.papers.services import license_renewal_submit
from tests.papers.factories import (
    make_papers_officer,
    make_renewal_ready,
    mark_paid,
    post_confirmed,
)

pytestmark = pytest.mark.django_db

PAGE = "/me/papers/license-renewal/"
PHONE = {"HTTP_USER_AGENT": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)"}


def _submit_form(client, **fields):
    data = {
        "action": "submit",
        "fulfilment": "post",
        "address": "江苏省南京市玄武区中山路1号",
        "agree": "on",
        **fields,
    }
    return post_confirmed(client, PAGE, data, **PHONE)


def test_licence_page_leads_to_the_renewal_page(client):
    citizen, _ = make_renewal_ready()
    client.force_login(citizen)
    assert PAGE in client.get("/me/license/").content.decode()


def test_citizen_confirms_submits_and_sees_the_application(client):
    citizen, license = make_renewal_ready()
    client.force_login(citizen)
    page = client.get(PAGE, **PHONE).content.decode()
    assert "医院已提交：南京市第一医院" in page  # who sent the certificate, and when
    assert "10.00" in page
    answer = _submit_form(client)
    assert answer.status_code == 302
    application = PaperApplication.objects.get(driving_license=license)
    page = client.get(PAGE).content.decode()
    assert "待审核" in page
    assert f"/me/cases/{application.reference}/" in page


def test_a_second_submission_is_shown_as_an_error_not_a_500(client):
    citizen, _ = make_renewal_ready()
    client.force_login(citizen)
    _submit_form(client)
    answer = _submit_form(client)
    assert answer.status_code == 200
    assert "正在办理" in answer.content.decode()
    assert PaperApplication.objects.count() == 1


def test_post_without_address_is_refused_on_the_form(client):
    citizen, _ = make_renewal_ready()
    client.force_login(citizen)
    answer = _submit_form(client, address="")
    assert answer.status_code == 200
    assert not PaperApplication.objects.exists()


def test_not_in_the_window_shows_why(client):
    citizen, _ = make_renewal_ready(traits=())
    client.force_login(citizen)
    page = client.get(PAGE).content.decode()
    assert "有效期满前九十日内" in page
    assert 'name="fulfilment"' not in page


def test_english_page_has_the_reasons_in_english(client):
    citizen, _ = make_renewal_ready(medical=False)
    client.force_login(citizen)
    page = client.get(PAGE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "medical certificate" in page.lower()


def test_withdraw_and_pay_from_the_page(client):
    citizen, _ = make_renewal_ready()
    client.force_login(citizen)
    _submit_form(client)
    application = PaperApplication.objects.get()
    paying = client.post(PAGE, {"action": "pay", "reference": str(application.reference)})
    assert paying.status_code == 302
    client.post(PAGE, {"action": "withdraw", "reference": str(application.reference)})
    application.refresh_from_db()
    assert application.state == "withdrawn"


def _officer_client(client):
    officer = make_papers_officer()
    device = TOTPDevice.objects.create(user=officer, name="authenticator", confirmed=True)
    client.force_login(officer)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return officer


def test_officer_reviews_from_the_queue_through_to_delivery(client):
    citizen, license = make_renewal_ready()
    application = license_renewal_submit(
        actor=citizen, license_id=license.pk, fulfilment="pickup", pickup_point="玄武邮政支局"
    )
    mark_paid(application)
    _officer_client(client)
    queue = client.get("/backoffice/papers/").content.decode()
    assert str(application.reference) in queue
    detail_url = f"/backoffice/papers/{application.reference}/"
    detail = client.get(detail_url).content.decode()
    assert "已缴纳" in detail
    assert 'value="review"' in detail
    for action, state in [
        ("review", "reviewed"),
        ("produce", "produced"),
        ("dispatch", "dispatched"),
        ("deliver", "delivered"),
    ]:
        client.post(f"{detail_url}act/", {"action": action})
        application.refresh_from_db()
        assert application.state == state


def test_officer_refusal_without_reason_is_a_message_not_a_500(client):
    citizen, license = make_renewal_ready()
    application = license_renewal_submit(
        actor=citizen, license_id=license.pk, fulfilment="pickup", pickup_point="玄武邮政支局"
    )
    _officer_client(client)
    answer = client.post(
        f"/backoffice/papers/{application.reference}/act/", {"action": "refuse"}, follow=True
    )
    assert answer.status_code == 200
    application.refresh_from_db()
    assert application.state == "submitted"


def test_the_generic_case_page_sends_papers_cases_to_their_page(client):
    citizen, license = make_renewal_ready()
    application = license_renewal_submit(
        actor=citizen, license_id=license.pk, fulfilment="pickup", pickup_point="玄武邮政支局"
    )
    _officer_client(client)
    page = client.get(f"/backoffice/cases/{application.reference}/").content.decode()
    assert f"/backoffice/papers/{application.reference}/" in page


def test_a_lost_licence_page_takes_the_reissue_online(client):
    citizen, license = make_renewal_ready(traits=(), medical=False)
    client.force_login(citizen)
    url = "/me/papers/license/license_reissue/"
    page = client.get(url).content.decode()
    assert "驾驶证遗失补证" in page
    assert 'name="event_on"' not in page
    answer = post_confirmed(
        client,
        url,
        {"action": "submit", "fulfilment": "pickup", "pickup_point": "玄武邮政支局", "agree": "on"},
    )
    assert answer.status_code == 302
    assert PaperApplication.objects.get(driving_license=license).service == "license_reissue"


def test_a_details_change_page_asks_the_day_of_the_change(client):
    citizen, _ = make_renewal_ready()
    client.force_login(citizen)
    page = client.get("/me/papers/license/license_details_change/").content.decode()
    assert 'name="event_on"' in page
    assert "收回原驾驶证" in page


@pytest.mark.parametrize("service", ["plates_reissue", "nothing"])
def test_other_services_are_not_on_the_licence_pages(client, service):
    citizen, _ = make_renewal_ready()
    client.force_login(citizen)
    assert client.get(f"/me/papers/license/{service}/").status_code == 404


def test_plates_reissue_page_with_a_temporary_plate(client):
    from tests.identity.factories import make_citizen
    from tests.vehicles.factories import make_vehicle

    citizen = make_citizen()
    vehicle = make_vehicle(owner=citizen.person)
    client.force_login(citizen)
    url = "/me/papers/vehicle/plates_reissue/"
    page = client.get(url, **PHONE).content.decode()
    assert vehicle.plate_number in page
    assert 'name="temporary_plate"' in page
    answer = post_confirmed(
        client,
        url,
        {
            "action": "submit",
            "vehicle_id": vehicle.pk,
            "fulfilment": "post",
            "address": "江苏省南京市玄武区中山路1号",
            "temporary_plate": "on",
            "agree": "on",
        },
    )
    assert answer.status_code == 302
    application = PaperApplication.objects.get(vehicle=vehicle)
    assert (application.fee_fen, application.temporary_plate) == (10500, True)
    assert "105.00" in client.get(url).content.decode()


def test_vehicle_licence_page_has_no_temporary_plate_and_unknown_is_404(client):
    from tests.identity.factories import make_citizen

    client.force_login(make_citizen())
    page = client.get("/me/papers/vehicle/vehicle_license_reissue/").content.decode()
    assert 'name="temporary_plate"' not in page
    assert client.get("/me/papers/vehicle/certificate_reissue/").status_code == 404


def test_the_submission_is_confirmed_by_the_sms_code_sent_to_the_citizens_phone(
    client, django_capture_on_commit_callbacks
):
    from jiaoguan.gateways.models import OutboxMessage

    citizen, license = make_renewal_ready()
    client.force_login(citizen)
    with django_capture_on_commit_callbacks(execute=True):
        asked = _submit_form_once(client)
    assert asked.status_code == 200
    assert "短信验证码已发送" in asked.content.decode()
    [sms] = OutboxMessage.objects.filter(recipient=citizen.phone)
    assert "驾驶证期满换证" in sms.body
    assert not PaperApplication.objects.exists()
    wrong = _submit_form_once(client, sms_code="000000" if "000000" not in sms.body else "111111")
    assert wrong.status_code == 200
    assert "验证码" in wrong.content.decode()
    assert not PaperApplication.objects.exists()
    code = next(part for part in sms.body.split("验证码为")[1:])[:6]
    assert _submit_form_once(client, sms_code=code).status_code == 302
    assert PaperApplication.objects.filter(driving_license=license).count() == 1
    # The code is used up: it does not confirm a second submission.
    again = _submit_form_once(client, sms_code=code)
    assert again.status_code == 200


def _submit_form_once(client, **fields):
    data = {
        "action": "submit",
        "fulfilment": "post",
        "address": "江苏省南京市玄武区中山路1号",
        "agree": "on",
        **fields,
    }
    return client.post(PAGE, data, **PHONE)
