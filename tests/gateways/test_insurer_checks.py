"""Production refuses the sandbox insurer as a provider."""

import pytest

from jiaoguan.gateways.insurer import get_insurer_gateway
from jiaoguan.gateways.insurer.checks import insurer_errors


@pytest.fixture
def production(settings):
    settings.JIAOGUAN_DEPLOYMENT = "production"
    settings.JIAOGUAN_INSURER_SANDBOX_ENABLED = False
    settings.JIAOGUAN_INSURER_HTTP_SECRETS = ["PICC=s3cret"]
    return settings


def ids() -> list[str]:
    return [message.id for message in insurer_errors()]


def test_production_without_the_sandbox_passes(production):
    assert ids() == []


def test_production_refuses_the_sandbox(production):
    production.JIAOGUAN_INSURER_SANDBOX_ENABLED = True
    assert ids() == ["jiaoguan.E022"]


def test_the_sandbox_is_no_provider_where_it_is_disabled(production):
    assert get_insurer_gateway("sandbox", urls={"PICC": ""}) is None
    assert get_insurer_gateway("nobody", urls={"PICC": ""}) is None
    found = get_insurer_gateway("http", urls={"PICC": "https://claims.picc.example/v1/"})
    assert found is not None
    assert found.supports("PICC")
    assert not get_insurer_gateway("http", urls={"CPIC": "https://cpic.example"}).supports("CPIC")
