"""Objections reach the office where the violation happened, due in 5 working days."""

from datetime import date

import pytest
from freezegun import freeze_time

from jiaoguan.core.errors import ApplicationError
from jiaoguan.violations.models import Dispute, ViolationRecord
from jiaoguan.violations.services import dispute_decide, dispute_file, violation_handle
from tests.drivers.factories import make_license
from tests.identity.factories import make_citizen, make_officer, make_person
from tests.vehicles.factories import make_vehicle
from tests.violations.factories import make_entered_record

pytestmark = pytest.mark.django_db
REASON = "当时车辆停放在小区内，号牌疑被套用。"


@pytest.fixture
def owner():
    person = make_person()
    make_license(person=person)
    return make_citizen(person=person)


@pytest.fixture
def office():
    return make_officer(permissions=("violations.decide_dispute",))


def code_of(call) -> str:
    with pytest.raises(ApplicationError) as caught:
        call()
    return caught.value.code


@pytest.mark.parametrize(
    ("filed", "due"),
    [
        ("2026-11-16 09:00+08:00", date(2026, 11, 23)),  # Monday → next Monday
        ("2026-11-20 09:00+08:00", date(2026, 11, 27)),  # Friday → next Friday
        ("2026-11-21 09:00+08:00", date(2026, 11, 27)),  # Saturday counts from Monday
    ],
)
def test_the_deadline_is_five_working_days(owner, filed, due):
    with freeze_time(filed):
        record = make_entered_record(make_vehicle(owner=owner.person))
        dispute = dispute_file(actor=owner, record_id=record.pk, reason=REASON)
    assert dispute.due_on == due
    assert dispute.office == record.reporter.name


def test_an_open_dispute_blocks_handling_and_a_second_dispute(owner):
    record = make_entered_record(make_vehicle(owner=owner.person))
    dispute_file(actor=owner, record_id=record.pk, reason=REASON)
    assert code_of(lambda: violation_handle(actor=owner, record_id=record.pk)) == (
        "violations.handling.under_dispute"
    )
    assert code_of(lambda: dispute_file(actor=owner, record_id=record.pk, reason=REASON)) == (
        "violations.dispute.open"
    )


def test_an_upheld_dispute_deletes_the_record(owner, office):
    record = make_entered_record(make_vehicle(owner=owner.person))
    dispute = dispute_file(actor=owner, record_id=record.pk, reason=REASON)
    dispute_decide(
        actor=office,
        dispute_id=dispute.pk,
        upheld=True,
        answer="经核查为套牌车辆，记录删除。",
        deletion_reason=ViolationRecord.DeletionReason.STOLEN_OR_CLONED,
    )
    record.refresh_from_db()
    assert record.status == ViolationRecord.Status.DELETED
    assert record.deletion_reason == ViolationRecord.DeletionReason.STOLEN_OR_CLONED


def test_a_rejected_dispute_leaves_the_record_to_handle(owner, office):
    record = make_entered_record(make_vehicle(owner=owner.person))
    dispute = dispute_file(actor=owner, record_id=record.pk, reason=REASON)
    dispute_decide(actor=office, dispute_id=dispute.pk, upheld=False, answer="图像清晰，号牌一致。")
    assert Dispute.objects.get().status == Dispute.Status.REJECTED
    assert violation_handle(actor=owner, record_id=record.pk).points == 6
    assert code_of(
        lambda: dispute_decide(actor=office, dispute_id=dispute.pk, upheld=True, answer="x")
    ) == ("violations.review.reason")


@pytest.mark.parametrize("reason", ["", "太短了", "长" * 1001])
def test_the_reason_must_say_something(owner, reason):
    record = make_entered_record(make_vehicle(owner=owner.person))
    assert code_of(lambda: dispute_file(actor=owner, record_id=record.pk, reason=reason)) == (
        "violations.dispute.reason"
    )


def test_only_the_owner_or_an_authorised_driver_may_object(owner):
    record = make_entered_record(make_vehicle(owner=owner.person))
    stranger = make_citizen(person=make_person(name="李娜", female=True))
    assert code_of(lambda: dispute_file(actor=stranger, record_id=record.pk, reason=REASON)) == (
        "violations.record.not_found"
    )


def test_deciding_needs_the_permission(owner):
    record = make_entered_record(make_vehicle(owner=owner.person))
    dispute = dispute_file(actor=owner, record_id=record.pk, reason=REASON)
    clerk = make_officer(username="jc0010")
    assert code_of(
        lambda: dispute_decide(actor=clerk, dispute_id=dispute.pk, upheld=False, answer="x")
    ) == ("auth.permission_denied")


def test_a_rejected_dispute_refuses_a_second_objection(owner, office):
    record = make_entered_record(make_vehicle(owner=owner.person))
    dispute = dispute_file(actor=owner, record_id=record.pk, reason=REASON)
    dispute_decide(actor=office, dispute_id=dispute.pk, upheld=False, answer="图像清晰，号牌一致。")
    assert code_of(lambda: dispute_file(actor=owner, record_id=record.pk, reason=REASON)) == (
        "violations.dispute.already_decided"
    )
    assert Dispute.objects.filter(record=record).count() == 1


@pytest.mark.parametrize(
    ("upheld", "kind", "link"),
    [
        (False, "dispute_rejected", "/me/violations/{id}/"),
        (True, "dispute_upheld", "/me/violations/"),
    ],
)
def test_the_answer_reaches_the_citizen_in_the_inbox(owner, office, upheld, kind, link):
    from jiaoguan.notices import selectors as notice_selectors
    from jiaoguan.notices.models import Notice

    notice_selectors._templates.clear()
    record = make_entered_record(make_vehicle(owner=owner.person))
    dispute = dispute_file(actor=owner, record_id=record.pk, reason=REASON)
    dispute_decide(
        actor=office,
        dispute_id=dispute.pk,
        upheld=upheld,
        answer="经核查，答复如下。",
        deletion_reason=ViolationRecord.DeletionReason.STOLEN_OR_CLONED if upheld else "",
    )
    notice = Notice.objects.get(person=owner.person)
    assert notice.kind.code == kind
    assert notice.subject_id == record.pk
    (item,) = notice_selectors.person_inbox(person=owner.person, language="zh-hans")
    assert record.plate_number in item.text.reason
    assert item.text.link == link.format(id=record.pk)
