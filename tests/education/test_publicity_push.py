"""Safety publicity pushed to the drivers it concerns (issue 16 scope 7): an item aimed at a
region and/or licence classes gives each driver it concerns one notice (web inbox and app
push), once per item and driver whatever the edits and re-publications; a driver outside
the region or without the class gets nothing; an item for everyone is not pushed; the
publication is audited with how many it reached."""

from datetime import date

import pytest
from freezegun import freeze_time

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core.errors import ApplicationError
from jiaoguan.education import publicity
from jiaoguan.education.models import SafetyPush
from jiaoguan.identity.models import Person
from jiaoguan.notices.models import Notice, NoticeMessage
from jiaoguan.notices.selectors import notice_text
from tests.drivers.factories import make_license
from tests.education.courses import officer
from tests.identity.factories import make_citizen, make_person
from tests.notices.factories import make_push_device

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_day")]
PUBLISH = "education.publish_safety"


@pytest.fixture
def frozen_day():
    with freeze_time("2026-12-06 10:00:00+08:00"):
        yield


def driver(region: str, classes=("C1",), *, status=None) -> Person:
    person = make_person()
    Person.objects.filter(pk=person.pk).update(region_code=region)
    fields = {"status": status} if status else {}
    make_license(person=person, classes=classes, **fields)
    make_citizen(person=person)
    return person


def publish(**changes):
    fields = {"kind": "warning", "title": "沿江高速团雾预警", "body": "减速慢行，开启雾灯。"}
    fields.update(changes)
    return publicity.safety_publish(actor=officer(PUBLISH), **fields)


def notified(item=None) -> set[int]:
    notices = Notice.objects.filter(kind__code="safety_publicity")
    if item is not None:
        notices = notices.filter(subject_id__in=SafetyPush.objects.filter(item=item).values("id"))
    return set(notices.values_list("person_id", flat=True))


def test_a_city_warning_reaches_its_drivers_only_and_a_republish_sends_nothing_twice():
    nanjing = driver("320102")
    nanjing_county = driver("320115")
    suzhou = driver("320505")
    beijing = driver("110105")
    item = publish(region_code="320100")
    assert notified(item) == {nanjing.pk, nanjing_county.pk}
    assert suzhou.pk not in notified()
    assert beijing.pk not in notified()
    notice = Notice.objects.get(person=nanjing)
    assert notice.subject_label == "沿江高速团雾预警"
    assert notice.event_on == date(2026, 12, 6)
    text = notice_text(notice, "zh-hans")
    assert text.title == "交通安全提示"
    assert text.link == "/safety/"
    # An edit, a withdrawal and a publication again: nobody has it twice.
    publicity.safety_publish(
        actor=officer(PUBLISH), item_id=item.pk, body="能见度低于 50 米时驶离。"
    )
    publicity.safety_withdraw(actor=officer(PUBLISH), item_id=item.pk, reason="雾已散")
    publicity.safety_publish(actor=officer(PUBLISH), item_id=item.pk, title="团雾再起")
    assert Notice.objects.filter(kind__code="safety_publicity").count() == 2
    assert SafetyPush.objects.filter(item=item).count() == 2
    # Widened to the province: only the Suzhou driver is new.
    publicity.safety_publish(actor=officer(PUBLISH), item_id=item.pk, region_code="320000")
    assert notified(item) == {nanjing.pk, nanjing_county.pk, suzhou.pk}
    assert Notice.objects.get(person=suzhou).subject_label == "团雾再起"
    assert Notice.objects.filter(kind__code="safety_publicity").count() == 3


def test_a_class_target_reaches_holders_of_the_class_in_any_region():
    truck = driver("320102", classes=("A2", "C1"))
    bus_far = driver("110105", classes=("B1",))
    car = driver("320102", classes=("C1",))
    item = publish(kind="case", title="大货车右转盲区事故", license_classes="a2, b1")
    assert item.license_classes == "A2,B1"
    assert notified(item) == {truck.pk, bus_far.pk}
    assert car.pk not in notified()


def test_region_and_class_together_both_apply():
    inside_with_class = driver("320102", classes=("B2",))
    inside_without = driver("320102", classes=("C1",))
    outside_with_class = driver("110105", classes=("B2",))
    item = publish(region_code="320000", license_classes="B2")
    assert notified(item) == {inside_with_class.pk}
    assert {inside_without.pk, outside_with_class.pk}.isdisjoint(notified())


def test_an_item_for_everyone_or_not_shown_today_is_not_pushed_and_a_revoked_license_gets_none():
    driver("320102")
    revoked = driver("320102", status="revoked")
    publish(title="全国通用的文章")  # no region, no class: the public pages only
    later = publish(region_code="320100", starts_on=date(2026, 12, 8), ends_on=date(2026, 12, 9))
    assert notified() == set()
    assert SafetyPush.objects.filter(item=later).count() == 0
    publish(region_code="320100")
    assert len(notified()) == 1
    assert revoked.pk not in notified()


def test_the_publication_is_audited_with_how_many_it_reached_and_the_batch_of_notices():
    driver("320102")
    driver("320104")
    item = publish(region_code="320100")
    published = AuditEvent.objects.get(action="education.safety.published")
    assert published.data["pushed"] == 2
    assert published.actor_label
    batch = AuditEvent.objects.get(action="notices.notice.create", data__safety_item=item.pk)
    assert batch.data["notices"] == 2


def test_the_notice_goes_by_app_push_not_sms():
    person = make_person()
    Person.objects.filter(pk=person.pk).update(region_code="320102")
    make_license(person=person)
    make_push_device(make_citizen(person=person))
    publish(region_code="320100")
    channels = list(NoticeMessage.objects.values_list("channel", flat=True))
    assert channels == ["push"]


def test_bad_classes_are_refused_with_a_clear_error():
    with pytest.raises(ApplicationError) as refused:
        publish(region_code="320100", license_classes="X9")
    assert refused.value.code == "education.safety.license_classes"


def test_the_back_office_form_aims_an_item_at_classes_and_pushes_it(client):
    from tests.backoffice.test_education_pages import logged_in

    truck = driver("320102", classes=("A2",))
    logged_in(client, PUBLISH)
    page = client.get("/backoffice/safety/").content.decode()
    assert 'name="license_classes"' in page
    posted = client.post(
        "/backoffice/safety/publish/",
        {"kind": "case", "title": "货车超载侧翻", "body": "严禁超载。", "license_classes": "A2"},
    )
    assert posted.status_code == 302
    assert notified() == {truck.pk}
