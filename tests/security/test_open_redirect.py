"""The pay page's return address: same-site paths (or configured hosts) only (issue 12)."""

import pytest

from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.money import Money
from jiaoguan.gateways.models import SandboxTrade
from jiaoguan.payments.models import PaymentOrder
from jiaoguan.payments.services import payment_order_open
from tests.api.test_violations_me import bearer
from tests.drivers.factories import make_license
from tests.identity.factories import make_citizen, make_person
from tests.vehicles.factories import make_vehicle
from tests.violations.factories import make_entered_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision(client):
    person = make_person()
    make_license(person=person)
    owner = make_citizen(person=person)
    record = make_entered_record(make_vehicle(owner=owner.person))
    auth = bearer(owner)
    number = client.post(f"/api/v1/me/violations/{record.pk}/handle", **auth).json()["number"]
    return number, auth


def _pay(client, decision, return_url):
    number, auth = decision
    return client.post(
        f"/api/v1/me/decisions/{number}/pay",
        {"return_url": return_url},
        content_type="application/json",
        **auth,
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "javascript:alert(1)",
        "http://testserver.evil.example/me/",
    ],
)
def test_an_off_site_return_url_is_refused_with_422(client, decision, url):
    answer = _pay(client, decision, url)
    assert answer.status_code == 422
    assert answer.json()["code"] == "core.return_url.invalid"
    assert "return_url" in answer.json()["fields"]
    assert not PaymentOrder.objects.exists()


def test_a_same_site_path_is_accepted_and_made_absolute(client, decision):
    answer = _pay(client, decision, "/me/decisions/")
    assert answer.status_code == 201
    assert PaymentOrder.objects.get().return_url == "http://testserver/me/decisions/"


def test_a_configured_host_is_accepted(client, decision, settings):
    settings.JIAOGUAN_RETURN_URL_HOSTS = ["app.jiaoguan.example"]
    answer = _pay(client, decision, "https://app.jiaoguan.example/paid")
    assert answer.status_code == 201


def test_the_payments_service_refuses_an_off_site_return_url():
    with pytest.raises(ApplicationError) as caught:
        payment_order_open(
            actor=None,
            purpose="test",
            reference="R1",
            amount=Money(100),
            payer_person_id=None,
            subject="x",
            return_url="https://evil.example/",
        )
    assert caught.value.code == "core.return_url.invalid"


def test_the_sandbox_page_never_redirects_off_site(client, decision):
    answer = _pay(client, decision, "/me/")
    pay_url = answer.json()["pay_url"]
    client.get(pay_url)
    trade = SandboxTrade.objects.get()
    # a trade stored with an off-site address (an old row, or a merchant bug)
    SandboxTrade.objects.filter(pk=trade.pk).update(return_url="https://evil.example/")
    done = client.post("/sandbox-pay/", {"out_trade_no": trade.out_trade_no, "action": "pay"})
    assert done.status_code == 200
    assert "evil.example" not in done.content.decode()


def test_the_alipay_adapter_passes_only_an_allowed_address(settings):
    from jiaoguan.gateways.payment.alipay import AlipayGateway
    from jiaoguan.gateways.payment.base import PaymentRequest

    gateway = AlipayGateway.__new__(AlipayGateway)
    params = {}

    def request_params(method, content, **extra):
        params.update(extra)
        return {}

    gateway.request_params = request_params
    gateway.gateway_url = "https://openapi.alipay.example/gateway.do"
    for url, passed in [
        ("https://evil.example/", ""),
        ("http://localhost/me/", "http://localhost/me/"),
    ]:
        gateway.create(
            PaymentRequest(
                order_number="1",
                amount_fen=1,
                subject="x",
                return_url=url,
                notify_url="http://localhost/n",
            )
        )
        assert params["return_url"] == passed
