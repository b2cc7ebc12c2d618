"""The insurers page of the back office: each insurer's record, how it is reached (the host,
never the secret), its claims; adding an insurer and changing its claim routing."""

import pytest

from jiaoguan.accidents.models import Insurer
from jiaoguan.audit.models import AuditEvent
from jiaoguan.demo.insurers import demo_credit_code
from tests.accidents import claim_factories
from tests.accidents.test_determination import officer_client
from tests.identity.factories import make_officer

pytestmark = pytest.mark.django_db
OPERATOR = (
    "accidents.view_insurer",
    "accidents.add_insurer",
    "accidents.change_insurer",
    "accidents.view_claim",
)


def _row(page: str, code: str) -> str:
    return page.split(f'data-insurer="{code}"')[1].split("</tr>")[0]


def test_the_operator_sees_each_insurer_and_its_claims():
    claim_factories.agreed()  # two PICC claims, queued
    page = officer_client(make_officer(permissions=OPERATOR))
    text = page.get("/backoffice/accidents/insurers/").content.decode()
    assert "<td>2</td>" in _row(text, "PICC")  # both parties' claims
    assert "已对接" in _row(text, "PICC")
    assert "到保险公司办理" in _row(text, "YAIC")  # the demo's insurer at the counter
    assert "/api/v1/accidents/claims/events/sandbox" in text


def test_the_operator_adds_an_insurer_and_moves_its_claims_online(settings):
    settings.JIAOGUAN_INSURER_HTTP_SECRETS = ["MUTU=s3cr3t-never-shown"]
    client = officer_client(make_officer(permissions=OPERATOR))
    answer = client.post(
        "/backoffice/accidents/insurers/",
        {
            "name": "某某互助财产保险股份有限公司", "credit_code": demo_credit_code(80),
            "region_code": "320100", "code": "mutu", "names": "互助财险，互助保险",
            "provider": "", "endpoint_url": "",
        },
    )  # fmt: skip
    assert answer.status_code == 302
    insurer = Insurer.objects.get(code="MUTU")
    assert (insurer.claims_online, insurer.names) == (False, ["互助财险", "互助保险"])
    text = client.get("/backoffice/accidents/insurers/").content.decode()
    assert "到保险公司办理" in _row(text, "MUTU")
    edit = f"/backoffice/accidents/insurers/{insurer.pk}/"
    refused = client.post(edit, {"code": "MUTU", "claims_online": "on", "provider": "http"})
    assert refused.status_code == 200
    assert "须填写理赔接口地址" in refused.content.decode()
    saved = client.post(
        edit,
        {"code": "MUTU", "names": "互助财险", "claims_online": "on", "provider": "http",
         "endpoint_url": "https://claims.mutual.example/api"},
    )  # fmt: skip
    assert saved.status_code == 302
    text = client.get("/backoffice/accidents/insurers/").content.decode()
    assert "claims.mutual.example" in _row(text, "MUTU")
    assert "已对接" in _row(text, "MUTU")
    assert "s3cr3t" not in text
    assert "s3cr3t" not in client.get(edit).content.decode()
    actions = AuditEvent.objects.filter(action__startswith="accidents.insurer.")
    assert sorted(actions.values_list("action", flat=True)) == [
        "accidents.insurer.changed",
        "accidents.insurer.created",
    ]


def test_a_bad_credit_code_is_shown_next_to_its_field():
    client = officer_client(make_officer(permissions=OPERATOR))
    answer = client.post(
        "/backoffice/accidents/insurers/",
        {"name": "某保险", "credit_code": "123", "region_code": "320100", "code": "X1"},
    )
    assert answer.status_code == 200
    assert "统一社会信用代码不正确" in answer.content.decode()
    assert not Insurer.objects.exists()


def test_an_officer_without_the_permission_is_refused():
    claim_factories.agreed()
    insurer = Insurer.objects.get(code="PICC")
    reader = officer_client(make_officer(permissions=("accidents.view_insurer",)))
    assert reader.get("/backoffice/accidents/insurers/").status_code == 200
    assert reader.post("/backoffice/accidents/insurers/", {"code": "X"}).status_code == 403
    edit = f"/backoffice/accidents/insurers/{insurer.pk}/"
    assert reader.post(edit, {"code": "PICC"}).status_code == 403
    other = officer_client(
        make_officer(username="jc0011", permissions=("accidents.determine_accident",))
    )
    assert other.get("/backoffice/accidents/insurers/").status_code == 403
