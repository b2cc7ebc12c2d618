"""Insurers as organisations: an officer keeps each insurer's record (its organisation of
kind insurer, short names, whether it takes claims online, its provider and claim interface),
audited; claims route by the record, and a change in the back office changes where the next
filing goes."""

import json

import pytest

from jiaoguan.accidents import insurers
from jiaoguan.accidents.models import Claim, Insurer
from jiaoguan.audit.models import AuditEvent
from jiaoguan.core.errors import ApplicationError, PermissionDenied
from jiaoguan.delivery import engine as delivery
from jiaoguan.demo.insurers import demo_credit_code
from jiaoguan.gateways.insurer import http
from jiaoguan.identity.models import Organization
from tests.accidents import claim_factories
from tests.identity.factories import make_officer

pytestmark = pytest.mark.django_db

MANAGER = ("accidents.view_insurer", "accidents.add_insurer", "accidents.change_insurer")
URL = "https://claims.mutual.example/jiaoguan/v1"


def _new(officer, **fields):
    values = {
        "code": "MUTU",
        "names": "互助财险、互助保险",
        "claims_online": True,
        "provider": "http",
        "endpoint_url": URL,
        "name": "某某互助财产保险股份有限公司",
        "credit_code": demo_credit_code(90),
        "region_code": "320100",
        **fields,
    }
    return insurers.insurer_save(actor=officer, **values)


def test_an_officer_adds_an_insurer_as_an_organisation_and_it_is_audited():
    officer = make_officer(permissions=MANAGER)
    insurer = _new(officer)
    organization = Organization.objects.get(pk=insurer.organization_id)
    assert (organization.kind, organization.name) == ("insurer", "某某互助财产保险股份有限公司")
    assert insurer.names == ["互助财险", "互助保险"]
    assert (insurer.code, insurer.provider, insurer.endpoint_url) == ("MUTU", "http", URL)
    assert insurer.updated_by_id == officer.pk
    created = AuditEvent.objects.get(action="accidents.insurer.created")
    assert created.data["after"]["endpoint_url"] == URL
    assert insurers.insurer_of_name("互助财险江苏分公司") == insurer


def test_a_change_is_audited_with_the_values_before_and_after():
    officer = make_officer(permissions=MANAGER)
    insurer = _new(officer)
    insurers.insurer_save(
        actor=officer, insurer_id=insurer.pk, code="MUTU", names=["互助财险"],
        claims_online=False, provider="", endpoint_url="",
    )  # fmt: skip
    changed = AuditEvent.objects.get(action="accidents.insurer.changed")
    assert changed.data["before"]["claims_online"] is True
    assert changed.data["before"]["endpoint_url"] == URL
    assert changed.data["after"] == {
        "code": "MUTU", "names": ["互助财险"], "claims_online": False, "provider": "",
        "endpoint_url": "",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"code": "人保"}, "accidents.insurer.code"),
        ({"provider": "fax"}, "accidents.insurer.provider"),
        ({"provider": ""}, "accidents.insurer.provider"),  # online needs a provider
        ({"endpoint_url": ""}, "accidents.insurer.endpoint_url"),  # http needs its URL
        ({"endpoint_url": "http://claims.mutual.example"}, "accidents.insurer.endpoint_url"),
        ({"credit_code": "91320100MA00000000"}, "accidents.insurer.credit_code"),
        ({"region_code": "32"}, "accidents.insurer.region_code"),
        ({"name": " "}, "accidents.insurer.name"),
    ],
)
def test_a_malformed_record_is_refused_with_its_field(fields, code):
    with pytest.raises(ApplicationError) as refused:
        _new(make_officer(permissions=MANAGER), **fields)
    assert refused.value.code == code
    assert not Insurer.objects.exists()


def test_the_sandbox_is_refused_where_it_is_not_enabled(settings):
    settings.JIAOGUAN_INSURER_SANDBOX_ENABLED = False
    with pytest.raises(ApplicationError) as refused:
        _new(make_officer(permissions=MANAGER), provider="sandbox", endpoint_url="")
    assert refused.value.code == "accidents.insurer.provider"


