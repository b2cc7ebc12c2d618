"""The officers' pages for the register records behind four announcement lists: classes
cancelled (read), school-bus qualifications (cancel, license recovered), vehicles scrapped by
force (record), decisions with social impact (mark, lift). Every list is an audited read of
each person shown; bad input is a message in Chinese (English for an English reader), never
a 500; each write is audited with its officer."""

from datetime import date, timedelta

import pytest

from jiaoguan.audit.models import AuditEvent
from jiaoguan.audit.selectors import audit_reads_of_person
from jiaoguan.core import clock
from jiaoguan.disclosure.models import Entry, SocialImpactMark
from jiaoguan.drivers.models import ClassCancellation, SchoolBusQualification
from jiaoguan.vehicles.models import ForcedScrapping, Vehicle
from tests.backoffice.test_lookup import log_in, officer_with_device
from tests.disclosure.factories import DAY, entries, publish_on
from tests.identity.factories import make_office, make_person

pytestmark = pytest.mark.django_db

CLASSES = "/backoffice/disclosure/class-cancellations/"
SCHOOL_BUS = "/backoffice/disclosure/school-bus/"
SCRAPPED = "/backoffice/disclosure/scrapped/"
SOCIAL = "/backoffice/disclosure/social-impact/"


def _officer(client, *permissions, username="jc0051", office=None):
    officer, device = officer_with_device(username=username, permissions=permissions, office=office)
    log_in(client, officer, device)
    return officer


def _message(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def _license(name: str):
    from tests.drivers.factories import make_license

    return make_license(person=make_person(name=name), classes=("C1",))


def test_the_class_cancellations_page_lists_them_and_audits_a_read_per_driver(client):
    license_ = _license("司马光明")
    ClassCancellation.objects.create(
        license=license_,
        license_class="B2",
        reason=ClassCancellation.Reason.PROBATION_FULL_SCORE,
        cancelled_on=DAY - timedelta(days=3),
    )
    officer = _officer(client, "drivers.view_classcancellation")
    page = client.get(CLASSES).content.decode()
    number = license_.person.id_number
    assert "司马光明" in page
    assert "B2" in page
    assert "实习期内记满12分" in page
    assert number not in page  # the identity number masked
    assert number[:3] in page
    assert number[-4:] in page
    (read,) = audit_reads_of_person(id_number=number)
    assert (read.action, read.actor_id, read.purpose) == (
        "backoffice.lookup.class_cancellation",
        officer.pk,
        "public_disclosure",
    )


def test_an_officer_without_the_permission_sees_no_cancellation_and_nothing_is_read(client):
    ClassCancellation.objects.create(
        license=_license("司马光明"),
        license_class="B2",
        reason=ClassCancellation.Reason.PROBATION_FULL_SCORE,
        cancelled_on=DAY,
    )
    _officer(client, "drivers.view_drivinglicense")
    assert client.get(CLASSES).status_code == 403
    assert client.get(SCHOOL_BUS).status_code == 403
    assert not AuditEvent.objects.filter(action__startswith="backoffice.lookup").exists()


def test_an_officer_cancels_a_school_bus_qualification_and_later_records_the_license_back(
    client,
):
    license_ = _license("赵校车")
    qualification = SchoolBusQualification.objects.create(
        license=license_, granted_on=date(2021, 3, 1)
    )
    officer = _officer(
        client, "drivers.view_schoolbusqualification", "drivers.change_schoolbusqualification"
    )
    number = license_.person.id_number
    done = client.post(
        SCHOOL_BUS, {"license_number": number.lower(), "reason": "over_age"}, follow=True
    )
    assert "校车驾驶资格已注销" in _message(done)
    qualification.refresh_from_db()
    assert (qualification.cancelled_on, qualification.license_recovered) == (DAY, False)
    cancelled = AuditEvent.objects.get(action="drivers.school_bus.cancelled")
    assert cancelled.actor_id == officer.pk
    assert "赵校车" in done.content.decode()
    assert "未收回（公告作废）" in done.content.decode()
    publish_on()
    assert [row["name"] for row in entries("school_bus_permits_void")] == ["赵**"]

    back = client.post(f"{SCHOOL_BUS}{qualification.pk}/recovered/", follow=True)
    assert "已登记收回驾驶证" in _message(back)
    qualification.refresh_from_db()
    assert qualification.license_recovered
    assert AuditEvent.objects.get(action="drivers.school_bus.license_recovered").actor_id == (
        officer.pk
    )
    publish_on(DAY + timedelta(days=1))
    assert entries("school_bus_permits_void") == []
    again = client.post(f"{SCHOOL_BUS}{qualification.pk}/recovered/", follow=True)
    assert "已经收回" in _message(again)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"license_number": "", "reason": "over_age"}, "请检查填写的内容"),
        ({"license_number": "110101199001011237", "reason": "bored"}, "注销原因"),
        ({"license_number": "110101199001011237", "reason": "over_age"}, "没有该驾驶证"),
    ],
)
def test_a_bad_school_bus_cancellation_is_refused_with_a_message(client, data, expected):
    _officer(client, "drivers.view_schoolbusqualification", "drivers.change_schoolbusqualification")
    refused = client.post(SCHOOL_BUS, data, follow=True)
    assert refused.status_code == 200
    assert expected in _message(refused)
    assert not AuditEvent.objects.filter(action="drivers.school_bus.cancelled").exists()


