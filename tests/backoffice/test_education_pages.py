"""The officer's education page: finding a driver's courses is an audited read with its
purpose; on-site study, a revocation with its reason and an exam result are recorded there."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core import clock
from jiaoguan.education.models import OnsiteStudy
from tests.backoffice.test_lookup import log_in
from tests.education.courses import full_score_driver, officer

pytestmark = pytest.mark.django_db
PAGE = "/backoffice/education/"


def logged_in(client, *permissions):
    user = officer(*permissions)
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    assert log_in(client, user, device).status_code == 302
    return user


def test_the_officer_finds_records_and_revokes_and_each_step_is_audited(client):
    with full_score_driver() as me:
        user = logged_in(client)
        number = me.citizen.person.id_number
        shown = client.get(PAGE, {"id_number": number, "purpose": "现场学习登记"})
        assert shown.status_code == 200
        assert "待参加学习" in shown.content.decode()
        read = AuditEvent.objects.get(action="backoffice.lookup.education")
        assert read.purpose == "现场学习登记"
        course = me.course
        recorded = client.post(
            f"{PAGE}{course.pk}/onsite/",
            {
                "id_number": number,
                "day": clock.today().isoformat(),
                "minutes": "200",
                "place": "南京市车管所",
                "region_code": "320102",
            },
        )
        assert recorded.status_code == 302
        assert OnsiteStudy.objects.filter(course=course, recorded_by=user).count() == 1
        no_reason = client.post(f"{PAGE}{course.pk}/revoke/", {"id_number": number})
        assert no_reason.status_code == 302
        assert me.course.state == "studying"
        client.post(f"{PAGE}{course.pk}/revoke/", {"id_number": number, "reason": "冒名顶替"})
        assert OnsiteStudy.objects.get(course=course).revoke_reason == "冒名顶替"
        assert AuditEvent.objects.filter(action="education.course.revoked").count() == 1


def test_an_officer_without_the_permission_is_refused(client):
    with full_score_driver() as me:
        logged_in(client, "education.review_education")
        response = client.get(PAGE, {"id_number": me.citizen.person.id_number, "purpose": "x"})
        assert response.status_code == 403
