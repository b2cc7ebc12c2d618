"""The 业务中心: ten families, every job one tap away (the job, or its guide until it exists),
a search over jobs and guides, and "what you must do now" from the citizen's own records."""

from html import escape

import pytest
from django.urls import reverse

from jiaoguan.core import clock
from jiaoguan.portal import catalogue
from jiaoguan.portal.todo import citizen_todo
from tests.drivers.factories import make_license
from tests.identity.factories import make_citizen, make_person
from tests.vehicles.factories import make_vehicle
from tests.violations.factories import make_entered_record

pytestmark = pytest.mark.django_db


def test_ten_families_and_every_job_answers(client):
    assert len(catalogue.FAMILIES) == 10
    citizen = make_citizen()
    client.force_login(citizen)
    for job in catalogue.JOBS.values():
        href = reverse(job.url_name) if job.url_name else f"/guides/{job.key}/"
        assert client.get(href).status_code == 200, href
    page = client.get("/").content.decode()
    for family in catalogue.FAMILIES:
        assert family.title.zh in page


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_guide_page_says_who_when_what_where(client, language):
    client.cookies["django_language"] = language
    for job in catalogue.guide_jobs():
        page = client.get(f"/guides/{job.key}/").content.decode()
        assert job.title.get(language) in page
        assert escape(job.guide.materials.get(language)) in page
    assert client.get("/guides/no-such-job/").status_code == 404


def test_the_search_finds_jobs_and_guides(client):
    page = client.get("/search/", {"q": "换证"}).content.decode()
    assert "/guides/license-renewal/" in page
    assert "/search/" in client.get("/").content.decode()
    assert "没有找到相关业务" in client.get("/search/", {"q": "潜水艇"}).content.decode()


def test_the_home_page_hides_registration_once_logged_in(client):
    assert "实名注册" in client.get("/").content.decode()
    client.force_login(make_citizen())
    assert "实名注册" not in client.get("/").content.decode()


def test_what_to_do_now_comes_from_the_records_with_deadline_and_button(client):
    person = make_person()
    make_license(person=person, traits=("renewal_due",), points=[(clock.today(), 9)])
    make_vehicle(owner=person, traits=("in_window",))
    record = make_entered_record(make_vehicle(owner=person))
    items = citizen_todo(person_id=person.pk, as_of=clock.today())
    hrefs = {item.href for item in items}
    assert "/me/papers/license-renewal/" in hrefs
    assert "/guides/inspection-mark/" in hrefs
    assert "/guides/points-study/" in hrefs
    assert f"/me/violations/{record.pk}/" in hrefs
    assert all(item.deadline for item in items if item.href.startswith("/guides/"))
    client.force_login(make_citizen(person=person))
    page = client.get("/me/").content.decode()
    assert "现在要办" in page
    assert "/me/papers/license-renewal/" in page
    assert "/me/plates/requests/" in page
    assert "/me/authorisations/" in page
    assert "/exams/" in page


def test_a_missing_page_is_portal_styled_chinese_first_with_a_way_back(client, settings):
    settings.DEBUG = False
    answer = client.get("/no-such-page/")
    assert answer.status_code == 404
    page = answer.content.decode()
    assert "页面不存在" in page
    assert 'href="/"' in page
    assert "portal/site.css" in page


def test_every_sms_code_says_what_it_is_for(django_capture_on_commit_callbacks):
    from jiaoguan.gateways.models import OutboxMessage
    from jiaoguan.identity.models import SmsChallenge
    from jiaoguan.identity.services.accounts import _send_code

    purposes = {
        SmsChallenge.Purpose.REGISTER: "注册",
        SmsChallenge.Purpose.LOGIN: "登录",
        SmsChallenge.Purpose.PASSWORD_RESET: "重置",
    }
    for number, (purpose, word) in enumerate(purposes.items()):
        phone = f"1390000010{number}"
        with django_capture_on_commit_callbacks(execute=True):
            _send_code(purpose=purpose, phone=phone, person=None, ip_address=None)
        body = OutboxMessage.objects.get(recipient=phone).body
        assert word in body
        assert "验证码为" in body


def test_computing_one_calculator_keeps_the_others_result(client):
    from tests.portal.html import parse

    vehicle = {"kind": "vehicle", "v-vehicle_type": "K33", "v-use": "non_operating",
               "v-seats": "5", "v-registered_on": "2020-05-10"}  # fmt: skip
    page = parse(client.get("/calculators/", vehicle))
    assert page.find_all(id="vehicle-result")
    # The license form carries the vehicle's values along in hidden fields.
    license_form = page.find("input", name="kind", value="license").parent
    carried = {i.attrs["name"]: i.attrs.get("value", "") for i in license_form.find_all("input")}
    assert carried["v-registered_on"] == "2020-05-10"
    license = {"l-first_issued_on": "2015-03-01", "l-valid_from": "2021-03-01",
               "l-validity": "10", "l-classes": "C1", "l-birth_date": "1985-03-12"}  # fmt: skip
    carried.update(license)
    both = parse(client.get("/calculators/", carried))
    assert both.find_all(id="license-result")
    assert both.find_all(id="vehicle-result")


def test_the_swap_form_preselects_two_different_cars():
    from jiaoguan.portal.forms import PlateSwapRequestForm

    owner = make_person()
    cars = [make_vehicle(owner=owner), make_vehicle(owner=owner)]
    form = PlateSwapRequestForm(vehicles=cars)
    assert form["vehicle_id"].value() != form["other_vehicle_id"].value()
