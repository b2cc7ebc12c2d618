"""Demo data for the disclosure lists (信息公开) that the generated register leaves empty:
vehicles about to become scrap-due for missed inspections, cancelled licenses, a month of
exams sat by two driving schools' candidates, a cancelled class, a void school-bus
qualification, a vehicle scrapped by force and a decision with social impact, so every list
and statistic has entries.

Seed data, written directly like the rest of the demo (no services, no audit; the one penalty
decision is made at the counter by the first demo officer, as decisions are); generated
people only (never the demo accounts' people, whose stories the banner tells).
"""

from __future__ import annotations

import hashlib
import random
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from stdnum.cn import uscc

from jiaoguan.core import clock
from jiaoguan.demo.accounts import DEMO_OFFICERS, DEMO_PEOPLE
from jiaoguan.disclosure.models import SocialImpactMark
from jiaoguan.drivers.models import ClassCancellation, DrivingLicense, SchoolBusQualification
from jiaoguan.exams.models import (
    ExamAttempt,
    ExamBooking,
    ExamPlan,
    ExamSession,
    ExamVenue,
    LicenseApplication,
)
from jiaoguan.identity.models import Organization, Person, User
from jiaoguan.vehicles import rules as vehicle_rules
from jiaoguan.vehicles.models import ForcedScrapping, Vehicle
from jiaoguan.vehicles.selectors import vehicle_profile
from jiaoguan.violations.models import ViolationRecord
from jiaoguan.violations.services import violation_handle_at_counter

#: Marks the demo's own exam rows, so a rerun adds nothing.
NUMBER_PREFIX = "XYGK"
VENUE = ("KC09", "城南考场")
REGION = "320100"
CANDIDATES = 24
#: Driving schools created when the generated register has fewer than two.
SCHOOLS = ("南京城南机动车驾驶员培训有限公司", "南京江北机动车驾驶员培训有限公司")
#: Share of first attempts passed, per subject, by school (the figures differ on purpose).
PASS_SHARES = ((0.8, 0.7, 0.75), (0.6, 0.5, 0.65))
_SUBJECTS = ("subject_1", "subject_2", "subject_3")


def _generated_people():
    demo_names = {person.name for person in DEMO_PEOPLE}
    return Person.objects.exclude(name__in=demo_names).order_by("pk")


def _near_scrapping(today: date, count: int = 3) -> int:
    """Give ``count`` vehicles a validity that ran out long enough ago that three missed
    cycles complete within the next two months (``uninspected_scrap_on`` from the vehicles
    rule; the cycles follow the registration date, so not every vehicle can)."""
    changed = 0
    vehicles = Vehicle.objects.filter(
        owner_person__in=_generated_people(),
        status=Vehicle.Status.NORMAL,
        uninspected_scrap_on__gt=today + relativedelta(months=2),
    ).order_by("registered_on", "pk")
    for car in vehicles.iterator():
        if changed == count:
            break
        profile = vehicle_profile(car)
        for months in range(1, 120):
            valid_until = vehicle_rules.month_end(today - relativedelta(months=months))
            scrap_on = vehicle_rules.uninspected_scrap_on(profile, valid_until)
            if today < scrap_on <= today + relativedelta(months=2):
                Vehicle.objects.filter(pk=car.pk).update(
                    inspection_valid_until=valid_until, uninspected_scrap_on=scrap_on
                )
                changed += 1
                break
    return changed


def _cancelled_licenses(today: date, count: int = 4) -> int:
    licenses = DrivingLicense.objects.filter(
        person__in=_generated_people(), status=DrivingLicense.Status.VALID
    ).order_by("pk")[:count]
    for offset, license in enumerate(licenses):
        status = (
            DrivingLicense.Status.CANCELLED if offset % 2 == 0 else DrivingLicense.Status.REVOKED
        )
        DrivingLicense.objects.filter(pk=license.pk).update(
            status=status, status_changed_on=today - timedelta(days=7 * (offset + 1))
        )
    return len(licenses)


