"""Actors: what each kind of account acts as, audited as, may do and covers; officers' queues
limited to their jurisdiction."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group

from jiaoguan.audit.models import AuditEvent
from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.errors import PermissionDenied
from jiaoguan.exams import planning as exam_planning
from jiaoguan.exams import services as exam_services
from jiaoguan.exams.models import ExamPlan
from jiaoguan.identity.actors import (
    CitizenActor,
    OfficerActor,
    OrganisationStaffActor,
    PartnerActor,
    actor_for_user,
    system_actor,
)
from jiaoguan.identity.models import User
from jiaoguan.identity.roles import ROLES, roles_load
from jiaoguan.violations import queues as violation_queues
from jiaoguan.violations import services as violation_services
from tests.exams.factories import make_venue
from tests.identity.factories import make_citizen, make_office, make_officer, make_organization
from tests.vehicles.factories import make_vehicle
from tests.violations.factories import make_entered_record

pytestmark = pytest.mark.django_db

KUNMING = {"code": "530100000000", "name": "昆明市公安局交通警察支队", "region": "530100"}


def test_an_officer_acts_with_the_office_roles_and_permissions_of_their_groups():
    roles_load()
    user = make_officer(username="jc0501")
    user.groups.add(Group.objects.get(name=ROLES["exam_planner"].name))
    actor = actor_for_user(User.objects.get(pk=user.pk))
    assert isinstance(actor, OfficerActor)
    assert (actor.kind, actor.audit_label, actor.user_id) == ("officer", "jc0501", user.pk)
    assert (actor.office_code, actor.province_code, actor.region_code) == (
        "320100000000",
        "32",
        "320100",
    )
    assert actor.roles == {"考试计划员"}
    assert actor.has_perm("exams.plan_exams")
    assert not actor.has_perm("payments.reconcile_payments")
    with pytest.raises(PermissionDenied) as refused:
        actor.require("payments.reconcile_payments")
    assert refused.value.code == "auth.permission_denied"
    assert actor.covers(province_code="32")
    assert actor.covers(province_code="320102", office_code="320100000000")
    assert not actor.covers(province_code="53")
    assert not actor.covers(office_code="530100000000")


def test_citizens_organisation_staff_partners_and_jobs_are_actors_too():
    citizen = make_citizen()
    actor = actor_for_user(citizen)
    assert isinstance(actor, CitizenActor)
    assert (actor.kind, actor.person_id, actor.audit_label) == (
        "citizen",
        citizen.person_id,
        citizen.username,
    )
    assert not actor.has_perm("identity.view_person")
    organization = make_organization()
    staff = User.objects.create(
        kind=User.Kind.ORGANIZATION, username="org0501", organization=organization
    )
    staff_actor = actor_for_user(staff)
    assert isinstance(staff_actor, OrganisationStaffActor)
    assert staff_actor.organisation_id == organization.pk
    partner = PartnerActor(
        organization_id=organization.pk,
        organization_name=organization.name,
        organization_kind=organization.kind,
        region_code="320100",
        key_id="k1",
        scopes=frozenset({"violations.ingest"}),
    )
    assert (partner.kind, partner.audit_label, partner.user_id) == ("partner", "partner:k1", None)
    assert partner.has_perm("violations.ingest")
    assert not partner.has_perm("plates.temporary")
    job = system_actor("notices.scan")
    assert (job.kind, job.audit_label, job.user_id) == ("system", "system:notices.scan", None)
    assert job.has_perm("anything.at_all")
    assert job.covers(province_code="53")


def test_audit_records_an_actor_by_its_label_and_account():
    officer = make_officer(username="jc0502")
    audit_record(actor=actor_for_user(officer), action="test.officer")
    audit_record(actor=system_actor("nightly"), action="test.job")
    audit_record(actor=officer, action="test.user")
    events = {event.action: event for event in AuditEvent.objects.all()}
    assert (events["test.officer"].actor_id, events["test.officer"].actor_label) == (
        officer.pk,
        "jc0502",
    )
    assert (events["test.job"].actor_id, events["test.job"].actor_label) == (None, "system:nightly")
    assert events["test.user"].actor_label == "jc0502"


def test_the_review_queue_holds_the_records_of_the_officers_province_only():
    nanjing = make_officer(username="jc0503", permissions=("violations.review_violationrecord",))
    kunming = make_officer(
        username="jc0504",
        permissions=("violations.review_violationrecord",),
        office=make_office(**KUNMING),
    )
    record = make_entered_record(
        make_vehicle(), status="pending_review", entered_on=None, region_code="320102"
    )
    assert [r.pk for r in violation_queues.review_queue(actor=nanjing)] == [record.pk]
    assert list(violation_queues.review_queue(actor=kunming)) == []
    with pytest.raises(PermissionDenied) as refused:
        violation_services.violation_record_confirm(actor=kunming, record_id=record.pk)
    assert refused.value.code == "auth.outside_jurisdiction"
    violation_services.violation_record_confirm(actor=nanjing, record_id=record.pk)


def test_exam_planners_see_and_plan_the_venues_of_their_province_only():
    nanjing = make_officer(username="jc0505", permissions=("exams.plan_exams",))
    kunming = make_officer(
        username="jc0506", permissions=("exams.plan_exams",), office=make_office(**KUNMING)
    )
    plan = ExamPlan.objects.create(
        venue=make_venue(region_code="320102"), exam_on=clock.today() + timedelta(days=30)
    )
    assert exam_planning.plans_upcoming(actor=nanjing) == [plan]
    assert exam_planning.plans_upcoming(actor=kunming) == []
    with pytest.raises(PermissionDenied) as refused:
        exam_services.exam_plan_publish(actor=kunming, plan=plan)
    assert refused.value.code == "auth.outside_jurisdiction"
    assert exam_services.exam_plan_publish(actor=nanjing, plan=plan).published_at is not None


def test_an_officer_without_a_permission_cannot_plan_exams_reconcile_or_scan():
    """The found attack: an officer holding nothing created a window, ran a reconciliation and
    the notice scan."""
    from jiaoguan.notices.services import scans_run
    from jiaoguan.payments.services import reconciliation_run

    nobody = make_officer(username="jc0507")
    for attempt in (
        lambda: exam_services.window_create(
            actor=nobody,
            code="W-1",
            subject="subject_1",
            opens_at=clock.now(),
            closes_at=clock.now() + timedelta(days=1),
            sessions=[],
        ),
        lambda: reconciliation_run(actor=nobody, day=clock.today()),
        lambda: scans_run(actor=nobody),
    ):
        with pytest.raises(PermissionDenied) as refused:
            attempt()
        assert refused.value.code == "auth.permission_denied"
