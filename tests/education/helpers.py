"""A learner on a simulated clock, driving the points-reduction services as the page would."""

from __future__ import annotations

from datetime import datetime, timedelta

from freezegun import freeze_time

from jiaoguan.core import clock
from jiaoguan.education import banks, question_bank, services
from jiaoguan.education.models import AttemptQuestion, ReductionApplication, TestAttempt
from jiaoguan.identity.actors import system_actor
from tests.drivers.factories import make_license
from tests.identity.factories import make_citizen, make_person

#: A Monday morning in Shanghai (a working week ahead).
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=clock.TIMEZONE)


def load_bank():
    return banks.question_bank_load(
        actor=system_actor("test"),
        version=question_bank.VERSION,
        title=question_bank.TITLE,
        questions=question_bank.QUESTIONS,
    )


def make_driver(points: int = 4, **license_fields):
    person = make_person()
    make_license(person=person, points=[(T0.date() - timedelta(days=30), points)], **license_fields)
    return make_citizen(person=person)


class Learner:
    """One citizen on a frozen clock: ``wait`` moves the server's time on."""

    def __init__(self, citizen, frozen):
        self.citizen, self.frozen = citizen, frozen

    def wait(self, seconds: float) -> None:
        self.frozen.tick(timedelta(seconds=seconds))

    def apply(self) -> ReductionApplication:
        return services.reduction_apply(actor=self.citizen)

    def face(self, application, photo: bytes = b"face-photo"):
        return services.face_check_submit(
            actor=self.citizen, application_id=application.pk, photo=photo
        )

    def beat(self, application, tab: str = "tab-a", *, visible: bool = True, client_at=None):
        return services.study_heartbeat(
            actor=self.citizen,
            application_id=application.pk,
            tab=tab,
            visible=visible,
            client_at=client_at,
        )

    def study(self, application, seconds: int, tab: str = "tab-a"):
        """Beat every 15 s for ``seconds``, passing the face checks when they fall due."""
        progress = None
        for _ in range(seconds // 15 + 1):
            progress = self.beat(application, tab)
            if progress.face_check_due:
                self.face(application)
                progress = self.beat(application, tab)
            self.wait(15)
        return progress

    def answer_all(self, attempt: TestAttempt, *, wrong: int = 0):
        """Answer each question in turn (right, except the first ``wrong``), 5 s each."""
        outcome = None
        for position in range(1, 21):
            asked = AttemptQuestion.objects.select_related("question").get(
                attempt=attempt, position=position
            )
            choice = asked.question.answer
            if position <= wrong:
                choice = (choice + 1) % len(asked.question.choices)
            self.wait(5)
            outcome = services.reduction_test_answer(
                actor=self.citizen, attempt_id=attempt.pk, position=position, choice=choice
            )
            if outcome.state != TestAttempt.State.IN_PROGRESS:
                break
        return outcome


def learner(points: int = 4, **license_fields):
    """A context manager: ``with learner() as me:`` freezes the clock at ``T0``."""

    class _Context:
        def __enter__(self):
            self._freezer = freeze_time(T0)
            frozen = self._freezer.__enter__()
            load_bank()
            return Learner(make_driver(points, **license_fields), frozen)

        def __exit__(self, *exc):
            return self._freezer.__exit__(*exc)

    return _Context()
