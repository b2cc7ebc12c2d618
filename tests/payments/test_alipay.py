"""The Alipay adapter against recorded messages (tests/payments/fixtures/alipay, made by its
make_fixtures.py with throw-away keys). No network: calls go to a recording transport."""

import base64
import json
import urllib.parse
from datetime import date, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from freezegun import freeze_time

from jiaoguan.core import clock
from jiaoguan.core.money import Money
from jiaoguan.gateways.errors import PermanentProviderError, RetryableProviderError
from jiaoguan.gateways.payment import signing
from jiaoguan.gateways.payment.alipay import AlipayGateway, raw_json_value
from jiaoguan.gateways.payment.base import CallbackInvalid, PaymentRequest, TradeStatus
from jiaoguan.identity.actors import system_actor
from jiaoguan.payments import services
from jiaoguan.payments.models import PaymentCallback, PaymentOrder
from tests.payments.factories import PURPOSE, next_reference

SYSTEM = system_actor("test")

FIXTURES = Path(__file__).parent / "fixtures" / "alipay"
APP_ID = "2021000000000001"
SELLER_ID = "2088000000000001"


@pytest.fixture(autouse=True)
def _site_host(settings):
    """The recorded messages were made for the site on jg.example.gov.cn."""
    settings.JIAOGUAN_RETURN_URL_HOSTS = ["jg.example.gov.cn"]


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text().strip()


def form(name: str) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(fixture(name), keep_blank_values=True))


class Recorder:
    """A transport that answers with recorded bodies, in order, and keeps the requests."""

    def __init__(self, *answers: bytes) -> None:
        self.answers = list(answers)
        self.requests: list[tuple[str, dict[str, str] | None]] = []

    def __call__(self, url: str, data: bytes | None, timeout: float) -> bytes:
        sent = dict(urllib.parse.parse_qsl(data.decode())) if data is not None else None
        self.requests.append((url, sent))
        return self.answers.pop(0)


def gateway(*answers: bytes, **overrides) -> tuple[AlipayGateway, Recorder]:
    recorder = Recorder(*answers)
    arguments = {
        "app_id": APP_ID,
        "private_key": fixture("app_private_key.pem"),
        "alipay_public_key": fixture("alipay_public_key.pem"),
        "seller_id": SELLER_ID,
        "gateway_url": "https://openapi.alipay.com/gateway.do",
        "transport": recorder,
        **overrides,
    }
    return AlipayGateway(**arguments), recorder


def app_signature_valid(params: dict[str, str]) -> bool:
    """Check our request signature independently, as Alipay would, with our public key."""
    public_key = signing.load_public_key(fixture("app_public_key.pem"))
    message = "&".join(
        f"{name}={value}" for name, value in sorted(params.items()) if name != "sign" and value
    )
    try:
        public_key.verify(
            base64.b64decode(params["sign"]), message.encode(), padding.PKCS1v15(), hashes.SHA256()
        )
    except Exception:
        return False
    return True


@freeze_time("2026-11-21 01:58:00")  # 09:58 in Beijing
def test_page_pay_url_is_signed_with_the_common_parameters():
    alipay, _ = gateway()
    url = alipay.create(
        PaymentRequest(
            order_number="JG261121A1B2C3D4E5F60718",
            amount_fen=20000,
            subject="交通违法罚款 决定书3201022026000123",
            return_url="https://jg.example.gov.cn/me/fines/",
            notify_url="https://jg.example.gov.cn/api/v1/payments/notify/alipay",
        )
    )
    assert url.startswith("https://openapi.alipay.com/gateway.do?")
    params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
    assert params["method"] == "alipay.trade.page.pay"
    assert params["app_id"] == APP_ID
    assert (params["format"], params["charset"], params["sign_type"], params["version"]) == (
        "JSON",
        "utf-8",
        "RSA2",
        "1.0",
    )
    assert params["timestamp"] == "2026-11-21 09:58:00"
    assert params["notify_url"].endswith("/notify/alipay")
    assert json.loads(params["biz_content"]) == {
        "out_trade_no": "JG261121A1B2C3D4E5F60718",
        "product_code": "FAST_INSTANT_TRADE_PAY",
        "total_amount": "200.00",
        "subject": "交通违法罚款 决定书3201022026000123",
    }
    assert app_signature_valid(params)
    params["biz_content"] = params["biz_content"].replace("200.00", "2.00")
    assert not app_signature_valid(params)


