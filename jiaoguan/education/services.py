"""Writes of points reduction by study (学法减分, DOMAIN §4.4, §16.3, §16.4).

Every service takes ``actor=`` (the logged-in citizen), runs in one transaction, locks the
application row (so two tabs or two devices of one learner are served one at a time) and
audits what it changes. The server decides what counts: heartbeats are stamped with the
server's clock and the study time is computed from them by ``education.rules.study_time``;
question times are the server's too (``education.rules.reduction_test``). The point is
removed through the drivers' points ledger (``drivers.services.points_reduce``), its one
writer. Every change of an application's or an attempt's state is one the tables of
``applications.rules.reduction`` allow (``_move``, ``_attempt_move``: their only writers).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from jiaoguan.applications.rules import APPLICANT, transition_check
from jiaoguan.applications.rules import reduction as table
from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError, Conflict, NotFound, field_error
from jiaoguan.drivers.services import points_reduce
from jiaoguan.education import selectors, tracking
from jiaoguan.education.explanations import (
    TEST_REFUSALS,
    refused_message,
)
from jiaoguan.education.models import (
    MAX_REDUCTION_PER_CYCLE,
    AttemptQuestion,
    PointsReduction,
    QuestionBank,
    ReductionApplication,
    TestAttempt,
)
from jiaoguan.education.rules import reduction_test, study_time

Status = ReductionApplication.Status

_random = random.SystemRandom()


def _person_id(actor) -> int:
    person_id = getattr(actor, "person_id", None)
    if person_id is None:
        raise ApplicationError(
            "education.reduction.citizen_only", _("学法减分须由驾驶人本人登录办理。"), status=403
        )
    return person_id


def _locked(actor, application_id: int, *, with_person: bool = True) -> ReductionApplication:
    """The actor's own application, locked (one query); another's is not found."""
    rows = ReductionApplication.objects.select_for_update().filter(
        pk=application_id, person_id=_person_id(actor)
    )
    found = (rows.select_related("person") if with_person else rows).first()
    if found is None:
        raise NotFound("education.reduction.not_found", _("没有找到这份学法减分申请。"))
    return found


def _audit(actor, action: str, application: ReductionApplication, **data) -> None:
    audit_record(
        actor=actor,
        action=action,
        subject=application,
        person_id_number=application.person.id_number,
        data=data,
    )


def _move(application: ReductionApplication, action: str) -> str:
    """Take the applicant's ``action`` of the application's table: the new state (written on
    the instance, saved by the caller); ``TransitionRefused`` when the table has no such way
    out of the current state."""
    taken = transition_check(
        table.APPLICATION,
        application.status,
        action,
        parties=frozenset({APPLICANT}),
        has_perm=lambda _perm: False,
    )
    application.status = taken.to
    return taken.to


def _attempt_move(attempt: TestAttempt, action: str, now: datetime) -> None:
    """End an attempt as its table allows (``pass_test``, ``fail_test``)."""
    taken = transition_check(
        table.ATTEMPT,
        attempt.state,
        action,
        parties=frozenset({APPLICANT}),
        has_perm=lambda _perm: False,
    )
    attempt.state, attempt.ended_at = taken.to, now


def _close(actor, application: ReductionApplication, action: str, now: datetime, **why) -> None:
    status = _move(application, action)
    application.closed_at = now
    application.save(update_fields=["status", "closed_at", "void_reason"])
    _audit(actor, f"education.reduction.{status}", application, **why)


def _past_attempts(application: ReductionApplication) -> list[reduction_test.PastAttempt]:
    return [
        reduction_test.PastAttempt(reduction_test.AttemptState(state), ended_at)
        for state, ended_at in application.attempts.order_by("number").values_list(
            "state", "ended_at"
        )
    ]


def _expire_attempts(actor, application: ReductionApplication, now: datetime) -> None:
    """Attempts left open longer than a whole test can last are over (failed)."""
    for attempt in application.attempts.filter(state=table.IN_PROGRESS):
        if reduction_test.attempt_expired(started_at=attempt.started_at, now=now):
            unanswered = attempt.questions.filter(answered_at__isnull=True).count()
            _attempt_move(attempt, "fail_test", now)
            attempt.wrong += unanswered
            attempt.save(update_fields=["state", "ended_at", "wrong"])
            _audit(actor, "education.test.expired", application, attempt=attempt.number)


def _settle(actor, application: ReductionApplication, now: datetime) -> None:
    """Close an open application whose time is over: the study window passed without 30
    minutes, or the test can no longer be taken (deadline, retakes used or their 24 hours)."""
    if application.status in table.STUDYING and now >= application.study_ends_at:
        _close(actor, application, "expire", now, reason="study_window")
    elif application.status in table.TESTING:
        _expire_attempts(actor, application, now)
        refusal = reduction_test.attempt_refusal(
            now=now,
            today=clock.local(now).date(),
            study_complete=True,
            test_deadline=application.test_deadline,
            attempts=_past_attempts(application),
        )
        if refusal in (
            reduction_test.AttemptRefusal.NO_RETAKES_LEFT,
            reduction_test.AttemptRefusal.RETAKE_WINDOW_CLOSED,
        ):
            _close(actor, application, "fail", now, reason=str(refusal))
        elif refusal is reduction_test.AttemptRefusal.DEADLINE_PASSED:
            _close(actor, application, "expire", now, reason="test_deadline")


# Application --------------------------------------------------------------------------------


@transaction.atomic
def reduction_apply(*, actor) -> ReductionApplication:
    """Apply for online points reduction (1 point). The eligibility rule decides (every reason
    is given when refused); the study window is the day of the application and the next 2
    days (30 minutes in 3 days, §4.4). One open application per license."""
    person_id = _person_id(actor)
    now, today = clock.now(), clock.today()
    eligibility = selectors.reduction_eligibility(person_id=person_id, as_of=today)
    if not eligibility.has_license:
        raise ApplicationError(
            "education.reduction.no_license", _("您名下没有机动车驾驶证，无法申请学法减分。")
        )
    assert eligibility.license_id is not None
    # Two applications at once: the partial unique constraint lets one through.
    for open_one in ReductionApplication.objects.select_for_update().filter(
        license_id=eligibility.license_id, status__in=table.OPEN
    ):
        _settle(actor, open_one, now)
        if open_one.status in table.OPEN:
            raise Conflict(
                "education.reduction.already_open",
                _("您已有一份进行中的学法减分申请，请先完成学习和考试。"),
            )
    if not eligibility.eligible:
        raise ApplicationError(
            "education.reduction.refused",
            refused_message(eligibility.refusals),
            fields={"refusals": ", ".join(eligibility.refusals)},
            status=409,
        )
    try:
        with transaction.atomic():
            application = ReductionApplication.objects.create(
                person_id=person_id,
                license_id=eligibility.license_id,
                cycle_index=eligibility.cycle_index,
                cycle_points=eligibility.cycle_points,
                applied_at=now,
                study_ends_at=study_time.reduction_window_end(today, clock.TIMEZONE),
            )
    except IntegrityError:
        raise Conflict(
            "education.reduction.already_open",
            _("您已有一份进行中的学法减分申请，请先完成学习和考试。"),
        ) from None
    application = ReductionApplication.objects.select_related("person").get(pk=application.pk)
    _audit(
        actor,
        "education.reduction.applied",
        application,
        cycle_points=eligibility.cycle_points,
        reduced_this_cycle=eligibility.reduced_this_cycle,
    )
    return application


# Face checks --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FaceOutcome:
    matched: bool
    failures: int
    voided: bool


@transaction.atomic
def face_check_submit(*, actor, application_id: int, photo: bytes) -> FaceOutcome:
    """Compare a camera photo with the photo the authority holds (DOMAIN §16.4). Only the
    result and the photo's SHA-256 are stored. A pass schedules the next random check; the
    third failed match voids the application (on-site study remains open to the learner)."""
    application = _locked(actor, application_id)
    now = clock.now()
    _settle(actor, application, now)
    if application.status not in table.STUDYING:
        raise Conflict("education.study.not_studying", _("该申请已不在学习阶段。"))
    result = tracking.face_compare(
        owner=application, person=application.person, photo=photo, now=now
    )
    failures = selectors.face_failures(application)
    voided = False
    if not result.matched and failures >= tracking.FACE_FAILURES_VOID:
        application.void_reason = "face_check_failed"
        _close(actor, application, "void", now, reason="face_check_failed", failures=failures)
        voided = True
    _audit(
        actor,
        "education.face.checked",
        application,
        matched=result.matched,
        provider=result.provider,
        failures=failures,
    )
    return FaceOutcome(result.matched, failures, voided)


# Study --------------------------------------------------------------------------------------


@transaction.atomic
def study_heartbeat(
    *, actor, application_id: int, tab: str, visible: bool, client_at: datetime | None = None
) -> selectors.StudyProgress:
    """Record one report of the study page at the server's time and answer the progress. A
    report while a face check is due is not recorded (the timer stops until the check passes);
    the study is complete once 30 minutes in stretches of at least 5 have been studied within
    the window, and the test is then due within 7 working days."""
    tracking.tab_check(tab)
    application = _locked(actor, application_id, with_person=False)
    now = clock.now()
    _settle(actor, application, now)
    if application.status not in table.STUDYING:
        return selectors.study_progress(application, now=now)
    if selectors.face_check_due(application, now=now):
        return selectors.study_progress(application, now=now)
    study = tracking.reduction_heartbeat_add(
        actor=actor, application=application, tab=tab, visible=visible, now=now,
        client_at=client_at,
    )  # fmt: skip
    if not (study.complete and study.completed_at is not None):
        application.save(update_fields=["study_tally"])
    else:
        _move(application, "complete_study")
        application.study_completed_at = study.completed_at
        application.test_deadline = reduction_test.test_deadline_from(
            clock.local(study.completed_at).date(), clock.add_working_days
        )
        application.save(
            update_fields=["status", "study_completed_at", "test_deadline", "study_tally"]
        )
        _audit(
            actor,
            "education.study.completed",
            application,
            counted_seconds=int(study.counted.total_seconds()),
            test_deadline=application.test_deadline.isoformat(),
        )
    return selectors.study_progress(application, now=now, study=study)


# Test ---------------------------------------------------------------------------------------


@transaction.atomic
def reduction_test_start(*, actor, application_id: int) -> TestAttempt:
    """Start the test (or a retake): 20 questions drawn at random from the active bank; the
    first is shown now. An attempt already in progress is returned as it is (a second tab
    continues the same test)."""
    application = _locked(actor, application_id)
    now = clock.now()
    _settle(actor, application, now)
    current = application.attempts.filter(state=table.IN_PROGRESS).first()
    if current is not None:
        return current
    if application.status in table.PASSED:
        raise Conflict(reduction_test.AttemptRefusal.ALREADY_PASSED.value, _("考试已合格。"))
    if application.status == Status.VOID:
        raise Conflict("education.reduction.void", _("该申请已作废，可选择到窗口参加现场学习。"))
    refusal = reduction_test.attempt_refusal(
        now=now,
        today=clock.local(now).date(),
        study_complete=application.study_completed_at is not None,
        test_deadline=application.test_deadline,
        attempts=_past_attempts(application),
    )
    if refusal is not None:
        # Refusing rolls back what _settle closed; it is settled again on the next call.
        raise Conflict(refusal.value, TEST_REFUSALS[refusal])
    bank = QuestionBank.objects.filter(active=True).first()
    question_ids = list(bank.questions.values_list("pk", flat=True)) if bank else []
    if bank is None or len(question_ids) < reduction_test.QUESTIONS:
        raise ApplicationError(
            "education.test.no_bank", _("题库尚未就绪，请稍后再试。"), status=503
        )
    attempt = TestAttempt.objects.create(
        application=application,
        number=application.attempts.count() + 1,
        bank=bank,
        started_at=now,
    )
    drawn = _random.sample(question_ids, reduction_test.QUESTIONS)
    AttemptQuestion.objects.bulk_create(
        AttemptQuestion(
            attempt=attempt, position=n, question_id=qid, shown_at=now if n == 1 else None
        )
        for n, qid in enumerate(drawn, start=1)
    )
    _audit(actor, "education.test.started", application, attempt=attempt.number, bank=bank.version)
    return attempt


@dataclass(frozen=True)
class AnswerOutcome:
    correct: bool
    right_choice: int
    explanation: str
    state: str
    answered: int
    correct_count: int
    wrong_count: int


@transaction.atomic
def reduction_test_answer(
    *, actor, attempt_id: int, position: int, choice: int | None
) -> AnswerOutcome:
    """Answer the question now shown (``choice`` None: the 60 seconds ran out). The time taken
    is the server's, from showing the question to receiving the answer; later than 60 s (plus
    the grace) is wrong. The test ends at the third wrong answer or after the 20th."""
    attempt = selectors.attempt_of_person(person_id=_person_id(actor), attempt_id=attempt_id)
    application = _locked(actor, attempt.application_id)
    attempt = TestAttempt.objects.select_for_update().get(pk=attempt_id)
    now = clock.now()
    _expire_attempts(actor, application, now)
    attempt.refresh_from_db()
    if attempt.state != table.IN_PROGRESS:
        raise Conflict("education.test.over", _("本场考试已结束。"))
    shown = selectors.current_question(attempt)
    if shown is None or shown.position != position:
        raise Conflict("education.test.not_current", _("该题已作答，请作答当前题目。"))
    if choice is not None and not 0 <= choice < len(shown.question.choices):
        raise field_error("education.test.choice", "choice", _("请选择一个选项。"))
    seconds = (now - (shown.shown_at or now)).total_seconds()
    right = choice is not None and choice == shown.question.answer
    shown.correct = reduction_test.answer_counts_correct(reduction_test.Answer(right, seconds))
    shown.answered_at, shown.chosen = now, choice
    shown.save(update_fields=["correct", "answered_at", "chosen"])
    answers = [
        reduction_test.Answer(bool(correct), 0)
        for correct in attempt.questions.filter(answered_at__isnull=False)
        .order_by("position")
        .values_list("correct", flat=True)
    ]
    progress = reduction_test.test_progress(answers)
    attempt.correct, attempt.wrong = progress.correct, progress.wrong
    fields = ["correct", "wrong"]
    if progress.state is not reduction_test.AttemptState.IN_PROGRESS:
        passed = progress.state is reduction_test.AttemptState.PASSED
        _attempt_move(attempt, "pass_test" if passed else "fail_test", now)
        fields += ["state", "ended_at"]
    else:
        attempt.questions.filter(position=position + 1).update(shown_at=now)
    attempt.save(update_fields=fields)
    _audit(
        actor,
        "education.test.answered",
        application,
        attempt=attempt.number,
        position=position,
        correct=shown.correct,
        seconds=round(seconds, 1),
    )
    return AnswerOutcome(
        bool(shown.correct),
        shown.question.answer,
        shown.question.explanation,
        attempt.state,
        progress.answered,
        progress.correct,
        progress.wrong,
    )


@dataclass(frozen=True)
class FinishOutcome:
    state: str
    reduction: PointsReduction | None
    cycle_points: int | None
    retakes_left: int
    retake_until: datetime | None


@transaction.atomic
def reduction_test_finish(*, actor, attempt_id: int) -> FinishOutcome:
    """Conclude an attempt. A pass removes 1 point through the drivers' ledger, once: a second
    tab (or a repeat) finishing the same test gets the same reduction back, and the database
    refuses a second row for the application or a seventh point in the cycle. A fail leaves
    the retakes (2, within 24 hours)."""
    attempt = selectors.attempt_of_person(person_id=_person_id(actor), attempt_id=attempt_id)
    application = _locked(actor, attempt.application_id)
    now = clock.now()
    _expire_attempts(actor, application, now)
    attempt = TestAttempt.objects.select_for_update().get(pk=attempt_id)
    if attempt.state == table.IN_PROGRESS:
        raise Conflict("education.test.unfinished", _("还有题目未作答，请继续答题。"))
    past = [a for a in _past_attempts(application) if a.ended_at is not None]
    retakes_left = max(reduction_test.MAX_RETAKES - (len(past) - 1), 0)
    if attempt.state == TestAttempt.State.FAILED:
        if retakes_left == 0 and application.status in table.TESTING:
            _close(actor, application, "fail", now, reason="no_retakes_left")
        until = (attempt.ended_at or now) + reduction_test.RETAKE_WITHIN if retakes_left else None
        return FinishOutcome(attempt.state, None, None, retakes_left, until)
    existing = selectors.reduction_of(application)
    if existing is not None:
        return FinishOutcome(attempt.state, existing, None, 0, None)
    reduced = selectors.reduced_in_cycle(
        license_id=application.license_id, cycle_index=application.cycle_index
    )
    if reduced >= MAX_REDUCTION_PER_CYCLE:
        raise Conflict(
            "education.reduction.cycle_maximum",
            _("本记分周期已减免 6 分，达到上限。"),
        )
    try:
        with transaction.atomic():
            reduction = PointsReduction.objects.create(
                application=application,
                license_id=application.license_id,
                cycle_index=application.cycle_index,
                ordinal=selectors.next_reduction_ordinal(
                    license_id=application.license_id, cycle_index=application.cycle_index
                ),
                reduced_at=now,
            )
    except IntegrityError:
        raise Conflict(
            "education.reduction.already_reduced", _("本次学法减分已办理，请勿重复提交。")
        ) from None
    ledger = points_reduce(
        actor=actor,
        license_id=application.license_id,
        points=reduction.points,
        as_of=clock.local(now).date(),
        reason=f"学法减分（申请 {application.pk}）",
    )
    reduction.lowered = {str(pk): taken for pk, taken in ledger.lowered.items()}
    reduction.save(update_fields=["lowered"])
    _move(application, "reduce")
    application.closed_at = now
    application.save(update_fields=["status", "closed_at"])
    _audit(
        actor,
        "education.reduction.reduced",
        application,
        points=reduction.points,
        ordinal=reduction.ordinal,
        cycle_points=ledger.cycle_points,
    )
    return FinishOutcome(attempt.state, reduction, ledger.cycle_points, 0, None)
