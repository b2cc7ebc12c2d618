"""The four announcement lists fed by a register record of each event: classes cancelled,
school-bus qualifications void, vehicles scrapped by force, decisions with social impact.
Each is a set-based scan with its masking and legal basis; the writes that feed them are
audited with their actor."""

from datetime import date, timedelta

import pytest

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError, PermissionDenied
from jiaoguan.disclosure import services
from jiaoguan.disclosure.lists import list_declaration
from jiaoguan.disclosure.models import Entry
from jiaoguan.drivers.models import ClassCancellation, SchoolBusQualification
from jiaoguan.drivers.school_bus import school_bus_qualification_cancel
from jiaoguan.vehicles.models import Vehicle
from jiaoguan.vehicles.services import vehicle_scrap_by_force
from jiaoguan.violations.services import penalty_decision_revoke
from tests.disclosure.factories import DAY, entries, make_register, publish_on
from tests.identity.factories import make_citizen, make_officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def register():
    return make_register()


def _masked_archive(number: str) -> str:
    return number[:4] + "*" * (len(number) - 6) + number[-2:]


def test_a_cancelled_class_is_announced_with_the_name_and_archive_number_masked(register):
    publish_on()
    (cancellation,) = ClassCancellation.objects.all()
    assert entries("license_classes_cancelled") == [
        {
            "name": "司马**",
            "archive_number": _masked_archive(cancellation.license.archive_number),
            "license_class": "B2",
            "reason": "实习期内记满12分，注销实习的准驾车型",
            "event_on": (DAY - timedelta(days=5)).isoformat(),
        }
    ]
    entry = Entry.objects.get(dataset="license_classes_cancelled")
    assert entry.expires_on == DAY + timedelta(days=730)
    assert "第八十条" in str(list_declaration("license_classes_cancelled").basis)


def test_twelve_points_in_probation_record_the_cancelled_class_of_a_license_kept():
    """D held for years, C1 obtained 100 days ago (in probation, 162号 art. 77): a full score
    from violations in the probation cancels C1 only, and the register records it."""
    from jiaoguan.drivers.models import PointsRecord
    from jiaoguan.violations.services import violation_handle_at_counter
    from tests.drivers.factories import make_license
    from tests.identity.factories import make_person
    from tests.vehicles.factories import make_vehicle
    from tests.violations.factories import make_entered_record

    person = make_person(name="上官新")
    license_ = make_license(
        person=person,
        classes=("D", "C1"),
        class_dates={"D": date(2010, 3, 15), "C1": clock.today() - timedelta(days=100)},
        points=[(clock.today(), 6)],
    )
    PointsRecord.objects.filter(license=license_).update(committed_on=clock.today())
    officer = make_officer(permissions=("violations.review_violationrecord",))
    record = make_entered_record(make_vehicle(owner=person))
    violation_handle_at_counter(actor=officer, record_id=record.pk, person=person)
    assert list(license_.grants.values_list("license_class", flat=True)) == ["D"]
    (cancellation,) = ClassCancellation.objects.filter(license=license_)
    assert (cancellation.license_class, cancellation.reason, cancellation.cancelled_on) == (
        "C1",
        "probation_full_score",
        clock.today(),
    )
    publish_on()
    assert [row["name"] for row in entries("license_classes_cancelled")] == ["上官*"]


def test_a_school_bus_qualification_is_announced_void_only_when_the_license_was_not_recovered(
    register,
):
    publish_on()
    qualification = register.events["school_bus"]
    assert entries("school_bus_permits_void") == [
        {
            "name": "赵**",
            "archive_number": _masked_archive(qualification.license.archive_number),
            "event_on": (DAY - timedelta(days=10)).isoformat(),
            "reason": "年龄超过60周岁",
        }
    ]
    # The license is recovered later: the next run withdraws the announcement.
    SchoolBusQualification.objects.filter(pk=qualification.pk).update(license_recovered=True)
    publish_on(DAY + timedelta(days=1))
    assert entries("school_bus_permits_void") == []
    assert Entry.objects.get(dataset="school_bus_permits_void").withdrawn_on == DAY + timedelta(
        days=1
    )


def test_an_officer_cancels_a_school_bus_qualification_audited_and_once(register):
    from tests.drivers.factories import make_license

    license_ = make_license()
    SchoolBusQualification.objects.create(license=license_, granted_on=date(2022, 1, 10))
    officer = make_officer(
        username="jc0031", permissions=("drivers.change_schoolbusqualification",)
    )
    school_bus_qualification_cancel(
        actor=officer,
        license_number=license_.person.id_number,
        reason="accident",
        license_recovered=False,
    )
    event = AuditEvent.objects.get(action="drivers.school_bus.cancelled")
    assert (event.actor_id, event.data) == (
        officer.pk,
        {"reason": "accident", "license_recovered": False},
    )
    publish_on()
    reasons = {row["reason"] for row in entries("school_bus_permits_void")}
    assert "对致人死亡或者重伤的交通事故负有责任" in reasons
    with pytest.raises(ApplicationError) as caught:
        school_bus_qualification_cancel(
            actor=officer,
            license_number=license_.person.id_number,
            reason="accident",
            license_recovered=False,
        )
    assert caught.value.code == "drivers.school_bus.not_in_force"


