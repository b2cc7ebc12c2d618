"""Production refuses the sandbox courier and Kuaidi100 without its credentials."""

import pytest

from jiaoguan.gateways.postal.checks import postal_errors


@pytest.fixture
def production(settings):
    settings.JIAOGUAN_DEPLOYMENT = "production"
    settings.JIAOGUAN_POSTAL_PROVIDER = "kuaidi100"
    settings.KUAIDI100_KEY = settings.KUAIDI100_SECRET = settings.KUAIDI100_SALT = "x"
    return settings


def ids() -> list[str]:
    return [message.id for message in postal_errors()]


def test_kuaidi100_with_its_credentials_passes(production):
    assert ids() == []


@pytest.mark.parametrize("provider", ["sandbox", "nobody"])
def test_production_refuses_a_courier_that_carries_nothing(production, provider):
    production.JIAOGUAN_POSTAL_PROVIDER = provider
    assert ids() == ["jiaoguan.E020"]


def test_production_refuses_kuaidi100_without_its_salt(production):
    production.KUAIDI100_SALT = ""
    assert ids() == ["jiaoguan.E021"]


def test_the_embedded_default_may_use_the_sandbox(settings):
    settings.JIAOGUAN_DEPLOYMENT = "embedded"
    settings.JIAOGUAN_POSTAL_PROVIDER = "sandbox"
    assert ids() == []


def test_production_without_a_courier_offers_no_postal_delivery_and_passes(production):
    production.JIAOGUAN_POSTAL_PROVIDER = ""
    assert ids() == []
