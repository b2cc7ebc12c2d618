"""Safety education: the public full-score study calculator and the citizen's study API."""

from __future__ import annotations

import base64
import binascii
from datetime import date, datetime
from typing import Literal

from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import Field

from jiaoguan.api.auth import citizen_auth
from jiaoguan.api.errors import error_responses
from jiaoguan.api.types import RowId
from jiaoguan.core import clock
from jiaoguan.core.errors import field_error
from jiaoguan.core.families import ApiMount
from jiaoguan.education import explanations, selectors, services
from jiaoguan.education.rules.full_score import full_score_plan

calculators = Router(tags=["calculators"])

LicenseClassCode = Literal[
    "A1", "A2", "A3", "B1", "B2", "C1", "C2", "C3", "C4", "C5", "C6", "D", "E", "F", "M", "N", "P"
]


class FullScoreStudyIn(Schema):
    license_class: LicenseClassCode = Field(description="准驾车型 (the largest class held)")
    full_scores_in_cycle: int = Field(
        ge=1, le=20, description="which full score this is in the cycle: 1 for the first"
    )
    points: int = Field(ge=12, le=240, description="points accumulated in the cycle (12 or more)")


class RuleOut(Schema):
    code: str
    explanation: str


class FullScoreStudyOut(Schema):
    study_days: int = Field(description="days of full-score study owed (163号 art. 18)")
    min_attended_days: int = Field(description="on-site plus online days at least (art. 19)")
    min_onsite_days: int = Field(description="of which on site at least (art. 19)")
    extra_subjects: list[Literal["subject2", "subject3"]] = Field(
        description="exams beyond the theory exam (art. 22)"
    )
    rules: list[RuleOut]


@calculators.get("/full-score-study", response=FullScoreStudyOut)
def full_score_study_calculator(request, params: Query[FullScoreStudyIn]):
    """Days of full-score study, the on-site and online minimum, and the extra exam subjects.
    The extension counts whichever is larger: the full scores in the cycle or the multiples of
    12 points; out-of-range input is refused with 422."""
    plan = full_score_plan(
        license_classes=[params.license_class],
        full_scores_in_cycle=params.full_scores_in_cycle,
        total_points=params.points,
    )
    return {
        "study_days": plan.study_days,
        "min_attended_days": plan.min_attended_days,
        "min_onsite_days": plan.min_onsite_days,
        "extra_subjects": list(plan.extra_subjects),
        "rules": [{"code": code, "explanation": explanations.explain(code)} for code in plan.rules],
    }


# Points reduction by study (学法减分) for the logged-in driver -------------------------------

me = Router(tags=["me: education"], auth=citizen_auth)


class RefusalOut(Schema):
    code: str
    text: str


class EligibilityOut(Schema):
    has_license: bool
    eligible: bool
    max_points: int = Field(description="points that may still be reduced this cycle (6 at most)")
    cycle_points: int
    reduced_this_cycle: int
    refusals: list[RefusalOut]


class ProgressOut(Schema):
    status: str = Field(description="studying, studied, reduced, failed, expired or void")
    counted_seconds: int = Field(description="study that counts, by the server's clock")
    required_seconds: int
    complete: bool
    study_ends_at: datetime
    test_deadline: date | None
    face_check_due: bool = Field(description="true: no study counts until a face check passes")


class ReductionApplicationOut(Schema):
    id: int
    status: str
    applied_at: datetime
    progress: ProgressOut
    onsite_alternative: str = Field(description="the non-face alternative, always open")


class OverviewOut(Schema):
    eligibility: EligibilityOut
    application: ReductionApplicationOut | None


def _progress_out(progress: selectors.StudyProgress) -> dict:
    return {
        "status": progress.status,
        "counted_seconds": progress.counted_seconds,
        "required_seconds": int(progress.required.total_seconds()),
        "complete": progress.complete,
        "study_ends_at": progress.study_ends_at,
        "test_deadline": progress.test_deadline,
        "face_check_due": progress.face_check_due,
    }


def _application_out(application) -> dict:
    return {
        "id": application.pk,
        "status": application.status,
        "applied_at": application.applied_at,
        "progress": _progress_out(selectors.study_progress(application)),
        "onsite_alternative": str(explanations.ONSITE_ALTERNATIVE),
    }


@me.get("/points-reduction", response=OverviewOut)
def my_points_reduction(request):
    """Whether I may reduce points by study now, and my latest application with its progress."""
    person_id = request.auth.person_id
    found = selectors.reduction_eligibility(person_id=person_id, as_of=clock.today())
    application = selectors.current_application(person_id=person_id)
    return {
        "eligibility": {
            "has_license": found.has_license,
            "eligible": found.eligible,
            "max_points": found.max_points,
            "cycle_points": found.cycle_points,
            "reduced_this_cycle": found.reduced_this_cycle,
            "refusals": [
                {"code": code, "text": text}
                for code, text in zip(found.refusals, found.refusal_texts, strict=True)
            ],
        },
        "application": _application_out(application) if application else None,
    }


@me.post("/points-reduction", response={201: ReductionApplicationOut, **error_responses(409)})
def my_points_reduction_apply(request):
    """Apply for online points reduction (1 point): 30 minutes of study within 3 days, then a
    20-question test within 7 working days."""
    application = services.reduction_apply(actor=request.auth.user)
    return Status(201, _application_out(application))


