"""The SMPP adapter against the local SMSC simulator (tests/smpp_simulator.py): bind,
UCS-2, concatenated long messages reassembled, receipts matched, inbound deliver_sm,
enquire_link, reconnect after the SMSC drops the link."""

import threading

import pytest
from django.test import override_settings

from jiaoguan.gateways.errors import PermanentProviderError, RetryableProviderError
from jiaoguan.gateways.smpp import (
    Reassembler,
    SmppConfig,
    SmppReceiver,
    SmppSmsGateway,
    links_close,
    parts,
    receipt_of,
)
from tests.smpp_simulator import SmscSimulator

LONG = (
    "您的机动车京A12345有3起未处理的交通违法记录，罚款共计600元，请于十五日内到就近处理点或登录交管12123处理，逾期每日加处罚款百分之三。"
    * 2
)


@pytest.fixture
def smsc():
    simulator = SmscSimulator(port=0).start()
    yield simulator
    links_close()
    simulator.stop()


def config(smsc, **changes) -> SmppConfig:
    values = {
        "host": "127.0.0.1",
        "port": smsc.port,
        "system_id": "jiaoguan",
        "password": "secret",
        "timeout": 2.0,
        "enquire_seconds": 30.0,
    }
    return SmppConfig(**{**values, **changes})


def test_parts_are_ucs2_and_67_characters_each():
    assert len(parts("字" * 70)[0]) == 1
    pieces, coding, esm_class = parts("字" * 135)
    assert (len(pieces), coding, esm_class) == (3, 0x08, 0x40)
    assert [len(p) for p in pieces] == [6 + 134, 6 + 134, 6 + 2]


def test_short_chinese_message_is_submitted_in_ucs2(smsc):
    reference = SmppSmsGateway(config(smsc)).send(phone="13900001111", text="您的积分为0分。")
    assert reference == f"smpp-{smsc.parts[0].message_id}"
    assert smsc.messages == [("8613900001111", "您的积分为0分。")]
    assert smsc.parts[0].data_coding == 0x08
    assert smsc.binds[0][0] == 0x02  # bind_transmitter