def test_a_qualification_not_in_force_is_refused_in_english_for_an_english_reader(client):
    license_ = _license("赵校车")
    SchoolBusQualification.objects.create(
        license=license_, granted_on=date(2021, 3, 1), cancelled_on=DAY, cancel_reason="applied"
    )
    _officer(client, "drivers.view_schoolbusqualification", "drivers.change_schoolbusqualification")
    refused = client.post(
        SCHOOL_BUS,
        {"license_number": license_.person.id_number, "reason": "over_age"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "school-bus driving qualification in force" in _message(refused)


def test_a_reader_of_school_bus_cancellations_sees_no_form(client):
    _officer(client, "drivers.view_schoolbusqualification")
    page = client.get(SCHOOL_BUS).content.decode()
    assert 'id="school-bus-cancel"' not in page
    assert client.post(SCHOOL_BUS, {"license_number": "x", "reason": "applied"}).status_code == 403


def _car(owner_name: str, plate: str) -> Vehicle:
    from tests.vehicles.factories import make_vehicle

    return make_vehicle(owner=make_person(name=owner_name), plate_number=plate)


def test_an_officer_records_a_forced_scrapping_and_the_list_reads_the_owner_audited(client):
    vehicle = _car("钱多多", "苏A55501")
    officer = _officer(client, "vehicles.view_forcedscrapping", "vehicles.add_forcedscrapping")
    done = client.post(
        SCRAPPED,
        {
            "plate_type": vehicle.plate_type,
            "plate_number": "苏a55501",
            "confiscated_on": (DAY - timedelta(days=1)).isoformat(),
            "authority": "南京市公安局交通管理局",
        },
        follow=True,
    )
    assert "已登记强制报废" in _message(done)
    vehicle.refresh_from_db()
    assert vehicle.status == Vehicle.Status.DEREGISTERED
    scrapping = ForcedScrapping.objects.get(vehicle=vehicle)
    assert scrapping.confiscated_on == DAY - timedelta(days=1)
    written = AuditEvent.objects.get(action="vehicles.vehicle.scrapped_by_force")
    assert written.actor_id == officer.pk
    page = done.content.decode()
    assert "苏A55501" in page
    assert "小型汽车" in page
    reads = [e.action for e in audit_reads_of_person(id_number=vehicle.owner_person.id_number)]
    assert reads == ["backoffice.lookup.forced_scrapping"]
    publish_on()
    assert "苏A55501" in {row["plate_number"] for row in entries("vehicles_scrapped_by_force")}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"confiscated_on": (DAY + timedelta(days=1)).isoformat()}, "收缴日期不能晚于今天"),
        ({"authority": "  "}, "收缴机关："),
        ({"plate_number": "苏A00000"}, "没有该号牌种类和号牌号码的在册机动车"),
        ({"plate_type": "99"}, "请检查填写的内容"),
        ({"confiscated_on": "2026-13-01"}, "请检查填写的内容"),
    ],
)
def test_a_bad_forced_scrapping_is_refused_with_a_message(client, change, expected):
    vehicle = _car("钱多多", "苏A55501")
    _officer(client, "vehicles.view_forcedscrapping", "vehicles.add_forcedscrapping")
    data = {
        "plate_type": vehicle.plate_type,
        "plate_number": vehicle.plate_number,
        "confiscated_on": DAY.isoformat(),
        "authority": "南京市公安局",
        **change,
    }
    refused = client.post(SCRAPPED, data, follow=True)
    assert refused.status_code == 200
    assert expected in _message(refused)
    vehicle.refresh_from_db()
    assert vehicle.status != Vehicle.Status.DEREGISTERED


