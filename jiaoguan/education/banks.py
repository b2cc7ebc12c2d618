"""Writes of the question banks of points-reduction tests: a version loaded once, then made
the active one (the papers drawn from an earlier version keep theirs)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.education.models import Question, QuestionBank
from jiaoguan.education.rules import reduction_test


@transaction.atomic
def question_bank_load(
    *, actor, version: str, title: str, questions: list[tuple[str, list[str], int, str]]
) -> QuestionBank:
    """Load a version of the question bank and make it the active one (the previous version
    stays, with the papers drawn from it). Idempotent per version."""
    bank = QuestionBank.objects.filter(version=version).first()
    if bank is None:
        if len(questions) < reduction_test.QUESTIONS:
            raise ApplicationError(
                "education.bank.too_small",
                _("题库至少需要 %(n)s 道题。") % {"n": reduction_test.QUESTIONS},
            )
        bank = QuestionBank.objects.create(
            version=version, title=title, active=False, published_at=clock.now()
        )
        Question.objects.bulk_create(
            Question(
                bank=bank,
                number=n,
                text=text,
                choices=choices,
                answer=answer,
                explanation=explanation,
            )
            for n, (text, choices, answer, explanation) in enumerate(questions, start=1)
        )
    if not bank.active:
        QuestionBank.objects.filter(active=True).update(active=False)
        bank.active = True
        bank.save(update_fields=["active"])
        audit_record(
            actor=actor,
            action="education.bank.activated",
            subject=bank,
            data={"version": version, "questions": bank.questions.count()},
        )
    return bank
