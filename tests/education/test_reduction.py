"""Points reduction by study, through the services on a simulated clock: eligibility, the face
checks, study that cannot be gamed, the test with its retakes, and the point removed through the
drivers' ledger (at most 6 a cycle, only from points held)."""

from datetime import timedelta

import pytest
from django.utils import translation

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core.errors import ApplicationError
from jiaoguan.drivers.models import PointsRecord
from jiaoguan.education import services
from jiaoguan.education.models import (
    FaceCheck,
    PointsReduction,
    ReductionApplication,
    StudyHeartbeat,
)
from jiaoguan.gateways import face
from tests.education.helpers import T0, learner

pytestmark = pytest.mark.django_db

Status = ReductionApplication.Status


def held(me) -> int:
    return sum(
        PointsRecord.objects.filter(license__person=me.citizen.person).values_list(
            "points", flat=True
        )
    )


def studied(me):
    application = me.apply()
    me.face(application)
    me.study(application, 31 * 60)
    application.refresh_from_db()
    assert application.status == Status.STUDIED
    return application


def test_the_whole_journey_removes_one_point_through_the_ledger():
    with learner(points=4) as me:
        application = studied(me)
        attempt = services.reduction_test_start(actor=me.citizen, application_id=application.pk)
        assert attempt.questions.count() == 20
        assert len(set(attempt.questions.values_list("question_id", flat=True))) == 20
        outcome = me.answer_all(attempt)
        assert outcome.state == "passed"
        finish = services.reduction_test_finish(actor=me.citizen, attempt_id=attempt.pk)
        assert finish.reduction is not None
        assert finish.cycle_points == 3
        assert held(me) == 3
        application.refresh_from_db()
        assert application.status == Status.REDUCED
        # Finishing again (a second tab) gives the same reduction back, no second point.
        again = services.reduction_test_finish(actor=me.citizen, attempt_id=attempt.pk)
        assert again.reduction == finish.reduction
        assert held(me) == 3
        actions = set(AuditEvent.objects.values_list("action", flat=True))
        assert {
            "education.reduction.applied",
            "education.face.checked",
            "education.study.completed",
            "education.test.started",
            "drivers.points.reduced",
            "education.reduction.reduced",
        } <= actions


def test_the_test_deadline_is_seven_working_days_after_the_study():
    with learner() as me:
        application = studied(me)
        # Study completed on Monday 2026-03-02: 7 working days later is Wednesday 03-11.
        assert str(application.test_deadline) == "2026-03-11"


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"traits": ["new_driver"]}, "points.reduction.refused.in_probation"),
        ({"traits": ["suspended"]}, "points.reduction.refused.license_seized_or_suspended"),
    ],
)
def test_refusals_are_clear_in_chinese_and_english(fields, code):
    with learner(**fields) as me:
        with pytest.raises(ApplicationError) as refused:
            me.apply()
        assert refused.value.code == "education.reduction.refused"
        assert code in refused.value.fields["refusals"]
        assert "不符合学法减分条件" in str(refused.value.message)
        with translation.override("en"):
            english = str(refused.value.message)
        assert "points" in english.lower() or "reduction" in english.lower()
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in english)


def test_no_points_no_reduction():
    with learner(points=0) as me:
        with pytest.raises(ApplicationError) as refused:
            me.apply()
        assert "points.reduction.refused.no_points" in refused.value.fields["refusals"]


def test_one_open_application_at_a_time():
    with learner() as me:
        me.apply()
        with pytest.raises(ApplicationError) as refused:
            me.apply()
        assert refused.value.code == "education.reduction.already_open"


def test_six_points_a_cycle_at_most():
    with learner(points=9) as me:
        for _ in range(6):
            application = studied(me)
            attempt = services.reduction_test_start(actor=me.citizen, application_id=application.pk)
            me.answer_all(attempt)
            services.reduction_test_finish(actor=me.citizen, attempt_id=attempt.pk)
            me.wait(3600)
        assert held(me) == 3
        assert PointsReduction.objects.count() == 6
        with pytest.raises(ApplicationError) as refused:
            me.apply()
        assert "points.reduction.refused.cycle_maximum_reached" in refused.value.fields["refusals"]


def test_only_points_held_can_be_reduced():
    with learner(points=1) as me:
        application = studied(me)
        attempt = services.reduction_test_start(actor=me.citizen, application_id=application.pk)
        me.answer_all(attempt)
        # The decision behind the point is revoked meanwhile: nothing is left to reduce.
        PointsRecord.objects.update(points=0)
        with pytest.raises(ApplicationError) as refused:
            services.reduction_test_finish(actor=me.citizen, attempt_id=attempt.pk)
        assert refused.value.code == "drivers.points.reduction_exceeds_points"
        assert not PointsReduction.objects.exists()


