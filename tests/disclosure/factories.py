"""Disclosure for tests: a small register with one subject for every list, and a run of the
scans on a day."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from freezegun import freeze_time

from jiaoguan.core import clock
from jiaoguan.disclosure import services
from jiaoguan.disclosure.models import Entry, PublicationRun
from jiaoguan.identity.actors import system_actor

SYSTEM = system_actor("test")

#: The day the tests publish on.
DAY = date(2026, 11, 20)


def publish_on(day: date = DAY) -> PublicationRun:
    moment = datetime.combine(day, time(9, 0), tzinfo=clock.TIMEZONE)
    with freeze_time(moment):
        return services.publication_run(actor=SYSTEM, day=day)


def entries(code: str, *, live_only: bool = True) -> list[dict]:
    queryset = Entry.objects.filter(dataset=code)
    if live_only:
        queryset = queryset.filter(withdrawn_on__isnull=True)
    return [entry.data for entry in queryset.order_by("sort_key", "id")]


def _new_drivers(school) -> None:
    """Two drivers the school trained, licensed within 3 years: one with a violation and a
    serious accident in October 2026, one without; and one licensed long ago, with points."""
    from jiaoguan.exams.models import LicenseApplication
    from tests.drivers.factories import make_license
    from tests.identity.factories import make_person

    drivers = [
        (date(2025, 1, 10), [(date(2026, 10, 5), 3)], date(2026, 10, 6)),
        (date(2024, 6, 1), [], None),
        (date(2019, 6, 1), [(date(2026, 10, 7), 3)], None),
    ]
    for number, (first_issued_on, points, accident_on) in enumerate(drivers):
        person = make_person(name=f"钱{'一二三'[number]}{'甲乙丙'[number]}")
        make_license(
            person=person,
            first_issued_on=first_issued_on,
            points=points,
            serious_accident_on=accident_on,
        )
        LicenseApplication.objects.create(
            number=f"XYND{number:08d}",
            person=person,
            license_class="C1",
            accepted_at=clock.now(),
            driving_school=school,
            status=LicenseApplication.Status.LICENSED,
            exam_region_code="320100",
        )


def _allocated_window(session, applications) -> None:
    """An allocated window: the first applicant (first time) placed at their first choice,
    the second (a repeat) left without a seat."""
    from jiaoguan.exams.models import AllocationResult, BookingWindow, PreferenceList
    from tests.exams.factories import make_window

    window = make_window(sessions=[session], status=BookingWindow.Status.ALLOCATED)
    for rank, (application, first_time) in enumerate(
        zip(applications, (True, False), strict=True), 1
    ):
        preferences = PreferenceList.objects.create(
            window=window,
            application=application,
            person=application.person,
            anonymised_id=f"A{rank:05d}",
            sort_time=clock.now(),
            is_first_time=first_time,
            session_ids=[session.pk],
            submitted_at=clock.now(),
            changed_at=clock.now(),
        )
        AllocationResult.objects.create(
            window=window,
            preference_list=preferences,
            rank=rank,
            tiebreak=f"{rank:016x}",
            session=session if first_time else None,
            choice=1 if first_time else 0,
            reason="first_choice" if first_time else "all_full",
        )


def _event_records(day: date, people: list, licenses: dict, vehicles: dict) -> dict:
    """A class cancelled in probation, a school-bus qualification cancelled with the license
    not recovered (and one recovered), a vehicle scrapped by force, and a penalty decision
    marked as having social impact (and one marked, then revoked)."""
    from jiaoguan.disclosure.models import SocialImpactMark
    from jiaoguan.drivers.models import ClassCancellation, SchoolBusQualification
    from jiaoguan.vehicles.models import ForcedScrapping
    from jiaoguan.violations.services import penalty_decision_revoke, violation_handle_at_counter
    from tests.drivers.factories import make_license
    from tests.identity.factories import make_officer, make_person
    from tests.vehicles.factories import make_vehicle
    from tests.violations.factories import make_entered_record, shipped_reference_data

    shipped_reference_data()  # a live-server test starts from flushed tables
    upgraded = make_license(person=make_person(name="司马光明"), classes=("C1",))
    ClassCancellation.objects.create(
        license=upgraded,
        license_class="B2",
        reason=ClassCancellation.Reason.PROBATION_FULL_SCORE,
        cancelled_on=day - timedelta(days=5),
    )
    bus_driver = make_license(person=make_person(name="赵校车"))
    void = SchoolBusQualification.objects.create(
        license=bus_driver,
        granted_on=date(2020, 3, 1),
        cancelled_on=day - timedelta(days=10),
        cancel_reason=SchoolBusQualification.CancelReason.OVER_AGE,
    )
    SchoolBusQualification.objects.create(
        license=licenses["valid"],
        granted_on=date(2021, 3, 1),
        cancelled_on=day - timedelta(days=10),
        cancel_reason=SchoolBusQualification.CancelReason.APPLIED,
        license_recovered=True,
    )
    scrapped = make_vehicle(
        owner=people[0],
        plate_number="苏A10006",
        inspection_valid_until=date(2022, 5, 31),
        status="deregistered",
    )
    ForcedScrapping.objects.create(
        vehicle=scrapped,
        confiscated_on=day - timedelta(days=20),
        authority="南京市公安局交通管理局",
    )
    counter = make_officer(username="jc0018", permissions=("violations.review_violationrecord",))
    decisions = []
    for number in range(2):
        car = make_vehicle(owner=people[2], plate_number=f"苏A2000{number}")
        record = make_entered_record(car, code="1345")
        decision = violation_handle_at_counter(actor=counter, record_id=record.pk, person=people[2])
        SocialImpactMark.objects.create(
            decision=decision,
            reason="醉酒驾驶营运客车",
            marked_on=day - timedelta(days=2),
            marked_by="jc0009",
        )
        decisions.append(decision)
    officer = make_officer(username="jc0019", permissions=("violations.revoke_penaltydecision",))
    penalty_decision_revoke(actor=officer, number=decisions[1].number, reason="复议撤销")
    return {"school_bus": void, "scrapped": scrapped, "decision": decisions[0]}


@dataclass
class Register:
    people: list
    vehicles: dict
    licenses: dict
    events: dict | None = None


def make_register(day: date = DAY) -> Register:
    """A vehicle and a license for each vehicle and license list; exam sessions, a school's
    attempts and a segment for the publications; names with compound surnames."""
    from jiaoguan.exams.models import ExamAttempt, ExamBooking
    from tests.drivers.factories import make_license
    from tests.exams.factories import make_application, make_session
    from tests.identity.factories import make_person
    from tests.plates.factories import make_segment
    from tests.vehicles.factories import make_vehicle

    people = [
        make_person(name="张三丰"),
        make_person(name="欧阳小明"),
        make_person(name="李四"),
        make_person(name="王"),
    ]
    owner = people[0]
    vehicles = {
        "scrap_due": make_vehicle(
            owner=owner,
            plate_number="苏A10001",
            inspection_valid_until=date(2023, 5, 31),
            uninspected_scrap_on=date(2026, 6, 1),
        ),
        "scrap_near": make_vehicle(
            owner=owner,
            plate_number="苏A10002",
            inspection_valid_until=date(2023, 12, 31),
            uninspected_scrap_on=date(2027, 1, 1),
        ),
        "overdue": make_vehicle(
            owner=owner, plate_number="苏A10003", inspection_valid_until=date(2026, 8, 31)
        ),
        "on_time": make_vehicle(
            owner=owner, plate_number="苏A10004", inspection_valid_until=date(2027, 8, 31)
        ),
        "deregistered": make_vehicle(
            owner=owner,
            plate_number="苏A10005",
            inspection_valid_until=date(2023, 5, 31),
            uninspected_scrap_on=date(2026, 6, 1),
            status="deregistered",
        ),
    }
    licenses = {
        "cancelled": make_license(
            person=people[1],
            classes=("C1", "D"),
            status="cancelled",
            status_changed_on=date(2026, 10, 8),
        ),
        "revoked": make_license(person=people[3], status="revoked"),
        "valid": make_license(person=people[2]),
    }
    with freeze_time(datetime.combine(day - timedelta(days=40), time(9), tzinfo=clock.TIMEZONE)):
        application = make_application(person=people[2], traits=("school",))
        session = make_session(exam_on=clock.today())
        for subject, passed in (("subject_2", True),):
            booking = ExamBooking.objects.create(
                application=application,
                session=session,
                subject=subject,
                exam_on=clock.today(),
                status=ExamBooking.Status.CLOSED,
                outcome="passed" if passed else "failed",
                created_at=clock.now(),
            )
            ExamAttempt.objects.create(
                booking=booking, number=1, passed=False, taken_at=clock.now()
            )
            ExamAttempt.objects.create(booking=booking, number=2, passed=True, taken_at=clock.now())
        other = make_application(person=people[0], traits=())
        other.driving_school = application.driving_school
        other.save()
        booking = ExamBooking.objects.create(
            application=other,
            session=session,
            subject="subject_2",
            exam_on=clock.today(),
            status=ExamBooking.Status.CLOSED,
            outcome="no_show",
            created_at=clock.now(),
        )
        ExamAttempt.objects.create(booking=booking, number=1, passed=None, taken_at=clock.now())
    upcoming = make_session(exam_on=day + timedelta(days=12), capacity=30)
    ExamBooking.objects.create(
        application=other,
        session=upcoming,
        subject="subject_3",
        exam_on=upcoming.plan.exam_on,
        created_at=clock.now(),
    )
    _allocated_window(upcoming, [application, other])
    _new_drivers(application.driving_school)
    # Opened the day before (published a week before that); no number taken yet.
    with freeze_time(datetime.combine(day - timedelta(days=3), time(9), tzinfo=clock.TIMEZONE)):
        make_segment()
    events = _event_records(day, people, licenses, vehicles)
    return Register(people=people, vehicles=vehicles, licenses=licenses, events=events)
