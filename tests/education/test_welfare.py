"""Public-welfare traffic activities (1 point per full hour, after a 2-day notice) recorded by
officers, and reductions revoked for fraud (163号 art. 31): the points given back through the
drivers' ledger, audited, the driver told, and later reductions barred (art. 26)."""

from datetime import timedelta

import pytest

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core.errors import ApplicationError, PermissionDenied
from jiaoguan.drivers.models import PointsRecord
from jiaoguan.drivers.rules import Basis
from jiaoguan.education import selectors, services, welfare
from jiaoguan.education.models import PointsReduction, ReductionApplication, WelfareActivity
from jiaoguan.identity.actors import system_actor
from jiaoguan.notices.models import Notice
from tests.education.courses import officer
from tests.education.helpers import T0, learner
from tests.education.test_reduction import held, studied

pytestmark = pytest.mark.django_db

WELFARE = ("education.record_welfare", "education.revoke_reduction")


def record(me, examiner, *, hours: float, before: float = 0.0, **changes):
    """An activity that ended ``before`` hours ago and lasted ``hours``."""
    out = T0 - timedelta(hours=before)
    fields = {
        "actor": examiner,
        "id_number": me.citizen.person.id_number,
        "activity": "路口文明交通劝导",
        "place": "人民广场路口",
        "region_code": "310101",
        "signed_in_at": out - timedelta(hours=hours),
        "signed_out_at": out,
        "sign_in_face_matched": True,
        "sign_out_face_matched": True,
    }
    fields.update(changes)
    return welfare.welfare_record(**fields)


@pytest.mark.parametrize(("hours", "points"), [(1.0, 1), (1.99, 1), (2.0, 2), (3.5, 3)])
def test_each_full_hour_is_a_point_after_two_days_of_notice(hours, points):
    with learner(points=4) as me:
        examiner = officer(*WELFARE)
        activity = record(me, examiner, hours=hours)
        assert (activity.hours, activity.points, activity.state) == (points, points, "publicised")
        job = system_actor("education.welfare_reduce")
        me.wait(48 * 3600 - 1)  # one second before the notice ends: nothing yet
        assert welfare.welfare_reduce_due(actor=job) == 0
        assert held(me) == 4
        me.wait(1)
        assert welfare.welfare_reduce_due(actor=job) == 1
        assert welfare.welfare_reduce_due(actor=job) == 0  # once
        activity.refresh_from_db()
        assert activity.state == "reduced"
        assert held(me) == 4 - points
        assert PointsReduction.objects.filter(activity=activity).count() == points
        assert Notice.objects.filter(person=me.citizen.person, kind__code="reduction_decided")


def test_under_an_hour_or_a_face_check_unmatched_is_refused():
    with learner(points=4) as me:
        examiner = officer(*WELFARE)
        with pytest.raises(ApplicationError) as refused:
            record(me, examiner, hours=0.99)
        assert refused.value.code == "education.welfare.hours"
        with pytest.raises(ApplicationError) as refused:
            record(me, examiner, hours=2, sign_out_face_matched=False)
        assert refused.value.code == "education.welfare.face_unmatched"
        with pytest.raises(PermissionDenied):
            record(me, officer("education.record_onsite_study"), hours=2)
        assert not WelfareActivity.objects.exists()


def test_points_are_capped_by_the_points_held_and_the_six_a_cycle():
    with learner(points=2) as me:
        activity = record(me, officer(*WELFARE), hours=5)
        assert activity.points == 2  # only points already held
    with learner(points=12 - 1) as me:
        activity = record(me, officer(*WELFARE), hours=9)
        assert activity.points == 6  # at most 6 a cycle


def test_what_is_no_longer_held_at_the_end_of_the_notice_is_not_reduced():
    with learner(points=2) as me:
        activity = record(me, officer(*WELFARE), hours=2)
        PointsRecord.objects.filter(license__person=me.citizen.person).update(points=0)
        me.wait(48 * 3600)
        welfare.welfare_reduce_due(actor=system_actor("education.welfare_reduce"))
        activity.refresh_from_db()
        assert activity.state == "not_reduced"
        assert not PointsReduction.objects.exists()


def test_an_objection_in_the_notice_withdraws_it():
    with learner(points=4) as me:
        examiner = officer(*WELFARE)
        activity = record(me, examiner, hours=2)
        with pytest.raises(ApplicationError):
            welfare.welfare_withdraw(actor=examiner, activity_id=activity.pk, reason=" ")
        welfare.welfare_withdraw(actor=examiner, activity_id=activity.pk, reason="群众举报代签")
        me.wait(48 * 3600)
        assert welfare.welfare_reduce_due(actor=system_actor("job")) == 0
        assert held(me) == 4


def _reduced_online(me) -> ReductionApplication:
    application = studied(me)
    attempt = services.reduction_test_start(actor=me.citizen, application_id=application.pk)
    me.answer_all(attempt)
    services.reduction_test_finish(actor=me.citizen, attempt_id=attempt.pk)
    application.refresh_from_db()
    return application


def test_a_fraudulent_online_reduction_is_revoked_and_the_point_restored():
    with learner(points=4) as me:
        application = _reduced_online(me)
        assert held(me) == 3
        revoker = officer(*WELFARE)
        with pytest.raises(PermissionDenied):
            welfare.reduction_revoke(
                actor=officer("education.record_welfare"),
                application_id=application.pk,
                reason="他人代学",
            )
        with pytest.raises(ApplicationError):
            welfare.reduction_revoke(actor=revoker, application_id=application.pk, reason="")
        restored = welfare.reduction_revoke(
            actor=revoker, application_id=application.pk, reason="他人代学"
        )
        assert restored == 1
        assert held(me) == 4
        application.refresh_from_db()
        assert application.status == "revoked"
        assert PointsReduction.objects.get(application=application).revoked_at is not None
        audited = AuditEvent.objects.filter(action="education.reduction.revoked").get()
        assert audited.actor_label == revoker.username
        assert audited.data == {"reason": "他人代学", "points": 1}
        assert AuditEvent.objects.filter(action="drivers.points.restored").exists()
        assert Notice.objects.filter(person=me.citizen.person, kind__code="reduction_decided")
        # Once: a second revocation is refused by the table.
        with pytest.raises(ApplicationError):
            welfare.reduction_revoke(actor=revoker, application_id=application.pk, reason="再次")
        # Fraud bars a reduction for 3 cycles (this one included).
        found = selectors.reduction_eligibility(person_id=me.citizen.person.pk, as_of=T0.date())
        assert Basis.REDUCTION_FRAUD in found.refusals
        assert found.eligible is False


def test_a_fraudulent_welfare_reduction_is_revoked():
    with learner(points=4) as me:
        examiner = officer(*WELFARE)
        activity = record(me, examiner, hours=3)
        me.wait(48 * 3600)
        welfare.welfare_reduce_due(actor=system_actor("job"))
        assert held(me) == 1
        assert (
            welfare.reduction_revoke(actor=examiner, activity_id=activity.pk, reason="冒名签到")
            == 3
        )
        assert held(me) == 4
        activity.refresh_from_db()
        assert activity.state == "revoked"
        assert (
            selectors.reduced_in_cycle(
                license_id=activity.license_id, cycle_index=activity.cycle_index
            )
            == 0
        )