def test_two_retakes_within_24_hours_then_no_more():
    with learner() as me:
        application = studied(me)
        for number in (1, 2, 3):
            attempt = services.reduction_test_start(actor=me.citizen, application_id=application.pk)
            assert attempt.number == number
            outcome = me.answer_all(attempt, wrong=3)
            assert outcome.state == "failed"
            assert outcome.answered == 3
            finish = services.reduction_test_finish(actor=me.citizen, attempt_id=attempt.pk)
            assert finish.retakes_left == 3 - number
            me.wait(3600)
        with pytest.raises(ApplicationError) as refused:
            services.reduction_test_start(actor=me.citizen, application_id=application.pk)
        assert refused.value.code in ("education.test.no_retakes_left", "education.reduction.void")
        application.refresh_from_db()
        assert application.status == Status.FAILED
        assert held(me) == 4


def test_a_retake_after_24_hours_is_refused():
    with learner() as me:
        application = studied(me)
        attempt = services.reduction_test_start(actor=me.citizen, application_id=application.pk)
        me.answer_all(attempt, wrong=3)
        me.wait(25 * 3600)
        with pytest.raises(ApplicationError) as refused:
            services.reduction_test_start(actor=me.citizen, application_id=application.pk)
        assert refused.value.code == "education.test.retake_window_closed"


def test_an_answer_after_60_seconds_counts_wrong():
    with learner() as me:
        application = studied(me)
        attempt = services.reduction_test_start(actor=me.citizen, application_id=application.pk)
        first = attempt.questions.select_related("question").get(position=1)
        me.wait(70)
        outcome = services.reduction_test_answer(
            actor=me.citizen, attempt_id=attempt.pk, position=1, choice=first.question.answer
        )
        assert outcome.correct is False
        assert outcome.wrong_count == 1


def test_the_test_needs_the_study_first():
    with learner() as me:
        application = me.apply()
        with pytest.raises(ApplicationError) as refused:
            services.reduction_test_start(actor=me.citizen, application_id=application.pk)
        assert refused.value.code == "education.test.study_incomplete"


def test_three_failed_face_matches_void_the_session():
    with learner() as me:
        application = me.apply()
        previous = face.set_face_gateway(face.FakeFaceCheckGateway(match=False))
        try:
            outcomes = [me.face(application) for _ in range(3)]
        finally:
            face.set_face_gateway(previous)
        assert [o.voided for o in outcomes] == [False, False, True]
        application.refresh_from_db()
        assert application.status == Status.VOID
        assert application.void_reason == "face_check_failed"
        # Only the result and a hash are kept.
        assert all(len(h) == 64 for h in FaceCheck.objects.values_list("photo_sha256", flat=True))
        # The page is told; nothing it sends counts any more.
        assert me.beat(application).status == Status.VOID
        assert not StudyHeartbeat.objects.exists()


def test_no_study_counts_before_the_first_face_check_nor_while_one_is_due():
    with learner() as me:
        application = me.apply()
        progress = me.beat(application)
        assert progress.face_check_due
        assert not StudyHeartbeat.objects.exists()
        me.face(application)
        me.beat(application)
        application.refresh_from_db()
        me.wait((application.next_face_check_at - T0).total_seconds() + 1)
        progress = me.beat(application)
        assert progress.face_check_due
        assert StudyHeartbeat.objects.count() == 1


def test_heartbeats_are_append_only():
    with learner() as me:
        application = me.apply()
        me.face(application)
        me.beat(application)
        beat = StudyHeartbeat.objects.get()
        with pytest.raises(TypeError):
            beat.save()
        with pytest.raises(TypeError):
            beat.delete()


def test_the_study_window_is_three_days():
    with learner() as me:
        application = me.apply()
        me.face(application)
        me.study(application, 20 * 60)
        me.wait(3 * 24 * 3600)
        progress = me.beat(application)
        assert progress.status == Status.EXPIRED
        assert not progress.complete
        # A new application may be made once the old one has expired.
        assert me.apply().pk != application.pk
        assert ReductionApplication.objects.filter(status=Status.STUDYING).count() == 1
        assert timedelta(minutes=20) <= progress.counted <= timedelta(minutes=21)


def test_no_test_after_the_seventh_working_day():
    with learner() as me:
        application = studied(me)
        me.wait(10 * 24 * 3600)  # Thursday 03-12: past Wednesday 03-11
        with pytest.raises(ApplicationError) as refused:
            services.reduction_test_start(actor=me.citizen, application_id=application.pk)
        assert refused.value.code == "education.test.deadline_passed"
        # The lapsed application does not block a new one.
        assert me.apply().pk != application.pk
