"""The driving-licence renewal as a case: submission with the rules, one open application
per licence, the fee order, officers moving it through the table, the applicant's
withdrawal, and the state of case and application kept together."""

import pytest

from jiaoguan.applications import rules as case_rules
from jiaoguan.applications.models import CaseTransition
from jiaoguan.audit.models import AuditEvent
from jiaoguan.core.errors import ApplicationError
from jiaoguan.papers.models import PaperApplication
from jiaoguan.papers.services import (
    license_renewal_submit,
    paper_application_act,
    paper_application_pay,
)
from tests.papers.factories import make_papers_officer, make_renewal_ready, mark_paid

pytestmark = pytest.mark.django_db


def _submit(citizen, license, **kwargs):
    return license_renewal_submit(
        actor=citizen,
        license_id=license.pk,
        fulfilment=kwargs.pop("fulfilment", "post"),
        address=kwargs.pop("address", "江苏省南京市玄武区中山路1号"),
        **kwargs,
    )


def test_submit_opens_a_case_with_the_fee_and_acceptance_clock():
    citizen, license = make_renewal_ready()
    application = _submit(citizen, license)
    assert application.state == application.case.state == "submitted"
    assert application.case.kind == "papers.license_renewal"
    assert application.fee_fen == 1000
    assert application.case.stage_due_on is not None
    assert AuditEvent.objects.filter(action="papers.application.submitted").count() == 1


def test_submit_refuses_another_persons_licence():
    citizen, _ = make_renewal_ready()
    _, other_license = make_renewal_ready(name="李娜")
    with pytest.raises(ApplicationError) as refused:
        _submit(citizen, other_license)
    assert refused.value.code == "papers.license.not_yours"
    assert refused.value.status == 403


def test_submit_refuses_a_second_open_application_for_the_same_licence():
    citizen, license = make_renewal_ready()
    _submit(citizen, license)
    with pytest.raises(ApplicationError) as refused:
        _submit(citizen, license, fulfilment="pickup", pickup_point="玄武邮政支局")
    assert refused.value.code == "papers.application.open_exists"
    assert PaperApplication.objects.count() == 1


def test_database_refuses_a_second_open_application_even_without_the_check():
    from django.db import IntegrityError, transaction

    citizen, license = make_renewal_ready()
    first = _submit(citizen, license)
    with pytest.raises(IntegrityError), transaction.atomic():
        PaperApplication.objects.create(
            reference="00000000-0000-4000-8000-000000000001",
            case=first.case,
            service=first.service,
            state="submitted",
            document_key=first.document_key,
            person=first.person,
            fulfilment="post",
            fee_fen=1000,
            submitted_at=first.submitted_at,
        )


@pytest.mark.parametrize(
    ("traits", "medical", "code"),
    [
        ((), True, "papers.application.refused"),  # not in the window
        (("renewal_due",), False, "papers.application.refused"),  # no medical certificate
        (("renewal_due", "revoked"), True, "papers.application.refused"),
    ],
)
def test_submit_refuses_with_the_rules_reasons(traits, medical, code):
    citizen, license = make_renewal_ready(traits=traits, medical=medical)
    with pytest.raises(ApplicationError) as refused:
        _submit(citizen, license)
    assert refused.value.code == code
    assert refused.value.message


@pytest.mark.parametrize(
    ("fulfilment", "address", "pickup_point"),
    [("post", "", ""), ("pickup", "某地址", ""), ("drone", "x", "y"), ("post", "长" * 201, "")],
)
def test_submit_needs_a_way_to_receive_it(fulfilment, address, pickup_point):
    citizen, license = make_renewal_ready()
    with pytest.raises(ApplicationError) as refused:
        _submit(citizen, license, fulfilment=fulfilment, address=address, pickup_point=pickup_point)
    assert refused.value.code == "papers.application.fulfilment"


def test_officers_take_it_through_the_table_to_delivered_once_paid():
    citizen, license = make_renewal_ready()
    application = _submit(citizen, license, fulfilment="pickup", pickup_point="玄武邮政支局")
    officer = make_papers_officer()
    with pytest.raises(ApplicationError) as refused:
        paper_application_act(actor=officer, reference=application.reference, action="review")
    assert refused.value.code == "papers.application.unpaid"
    mark_paid(application)
    for action, state in [
        ("review", "reviewed"),
        ("produce", "produced"),
        ("dispatch", "dispatched"),
        ("deliver", "delivered"),
    ]:
        application = paper_application_act(
            actor=officer, reference=application.reference, action=action
        )
        application.case.refresh_from_db()
        assert application.state == application.case.state == state
    assert application.case.closed_at is not None
    assert CaseTransition.objects.filter(case=application.case).count() == 5
    # Delivered: a new renewal may be submitted (the licence has no open application).
    assert not PaperApplication.objects.filter(
        document_key=application.document_key, state__in=PaperApplication.OPEN_STATES
    ).exists()


def test_refusal_needs_a_reason_and_frees_the_licence():
    citizen, license = make_renewal_ready()
    application = _submit(citizen, license)
    officer = make_papers_officer()
    with pytest.raises(ApplicationError) as refused:
        paper_application_act(actor=officer, reference=application.reference, action="refuse")
    assert refused.value.code == "applications.case.reason_required"
    application = paper_application_act(
        actor=officer, reference=application.reference, action="refuse", reason="照片不合格"
    )
    assert (application.state, application.refusal_reason) == ("refused", "照片不合格")
    assert _submit(citizen, license).state == "submitted"


def test_applicant_withdraws_before_acceptance_only():
    citizen, license = make_renewal_ready()
    application = _submit(citizen, license)
    mark_paid(application)
    paper_application_act(
        actor=make_papers_officer(), reference=application.reference, action="review"
    )
    with pytest.raises(ApplicationError) as refused:
        paper_application_act(actor=citizen, reference=application.reference, action="withdraw")
    assert refused.value.code == "papers.application.state"