def test_recorded_success_notification_verifies():
    alipay, _ = gateway()
    note = alipay.verify_callback(form("notify_trade_success.form"))
    assert note.order_number == "JG261121A1B2C3D4E5F60718"
    assert note.provider_reference == "2026112122001400000000000001"
    assert note.amount_fen == 20000
    assert note.status == TradeStatus.PAID
    assert note.raw_status == "TRADE_SUCCESS"
    assert note.paid_at == datetime(2026, 11, 21, 9, 58, 20, tzinfo=clock.TIMEZONE)


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("notify_trade_finished.form", TradeStatus.PAID),
        ("notify_wait_buyer_pay.form", TradeStatus.PENDING),
    ],
)
def test_recorded_notifications_map_trade_status(name, status):
    alipay, _ = gateway()
    assert alipay.verify_callback(form(name)).status == status


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("total_amount", "0.01"),
        ("out_trade_no", "JG261121FFFFFFFFFFFFFFFF"),
        ("trade_status", "TRADE_SUCCESS "),
        ("seller_id", "2088999999999999"),
    ],
)
def test_tampered_notification_fails_verification(field, value):
    alipay, _ = gateway()
    params = form("notify_trade_success.form")
    params[field] = value
    with pytest.raises(CallbackInvalid) as invalid:
        alipay.verify_callback(params)
    assert invalid.value.reason == "signature_invalid"


def test_notification_signed_with_another_key_fails_verification():
    alipay, _ = gateway()
    params = form("notify_trade_success.form")
    forger = signing.load_private_key(fixture("app_private_key.pem"))
    canonical = signing.canonical_string(params, exclude=("sign", "sign_type"))
    params["sign"] = signing.rsa2_sign(forger, canonical)
    with pytest.raises(CallbackInvalid):
        alipay.verify_callback(params)


def test_notification_verified_with_the_wrong_public_key_fails():
    alipay, _ = gateway(alipay_public_key=fixture("app_public_key.pem"))
    with pytest.raises(CallbackInvalid):
        alipay.verify_callback(form("notify_trade_success.form"))


def test_sign_type_is_left_out_of_the_signed_string_but_must_be_rsa2():
    alipay, _ = gateway()
    params = form("notify_trade_success.form")
    params["sign_type"] = "RSA"
    with pytest.raises(CallbackInvalid) as invalid:
        alipay.verify_callback(params)
    assert invalid.value.reason == "sign_type"


def test_notification_for_another_app_is_refused():
    alipay, _ = gateway(app_id="2021000000000999")
    with pytest.raises(CallbackInvalid) as invalid:
        alipay.verify_callback(form("notify_trade_success.form"))
    assert invalid.value.reason == "app_id"


def test_garbled_signature_is_refused_not_raised():
    alipay, _ = gateway()
    params = form("notify_trade_success.form")
    params["sign"] = "not base64 at all!"
    with pytest.raises(CallbackInvalid):
        alipay.verify_callback(params)


def test_query_builds_a_signed_request_and_reads_the_recorded_answer():
    alipay, recorder = gateway(fixture("query_response.json").encode())
    result = alipay.query(order_number="JG261121A1B2C3D4E5F60718")
    assert result.status == TradeStatus.PAID
    assert result.amount_fen == 20000
    assert result.provider_reference == "2026112122001400000000000001"
    url, sent = recorder.requests[0]
    assert url == "https://openapi.alipay.com/gateway.do"
    assert sent["method"] == "alipay.trade.query"
    assert json.loads(sent["biz_content"]) == {"out_trade_no": "JG261121A1B2C3D4E5F60718"}
    assert app_signature_valid(sent)