def test_a_vehicle_scrapped_by_force_is_announced_with_its_full_plate_and_no_owner(register):
    publish_on()
    assert entries("vehicles_scrapped_by_force") == [
        {
            "plate_type": "小型汽车",
            "plate_number": "苏A10006",
            "reason": "达到国家强制报废标准的机动车被依法收缴并强制报废",
        }
    ]
    assert "第四十一条" in str(list_declaration("vehicles_scrapped_by_force").basis)


def test_scrapping_by_force_deregisters_the_vehicle_audited_and_once(register):
    vehicle = register.vehicles["on_time"]
    officer = make_officer(username="jc0032", permissions=("vehicles.add_forcedscrapping",))
    vehicle_scrap_by_force(
        actor=officer,
        plate_type=vehicle.plate_type,
        plate_number=vehicle.plate_number,
        confiscated_on=DAY,
        authority="南京市公安局",
    )
    vehicle.refresh_from_db()
    assert vehicle.status == Vehicle.Status.DEREGISTERED
    event = AuditEvent.objects.get(action="vehicles.vehicle.scrapped_by_force")
    assert event.actor_id == officer.pk
    publish_on()
    plates = [row["plate_number"] for row in entries("vehicles_scrapped_by_force")]
    assert plates == ["苏A10006", "苏A10004"]
    with pytest.raises(ApplicationError) as caught:
        vehicle_scrap_by_force(
            actor=officer,
            plate_type=vehicle.plate_type,
            plate_number=vehicle.plate_number,
            confiscated_on=DAY,
            authority="南京市公安局",
        )
    assert caught.value.code == "vehicles.vehicle.not_found"  # deregistered: off the register


def test_a_decision_with_social_impact_is_published_masked_while_it_stands(register):
    publish_on()
    decision = register.events["decision"]
    license_ = register.licenses["valid"]
    assert entries("serious_violators") == [
        {
            "name": "李*",
            "archive_number": _masked_archive(license_.archive_number),
            "offense": decision.description,
            "decided_on": clock.local(decision.decided_at).date().isoformat(),
            "penalty": f"罚款{decision.fine_fen // 100}元，记{decision.points}分",
        }
    ]
    # Revoked: withdrawn by the next day's run (行政处罚法 art. 48 ¶2: within 3 days).
    officer = make_officer(username="jc0033", permissions=("violations.revoke_penaltydecision",))
    penalty_decision_revoke(actor=officer, number=decision.number, reason="复议撤销")
    publish_on(DAY + timedelta(days=1))
    assert entries("serious_violators") == []
    (entry,) = Entry.objects.filter(dataset="serious_violators")
    assert entry.withdrawn_on == DAY + timedelta(days=1)


def test_an_officer_marks_and_lifts_social_impact_audited_with_the_actor(register):
    from jiaoguan.violations.services import violation_handle
    from tests.drivers.factories import make_license
    from tests.vehicles.factories import make_vehicle
    from tests.violations.factories import make_entered_record

    person = register.people[0]
    make_license(person=person)
    record = make_entered_record(make_vehicle(owner=person, plate_number="苏A30001"), code="1345")
    decision = violation_handle(actor=make_citizen(person=person), record_id=record.pk)
    officer = make_officer(username="jc0034", permissions=("disclosure.publish_lists",))
    services.social_impact_mark(actor=officer, decision_number=decision.number, reason="典型案例")
    publish_on()
    assert "张**" in {row["name"] for row in entries("serious_violators")}
    services.social_impact_lift(actor=officer, decision_number=decision.number)
    publish_on(DAY + timedelta(days=1))
    assert "张**" not in {row["name"] for row in entries("serious_violators")}
    actions = list(
        AuditEvent.objects.filter(actor=officer, action__startswith="disclosure.social_impact")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["disclosure.social_impact.marked", "disclosure.social_impact.lifted"]


def test_marking_needs_the_permission_and_a_known_decision(register):
    with pytest.raises(PermissionDenied):
        services.social_impact_mark(
            actor=make_officer(username="jc0035"), decision_number="x", reason="y"
        )
    officer = make_officer(username="jc0036", permissions=("disclosure.publish_lists",))
    with pytest.raises(ApplicationError) as caught:
        services.social_impact_mark(actor=officer, decision_number="nothing", reason="y")
    assert caught.value.code == "disclosure.decision.not_found"
    with pytest.raises(ApplicationError) as caught:
        services.social_impact_lift(actor=officer, decision_number="nothing")
    assert caught.value.code == "disclosure.social_impact.not_marked"
