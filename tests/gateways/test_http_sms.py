"""The HTTP SMS adapter against a provider started on loopback inside the test."""

import pytest

from jiaoguan.gateways.errors import PermanentProviderError, RetryableProviderError
from jiaoguan.gateways.fake_provider import FakeSmsProvider
from jiaoguan.gateways.http_sms import HttpSmsGateway


@pytest.fixture
def provider():
    with FakeSmsProvider(stall_seconds=1.0) as running:
        yield running


def gateway(provider, timeout=0.5):
    return HttpSmsGateway(url=provider.url, token="t", timeout=timeout)


def test_an_accepted_message_returns_the_provider_message_id(provider):
    reference = gateway(provider).send(phone="13912345678", text="你好", reference="m-1")
    assert reference == "msg-1"
    assert provider.sends == 1


def test_the_same_client_reference_is_sent_once(provider):
    first = gateway(provider).send(phone="13912345678", text="你好", reference="m-1")
    second = gateway(provider).send(phone="13912345678", text="你好", reference="m-1")
    assert first == second
    assert provider.sends == 1


@pytest.mark.parametrize("status", [500, 502, 503, 429, 408])
def test_server_errors_and_throttling_are_retryable(provider, status):
    provider.statuses.append(status)
    with pytest.raises(RetryableProviderError):
        gateway(provider).send(phone="13912345678", text="x", reference="m-1")


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_client_errors_are_permanent(provider, status):
    provider.statuses.append(status)
    with pytest.raises(PermanentProviderError):
        gateway(provider).send(phone="13912345678", text="x", reference="m-1")


def test_a_timeout_is_retryable_and_the_resend_is_not_sent_twice(provider):
    provider.timeout_rate = 1.0
    with pytest.raises(RetryableProviderError, match="timeout"):
        gateway(provider).send(phone="13912345678", text="x", reference="m-1")
    provider.timeout_rate = 0.0
    assert gateway(provider).send(phone="13912345678", text="x", reference="m-1") == "msg-1"
    assert provider.sends == 1


def test_a_refused_connection_is_retryable():
    closed = HttpSmsGateway(url="http://127.0.0.1:9/sms", token="t", timeout=0.5)
    with pytest.raises(RetryableProviderError, match="connection"):
        closed.send(phone="13912345678", text="x")


def test_an_answer_without_a_message_id_is_permanent(provider, monkeypatch):
    # A provider answering 200 without a message id cannot be trusted to have sent.
    monkeypatch.setattr(provider, "_decide", lambda reference: (200, None, False))
    with pytest.raises(PermanentProviderError, match="unreadable"):
        gateway(provider).send(phone="13912345678", text="x")


def test_one_connection_carries_many_messages(provider):
    sender = gateway(provider)
    for index in range(5):
        sender.send(phone="13912345678", text="x", reference=f"m-{index}")
    gateway(provider).send(phone="13912345678", text="x", reference="m-5")
    assert provider.sends == 6
    assert provider.connections == 1


def test_a_kept_connection_the_provider_closed_is_replaced_without_a_second_send(provider):
    gateway(provider).send(phone="13912345678", text="x", reference="m-1")
    provider.close_connections()
    assert gateway(provider).send(phone="13912345678", text="y", reference="m-2") == "msg-2"
    assert provider.sends == 2
    assert provider.connections == 2


def test_an_error_answer_keeps_the_connection_usable(provider):
    provider.statuses.append(500)
    with pytest.raises(RetryableProviderError):
        gateway(provider).send(phone="13912345678", text="x", reference="m-1")
    assert gateway(provider).send(phone="13912345678", text="x", reference="m-1") == "msg-1"
    assert provider.connections == 1