def _schools() -> list[Organization]:
    schools = list(
        Organization.objects.filter(kind=Organization.Kind.DRIVING_SCHOOL).order_by("pk")[:2]
    )
    for number, name in enumerate(SCHOOLS[len(schools) :], start=len(schools) + 1):
        credit = f"91{REGION}MAJX{number:04d}0"
        school, _ = Organization.objects.get_or_create(
            credit_code=credit + uscc.calc_check_digit(credit),
            defaults={
                "name": name,
                "kind": Organization.Kind.DRIVING_SCHOOL,
                "region_code": REGION,
            },
        )
        schools.append(school)
    return schools


def _trained_drivers(today: date, schools: list[Organization], count: int = 40) -> int:
    """Say which school trained ``count`` drivers licensed within the last three years (a
    licensed application naming it), for the 3-year drivers' rates."""
    licenses = DrivingLicense.objects.filter(
        person__in=_generated_people(),
        person__license_applications__isnull=True,
        first_issued_on__gt=today - relativedelta(years=3),
    ).order_by("pk")[:count]
    for number, license in enumerate(licenses):
        LicenseApplication.objects.create(
            number=f"{NUMBER_PREFIX}L{number:04d}",
            person_id=license.person_id,
            license_class="C1",
            accepted_at=clock.now() - timedelta(days=400),
            driving_school=schools[number % len(schools)],
            status=LicenseApplication.Status.LICENSED,
            exam_region_code=REGION,
        )
    return len(licenses)


def _exams_of_schools(today: date, schools: list[Organization]) -> int:
    """Last month: ``CANDIDATES`` candidates of two driving schools sit subjects 1, 2 and 3
    at the demo's 城南考场; some fail, retake, pass or stay away."""
    people = list(
        _generated_people().filter(driving_license__isnull=True, license_applications__isnull=True)[
            :CANDIDATES
        ]
    )
    rng = random.Random(2026)
    venue, _ = ExamVenue.objects.get_or_create(
        code=VENUE[0], defaults={"name": VENUE[1], "region_code": REGION}
    )
    first = (today - relativedelta(months=1)).replace(day=1)
    now = clock.now()
    sessions = {}
    for index, subject in enumerate(_SUBJECTS):
        exam_on = first + timedelta(days=7 * index + 3)
        plan, _ = ExamPlan.objects.get_or_create(
            venue=venue, exam_on=exam_on, defaults={"published_at": now}
        )
        sessions[subject] = ExamSession.objects.create(
            plan=plan,
            code=f"{venue.code}-{exam_on:%Y%m%d}-0900-{subject.replace('_', '')}-C1",
            subject=subject,
            license_class="C1",
            starts_at=time(9),
            capacity=CANDIDATES,
        )
    attempts = 0
    for number, person in enumerate(people):
        school_index = number % len(schools)
        application = LicenseApplication.objects.create(
            number=f"{NUMBER_PREFIX}{number:04d}",
            person=person,
            license_class="C1",
            accepted_at=now - timedelta(days=120),
            driving_school=schools[school_index],
            exam_region_code=REGION,
        )
        for index, subject in enumerate(_SUBJECTS):
            session = sessions[subject]
            share = PASS_SHARES[school_index % len(PASS_SHARES)][index]
            absent = rng.random() < 0.05
            passed_first = not absent and rng.random() < share
            passed_retake = not absent and not passed_first and rng.random() < 0.5
            passed = passed_first or passed_retake
            exam_on = session.plan.exam_on
            taken_at = datetime.combine(exam_on, time(9, 30), tzinfo=clock.TIMEZONE)
            booking = ExamBooking.objects.create(
                application=application,
                session=session,
                subject=subject,
                exam_on=exam_on,
                status=ExamBooking.Status.CLOSED,
                outcome=(
                    ExamBooking.Outcome.NO_SHOW
                    if absent
                    else ExamBooking.Outcome.PASSED
                    if passed
                    else ExamBooking.Outcome.FAILED
                ),
                created_at=taken_at - timedelta(days=10),
            )
            ExamAttempt.objects.create(
                booking=booking,
                number=1,
                passed=None if absent else passed_first,
                score=None if absent else (95 if passed_first else 70),
                taken_at=taken_at,
            )
            attempts += 1
            if not absent and not passed_first:
                ExamAttempt.objects.create(
                    booking=booking,
                    number=2,
                    passed=passed_retake,
                    score=92 if passed_retake else 75,
                    taken_at=taken_at + timedelta(hours=2),
                )
                attempts += 1
            if not passed:
                break  # the next subject waits for this one
    return attempts


