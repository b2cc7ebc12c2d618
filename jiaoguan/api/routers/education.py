"""Safety education: the public full-score study calculator and the citizen's study API."""

from __future__ import annotations

from typing import Literal

from ninja import Query, Router, Schema
from pydantic import Field

from jiaoguan.core.families import ApiMount
from jiaoguan.education import explanations
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


mounts = [
    ApiMount("/v1/calculators", calculators, position=165),
]