def test_query_of_an_unknown_trade_is_unknown():
    alipay, _ = gateway(fixture("query_not_exist.json").encode())
    assert alipay.query(order_number="JG261121FFFFFFFFFFFFFFFF").status == TradeStatus.UNKNOWN


def test_query_answer_with_a_tampered_body_is_refused():
    tampered = fixture("query_response.json").replace(
        '"total_amount":"200.00"', '"total_amount":"2.00"'
    )
    alipay, _ = gateway(tampered.encode())
    with pytest.raises(PermanentProviderError):
        alipay.query(order_number="JG261121A1B2C3D4E5F60718")


def test_refund_request_and_recorded_answer():
    alipay, recorder = gateway(fixture("refund_response.json").encode())
    result = alipay.refund(
        order_number="JG261121B2C3D4E5F6071829",
        provider_reference="2026112122001400000000000002",
        amount_fen=15000,
        refund_number="RFJG261121B2C3D4E5F6071829",
        reason="paid_twice",
    )
    assert result.refunded_fen == 15000
    assert result.refunded_at == datetime(2026, 11, 21, 11, 30, tzinfo=clock.TIMEZONE)
    _, sent = recorder.requests[0]
    assert sent["method"] == "alipay.trade.refund"
    assert json.loads(sent["biz_content"]) == {
        "out_trade_no": "JG261121B2C3D4E5F6071829",
        "refund_amount": "150.00",
        "out_request_no": "RFJG261121B2C3D4E5F6071829",
        "refund_reason": "paid_twice",
        "trade_no": "2026112122001400000000000002",
    }
    assert app_signature_valid(sent)


def test_refund_errors_are_sorted_into_retryable_and_permanent():
    alipay, _ = gateway(
        fixture("refund_system_error.json").encode(), fixture("refund_not_enough.json").encode()
    )
    arguments = {
        "order_number": "JG1",
        "provider_reference": "",
        "amount_fen": 100,
        "refund_number": "RF1",
        "reason": "x",
    }
    with pytest.raises(RetryableProviderError):
        alipay.refund(**arguments)
    with pytest.raises(PermanentProviderError):
        alipay.refund(**arguments)


def test_statement_downloads_and_reads_the_recorded_bill():
    alipay, recorder = gateway(
        fixture("bill_downloadurl_response.json").encode(),
        (FIXTURES / "bill_20261121.zip").read_bytes(),
    )
    lines = alipay.statement(day=date(2026, 11, 21))
    assert [(line.kind, line.order_number, line.amount_fen) for line in lines] == [
        ("payment", "JG261121A1B2C3D4E5F60718", 20000),
        ("payment", "JG261121B2C3D4E5F6071829", 15000),
        ("refund", "JG261121B2C3D4E5F6071829", 15000),
    ]
    assert lines[2].refund_number == "RFJG261121B2C3D4E5F6071829"
    assert lines[0].provider_reference == "2026112122001400000000000001"
    assert json.loads(recorder.requests[0][1]["biz_content"]) == {
        "bill_type": "trade",
        "bill_date": "2026-11-21",
    }
    assert recorder.requests[1] == (
        "https://dwbillcenter.example.com/downloadBillFile.resource?bizType=trade&fileId=TEST&timestamp=1795708800",
        None,
    )


def test_raw_json_value_keeps_the_exact_text():
    text = '{"a_response":{"x":"}{\\"","y":{"z":1}},"sign":"s"}'
    assert raw_json_value(text, "a_response") == '{"x":"}{\\"","y":{"z":1}}'
    assert raw_json_value(text, "missing") is None


def test_unconfigured_gateway_refuses_to_sign():
    alipay = AlipayGateway(app_id="", private_key="", alipay_public_key="", seller_id="")
    with pytest.raises(PermanentProviderError):
        alipay.query(order_number="JG1")