def ensure_demo_disclosure(*, number: int = 9) -> list[str]:
    """Create the demo disclosure data unless it exists; return the banner lines."""
    lines = [
        f"  {number}. 信息公开 /disclosure/：公告、公示和统计（驾校合格率、号段使用情况）；"
        "开放数据目录 /api/v1/open-data/catalog（CSV、JSON 下载）。",
        "     民警后台 /backoffice/disclosure/：重新生成公开清单；准驾车型注销、校车驾驶资格注销、"
        "强制报废的登记记录和具有社会影响的处罚决定（认定、取消认定），每次查看记入查询日志"
        "（信息公开员、车驾管登记民警）。",
    ]
    if LicenseApplication.objects.filter(number__startswith=NUMBER_PREFIX).exists():
        return lines
    today = clock.today()
    _near_scrapping(today)
    _cancelled_licenses(today)
    schools = _schools()
    _trained_drivers(today, schools)
    _exams_of_schools(today, schools)
    _event_records(today)
    return lines


def _event_records(today: date) -> None:
    """One subject for each list fed by an event record: a class cancelled in probation on a
    license that keeps another, a school-bus qualification cancelled with the license not
    recovered, a vehicle scrapped by force, and a counter decision (by the first demo officer)
    marked as having social impact."""
    people = _generated_people()
    licenses = DrivingLicense.objects.filter(
        person__in=people, status=DrivingLicense.Status.VALID
    ).order_by("-pk")
    upgraded, bus_driver, offender = list(licenses[:3])
    ClassCancellation.objects.create(
        license=upgraded,
        license_class="B2",
        reason=ClassCancellation.Reason.PROBATION_FULL_SCORE,
        cancelled_on=today - timedelta(days=12),
    )
    SchoolBusQualification.objects.create(
        license=bus_driver,
        granted_on=today - relativedelta(years=4),
        cancelled_on=today - timedelta(days=18),
        cancel_reason=SchoolBusQualification.CancelReason.OVER_AGE,
    )
    scrapped = (
        Vehicle.objects.filter(owner_person__in=people, status=Vehicle.Status.NORMAL)
        .order_by("-pk")
        .first()
    )
    if scrapped is not None:
        ForcedScrapping.objects.create(
            vehicle=scrapped,
            confiscated_on=today - timedelta(days=25),
            authority="南京市公安局交通管理局",
        )
        Vehicle.objects.filter(pk=scrapped.pk).update(status=Vehicle.Status.DEREGISTERED)
    _decision_with_social_impact(today, offender.person)


def _decision_with_social_impact(today: date, person: Person) -> None:
    officer = User.objects.filter(username=DEMO_OFFICERS[0][0]).first()
    vehicle = Vehicle.objects.filter(status=Vehicle.Status.NORMAL).order_by("pk").first()
    if officer is None or vehicle is None:
        return
    camera = Organization.objects.filter(kind=Organization.Kind.ENFORCEMENT_SYSTEM).first()
    if camera is None:
        return
    digest = hashlib.sha256(f"{NUMBER_PREFIX}-impact".encode()).hexdigest()
    record = ViolationRecord.objects.create(
        reporter=camera,
        device_id=f"{REGION}-CAM-0009",
        device_record_id=f"{NUMBER_PREFIX}-IMPACT",
        content_digest=digest,
        code="1345",
        plate_number=vehicle.plate_number,
        plate_type=vehicle.plate_type,
        vehicle=vehicle,
        occurred_at=datetime.combine(today - timedelta(days=9), time(23), clock.TIMEZONE),
        place="江东中路与集庆门大街交叉口",
        region_code="320105",
        status=ViolationRecord.Status.ENTERED,
        entered_on=today - timedelta(days=8),
    )
    decision = violation_handle_at_counter(actor=officer, record_id=record.pk, person=person)
    SocialImpactMark.objects.create(
        decision=decision,
        reason="夜间多次违法，造成恶劣社会影响",
        marked_on=today,
        marked_by=officer.username,
    )
