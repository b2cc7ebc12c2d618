"""Insurers as the operators see them: which are reached online and where (never the
secret), the callback address, and each insurer's claims by status."""

import pytest

from jiaoguan.gateways.insurer.http import Endpoint, HttpInsurerGateway
from tests.accidents import claim_factories
from tests.accidents.test_determination import officer_client
from tests.identity.factories import make_officer

pytestmark = pytest.mark.django_db


def test_the_operator_sees_each_insurer_and_its_claims(settings):
    claim_factories.agreed()  # two PICC claims, queued
    operator = make_officer(permissions=("accidents.view_claim",))
    page = officer_client(operator).get("/backoffice/accidents/insurers/").content.decode()
    assert 'data-insurer="PICC"' in page
    assert "/api/v1/accidents/claims/events/sandbox" in page
    picc = page.split('data-insurer="PICC"')[1].split("</tr>")[0]
    assert "<td>2</td>" in picc  # both parties' claims


def test_the_endpoint_host_is_shown_and_the_secret_never(settings, monkeypatch):
    settings.JIAOGUAN_INSURER_PROVIDER = "http"
    settings.JIAOGUAN_INSURER_HTTP_ENDPOINTS = ["PAIC=https://claims.paic.example/api"]
    settings.JIAOGUAN_INSURER_HTTP_SECRETS = ["PAIC=s3cr3t-never-shown"]
    assert HttpInsurerGateway().endpoint_of("PAIC") == Endpoint(
        "https://claims.paic.example/api", "s3cr3t-never-shown"
    )
    operator = make_officer(permissions=("accidents.view_claim",))
    page = officer_client(operator).get("/backoffice/accidents/insurers/").content.decode()
    paic = page.split('data-insurer="PAIC"')[1].split("</tr>")[0]
    assert "claims.paic.example" in paic
    assert "已对接" in paic
    assert "到保险公司办理" in page.split('data-insurer="PICC"')[1].split("</tr>")[0]
    assert "s3cr3t" not in page


def test_an_officer_without_the_permission_is_refused():
    officer = make_officer(permissions=("accidents.determine_accident",))
    assert officer_client(officer).get("/backoffice/accidents/insurers/").status_code == 403
