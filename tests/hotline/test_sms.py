"""Inbound SMS to 12123: binding, the secret, privacy, rate limits, audit, the reply."""

from datetime import timedelta

import pytest
from django.test import override_settings

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core import clock
from jiaoguan.core.crypto import blind_index
from jiaoguan.gateways.models import OutboxMessage
from jiaoguan.hotline import services
from jiaoguan.hotline.models import Contact, Reply
from jiaoguan.hotline.rules import replies
from jiaoguan.notices.models import NoticePreference
from tests.exams.factories import make_application, make_session
from tests.hotline.factories import PIN, make_texter
from tests.violations.factories import make_entered_record, shipped_reference_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_commit(monkeypatch):
    """Replies are handed to the delivery engine on commit: in these rolled-back tests, at
    once (the engine then runs eagerly, as in the embedded default)."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


def reply_to(phone: str) -> str:
    return OutboxMessage.objects.filter(recipient=phone).values_list("body", flat=True)[0]


def text(phone: str, message: str, **kwargs) -> str:
    services.sms_receive(sender=phone, text=message, **kwargs)
    return reply_to(phone)


def test_points_answer_with_the_pin_in_one_sms():
    make_texter(points=[(clock.today() - timedelta(days=3), 3)])
    answer = text("13900001111", f"JF {PIN}")
    assert "已记3分" in answer
    assert "周期截至" in answer
    assert len(answer) <= replies.SINGLE
    reply = Reply.objects.get()
    assert reply.status == Reply.Status.SENT
    assert reply.recipient == ""  # erased once sent


def test_full_width_command_and_pin_are_understood():
    make_texter()
    assert "已记0分" in text("13900001111", "ＪＦ　２４６８")


def test_no_personal_answer_without_the_pin():
    make_texter(points=[(clock.today(), 6)])
    for message in ["JF", "WF", "JY", "YY", "YY QX"]:
        OutboxMessage.objects.all().delete()
        answer = text("13900001111", message)
        assert answer == replies.secret_needed(identity_digits=False)
        assert "6分" not in answer
    assert not AuditEvent.objects.filter(action="hotline.query").exists()


def test_wrong_pin_is_refused_and_counted_then_locked():
    make_texter(points=[(clock.today(), 6)])
    answers = []
    for _ in range(6):
        OutboxMessage.objects.all().delete()
        answers.append(text("13900001111", "JF 1111"))
    assert answers[0] == replies.secret_wrong(remaining=4)
    assert answers[-1] == replies.secret_wrong(remaining=0)
    OutboxMessage.objects.all().delete()
    # locked for the day, even with the right PIN
    assert text("13900001111", f"JF {PIN}") == replies.secret_wrong(remaining=0)
    assert Contact.objects.filter(outcome=Contact.Outcome.LOCKED).count() == 2


def test_another_persons_data_is_never_answered():
    make_texter(name="李秀英", phone="13900001111", points=[(clock.today(), 9)])
    make_texter(name="王芳", phone="13900002222", pin="1357")
    # 王芳 sends 李秀英's PIN from her own phone: her own (0 points) or a refusal, never 9 points
    assert "9分" not in text("13900002222", f"JF {PIN}")
    OutboxMessage.objects.all().delete()
    assert "已记0分" in text("13900002222", "JF 1357")
    # an unbound number gets no one's data, whatever it sends
    answer = text("13700009999", f"JF {PIN}")
    assert answer == replies.not_bound()


def test_unknown_input_gets_help_even_from_an_unbound_number():
    assert text("13700009999", "你好") == replies.help_text()
    assert Contact.objects.get().outcome == Contact.Outcome.HELP


def test_each_personal_query_is_audited_like_a_page_view():
    user = make_texter()
    text("13900001111", f"JY {PIN}")
    event = AuditEvent.objects.get(action="hotline.query")
    assert event.actor_id == user.pk
    assert event.person_index == blind_index(user.person.id_number, purpose="id_number")
    assert event.data["command"] == "inspection"


def test_identity_digits_as_the_secret_when_the_operator_chooses():
    user = make_texter(pin=None)
    with override_settings(JIAOGUAN_HOTLINE_SECRET="identity_digits"):
        assert text("13900001111", "JF") == replies.secret_needed(identity_digits=True)
        OutboxMessage.objects.all().delete()
        assert "已记" in text("13900001111", f"JF {user.person.id_number[-6:]}")


def test_no_pin_set_says_where_to_set_it():
    make_texter(pin=None)
    assert text("13900001111", "JF 1234") == replies.no_pin_set()


def test_violations_list_unhandled_with_fines():
    shipped_reference_data()
    user = make_texter()
    from jiaoguan.vehicles.models import Vehicle

    vehicle = Vehicle.objects.get(owner_person=user.person)
    make_entered_record(vehicle)
    answer = text("13900001111", f"WF {PIN}")
    assert answer.startswith("未处理违法1起")
    assert vehicle.plate_number in answer
    assert "元" in answer


def test_inspection_answer_names_the_plate_and_window():
    user = make_texter()
    from jiaoguan.vehicles.models import Vehicle

    vehicle = Vehicle.objects.get(owner_person=user.person)
    answer = text("13900001111", f"年检{PIN}")
    assert vehicle.plate_number in answer
    assert "下次检验" in answer


def _booking(user, days: int):
    from jiaoguan.exams.models import ExamBooking

    application = make_application(person=user.person)
    session = make_session(exam_on=clock.today() + timedelta(days=days))
    return ExamBooking.objects.create(
        application=application,
        session=session,
        subject=session.subject,
        exam_on=session.plan.exam_on,
        created_at=clock.now(),
    )


def test_appointment_show_confirm_and_cancel():
    user = make_texter()
    booking = _booking(user, 10)
    assert "回复YY QX" in text("13900001111", f"YY {PIN}")
    OutboxMessage.objects.all().delete()
    assert text("13900001111", f"YY QR {PIN}").startswith("已确认")
    OutboxMessage.objects.all().delete()
    assert text("13900001111", f"预约取消{PIN}").startswith("已取消")
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    assert AuditEvent.objects.filter(action="exams.booking.cancelled").count() == 1


def test_cancel_on_the_day_is_refused_with_the_exams_rule():
    user = make_texter()
    booking = _booking(user, 0)
    answer = text("13900001111", f"YY QX {PIN}")
    assert Contact.objects.get().outcome == Contact.Outcome.REFUSED
    booking.refresh_from_db()
    assert booking.status == "booked"
    assert answer.endswith(replies.SIGNATURE)


def test_stop_turns_sms_notices_off():
    user = make_texter()
    assert text("13900001111", "TD") == replies.stopped()
    assert NoticePreference.objects.get(person=user.person).sms_enabled is False


@override_settings(JIAOGUAN_HOTLINE_SMS_PER_HOUR=3)
def test_rate_limit_per_number_records_but_does_not_answer():
    for _ in range(5):
        services.sms_receive(sender="13700009999", text="帮助")
    assert OutboxMessage.objects.count() == 3
    assert Contact.objects.filter(outcome=Contact.Outcome.RATE_LIMITED).count() == 2
    services.sms_receive(sender="13700008888", text="帮助")  # another number is not limited
    assert OutboxMessage.objects.count() == 4


def test_a_carrier_message_delivered_twice_is_answered_once():
    first = services.sms_receive(sender="13700009999", text="BZ", provider_reference="m-1")
    again = services.sms_receive(sender="13700009999", text="BZ", provider_reference="m-1")
    assert first.pk == again.pk
    assert OutboxMessage.objects.count() == 1


def test_country_code_is_stripped_and_no_number_is_stored_in_clear():
    make_texter()
    services.sms_receive(sender="+8613900001111", text=f"JF {PIN}")
    contact = Contact.objects.get()
    assert contact.user is not None
    assert "13900001111" not in contact.number_hash
    assert Reply.objects.get().recipient == ""


def test_a_pin_stored_by_a_password_hasher_still_opens_and_is_rewritten_keyed():
    from django.contrib.auth.hashers import make_password

    from jiaoguan.hotline import secrets
    from jiaoguan.hotline.models import HotlinePin

    user = make_texter()
    HotlinePin.objects.filter(user=user).update(pin_hash=make_password(PIN))
    assert "已记0分" in text("13900001111", f"JF {PIN}")
    assert HotlinePin.objects.get(user=user).pin_hash == secrets.pin_digest(user.pk, PIN)


def test_the_pin_is_kept_as_a_keyed_hash_bound_to_its_account():
    from jiaoguan.hotline import secrets
    from jiaoguan.hotline.models import HotlinePin

    user = make_texter()
    stored = HotlinePin.objects.get(user=user).pin_hash
    assert stored.startswith("hmac$")
    assert PIN not in stored
    assert stored != secrets.pin_digest(user.pk + 1, PIN)  # another account's hash differs