class FaceCheckIn(Schema):
    photo: str = Field(
        min_length=4,
        max_length=4_000_000,
        pattern=r"^(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$",
        description="the camera photo, base64 (JPEG)",
    )


class FaceCheckOut(Schema):
    matched: bool
    failures: int = Field(description="failed matches so far; the third voids the application")
    voided: bool
    onsite_alternative: str


@me.post(
    "/points-reduction/{application_id}/face-checks",
    response={200: FaceCheckOut, **error_responses(404, 409)},
)
def my_face_check(request, application_id: RowId, payload: FaceCheckIn):
    """Compare a camera photo with the photo the authority holds. Only the result and a hash
    of the photo are kept. Study counts only after a passed check, and stops while one is due."""
    try:
        photo = base64.b64decode(payload.photo, validate=True)
    except (binascii.Error, ValueError):
        raise field_error("education.face.photo", "photo", explanations.PHOTO_NOT_BASE64) from None
    outcome = services.face_check_submit(
        actor=request.auth.user, application_id=application_id, photo=photo
    )
    return {
        "matched": outcome.matched,
        "failures": outcome.failures,
        "voided": outcome.voided,
        "onsite_alternative": str(explanations.ONSITE_ALTERNATIVE),
    }


class HeartbeatIn(Schema):
    tab: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$",
                     description="a random id the page makes when it loads")  # fmt: skip
    visible: bool = Field(description="false once the page is hidden (visibilitychange)")
    client_at: datetime | None = Field(
        default=None, description="the page's clock, kept for the record; never counted"
    )


@me.post(
    "/points-reduction/{application_id}/heartbeats",
    response={200: ProgressOut, **error_responses(404, 409)},
)
def my_study_heartbeat(request, application_id: RowId, payload: HeartbeatIn):
    """The study page reports every 15 s while shown. The server stamps each report with its
    own clock and decides what counts (stretches of 5 minutes or more, every tab once)."""
    progress = services.study_heartbeat(
        actor=request.auth.user,
        application_id=application_id,
        tab=payload.tab,
        visible=payload.visible,
        client_at=payload.client_at,
    )
    return _progress_out(progress)


class QuestionOut(Schema):
    position: int
    text: str
    choices: list[str]
    seconds: int = Field(description="seconds to answer, from now")


class AttemptOut(Schema):
    id: int
    number: int = Field(description="1 for the test, 2 and 3 for the retakes")
    state: str
    correct: int
    wrong: int
    question: QuestionOut | None


def _attempt_out(attempt) -> dict:
    shown = selectors.current_question(attempt)
    return {
        "id": attempt.pk,
        "number": attempt.number,
        "state": attempt.state,
        "correct": attempt.correct,
        "wrong": attempt.wrong,
        "question": {
            "position": shown.position,
            "text": shown.question.text,
            "choices": shown.question.choices,
            "seconds": selectors.seconds_left(shown),
        }
        if shown
        else None,
    }


@me.post(
    "/points-reduction/{application_id}/tests",
    response={201: AttemptOut, **error_responses(404, 409)},
)
def my_test_start(request, application_id: RowId):
    """Start the test, or a retake (2, within 24 hours of a fail): 20 random questions, 60 s
    each, 18 to pass; over at the third wrong answer. A test in progress is returned as is."""
    attempt = services.reduction_test_start(actor=request.auth.user, application_id=application_id)
    return Status(201, _attempt_out(attempt))


@me.get("/tests/{attempt_id}", response={200: AttemptOut, **error_responses(404)})
def my_test(request, attempt_id: RowId):
    """One of my tests, with the question now shown."""
    attempt = selectors.attempt_of_person(person_id=request.auth.person_id, attempt_id=attempt_id)
    return _attempt_out(attempt)


class AnswerIn(Schema):
    position: int = Field(ge=1, le=20)
    choice: int | None = Field(default=None, ge=0, le=9, description="null: the time ran out")


class ReductionAnswerOut(Schema):
    correct: bool
    right_choice: int
    explanation: str
    state: str
    answered: int
    correct_count: int
    wrong_count: int


@me.post(
    "/tests/{attempt_id}/answers", response={200: ReductionAnswerOut, **error_responses(404, 409)}
)
def my_test_answer(request, attempt_id: RowId, payload: AnswerIn):
    """Answer the question now shown; the time taken is the server's."""
    outcome = services.reduction_test_answer(
        actor=request.auth.user,
        attempt_id=attempt_id,
        position=payload.position,
        choice=payload.choice,
    )
    return outcome.__dict__


class FinishOut(Schema):
    state: str
    points_reduced: int
    cycle_points: int | None
    retakes_left: int
    retake_until: datetime | None


@me.post("/tests/{attempt_id}/finish", response={200: FinishOut, **error_responses(404, 409)})
def my_test_finish(request, attempt_id: RowId):
    """Conclude a test: a pass removes 1 point from the licence, once however often asked."""
    outcome = services.reduction_test_finish(actor=request.auth.user, attempt_id=attempt_id)
    return {
        "state": outcome.state,
        "points_reduced": outcome.reduction.points if outcome.reduction else 0,
        "cycle_points": outcome.cycle_points,
        "retakes_left": outcome.retakes_left,
        "retake_until": outcome.retake_until,
    }


mounts = [
    ApiMount("/v1/calculators", calculators, position=165),
    ApiMount("/v1/me/education", me, position=166),
]