@pytest.mark.django_db
def test_recorded_notification_credits_an_order_through_the_callback_endpoint(
    client, settings, receiver
):
    settings.JIAOGUAN_PAYMENTS_PROVIDERS = ["sandbox", "alipay"]
    settings.ALIPAY_APP_ID = APP_ID
    settings.ALIPAY_SELLER_ID = SELLER_ID
    settings.ALIPAY_PRIVATE_KEY = fixture("app_private_key.pem")
    settings.ALIPAY_PUBLIC_KEY = fixture("alipay_public_key.pem")
    start = services.payment_order_open(
        actor=None,
        purpose=PURPOSE,
        reference=next_reference(),
        amount=Money(20000),
        payer_person_id=None,
        subject="交通违法罚款",
        return_url="https://jg.example.gov.cn/me/",
        provider="alipay",
    )
    assert start.pay_url.startswith(settings.ALIPAY_GATEWAY_URL)
    PaymentOrder.objects.filter(pk=start.order.pk).update(number="JG261121A1B2C3D4E5F60718")
    body = fixture("notify_trade_success.form")
    for _ in range(2):  # Alipay sends again when unsure; credited once
        response = client.post(
            "/api/v1/payments/notify/alipay", body, content_type="application/x-www-form-urlencoded"
        )
        assert (response.status_code, response.content) == (200, b"success")
    order = PaymentOrder.objects.get(pk=start.order.pk)
    assert order.status == "paid"
    assert order.provider_reference == "2026112122001400000000000001"
    assert receiver.credited == [order.number]
    tampered = body.replace("total_amount=200.00", "total_amount=0.01")
    response = client.post(
        "/api/v1/payments/notify/alipay", tampered, content_type="application/x-www-form-urlencoded"
    )
    assert (response.status_code, response.content) == (400, b"failure")
    assert PaymentCallback.objects.filter(outcome="rejected").count() == 1


@pytest.mark.django_db
def test_recorded_bill_reconciles_with_our_orders(settings, monkeypatch):
    from jiaoguan.gateways.payment import alipay as alipay_module
    from jiaoguan.payments.models import Refund

    settings.JIAOGUAN_PAYMENTS_PROVIDERS = ["alipay"]
    settings.ALIPAY_APP_ID = APP_ID
    settings.ALIPAY_PRIVATE_KEY = fixture("app_private_key.pem")
    settings.ALIPAY_PUBLIC_KEY = fixture("alipay_public_key.pem")
    recorder = Recorder(
        fixture("bill_downloadurl_response.json").encode(),
        (FIXTURES / "bill_20261121.zip").read_bytes(),
    )
    monkeypatch.setattr(alipay_module, "_http", recorder)
    at = datetime(2026, 11, 21, 9, 58, 20, tzinfo=clock.TIMEZONE)
    common = {"purpose": PURPOSE, "subject": "罚款", "provider": "alipay", "created_at": at}
    PaymentOrder.objects.create(
        number="JG261121A1B2C3D4E5F60718",
        reference="R1",
        amount_fen=20000,
        status="paid",
        provider_reference="2026112122001400000000000001",
        paid_at=at,
        **common,
    )
    twice = PaymentOrder.objects.create(
        number="JG261121B2C3D4E5F6071829",
        reference="R2",
        amount_fen=15000,
        status="refunded",
        provider_reference="2026112122001400000000000002",
        paid_at=at.replace(hour=10, minute=5, second=9),
        **common,
    )
    Refund.objects.create(
        order=twice,
        number="RFJG261121B2C3D4E5F6071829",
        amount_fen=15000,
        reason="paid_twice",
        status="succeeded",
        created_at=at,
        not_before=at,
        refunded_at=at.replace(hour=11, minute=30, second=0),
    )
    run = services.reconciliation_run(actor=SYSTEM, day=date(2026, 11, 21), provider="alipay")
    assert (run.status, run.statement_lines, run.matched, run.differences_count) == (
        "finished",
        3,
        3,
        0,
    )
