"""A fine is paid through the providers the deployment enables (``PAYMENTS_PROVIDERS``): the
only one without asking, the payer's choice when there are several, and a clear refusal
(Chinese and English) of a provider not enabled — in the service, the API and the portal."""

from pathlib import Path

import pytest
from django.utils import translation

from jiaoguan.core.errors import ApplicationError
from jiaoguan.identity.services import api_token_issue
from jiaoguan.payments.models import PaymentOrder
from jiaoguan.violations.services import fine_payment_start, violation_handle
from tests.drivers.factories import make_license
from tests.identity.factories import make_citizen, make_person
from tests.vehicles.factories import make_vehicle
from tests.violations.factories import make_entered_record

pytestmark = pytest.mark.django_db

ALIPAY_KEYS = Path(__file__).parent.parent / "payments" / "fixtures" / "alipay"


@pytest.fixture
def owner():
    person = make_person()
    make_license(person=person)
    return make_citizen(person=person)


@pytest.fixture
def alipay_and_sandbox(settings):
    """Two providers enabled, Alipay first (with the throw-away keys of its recorded tests)."""
    settings.JIAOGUAN_PAYMENTS_PROVIDERS = ["alipay", "sandbox"]
    settings.ALIPAY_APP_ID = "2021000000000001"
    settings.ALIPAY_SELLER_ID = "2088000000000001"
    settings.ALIPAY_PRIVATE_KEY = (ALIPAY_KEYS / "app_private_key.pem").read_text()
    settings.ALIPAY_PUBLIC_KEY = (ALIPAY_KEYS / "alipay_public_key.pem").read_text()
    return settings


def decision_of(owner):
    record = make_entered_record(make_vehicle(owner=owner.person))
    return violation_handle(actor=owner, record_id=record.pk)


def refusal(**arguments) -> ApplicationError:
    with pytest.raises(ApplicationError) as caught:
        fine_payment_start(return_url="/me/", **arguments)
    return caught.value


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(user=user)}"}


# --- The service ----------------------------------------------------------------------------


def test_with_one_provider_enabled_the_fine_goes_through_it_unasked(owner, settings):
    settings.JIAOGUAN_PAYMENTS_PROVIDERS = ["alipay"]
    settings.ALIPAY_APP_ID = "2021000000000001"
    settings.ALIPAY_PRIVATE_KEY = (ALIPAY_KEYS / "app_private_key.pem").read_text()
    decision = decision_of(owner)
    start = fine_payment_start(actor=owner, number=decision.number, return_url="/me/")
    assert start.order.provider == "alipay"
    assert start.pay_url.startswith(settings.ALIPAY_GATEWAY_URL)


def test_with_several_enabled_the_payer_chooses(owner, alipay_and_sandbox):
    decision = decision_of(owner)
    start = fine_payment_start(
        actor=owner, number=decision.number, return_url="/me/", provider="sandbox"
    )
    assert start.order.provider == "sandbox"
    again = fine_payment_start(
        actor=owner, number=decision.number, return_url="/me/", provider="alipay"
    )
    assert again.order.provider == "alipay"
    assert list(PaymentOrder.objects.values_list("provider", "status").order_by("pk")) == [
        ("sandbox", "closed"),
        ("alipay", "open"),
    ]


def test_with_several_enabled_a_payer_who_names_none_is_asked_to_choose(owner, alipay_and_sandbox):
    decision = decision_of(owner)
    error = refusal(actor=owner, number=decision.number)
    assert (error.code, error.status) == ("payments.provider.required", 422)
    assert "alipay、sandbox" in str(error.message)
    assert not PaymentOrder.objects.exists()


def test_a_provider_not_enabled_is_refused_clearly_in_chinese_and_english(owner, settings):
    settings.JIAOGUAN_PAYMENTS_PROVIDERS = ["sandbox"]
    decision = decision_of(owner)
    error = refusal(actor=owner, number=decision.number, provider="alipay")
    assert (error.code, error.status) == ("payments.provider.unavailable", 422)
    assert str(error.message) == "支付渠道“alipay”未在本平台启用，可选的渠道：sandbox。"
    assert "provider" in error.fields
    with translation.override("en"):
        english = refusal(actor=owner, number=decision.number, provider="wechat")
        assert str(english.message) == (
            "The payment provider “wechat” is not enabled here; the providers you may use: sandbox."
        )
    assert not PaymentOrder.objects.exists()


def test_with_no_provider_enabled_nothing_is_opened(owner, settings):
    settings.JIAOGUAN_PAYMENTS_PROVIDERS = []
    decision = decision_of(owner)
    assert refusal(actor=owner, number=decision.number).code == "payments.provider.unavailable"


# --- The API --------------------------------------------------------------------------------


def test_the_api_lists_the_providers_and_takes_the_choice(client, owner, alipay_and_sandbox):
    decision = decision_of(owner)
    auth = bearer(owner)
    shown = client.get(f"/api/v1/me/decisions/{decision.number}", **auth).json()
    assert shown["pay_providers"] == ["alipay", "sandbox"]
    url = f"/api/v1/me/decisions/{decision.number}/pay"
    unnamed = client.post(url, {}, content_type="application/json", **auth)
    assert unnamed.status_code == 422
    assert unnamed.json()["code"] == "payments.provider.required"
    chosen = client.post(url, {"provider": "sandbox"}, content_type="application/json", **auth)
    assert chosen.status_code == 201
    assert "/sandbox-pay/" in chosen.json()["pay_url"]
    assert PaymentOrder.objects.get(status="open").provider == "sandbox"


def test_the_api_refuses_a_provider_not_enabled(client, owner):
    decision = decision_of(owner)
    answer = client.post(
        f"/api/v1/me/decisions/{decision.number}/pay",
        {"provider": "alipay"},
        content_type="application/json",
        **bearer(owner),
    )
    assert answer.status_code == 422
    assert answer.json()["code"] == "payments.provider.unavailable"
    assert "alipay" in answer.json()["message"]


# --- The portal -----------------------------------------------------------------------------


def test_the_pay_page_offers_no_choice_with_one_provider(client, owner):
    client.force_login(owner)
    decision = decision_of(owner)
    page = client.get(f"/me/decisions/{decision.number}/").content.decode()
    assert "网上缴纳罚款" in page
    assert 'id="pay-providers"' not in page
    answer = client.post(f"/me/decisions/{decision.number}/pay/")
    assert answer.status_code == 302
    assert "/sandbox-pay/" in answer.url


def test_the_pay_page_lets_the_payer_choose_among_several(client, owner, alipay_and_sandbox):
    client.force_login(owner)
    decision = decision_of(owner)
    page = client.get(f"/me/decisions/{decision.number}/").content.decode()
    assert 'id="pay-providers"' in page
    assert 'value="alipay"' in page
    assert 'value="sandbox"' in page
    assert "支付宝" in page
    answer = client.post(f"/me/decisions/{decision.number}/pay/", {"provider": "alipay"})
    assert answer.status_code == 302
    assert answer.url.startswith(alipay_and_sandbox.ALIPAY_GATEWAY_URL)
    refused = client.post(
        f"/me/decisions/{decision.number}/pay/", {"provider": "wechat"}, follow=True
    )
    assert "支付渠道“wechat”未在本平台启用" in refused.content.decode()
