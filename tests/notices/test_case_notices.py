"""The applicant's notice of a case transition (``applications.events.ApplicantNoticeDue``):
written in the transition's transaction, once per transition the table marks ``notify``,
with SMS and push as the kind allows; nothing when the transition rolls back."""

from datetime import datetime

import pytest
from django.db import transaction
from freezegun import freeze_time

from jiaoguan.applications import services
from jiaoguan.core import clock
from jiaoguan.notices.models import Notice, NoticeKind, NoticeMessage
from jiaoguan.notices.selectors import notice_text
from tests.applications.factories import make_case, make_case_officer
from tests.notices.factories import make_citizen_with_app

pytestmark = pytest.mark.django_db

MORNING = datetime(2026, 3, 2, 10, 0, tzinfo=clock.TIMEZONE)  # a Monday


@pytest.fixture
def case():
    with freeze_time(MORNING):
        return make_case(citizen=make_citizen_with_app())


def test_a_transition_the_table_marks_notify_writes_exactly_one_notice(case):
    with freeze_time(MORNING):
        services.case_transition(actor=make_case_officer(), case=case, action="approve")
    notice = Notice.objects.get()
    step = case.transitions.get(action="approve")
    assert notice.kind.code == "case_transition"
    assert (notice.person_id, notice.subject_id) == (case.applicant_id, step.pk)
    assert notice.subject_label == "同一所有人两车互换号牌：已办结"
    assert notice.event_on == MORNING.date()
    assert set(notice.messages.values_list("channel", flat=True)) == {"sms", "push"}
    chinese, english = notice_text(notice, "zh-hans"), notice_text(notice, "en")
    assert "已办结" in chinese.reason
    assert "网办进度" in chinese.action
    assert chinese.link == english.link == "/me/cases/"


def test_a_transition_not_marked_notify_writes_none():
    spouse = make_citizen_with_app()
    citizen = make_citizen_with_app()
    case = make_case(kind="plates.spouse_transfer", citizen=citizen, co_citizen=spouse)
    services.case_transition(actor=spouse, case=case, action="confirm")
    services.case_transition(actor=citizen, case=case, action="withdraw")
    assert not Notice.objects.exists()


def test_a_transition_that_rolls_back_writes_no_notice(case):
    officer = make_case_officer()

    def approve_then_fail() -> None:
        with transaction.atomic():
            services.case_transition(actor=officer, case=case, action="approve")
            assert Notice.objects.count() == 1  # written inside the transition's transaction
            raise RuntimeError("the caller fails after the transition")

    with pytest.raises(RuntimeError):
        approve_then_fail()
    case.refresh_from_db()
    assert case.state == "submitted"
    assert not Notice.objects.exists()
    assert not NoticeMessage.objects.exists()


def test_the_kinds_channels_decide_sms_and_push(case):
    NoticeKind.objects.filter(code="case_transition").update(sms=False)
    services.case_transition(
        actor=make_case_officer(), case=case, action="refuse", reason="材料不全"
    )
    notice = Notice.objects.get()
    assert list(notice.messages.values_list("channel", flat=True)) == ["push"]


def test_a_disabled_kind_writes_no_notice_and_the_transition_still_happens(case):
    NoticeKind.objects.filter(code="case_transition").update(enabled=False)
    done = services.case_transition(actor=make_case_officer(), case=case, action="approve")
    assert done.state == "approved"
    assert not Notice.objects.exists()


def test_the_event_carries_plain_values_of_the_transition(case):
    from jiaoguan.applications.events import ApplicantNoticeDue
    from jiaoguan.core.events import Phase, subscribe, unsubscribe

    told = []
    subscription = subscribe(ApplicantNoticeDue, told.append, phase=Phase.IN_TRANSACTION)
    try:
        with freeze_time(MORNING):
            services.case_transition(actor=make_case_officer(), case=case, action="approve")
    finally:
        unsubscribe(subscription)
    (event,) = told
    step = case.transitions.get(action="approve")
    assert event == ApplicantNoticeDue(
        reference=str(case.reference),
        kind="plates.swap",
        applicant_person_id=case.applicant_id,
        action="approve",
        state="approved",
        due_on=None,
        transition_id=step.pk,
        at=step.at,
    )