def test_long_message_is_split_with_udh_and_reassembled(smsc):
    SmppSmsGateway(config(smsc)).send(phone="13900001111", text=LONG)
    assert len(LONG) > 134
    assert len(smsc.parts) == -(-len(LONG) // 67)
    assert all(part.esm_class & 0x40 for part in smsc.parts)
    assert smsc.messages == [("8613900001111", LONG)]


def test_wrong_password_is_a_permanent_error(smsc):
    with pytest.raises(PermanentProviderError):
        SmppSmsGateway(config(smsc, password="wrong")).send(phone="13900001111", text="x")


def test_no_smsc_is_a_retryable_error(smsc):
    port = smsc.port
    smsc.stop()
    with pytest.raises(RetryableProviderError):
        SmppSmsGateway(config(smsc, port=port)).send(phone="13900001111", text="x")


def test_reconnects_after_the_smsc_drops_the_link(smsc):
    gateway = SmppSmsGateway(config(smsc))
    gateway.send(phone="13900001111", text="第一条")
    smsc.drop()
    gateway.send(phone="13900001111", text="第二条")
    assert [text for _, text in smsc.messages] == ["第一条", "第二条"]
    assert len(smsc.binds) == 2


def test_enquire_link_keeps_an_idle_link_alive(smsc):
    gateway = SmppSmsGateway(config(smsc, enquire_seconds=0.0))
    gateway.send(phone="13900001111", text="一")
    gateway.send(phone="13900001111", text="二")
    assert smsc.enquire_links >= 1
    assert len(smsc.binds) == 1


def _receiver(smsc, **changes):
    messages, receipts = [], []
    receiver = SmppReceiver(
        on_message=lambda sender, text, reference: messages.append((sender, text)),
        on_receipt=lambda message_id, status: receipts.append((message_id, status)),
        config=config(smsc, **changes),
        max_pause=0.2,
    )
    thread = threading.Thread(target=receiver.run, daemon=True)
    thread.start()
    assert receiver.bound.wait(5)
    return receiver, thread, messages, receipts


def test_receipts_are_matched_to_the_submitted_parts(smsc):
    receiver, thread, _messages, receipts = _receiver(smsc)
    try:
        SmppSmsGateway(config(smsc)).send(phone="13900001111", text=LONG)
        ids = [part.message_id for part in smsc.parts]
        assert smsc.wait_for(lambda: len(receipts) == len(ids))
        assert receipts == [(message_id, "DELIVRD") for message_id in ids]
        assert smsc.wait_for(lambda: smsc.delivered_responses == [0] * len(ids))
    finally:
        receiver.stop.set()
        thread.join(5)


def test_inbound_messages_short_and_long_reach_the_handler(smsc):
    receiver, thread, messages, _receipts = _receiver(smsc)
    try:
        smsc.mo("8613900001111", "JF 1234")
        smsc.mo("8613900001111", "ＪＦ　积分" * 40)
        assert smsc.wait_for(lambda: len(messages) == 2)
        assert messages == [("8613900001111", "JF 1234"), ("8613900001111", "ＪＦ　积分" * 40)]
    finally:
        receiver.stop.set()
        thread.join(5)


def test_receiver_binds_again_after_a_drop_and_keeps_alive(smsc):
    receiver, thread, messages, _ = _receiver(smsc, enquire_seconds=0.2)
    try:
        assert smsc.wait_for(lambda: smsc.enquire_links >= 1)
        smsc.drop()
        assert smsc.wait_for(lambda: receiver.binds >= 2 and smsc.receivers() == 1)
        smsc.mo("8613900002222", "TD")
        assert smsc.wait_for(lambda: messages == [("8613900002222", "TD")])
    finally:
        receiver.stop.set()
        thread.join(5)


def test_receipt_text_and_reassembly_rules():
    assert receipt_of(b"id:0000002A sub:001 dlvrd:001 stat:DELIVRD err:000 text:") == (
        "0000002A",
        "DELIVRD",
    )
    assert receipt_of(b"hello") is None
    joined = Reassembler()
    part2 = bytes([5, 0, 3, 9, 2, 2]) + "二".encode("utf-16-be")
    part1 = bytes([5, 0, 3, 9, 2, 1]) + "一".encode("utf-16-be")
    assert joined.add("86139", 0x40, 8, part2) is None
    assert joined.add("86139", 0x40, 8, part1) == "一二"


def test_receiver_answers_deliver_sm_only_once_the_batch_is_taken(smsc):
    batches, answered_before = [], []

    def on_batch(messages, receipts):
        if messages:
            batches.append(list(messages))
            answered_before.append(len(smsc.delivered_responses))
        return [text != "BAD" for _sender, text, _reference in messages]

    receiver = SmppReceiver(on_batch=on_batch, config=config(smsc), max_pause=0.2)
    thread = threading.Thread(target=receiver.run, daemon=True)
    thread.start()
    try:
        assert receiver.bound.wait(5)
        smsc.mo("8613900001111", "JF 1234")
        assert smsc.wait_for(lambda: smsc.delivered_responses == [0])
        smsc.mo("8613900001111", "BAD")  # not taken: the SMSC is to deliver it again
        assert smsc.wait_for(lambda: smsc.delivered_responses == [0, 0x64])
        assert [text for batch in batches for _s, text, _r in batch] == ["JF 1234", "BAD"]
        assert answered_before == [0, 1]  # none answered before its batch was taken
    finally:
        receiver.stop.set()
        thread.join(5)


def test_a_batch_that_raises_is_not_acknowledged(smsc):
    def on_batch(messages, receipts):
        if messages:
            raise RuntimeError("database down")
        return []

    receiver = SmppReceiver(on_batch=on_batch, config=config(smsc), max_pause=0.2)
    thread = threading.Thread(target=receiver.run, daemon=True)
    thread.start()
    try:
        assert receiver.bound.wait(5)
        smsc.mo("8613900001111", "JF 1234")
        assert smsc.wait_for(lambda: smsc.delivered_responses == [0x64])
        assert receiver.binds == 1  # the link stays up
    finally:
        receiver.stop.set()
        thread.join(5)


def test_a_window_of_submits_gives_each_message_its_first_parts_reference(smsc):
    gateway = SmppSmsGateway(config(smsc))
    batch = [(f"139000011{n:02d}", f"第{n}条", f"r-{n}") for n in range(23)]
    batch[5] = ("13900001105", LONG, "r-5")  # three parts in the same window
    with override_settings(SMPP_WINDOW=10):
        references = gateway.send_many(batch)
    assert smsc.wait_for(lambda: len(smsc.messages) == 23)
    assert sorted(smsc.messages) == sorted((f"86{phone}", text) for phone, text, _ in batch)
    first_parts = {}
    for part in smsc.parts:
        first_parts.setdefault(part.destination, part.message_id)
    assert references == [f"smpp-{first_parts['86' + phone]}" for phone, _t, _r in batch]


def test_a_window_after_the_smsc_dropped_the_link_binds_again(smsc):
    gateway = SmppSmsGateway(config(smsc))
    gateway.send(phone="13900001111", text="绑定")
    smsc.drop()
    with override_settings(SMPP_WINDOW=4):
        references = gateway.send_many([(f"1390000222{n}", "再次绑定", "") for n in range(6)])
    assert all(reference.startswith("smpp-") for reference in references)
    assert smsc.wait_for(lambda: len(smsc.messages) == 7)