def test_a_taken_code_or_an_organisation_of_another_kind_is_refused():
    officer = make_officer(permissions=MANAGER)
    _new(officer)
    with pytest.raises(ApplicationError) as taken:
        _new(officer, credit_code=demo_credit_code(91))
    assert taken.value.code == "accidents.insurer.code_taken"
    Organization.objects.create(
        name="某运输公司", credit_code=demo_credit_code(92), kind="transport_company",
        region_code="320100",
    )  # fmt: skip
    with pytest.raises(ApplicationError) as other:
        _new(officer, code="OTHR", credit_code=demo_credit_code(92))
    assert other.value.code == "accidents.insurer.organization_kind"


def test_an_officer_without_the_permission_is_refused():
    with pytest.raises(PermissionDenied):
        _new(make_officer(permissions=("accidents.view_insurer",)))
    assert not AuditEvent.objects.filter(action__startswith="accidents.insurer").exists()


@pytest.fixture
def insurer_http(settings, monkeypatch):
    """The ``http`` provider's calls, answered as an insurer that takes the filing."""
    settings.JIAOGUAN_INSURER_HTTP_SECRETS = ["MUTU=mutual-secret"]
    sent: list[tuple[str, dict]] = []

    def transport(timeout):
        def post(url, body, headers):
            payload = json.loads(body)
            sent.append((url, payload))
            return 200, json.dumps({"reference": payload["reference"]})

        return post

    monkeypatch.setattr(http, "urllib_transport", transport)
    return sent


def test_a_claim_is_filed_where_the_insurers_record_says(
    insurer_http, django_capture_on_commit_callbacks
):
    officer = make_officer(permissions=MANAGER)
    insurer = _new(officer)
    accident = claim_factories.agreed(django_capture_on_commit_callbacks, insurer="互助财险")
    claim = Claim.objects.get(accident=accident, party__role="b")
    assert (claim.insurer, claim.provider, claim.status) == (insurer, "http", "filed")
    [(url, payload)] = insurer_http
    assert url == URL + "/claims"
    assert payload["reference"] == str(claim.reference)
    assert payload["insurer"] == "MUTU"
    # the officer moves the insurer's interface: the next claim goes there
    insurers.insurer_save(
        actor=officer, insurer_id=insurer.pk, code="MUTU", names=insurer.names,
        claims_online=True, provider="http", endpoint_url="https://new.mutual.example/v2",
    )  # fmt: skip
    claim_factories.agreed(django_capture_on_commit_callbacks, insurer="互助财险")
    assert insurer_http[-1][0] == "https://new.mutual.example/v2/claims"


def test_an_http_insurer_without_its_secret_is_claimed_at_the_counter(
    insurer_http, settings, django_capture_on_commit_callbacks
):
    settings.JIAOGUAN_INSURER_HTTP_SECRETS = []
    _new(make_officer(permissions=MANAGER))
    accident = claim_factories.agreed(django_capture_on_commit_callbacks, insurer="互助财险")
    claim = Claim.objects.get(accident=accident, party__role="b")
    assert (claim.status, claim.insurer_code) == ("offline", "MUTU")
    assert insurer_http == []
    [row] = [r for r in insurers.insurers_overview(actor=make_officer(
        username="jc0010", permissions=MANAGER)) if r.code == "MUTU"]  # fmt: skip
    assert (row.secret_missing, row.online_now, row.host) == (
        True, False, "claims.mutual.example"
    )  # fmt: skip


def test_a_queued_filing_follows_the_record_when_it_goes(
    insurer_http, django_capture_on_commit_callbacks
):
    """Switched to another provider after the claim was queued: the filing fails (the
    parties claim at the counter) instead of going where the record no longer says."""
    officer = make_officer(permissions=MANAGER)
    insurer = _new(officer)
    accident = claim_factories.agreed(None, insurer="互助财险")  # queued, not yet sent
    claim = Claim.objects.get(accident=accident, party__role="b")
    assert claim.status == "queued"
    Insurer.objects.filter(pk=insurer.pk).update(provider="sandbox", endpoint_url="")
    assert delivery.deliver_one("accidents.claim_filing", claim.pk).status == "failed"
    assert insurer_http == []
