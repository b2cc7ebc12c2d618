"""Inbound SMS taken in batches (``hotline.inbound``): each message keeps what it gets alone —
answered once, the secret before any personal answer, its own data only, the rate limit, the
audit — and one bad message costs only itself."""

from datetime import timedelta

import pytest
from django.test import override_settings

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core import clock
from jiaoguan.gateways.models import OutboxMessage
from jiaoguan.hotline import answers, inbound, services
from jiaoguan.hotline.inbound import Inbound, Inbox, sms_take
from jiaoguan.hotline.models import Contact, HotlinePin, Reply
from jiaoguan.hotline.rules import replies
from tests.hotline.factories import PIN, make_texter
from tests.violations.factories import make_entered_record, shipped_reference_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_commit(monkeypatch):
    """The replies go out on commit: in these rolled-back tests, at once."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


def replies_to(phone: str) -> list[str]:
    return list(
        OutboxMessage.objects.filter(recipient=phone).order_by("pk").values_list("body", flat=True)
    )


def test_a_batch_answers_each_person_with_their_own_data_and_audits_each():
    li = make_texter(name="李秀英", phone="13900001111", points=[(clock.today(), 9)])
    wang = make_texter(name="王芳", phone="13900002222", pin="1357", points=[(clock.today(), 3)])
    taken = sms_take(
        [
            Inbound("8613900001111", f"JF {PIN}", "b-1"),
            Inbound("8613900002222", "JF 1357", "b-2"),
            Inbound("8613900002222", "JY 1357", "b-3"),
            Inbound("13700009999", "BZ", "b-4"),
        ]
    )
    assert all(contact is not None and contact.pk for contact in taken)
    assert "已记9分" in replies_to("13900001111")[0]
    (points, inspection) = replies_to("13900002222")
    assert "已记3分" in points
    assert "9分" not in points
    assert "下次检验" in inspection
    assert replies_to("13700009999") == [replies.help_text()]
    queries = AuditEvent.objects.filter(action="hotline.query").order_by("pk")
    assert [(e.actor_id, e.data["command"]) for e in queries] == [
        (li.pk, "points"),
        (wang.pk, "points"),
        (wang.pk, "inspection"),
    ]
    assert Reply.objects.filter(status=Reply.Status.SENT).count() == 4
    assert {reply.recipient for reply in Reply.objects.all()} == {""}  # erased once sent


def test_no_personal_answer_in_a_batch_without_the_right_pin(monkeypatch):
    make_texter(name="李秀英", phone="13900001111", points=[(clock.today(), 9)])
    make_texter(name="王芳", phone="13900002222", pin="1357")
    read = []
    real_read = answers.Register.read.__func__

    def spy(cls, queries, today):
        read.extend(queries)
        return real_read(cls, queries, today)

    monkeypatch.setattr(answers.Register, "read", classmethod(spy))
    sms_take(
        [
            Inbound("13900001111", "JF"),  # no PIN
            Inbound("13900001111", "WF 1111"),  # a wrong one
            Inbound("13900002222", f"JF {PIN}"),  # 李秀英's PIN from 王芳's phone
            Inbound("13700009999", f"JF {PIN}"),  # an unbound number
        ]
    )
    assert replies_to("13900001111") == [
        replies.secret_needed(identity_digits=False),
        replies.secret_wrong(remaining=4),
    ]
    assert replies_to("13900002222") == [replies.secret_wrong(remaining=4)]
    assert replies_to("13700009999") == [replies.not_bound()]
    assert "9分" not in "".join(OutboxMessage.objects.values_list("body", flat=True))
    assert not AuditEvent.objects.filter(action="hotline.query").exists()
    assert read == []  # nobody's register was even read


def test_wrong_pins_in_one_batch_are_counted_one_after_the_other():
    user = make_texter()
    sms_take(
        [Inbound("13900001111", "JF 1111") for _ in range(6)]
        + [Inbound("13900001111", f"JF {PIN}")]
    )
    answers_sent = replies_to("13900001111")
    assert answers_sent[:5] == [replies.secret_wrong(remaining=n) for n in (4, 3, 2, 1, 0)]
    assert answers_sent[5:] == [replies.secret_wrong(remaining=0)] * 2  # locked for the day
    assert HotlinePin.objects.get(user=user).failed_count == 5


def test_repeats_in_a_batch_and_messages_taken_before_are_answered_once():
    before = services.sms_receive(sender="13700009999", text="BZ", provider_reference="d-0")
    taken = sms_take(
        [
            Inbound("13700009999", "BZ", "d-0"),  # taken in an earlier batch
            Inbound("13700009999", "BZ", "d-1"),
            Inbound("13700009999", "BZ", "d-1"),  # the carrier delivered it twice
            Inbound("13700009999", "BZ"),  # no reference: nothing to match it by
        ]
    )
    assert taken[0].pk == before.pk
    assert taken[1].pk == taken[2].pk
    assert taken[3].pk not in (before.pk, taken[1].pk)
    assert Contact.objects.count() == 3
    assert Reply.objects.count() == OutboxMessage.objects.count() == 3


@override_settings(JIAOGUAN_HOTLINE_SMS_PER_HOUR=2)
def test_the_rate_limit_counts_each_message_of_a_batch():
    sms_take([Inbound("13700009999", "BZ", f"r-{n}") for n in range(3)])
    outcomes = list(Contact.objects.order_by("pk").values_list("outcome", flat=True))
    assert outcomes == ["answered", "answered", Contact.Outcome.RATE_LIMITED]
    assert OutboxMessage.objects.count() == 2


def test_one_bad_message_does_not_lose_the_batch(monkeypatch, caplog):
    make_texter(name="李秀英", phone="13900001111")
    make_texter(name="王芳", phone="13900002222", pin="1357")
    real_answered = services.answered

    def answered(parsed, user, **kwargs):
        if user.phone == "13900002222":
            raise RuntimeError("the register is broken for this one")
        return real_answered(parsed, user, **kwargs)

    monkeypatch.setattr(services, "answered", answered)
    taken = sms_take(
        [
            Inbound("13900001111", f"JF {PIN}", "x-1"),
            Inbound("13900002222", "JF 1357", "x-2"),
            Inbound("13700009999", "BZ", "x-3"),
            Inbound("13700009999", "BZ", "x-3"),
        ]
    )
    assert taken[1] is None
    assert [c.provider_reference for c in taken if c] == ["x-1", "x-3", "x-3"]
    assert sorted(Contact.objects.values_list("provider_reference", flat=True)) == ["x-1", "x-3"]
    assert len(replies_to("13900001111")) == 1
    assert len(replies_to("13700009999")) == 1
    assert replies_to("13900002222") == []
    assert AuditEvent.objects.filter(action="hotline.query").count() == 1  # the rollback's went
    assert "not taken" in caplog.text
    # The carrier delivers it again (the receiver said so): taken then, once.
    monkeypatch.setattr(services, "answered", real_answered)
    assert sms_take([Inbound("13900002222", "JF 1357", "x-2")])[0] is not None
    assert len(replies_to("13900002222")) == 1


def test_the_batch_reads_violations_as_the_portal_does():
    shipped_reference_data()
    li = make_texter(name="李秀英", phone="13900001111")
    make_texter(name="王芳", phone="13900002222", pin="1357", vehicle=False)
    from jiaoguan.vehicles.models import Vehicle

    make_entered_record(Vehicle.objects.get(owner_person=li.person))
    sms_take([Inbound("13900001111", f"WF {PIN}"), Inbound("13900002222", "WF 1357")])
    (li_answer,) = replies_to("13900001111")
    assert li_answer.startswith("未处理违法1起")
    assert replies_to("13900002222") == [replies.violations_text([])]
    OutboxMessage.objects.all().delete()
    services.sms_receive(sender="13900001111", text=f"WF {PIN}")  # alone, the portal's selector
    assert replies_to("13900001111") == [li_answer]


def test_receipts_before_the_sent_mark_are_matched_later():
    contact = services.sms_receive(sender="13700009999", text="BZ")
    reply = Reply.objects.get(contact=contact)
    Reply.objects.filter(pk=reply.pk).update(provider_reference="")  # the sent mark not yet in
    inbox = Inbox()
    inbox([], [("0000AB", "DELIVRD")])
    assert inbox.waiting
    Reply.objects.filter(pk=reply.pk).update(provider_reference="smpp-0000AB")
    inbox.retried_at -= 2  # a second later
    inbox([], [])
    assert not inbox.waiting
    assert Reply.objects.get(pk=reply.pk).receipt_status == "DELIVRD"


def test_a_reply_whose_sender_died_is_sent_by_the_sweeper_after_the_lease(monkeypatch):
    from jiaoguan import delivery

    monkeypatch.setattr(inbound, "send_claimed", lambda *args: None)  # died after the commit
    contact = services.sms_receive(sender="13700009999", text="BZ")
    reply = Reply.objects.get(contact=contact)
    assert (reply.status, reply.attempts) == (Reply.Status.SENDING, 1)
    assert delivery.dispatch("hotline.reply") == 0  # within the lease: left alone
    Reply.objects.filter(pk=reply.pk).update(claimed_at=clock.now() - timedelta(seconds=301))
    assert delivery.dispatch("hotline.reply") == 1
    assert Reply.objects.get(pk=reply.pk).status == Reply.Status.SENT
    assert OutboxMessage.objects.count() == 1


def test_violations_of_many_people_are_each_ones_own_portal_rows():
    from jiaoguan.vehicles.models import Vehicle
    from jiaoguan.violations.many import violations_of_persons
    from jiaoguan.violations.models import DriverAuthorisation
    from jiaoguan.violations.selectors import driver_facts, violations_of_person

    shipped_reference_data()
    li = make_texter(name="李秀英", phone="13900001111").person
    wang = make_texter(name="王芳", phone="13900002222", pin="1357").person
    zhao = make_texter(name="赵敏", phone="13900003333", vehicle=False).person
    car = Vehicle.objects.get(owner_person=li)
    make_entered_record(car)
    make_entered_record(Vehicle.objects.get(owner_person=wang))
    DriverAuthorisation.objects.create(  # 李秀英 lets 赵敏 handle her car's violations
        vehicle=car, owner=li, driver=zhao, status="active", slot=1, requested_at=clock.now()
    )
    today = clock.today()
    people = [li.pk, wang.pk, zhao.pk]
    drivers = {p: driver_facts(person_id=p, as_of=today) for p in people}
    many = violations_of_persons(drivers=drivers, as_of=today)

    def facts(rows):
        return [(r.record.pk, r.own_vehicle, r.refusals, r.fine) for r in rows]

    for person_id in people:
        alone = violations_of_person(person_id=person_id, as_of=today)
        assert facts(many[person_id]) == facts(alone)
        assert len(alone) == 1
    assert many[zhao.pk][0].record.vehicle_id == car.pk
    assert not many[zhao.pk][0].own_vehicle
