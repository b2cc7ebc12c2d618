"""Production refuses the sandbox insurer, and the http provider with no insurer set up."""

import pytest

from jiaoguan.gateways.insurer.checks import insurer_errors


@pytest.fixture
def production(settings):
    settings.JIAOGUAN_DEPLOYMENT = "production"
    settings.JIAOGUAN_INSURER_PROVIDER = "http"
    settings.JIAOGUAN_INSURER_HTTP_ENDPOINTS = ["PICC=https://claims.picc.example/v1"]
    settings.JIAOGUAN_INSURER_HTTP_SECRETS = ["PICC=s3cret"]
    return settings


def ids() -> list[str]:
    return [message.id for message in insurer_errors()]


def test_http_with_an_insurer_passes(production):
    assert ids() == []


def test_no_provider_passes_the_parties_claim_at_the_counter(production):
    production.JIAOGUAN_INSURER_PROVIDER = ""
    assert ids() == []


@pytest.mark.parametrize("provider", ["sandbox", "nobody"])
def test_production_refuses_an_insurer_nobody_runs(production, provider):
    production.JIAOGUAN_INSURER_PROVIDER = provider
    assert ids() == ["jiaoguan.E022"]


def test_production_refuses_an_endpoint_without_its_secret(production):
    production.JIAOGUAN_INSURER_HTTP_SECRETS = ["CPIC=s3cret"]
    assert ids() == ["jiaoguan.E023"]
