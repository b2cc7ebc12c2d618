"""The citizen pages through the test client: registration, log-in, "my" records, the
display preferences, the demo outbox and the public calculators."""

import re
from datetime import date

import pytest
from django.conf import settings
from freezegun import freeze_time

from jiaoguan.core.ids import mask_id_number, mask_phone
from jiaoguan.identity.models import User
from tests.drivers.factories import make_license
from tests.identity.factories import DEFAULT_PASSWORD, make_citizen, make_person
from tests.portal.html import error_summary, facts, field_box, field_errors, parse
from tests.vehicles.factories import make_vehicle

pytestmark = pytest.mark.django_db
PHONE = "13912345678"
TODAY = "2026-11-21 02:00:00"  # 10:00 in Asia/Shanghai


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Run a request with its on-commit callbacks, so the SMS reaches the outbox."""

    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


# --- Registration -----------------------------------------------------------------------


def test_registration_step_one_shows_the_fields_with_labels(client):
    page = parse(client.get("/register/"))
    for field_id in ("id_name", "id_id_number", "id_phone"):
        assert page.find("input", id=field_id)
        assert page.find("label", for_=field_id).text
    assert error_summary(page) == ""


@pytest.mark.parametrize(
    ("change", "field_id", "field_text", "summary_text"),
    [
        ({"name": "陈晶"}, "id_name", "请核对姓名", "姓名与公民身份号码不一致"),
        ("bad_check", "id_id_number", "请核对公民身份号码", "校验位不正确"),
        ({"phone": "23912345678"}, "id_phone", "手机号码格式不正确", "11位手机号码"),
        ({"phone": "1391234567"}, "id_phone", "11", "手机号码"),
    ],
    ids=["wrong-name", "bad-id-number", "bad-phone", "short-phone"],
)
def test_registration_step_one_errors_sit_next_to_the_field_and_in_the_summary(
    client, change, field_id, field_text, summary_text
):
    person = make_person(name="陈静", female=True)
    data = {"name": "陈静", "id_number": person.id_number, "phone": PHONE}
    if change == "bad_check":
        last = person.id_number[17]
        data["id_number"] = person.id_number[:17] + ("0" if last != "0" else "1")
    else:
        data.update(change)
    response = client.post("/register/", data)
    assert response.status_code == 200
    page = parse(response)
    assert any(field_text in error for error in field_errors(page, field_id))
    summary = error_summary(page)
    assert summary_text in summary
    # The summary links to the field, so keyboard and screen-reader users can jump to it.
    summary_box = page.find("div", class_="error-summary")
    assert summary_box.find("a", href=f"#{field_id}")
    assert "invalid" in field_box(page, field_id).classes
    assert not User.objects.exists()


def test_registration_end_to_end_through_the_pages(client, sent, sms_code):
    person = make_person(name="陈静", female=True)
    started = sent(
        client.post,
        "/register/",
        {"name": "陈静", "id_number": person.id_number, "phone": PHONE},
    )
    assert started.status_code == 302
    assert started["Location"] == "/register/confirm/"

    step_two = parse(client.get("/register/confirm/"))
    assert step_two.find("li", aria_current="step").text == "短信确认并设置密码"
    assert step_two.find("input", id="id_code")
    code = sms_code(PHONE)

    weak = client.post(
        "/register/confirm/", {"code": code, "password": "12345678", "password_again": "12345678"}
    )
    assert weak.status_code == 200
    assert field_errors(parse(weak), "id_password")
    assert not User.objects.exists()

    mismatch = client.post(
        "/register/confirm/",
        {"code": code, "password": "Lantern-Bridge-7", "password_again": "Lantern-Bridge-8"},
    )
    assert field_errors(parse(mismatch), "id_password_again") == ["两次输入的密码不一致。"]

    done = client.post(
        "/register/confirm/",
        {"code": code, "password": "Lantern-Bridge-7", "password_again": "Lantern-Bridge-7"},
    )
    assert done.status_code == 302, error_summary(parse(done))
    assert done["Location"] == "/me/"
    user = User.objects.get(person=person)
    assert user.phone == PHONE
    me = client.get("/me/")
    assert me.status_code == 200
    assert "陈静" in me.content.decode()


def test_registration_step_two_refuses_a_wrong_code(client, sent, sms_code):
    person = make_person(name="陈静", female=True)
    sent(client.post, "/register/", {"name": "陈静", "id_number": person.id_number, "phone": PHONE})
    wrong = f"{(int(sms_code(PHONE)) + 1) % 10**6:06d}"
    response = client.post(
        "/register/confirm/",
        {"code": wrong, "password": "Lantern-Bridge-7", "password_again": "Lantern-Bridge-7"},
    )
    page = parse(response)
    assert field_errors(page, "id_code") == ["验证码不正确或已失效"]
    assert "验证码不正确或已失效，请重新获取。" in error_summary(page)


def test_registration_step_two_without_step_one_goes_back_to_step_one(client):
    response = client.get("/register/confirm/")
    assert response.status_code == 302
    assert response["Location"] == "/register/"


# --- Log-in -----------------------------------------------------------------------------


def test_password_login_by_identity_number_lands_on_my_page(client):
    user = make_citizen(phone="13600000001")
    page = parse(client.get("/login/"))
    assert page.find("a", aria_current="page").text == "密码登录"
    response = client.post(
        "/login/", {"identifier": user.person.id_number, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/me/"
    assert client.get("/me/").status_code == 200


def test_a_wrong_password_shows_the_message_and_keeps_the_user_out(client):
    make_citizen(phone="13600000002")
    response = client.post("/login/", {"identifier": "13600000002", "password": "wrong"})
    assert response.status_code == 200
    assert "账号或密码不正确" in error_summary(parse(response))
    assert client.get("/me/").status_code == 302


def test_repeated_failures_show_the_lockout_message(client):
    make_citizen(phone="13600000003")
    for _ in range(settings.JIAOGUAN_LOGIN_MAX_FAILURES):
        response = client.post("/login/", {"identifier": "13600000003", "password": "wrong"})
    assert "账号已锁定" in error_summary(parse(response))
    # Even the right password is refused while locked, and the page says why.
    locked = client.post("/login/", {"identifier": "13600000003", "password": DEFAULT_PASSWORD})
    assert "账号已锁定" in error_summary(parse(locked))
    assert "短信验证码登录" in error_summary(parse(locked))
    assert client.get("/me/").status_code == 302


def test_sms_code_login_asks_for_the_phone_then_the_code(client, sent, sms_code):
    make_citizen(phone="13600000004")
    first = parse(client.get("/login/code/"))
    assert first.find("a", aria_current="page").text == "短信验证码登录"
    assert first.find("input", id="id_phone")
    requested = sent(client.post, "/login/code/", {"phone": "13600000004"})
    assert requested.status_code == 302
    entry = parse(client.get("/login/code/"))
    assert entry.find("input", id="id_code")
    assert "如该号码已注册，验证码已发送。" in entry.text
    done = client.post("/login/code/", {"code": sms_code("13600000004")})
    assert done.status_code == 302, error_summary(parse(done))
    assert done["Location"] == "/me/"
    assert client.get("/me/").status_code == 200


def test_sms_code_login_for_an_unknown_phone_looks_the_same_and_sends_nothing(client, sent):
    from jiaoguan.gateways.models import OutboxMessage

    requested = sent(client.post, "/login/code/", {"phone": "13600000005"})
    assert requested.status_code == 302
    entry = parse(client.get("/login/code/"))
    assert "如该号码已注册，验证码已发送。" in entry.text
    refused = parse(client.post("/login/code/", {"code": "123456"}))
    assert field_errors(refused, "id_code") == ["验证码不正确或已失效"]
    assert not OutboxMessage.objects.exists()


def test_sms_code_login_refuses_a_malformed_phone_on_the_page(client):
    page = parse(client.post("/login/code/", {"phone": "12345"}))
    assert field_errors(page, "id_phone")
    assert error_summary(page)


def test_logout_is_a_post_and_ends_the_session(client):
    user = make_citizen()
    client.force_login(user)
    assert client.get("/logout/").status_code == 405
    assert client.post("/logout/").status_code == 302
    assert client.get("/me/").status_code == 302


# --- My records -------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/me/", "/me/vehicles/", "/me/license/"])
def test_my_pages_need_a_log_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={path}"


def test_an_officer_account_without_a_person_is_sent_to_the_citizen_login(client):
    from tests.identity.factories import make_officer

    client.force_login(make_officer())
    assert client.get("/me/").status_code == 302


@pytest.fixture
def two_citizens():
    """Two citizens, each with a vehicle and a license, on 2026-11-21."""
    with freeze_time(TODAY):
        zhang = make_citizen(
            person=make_person(name="张伟", birth_date=date(1985, 6, 15)), phone="13811112222"
        )
        li = make_citizen(
            person=make_person(name="李娜", birth_date=date(1990, 2, 3), female=True),
            phone="13933334444",
        )
        zhang_car = make_vehicle(
            owner=zhang.person,
            traits=("in_window",),
            registered_on=date(2020, 12, 10),
            plate_number="苏A12345",
        )
        zhang_taxi = make_vehicle(
            owner=zhang.person,
            traits=("taxi",),
            registered_on=date(2019, 6, 20),
            plate_number="苏AT0001",
        )
        li_car = make_vehicle(owner=li.person, plate_number="苏B67890")
        zhang_license = make_license(person=zhang.person, traits=("renewal_due",))
        li_license = make_license(
            person=li.person, traits=("new_driver",), points=[(date(2026, 10, 1), 3)]
        )
    return {
        "zhang": zhang,
        "li": li,
        "zhang_vehicles": (zhang_car, zhang_taxi),
        "li_vehicles": (li_car,),
        "zhang_license": zhang_license,
        "li_license": li_license,
    }


def _html(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


@freeze_time(TODAY)
def test_my_vehicles_show_each_date_with_its_reason(client, two_citizens):
    client.force_login(two_citizens["zhang"])
    page = parse(client.get("/me/vehicles/"))
    car = page.find("article", data_plate="苏A12345")
    assert car.find("span", class_="badge").text == "可以申领检验标志"
    car_facts = facts(car)
    # Registered 2020-12-10: the sixth year's test-lane inspection falls due in 2026-12,
    # and the window (the due month and the two before it) is open on 2026-11-21.
    assert car_facts["valid_until"].text == "2026-12"
    assert car_facts["next_due"].text.startswith("2026-12 · 上线检验")
    assert car_facts["next_due"].find("span", class_="why").text
    assert car_facts["window"].text.startswith("2026-10-01 — 2026-12-31")
    assert "第五十四条" in car_facts["window"].find("span", class_="why").text
    assert car_facts["scrap_on"].text.startswith("无使用年限限制")
    assert car_facts["scrap_on"].find("span", class_="why").text

    taxi = page.find("article", data_plate="苏AT0001")
    taxi_facts = facts(taxi)
    # A small taxi is scrapped after 8 years.
    assert taxi_facts["scrap_on"].text.startswith("2027-06-20")
    assert "使用年限 8 年" in taxi_facts["scrap_on"].text
    assert "出租客运" in taxi_facts["scrap_on"].find("span", class_="why").text


@freeze_time(TODAY)
def test_an_overdue_vehicle_says_so_and_counts_the_missed_cycles(client):
    user = make_citizen()
    make_vehicle(
        owner=user.person,
        plate_number="苏A00X01",
        registered_on=date(2014, 3, 3),
        inspection_valid_until=date(2025, 3, 31),
    )
    client.force_login(user)
    page = parse(client.get("/me/vehicles/"))
    card = page.find("article", data_plate="苏A00X01")
    badge = card.find("span", class_="badge")
    assert badge.text == "逾期未检验"
    assert "bad" in badge.classes
    assert "第七十八条" in badge.attrs["title"]
    missed = card.find("dd", data_field="missed")
    assert missed.text.startswith("1 ·")
    assert "2028-04-01" in missed.text


@freeze_time(TODAY)
def test_my_license_shows_validity_renewal_window_and_scoring_cycle(client, two_citizens):
    client.force_login(two_citizens["zhang"])
    page = parse(client.get("/me/license/"))
    card = page.find("article", class_="license")
    license_facts = facts(card)
    # Renewed for ten years from 2017-01-21: valid until 2027-01-21, and the renewal window
    # (90 days before the end) is open.
    assert license_facts["valid_until"].text.startswith("2017-01-21 — 2027-01-21")
    assert license_facts["valid_until"].find("span", class_="why").text
    assert license_facts["renewal"].text.startswith("2026-10-23 — 2027-01-21")
    # First issued 2016-03-15: the scoring cycle runs from each anniversary of that day.
    assert license_facts["cycle"].text.startswith("2026-03-15 — 2027-03-14 · 已记 0 分")
    assert license_facts["cycle"].find("span", class_="why").text
    assert license_facts["classes"].text == "C1"
    assert card.find("span", class_="badge").text == "可以换证"


@freeze_time(TODAY)
def test_a_new_driver_sees_the_probation_and_the_points(client, two_citizens):
    client.force_login(two_citizens["li"])
    card = parse(client.get("/me/license/")).find("article", class_="license")
    # First issued 2026-08-21: the twelve months of probation end on 2027-08-20.
    assert card.find("dd", data_field="probation").text.startswith("2027-08-20")
    assert "已记 3 分" in card.find("dd", data_field="cycle").text


@freeze_time(TODAY)
def test_a_citizen_never_sees_another_persons_records(client, two_citizens):
    for me, other in (("zhang", "li"), ("li", "zhang")):
        client.force_login(two_citizens[me])
        pages = {path: _html(client, path) for path in ("/me/", "/me/vehicles/", "/me/license/")}
        mine, theirs = two_citizens[me], two_citizens[other]
        for vehicle in two_citizens[f"{me}_vehicles"]:
            assert vehicle.plate_number in pages["/me/vehicles/"]
        for vehicle in two_citizens[f"{other}_vehicles"]:
            for html in pages.values():
                assert vehicle.plate_number not in html
                assert vehicle.vin not in html
        assert mask_id_number(mine.person.id_number) in pages["/me/license/"]
        for html in pages.values():
            assert theirs.person.name not in html
            assert mask_id_number(theirs.person.id_number) not in html
            assert theirs.phone not in html
            assert mask_phone(theirs.phone) not in html
            assert two_citizens[f"{other}_license"].archive_number not in html
        client.logout()


@freeze_time(TODAY)
def test_identity_and_phone_numbers_are_masked_on_every_page(client, two_citizens):
    user = two_citizens["zhang"]
    client.force_login(user)
    overview = parse(client.get("/me/"))
    assert overview.find("dd", data_field="id_number").text == mask_id_number(user.person.id_number)
    assert overview.find("dd", data_field="phone").text == "138****2222"
    for path in ("/me/", "/me/vehicles/", "/me/license/", "/", "/calculators/"):
        html = _html(client, path)
        assert user.person.id_number not in html
        assert user.person.id_number.lower() not in html
        assert user.phone not in html


@freeze_time(TODAY)
def test_my_overview_counts_my_vehicles_and_names_my_license_state(client, two_citizens):
    client.force_login(two_citizens["zhang"])
    page = parse(client.get("/me/"))
    tiles = page.find("ul", class_="tiles").text
    assert "2 辆" in tiles
    assert "可以换证" in tiles
    assert "暂无民警查询记录" in page.text


@freeze_time(TODAY)
def test_a_citizen_without_records_gets_a_plain_message(client):
    client.force_login(make_citizen())
    assert "您名下没有登记的机动车" in _html(client, "/me/vehicles/")
    assert "您名下没有驾驶证" in _html(client, "/me/license/")


# --- Query counts -----------------------------------------------------------------------

#: The queries each page runs, whatever the number of vehicles: session, user and person,
#: then the records: vehicles 1; license 4 (license with person, grants, the points
#: aggregate, the latest medical certificate); /me/ both plus the audited reads, plus 3 for
#: the violations its "what you must do now" reads (vehicles, authorisations, records).
QUERY_BOUNDS = {"/me/": 12, "/me/vehicles/": 4, "/me/license/": 7}


@pytest.mark.parametrize("vehicle_count", [1, 5])
@pytest.mark.parametrize("path", list(QUERY_BOUNDS))
@freeze_time(TODAY)
def test_my_pages_run_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, path, vehicle_count
):
    user = make_citizen()
    for index in range(vehicle_count):
        make_vehicle(owner=user.person, traits=("taxi",) if index % 2 else ())
    make_license(person=user.person, classes=("C1", "D"), points=[(date(2026, 5, 1), 3)])
    client.force_login(user)
    with django_assert_max_num_queries(QUERY_BOUNDS[path]):
        response = client.get(path)
    assert response.status_code == 200
    if path == "/me/vehicles/":
        assert response.content.decode().count('class="card vehicle"') == vehicle_count


# --- Display preferences ----------------------------------------------------------------


def test_care_mode_sets_the_cookie_and_the_body_class(client):
    assert 'class="care"' not in client.get("/calculators/").content.decode()
    response = client.post("/care-mode/", {"on": "1", "next": "/calculators/"})
    assert response.status_code == 302
    assert response["Location"] == "/calculators/"
    assert response.cookies["care_mode"].value == "1"
    page = parse(client.get("/calculators/"))
    assert "care" in page.find("body").classes
    assert page.find("button", id="care-toggle").text == "标准模式"

    off = client.post("/care-mode/", {"on": "0", "next": "/"})
    assert off.cookies["care_mode"].value == ""  # deleted
    assert "care" not in parse(client.get("/")).find("body").classes


def test_care_mode_never_redirects_to_another_site(client):
    response = client.post("/care-mode/", {"on": "1", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_the_language_switch_renders_english(client):
    assert parse(client.get("/")).find("html").attrs["lang"] == "zh-hans"
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/calculators/"})
    assert response.status_code == 302
    assert response["Location"] == "/calculators/"
    page = parse(client.get("/calculators/"))
    assert page.find("html").attrs["lang"] == "en"
    assert page.find("h1").text == "Date calculators"
    assert "日期计算器" not in page.text
    switch_back = [b for b in page.find_all("button") if b.attrs.get("value") == "zh-hans"]
    assert switch_back
    assert switch_back[0].text == "中文"


# --- Demo outbox ------------------------------------------------------------------------


def test_the_outbox_is_hidden_unless_the_demo_shows_it(client, settings):
    settings.DEMO_OUTBOX_VISIBLE = False
    assert client.get("/outbox/").status_code == 404
    assert "/outbox/" not in client.get("/").content.decode()


def test_the_outbox_shows_the_codes_in_the_demo(client, settings, sent, sms_code):
    settings.DEMO_OUTBOX_VISIBLE = True
    person = make_person(name="陈静", female=True)
    sent(client.post, "/register/", {"name": "陈静", "id_number": person.id_number, "phone": PHONE})
    page = parse(client.get("/outbox/"))
    body = page.find("td", class_="sms-body").text
    assert sms_code(PHONE) in body
    assert page.find("a", href="/outbox/")


# --- Calculators ------------------------------------------------------------------------

VEHICLE = {
    "kind": "vehicle",
    "v-vehicle_type": "K33",
    "v-use": "non_operating",
    "v-seats": "5",
    "v-registered_on": "2018-05-10",
}
LICENSE = {
    "kind": "license",
    "l-first_issued_on": "2016-03-15",
    "l-valid_from": "2022-03-15",
    "l-validity": "10",
    "l-classes": "C1",
    "l-birth_date": "1985-06-15",
}


@freeze_time(TODAY)
def test_the_calculators_page_shows_both_empty_forms(client):
    page = parse(client.get("/calculators/"))
    assert page.find("input", id="id_v-registered_on").attrs["type"] == "date"
    assert page.find("input", id="id_l-first_issued_on")
    assert not page.find_all(id="vehicle-result")
    assert not page.find_all(id="license-result")
    assert error_summary(page) == ""


@freeze_time(TODAY)
def test_the_vehicle_calculator_computes_the_schedule(client):
    page = parse(client.get("/calculators/", VEHICLE))
    result = page.find("div", id="vehicle-result")
    assert result.find("dd", data_field="next_due").text
    assert result.find("dd", data_field="window").text
    assert result.find("dd", data_field="scrap_on").text.startswith("无使用年限限制")
    assert not page.find_all(id="license-result")


@freeze_time(TODAY)
def test_the_license_calculator_computes_validity_and_cycle(client):
    page = parse(client.get("/calculators/", LICENSE))
    result = page.find("div", id="license-result").text
    assert "2032-03-15" in result
    assert "2026-03-15 — 2027-03-14" in result
    assert not page.find_all(id="vehicle-result")


@pytest.mark.parametrize(
    ("query", "field_id"),
    [
        ({**VEHICLE, "v-registered_on": "not-a-date"}, "id_v-registered_on"),
        ({**VEHICLE, "v-registered_on": "2027-01-01"}, "id_v-registered_on"),
        ({**VEHICLE, "v-registered_on": "0001-01-01"}, "id_v-registered_on"),
        ({**VEHICLE, "v-registered_on": ""}, "id_v-registered_on"),
        ({**VEHICLE, "v-seats": "0"}, "id_v-seats"),
        ({**VEHICLE, "v-seats": "many"}, "id_v-seats"),
        ({**VEHICLE, "v-vehicle_type": "ZZZ"}, "id_v-vehicle_type"),
        ({**VEHICLE, "v-use": "pirate"}, "id_v-use"),
        ({**LICENSE, "l-classes": "ZZ"}, "id_l-classes"),
        ({**LICENSE, "l-classes": ""}, "id_l-classes"),
        ({**LICENSE, "l-validity": "7"}, "id_l-validity"),
        (
            {**LICENSE, "l-first_issued_on": "2027-01-01", "l-valid_from": "2027-01-01"},
            "id_l-first_issued_on",
        ),
        ({**LICENSE, "l-birth_date": "2020-01-01"}, "id_l-first_issued_on"),
        ({**LICENSE, "l-valid_from": "2010-01-01"}, "id_l-valid_from"),
        ({**LICENSE, "l-valid_from": "9999-12-31"}, "id_l-valid_from"),
        ({**LICENSE, "l-birth_date": "0001-01-01"}, "id_l-birth_date"),
        ({**LICENSE, "l-first_issued_on": "31/12/2020"}, "id_l-first_issued_on"),
    ],
)
@freeze_time(TODAY)
def test_the_calculators_show_field_errors_for_bad_input(client, query, field_id):
    response = client.get("/calculators/", query)
    assert response.status_code == 200
    page = parse(response)
    assert field_errors(page, field_id), f"no error next to {field_id}"
    assert error_summary(page)
    assert not page.find_all(id="vehicle-result")
    assert not page.find_all(id="license-result")


@freeze_time(TODAY)
def test_an_unknown_calculator_kind_just_shows_the_forms(client):
    response = client.get("/calculators/", {"kind": "spaceship", "v-seats": "x"})
    assert response.status_code == 200
    assert error_summary(parse(response)) == ""


def test_the_home_page_links_the_services(client):
    page = parse(client.get("/"))
    hrefs = {a.attrs.get("href") for a in page.find("ul", class_="tiles").find_all("a")}
    assert {"/me/vehicles/", "/me/license/", "/calculators/", "/register/"} <= hrefs
    assert re.search(r"交通安全综合服务", page.text)


@pytest.mark.django_db
def test_password_reset_pages_set_a_new_password(
    client, sms_code, django_capture_on_commit_callbacks
):
    from tests.identity.factories import make_citizen

    user = make_citizen(phone="13600000050")
    login_page = client.get("/login/").content.decode()
    assert "/password/reset/" in login_page
    with django_capture_on_commit_callbacks(execute=True):
        step1 = client.post("/password/reset/", {"phone": "13600000050"})
    assert step1["Location"] == "/password/reset/confirm/"
    done = client.post(
        "/password/reset/confirm/",
        {
            "code": sms_code("13600000050"),
            "password": "Harbour-Lights-42",
            "password_again": "Harbour-Lights-42",
        },
    )
    assert done["Location"] == "/login/"
    user.refresh_from_db()
    assert user.check_password("Harbour-Lights-42")
