"""Officers publishing at the same moment on PostgreSQL: edits of one targeted item racing
push it once per driver; two items racing each reach every driver once."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from jiaoguan.education import publicity
from jiaoguan.education.models import SafetyPush
from jiaoguan.identity.models import Person
from jiaoguan.notices.models import Notice
from tests.drivers.factories import make_license
from tests.education.courses import officer
from tests.identity.factories import make_person
from tests.notices.factories import ensure_reference_data

PUBLISH = "education.publish_safety"
OFFICERS = 6
DRIVERS = 20


def _drivers(region: str = "320102") -> list[int]:
    ensure_reference_data()  # a transactional test before this one flushed the kinds
    people = []
    for _ in range(DRIVERS):
        person = make_person()
        Person.objects.filter(pk=person.pk).update(region_code=region)
        make_license(person=person)
        people.append(person.pk)
    return people


def _publish(editor, **fields) -> int:
    try:
        return publicity.safety_publish(actor=editor, **fields).pk
    finally:
        connection.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_racing_edits_of_one_item_push_it_once_per_driver():
    people = _drivers()
    editor = officer(PUBLISH)
    item = publicity.safety_publish(
        actor=editor, kind="warning", title="路面结冰", body="减速慢行。", region_code="320000"
    )
    extra = _drivers("320505")  # registered after the first publication
    with ThreadPoolExecutor(max_workers=OFFICERS) as pool:
        list(
            pool.map(
                lambda n: _publish(editor, item_id=item.pk, body=f"第 {n} 版：减速慢行。"),
                range(OFFICERS),
            )
        )
    assert SafetyPush.objects.filter(item=item).count() == len(people) + len(extra)
    notices = Notice.objects.filter(kind__code="safety_publicity")
    assert notices.count() == len(people) + len(extra)
    assert set(notices.values_list("person_id", flat=True)) == set(people) | set(extra)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_items_published_at_once_each_reach_every_driver_once():
    people = _drivers()
    editor = officer(PUBLISH)
    with ThreadPoolExecutor(max_workers=2) as pool:
        items = list(
            pool.map(
                lambda title: _publish(
                    editor, kind="case", title=title, body="警示。", region_code="320100"
                ),
                ["事故案例一", "事故案例二"],
            )
        )
    notices = Notice.objects.filter(kind__code="safety_publicity")
    assert notices.count() == 2 * len(people)
    for item_id in items:
        pushed = SafetyPush.objects.filter(item_id=item_id).values("id")
        assert set(
            notices.filter(subject_id__in=pushed).values_list("person_id", flat=True)
        ) == set(people)