def test_a_vehicle_of_another_province_is_outside_the_officers_jurisdiction(client):
    vehicle = _car("钱多多", "浙A55501")
    _officer(client, "vehicles.view_forcedscrapping", "vehicles.add_forcedscrapping")
    refused = client.post(
        SCRAPPED,
        {
            "plate_type": vehicle.plate_type,
            "plate_number": vehicle.plate_number,
            "confiscated_on": DAY.isoformat(),
            "authority": "杭州市公安局",
        },
        follow=True,
    )
    assert "管辖范围" in _message(refused)
    assert not ForcedScrapping.objects.exists()


def test_the_scrapping_list_shows_only_the_officers_province(client):
    for owner, plate in (("钱多多", "苏A55501"), ("孙少少", "浙A55502")):
        ForcedScrapping.objects.create(
            vehicle=_car(owner, plate), confiscated_on=DAY, authority="x"
        )
    zhejiang = make_office(code="330100000000", name="杭州", region="330100")
    _officer(client, "vehicles.view_forcedscrapping", office=zhejiang)
    page = client.get(SCRAPPED).content.decode()
    assert "浙A55502" in page
    assert "苏A55501" not in page
    assert 'id="forced-scrapping"' not in page  # a reader gets no form
    assert AuditEvent.objects.filter(action="backoffice.lookup.forced_scrapping").count() == 1


def _decision(person):
    from jiaoguan.violations.services import violation_handle_at_counter
    from tests.drivers.factories import make_license
    from tests.identity.factories import make_officer
    from tests.vehicles.factories import make_vehicle
    from tests.violations.factories import make_entered_record, shipped_reference_data

    shipped_reference_data()
    make_license(person=person)
    counter = make_officer(username="jc0059", permissions=("violations.review_violationrecord",))
    record = make_entered_record(make_vehicle(owner=person, plate_number="苏A30001"), code="1345")
    return violation_handle_at_counter(actor=counter, record_id=record.pk, person=person)


def test_an_officer_marks_a_decision_with_social_impact_and_lifts_it(client):
    person = make_person(name="张三丰")
    decision = _decision(person)
    officer = _officer(client, "disclosure.publish_lists")
    done = client.post(
        SOCIAL, {"decision_number": f" {decision.number} ", "reason": "典型案例"}, follow=True
    )
    assert "已认定" in _message(done)
    page = done.content.decode()
    assert decision.number in page
    assert "张三丰" in page
    assert "典型案例" in page
    assert [e.action for e in audit_reads_of_person(id_number=person.id_number)] == [
        "backoffice.lookup.social_impact"
    ]
    publish_on()
    assert "张**" in {row["name"] for row in entries("serious_violators")}

    lifted = client.post(f"{SOCIAL}lift/", {"decision_number": decision.number}, follow=True)
    assert "已取消认定" in _message(lifted)
    assert SocialImpactMark.objects.get().lifted_on == clock.today()
    actions = set(
        AuditEvent.objects.filter(
            actor=officer, action__startswith="disclosure.social_impact"
        ).values_list("action", flat=True)
    )
    assert actions == {"disclosure.social_impact.marked", "disclosure.social_impact.lifted"}
    publish_on(DAY + timedelta(days=1))
    assert not Entry.objects.filter(dataset="serious_violators", withdrawn_on__isnull=True)
    again = client.post(f"{SOCIAL}lift/", {"decision_number": decision.number}, follow=True)
    assert "未认定为具有社会影响" in _message(again)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"decision_number": "", "reason": "x"}, "请检查填写的内容"),
        ({"decision_number": "NOPE", "reason": "典型案例"}, "没有这个处罚决定书"),
        ({"decision_number": "NOPE", "reason": "   "}, "请检查填写的内容"),
    ],
)
def test_a_bad_mark_is_refused_with_a_message(client, data, expected):
    _officer(client, "disclosure.publish_lists")
    refused = client.post(SOCIAL, data, follow=True)
    assert refused.status_code == 200
    assert expected in _message(refused)
    assert not SocialImpactMark.objects.exists()


def test_an_unknown_decision_is_refused_in_english_for_an_english_reader(client):
    _officer(client, "disclosure.publish_lists")
    refused = client.post(
        SOCIAL,
        {"decision_number": "NOPE", "reason": "typical case"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "Penalty decision not found." in _message(refused)


def test_the_mark_service_refuses_an_empty_or_overlong_reason():
    from jiaoguan.core.errors import ApplicationError
    from jiaoguan.disclosure import services
    from tests.identity.factories import make_officer

    officer = make_officer(username="jc0058", permissions=("disclosure.publish_lists",))
    for reason in ("  ", "理" * 201):
        with pytest.raises(ApplicationError) as caught:
            services.social_impact_mark(actor=officer, decision_number="x", reason=reason)
        assert caught.value.code == "disclosure.social_impact.reason_invalid"
        assert caught.value.fields == {"reason": "请填写认定理由（不超过200字）。"}
