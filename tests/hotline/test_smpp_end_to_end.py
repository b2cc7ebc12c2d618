"""A citizen texts 12123 through the SMSC simulator; the answer comes back through it."""

import threading

import pytest
from django.test import override_settings

from jiaoguan.gateways.smpp import SmppReceiver, links_close
from jiaoguan.hotline.models import Reply
from jiaoguan.hotline.rules import replies
from jiaoguan.hotline.services import receipt_record, sms_receive
from tests.hotline.factories import PIN, make_texter
from tests.smpp_simulator import SmscSimulator


@pytest.fixture
def smsc():
    simulator = SmscSimulator(port=0).start()
    yield simulator
    links_close()
    simulator.stop()


@pytest.mark.django_db(transaction=True)
def test_inbound_command_answered_over_smpp_and_receipt_matched(smsc):
    make_texter()
    with override_settings(
        SMS_GATEWAY="smpp", SMPP_PORT=smsc.port, SMPP_PASSWORD="secret", SMPP_TIMEOUT=2
    ):
        received = []
        receiver = SmppReceiver(
            on_message=lambda sender, text, reference: received.append((sender, text, reference)),
            on_receipt=lambda message_id, status: received.append(("receipt", message_id, status)),
            max_pause=0.2,
        )
        thread = threading.Thread(target=receiver.run, daemon=True)
        thread.start()
        try:
            assert receiver.bound.wait(5)
            smsc.mo("8613900001111", f"ＪＦ　{PIN}")
            assert smsc.wait_for(lambda: len(received) == 1)
            sender, text, reference = received.pop()
            sms_receive(sender=sender, text=text, provider_reference=reference)
            assert smsc.wait_for(lambda: len(smsc.messages) == 1)
            destination, answer = smsc.messages[0]
            assert destination == "8613900001111"
            assert "已记0分" in answer
            assert len(answer) <= replies.SINGLE
            assert smsc.wait_for(lambda: len(received) == 1)
            _, message_id, status = received.pop()
            assert receipt_record(message_id=message_id, status=status)
            reply = Reply.objects.get()
            assert (reply.status, reply.receipt_status) == ("sent", "DELIVRD")
        finally:
            receiver.stop.set()
            thread.join(5)
