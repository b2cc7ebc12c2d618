"""The officer's points-reduction page: the read is audited with its purpose; a public-welfare
activity is recorded there and a fraudulent reduction revoked with its reason."""

from datetime import timedelta

import pytest

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core import clock
from jiaoguan.education.models import WelfareActivity
from tests.backoffice.test_education_pages import logged_in
from tests.education.helpers import T0, learner

pytestmark = pytest.mark.django_db
PAGE = "/backoffice/reductions/"
WELFARE = ("education.record_welfare", "education.revoke_reduction")


def test_the_officer_records_an_activity_and_revokes_its_reduction(client):
    with learner(points=4) as me:
        logged_in(client, *WELFARE)
        number = me.citizen.person.id_number
        shown = client.get(PAGE, {"id_number": number, "purpose": "公益活动登记"})
        assert shown.status_code == 200
        assert "登记交通安全公益活动" in shown.content.decode()
        assert AuditEvent.objects.filter(action="backoffice.lookup.reductions").exists()
        start = clock.local(T0 - timedelta(hours=3))
        posted = client.post(
            f"{PAGE}welfare/",
            {
                "id_number": number,
                "activity": "文明交通劝导",
                "place": "人民广场",
                "region_code": "310101",
                "signed_in_at": start.strftime("%Y-%m-%dT%H:%M"),
                "signed_out_at": (start + timedelta(hours=2, minutes=30)).strftime(
                    "%Y-%m-%dT%H:%M"
                ),
                "sign_in_face_matched": "1",
                "sign_out_face_matched": "1",
            },
        )
        assert posted.status_code == 302
        activity = WelfareActivity.objects.get()
        assert (activity.hours, activity.points) == (2, 2)
        page = client.get(PAGE, {"id_number": number, "purpose": "x"}).content.decode()
        assert "公示中" in page
        client.post(
            f"{PAGE}welfare/{activity.pk}/withdraw/", {"id_number": number, "reason": "代签"}
        )
        activity.refresh_from_db()
        assert activity.state == "withdrawn"


def test_an_officer_without_the_permission_is_refused(client):
    with learner(points=4) as me:
        logged_in(client, "education.review_education")
        response = client.get(PAGE, {"id_number": me.citizen.person.id_number, "purpose": "x"})
        assert response.status_code == 403