def test_citizen_cannot_review_and_officer_cannot_withdraw():
    citizen, license = make_renewal_ready()
    application = _submit(citizen, license)
    mark_paid(application)
    with pytest.raises(ApplicationError) as refused:
        paper_application_act(actor=citizen, reference=application.reference, action="review")
    assert refused.value.code == "applications.case.forbidden"
    with pytest.raises(ApplicationError):
        paper_application_act(
            actor=make_papers_officer(), reference=application.reference, action="withdraw"
        )
    assert (
        paper_application_act(
            actor=citizen, reference=application.reference, action="withdraw"
        ).state
        == "withdrawn"
    )


def test_one_fee_order_per_case():
    citizen, license = make_renewal_ready()
    application = _submit(citizen, license)
    first = paper_application_pay(
        actor=citizen, reference=application.reference, return_url="/papers/"
    )
    second = paper_application_pay(
        actor=citizen, reference=application.reference, return_url="/papers/"
    )
    assert first.order.pk == second.order.pk
    assert first.order.amount_fen == 1000


def test_the_table_stages_are_the_applications_states():
    table = case_rules.table_for("papers.license_renewal")
    assert set(PaperApplication.OPEN_STATES) == table.open_states


def test_unhandled_violations_refuse_the_renewal_with_the_reason():
    from tests.vehicles.factories import make_vehicle
    from tests.violations.factories import make_entered_record

    citizen, license = make_renewal_ready()
    make_entered_record(make_vehicle(owner=citizen.person))
    with pytest.raises(ApplicationError) as refused:
        _submit(citizen, license)
    assert refused.value.code == "papers.application.refused"
    assert "违法" in str(refused.value.message)


def test_frequent_renewals_go_to_the_counter():
    from datetime import timedelta

    from jiaoguan.core import clock
    from jiaoguan.drivers.models import MedicalCertificate

    citizen, license = make_renewal_ready()
    officer = make_papers_officer()

    def examined(days_ago: int) -> None:
        # One certificate backs one application: each renewal has its own examination.
        MedicalCertificate.objects.create(
            person=citizen.person,
            issued_on=clock.today() - timedelta(days=days_ago),
            institution_name="南京市第一医院",
        )

    for round in range(2):
        if round:
            examined(5)
        application = _submit(citizen, license, fulfilment="pickup", pickup_point="玄武邮政支局")
        mark_paid(application)
        for action in ("review", "produce", "dispatch", "deliver"):
            paper_application_act(actor=officer, reference=application.reference, action=action)
    application.case.__class__.objects.filter(pk=application.case.pk).update(
        closed_at=clock.now() - timedelta(days=1)
    )
    examined(1)
    with pytest.raises(ApplicationError) as refused:
        _submit(citizen, license)
    assert refused.value.code == "papers.application.counter"


def test_an_officer_of_another_province_cannot_act():
    from tests.identity.factories import make_office, make_officer

    citizen, license = make_renewal_ready()
    application = _submit(citizen, license)
    mark_paid(application)
    shanghai = make_officer(
        username="sh0001",
        permissions=("applications.review_case",),
        office=make_office(code="310100000000", name="上海市公安局交通警察总队", region="310100"),
    )
    with pytest.raises(ApplicationError) as refused:
        paper_application_act(actor=shanghai, reference=application.reference, action="review")
    assert refused.value.code == "applications.case.forbidden"


def _service(citizen, license, service, **kwargs):
    from jiaoguan.papers.services import license_service_submit

    return license_service_submit(
        actor=citizen,
        service=service,
        license_id=license.pk,
        fulfilment="pickup",
        pickup_point="玄武邮政支局",
        **kwargs,
    )


def test_a_lost_licence_is_reissued_any_time_without_a_medical_certificate():
    citizen, license = make_renewal_ready(traits=(), medical=False)
    application = _service(citizen, license, "license_reissue")
    assert application.case.kind == "papers.license_reissue"
    assert application.fee_fen == 1000


def test_no_reissue_while_the_licence_is_suspended():
    citizen, license = make_renewal_ready(traits=("suspended",), medical=False)
    with pytest.raises(ApplicationError) as refused:
        _service(citizen, license, "license_reissue")
    assert "暂扣" in str(refused.value.message)
    assert _service(citizen, license, "license_replacement").state == "submitted"


def test_one_open_application_per_licence_whatever_the_service():
    citizen, license = make_renewal_ready()
    _submit(citizen, license)
    with pytest.raises(ApplicationError) as refused:
        _service(citizen, license, "license_move_in")
    assert refused.value.code == "papers.application.open_exists"


def test_age_renewal_only_once_a_class_reached_its_limit():
    from datetime import date

    from jiaoguan.core import clock
    from jiaoguan.drivers.models import LicenseClassGrant

    citizen, license = make_renewal_ready(traits=())
    with pytest.raises(ApplicationError) as refused:
        _service(citizen, license, "license_age_renewal")
    assert refused.value.code == "papers.application.refused"
    today = clock.today()
    old, old_license = make_renewal_ready(
        traits=(), name="王强", birth_date=date(today.year - 63, today.month, 1)
    )
    LicenseClassGrant.objects.filter(license=old_license).update(license_class="B2")
    assert _service(old, old_license, "license_age_renewal").case.kind == (
        "papers.license_age_renewal"
    )


def test_a_vehicle_service_is_not_taken_here():
    citizen, license = make_renewal_ready()
    for service in ("plates_reissue", "no_such_service"):
        with pytest.raises(ApplicationError) as refused:
            _service(citizen, license, service)
        assert refused.value.code == "papers.application.service"
