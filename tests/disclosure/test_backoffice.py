"""The officers' 信息公开 page: what each list holds, the runs, and a run now."""

import pytest

from jiaoguan.audit.models import AuditEvent
from jiaoguan.disclosure.models import PublicationRun
from tests.backoffice.test_lookup import log_in, officer_with_device

pytestmark = pytest.mark.django_db


def test_a_disclosure_officer_sees_the_lists_and_runs_the_publication(client):
    officer, device = officer_with_device(permissions=("disclosure.publish_lists",))
    log_in(client, officer, device)
    page = client.get("/backoffice/disclosure/").content.decode()
    assert "未公开" in page  # nothing published yet
    ran = client.post("/backoffice/disclosure/")
    assert ran.status_code == 302
    run = PublicationRun.objects.get()
    assert run.started_by == officer.username
    assert AuditEvent.objects.filter(action="disclosure.publication.run", actor=officer).exists()
    assert (
        run.publication_date.isoformat() in client.get("/backoffice/disclosure/").content.decode()
    )


def test_an_officer_without_the_role_can_neither_see_nor_run_it(client):
    officer, device = officer_with_device(permissions=("notices.view_scanrun",))
    log_in(client, officer, device)
    assert client.get("/backoffice/disclosure/").status_code == 403
    assert client.post("/backoffice/disclosure/").status_code == 403
    assert not PublicationRun.objects.exists()
