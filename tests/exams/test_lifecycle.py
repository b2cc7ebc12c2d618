"""Service tests of an application's end and place: the permit's and a license holder's
3 years (arts. 41, 45), the fifth failure (art. 47), the exam location and its changes
(art. 39), county-level venues (art. 2) and pass marks (art. 38)."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError
from freezegun import freeze_time

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.exams import rules, selectors, services
from jiaoguan.exams.models import (
    ExamBooking,
    ExamLocationChange,
    ExamPlan,
    ExamSession,
    LearnerPermit,
    LicenseApplication,
    PreferenceList,
)
from jiaoguan.identity.actors import system_actor
from tests.exams.factories import make_application, make_session, make_venue, make_window
from tests.identity.factories import make_organization, make_person

SYSTEM = system_actor("test")

pytestmark = pytest.mark.django_db

S2 = rules.ExamSubject.SUBJECT_2


def _booked(application, *, exam_on, subject=S2, session=None):
    session = session or make_session(exam_on=exam_on, subject=subject)
    return ExamBooking.objects.create(
        application=application,
        session=session,
        subject=subject,
        exam_on=exam_on,
        created_at=clock.now(),
    )


def _permit_ending(application, last_day):
    LearnerPermit.objects.filter(application=application).update(valid_until=last_day)


def _submit(application, window, sessions):
    return services.preferences_submit(
        actor=None,
        person=application.person,
        window_id=window.pk,
        session_ids=[s.pk for s in sessions],
    )


# --- the permit and the license holder's deadline -------------------------------------------


def test_the_nightly_lapse_voids_an_unfinished_application_the_day_after_the_permit():
    application = make_application()
    last_day = clock.today() + timedelta(days=3)
    _permit_ending(application, last_day)
    assert services.applications_lapse(as_of=last_day) == 0
    assert services.applications_lapse(as_of=last_day + timedelta(days=1)) == 1
    application.refresh_from_db()
    assert application.status == LicenseApplication.Status.VOID
    assert application.void_reason == rules.LapseReason.PERMIT_EXPIRED
    assert application.voided_on == last_day + timedelta(days=1)
    assert AuditEvent.objects.filter(action="exams.application.voided").count() == 1
    assert services.applications_lapse(as_of=last_day + timedelta(days=2)) == 0


def test_the_lapse_waits_for_the_result_of_an_exam_on_the_permits_last_day():
    application = make_application()
    last_day = clock.today()
    _permit_ending(application, last_day)
    booking = _booked(application, exam_on=last_day)
    with freeze_time(clock.now() + timedelta(days=1)):
        assert services.applications_lapse() == 0
        services.exam_result_record(
            actor=None,
            application_number=application.number,
            session_code=booking.session.code,
            attempt=1,
            passed=True,
            score=95,
            taken_at=clock.now(),
        )
    application.refresh_from_db()
    assert application.status == LicenseApplication.Status.VOID
    assert application.void_reason == rules.LapseReason.PERMIT_EXPIRED


def test_passing_the_last_subject_on_the_permits_last_day_licenses_the_applicant():
    application = make_application(license_class="C1")
    last_day = clock.today()
    _permit_ending(application, last_day)
    for subject in (rules.ExamSubject.SUBJECT_2, rules.ExamSubject.SUBJECT_3):
        ExamBooking.objects.create(
            application=application,
            session=make_session(exam_on=last_day - timedelta(days=5), subject=subject),
            subject=subject,
            exam_on=last_day - timedelta(days=5),
            status=ExamBooking.Status.CLOSED,
            outcome=ExamBooking.Outcome.PASSED,
            created_at=clock.now(),
        )
    booking = _booked(application, exam_on=last_day, subject=rules.ExamSubject.SAFE_DRIVING)
    with freeze_time(clock.now() + timedelta(days=1)):
        services.exam_result_record(
            actor=None,
            application_number=application.number,
            session_code=booking.session.code,
            attempt=1,
            passed=True,
            score=92,
            taken_at=clock.now(),
        )
    application.refresh_from_db()
    assert application.status == LicenseApplication.Status.LICENSED


def test_a_license_holder_is_refused_sessions_after_three_years_and_voided_after_them():
    person = make_person()
    application = make_application(
        person=person,
        basis=LicenseApplication.Basis.FOREIGN_LICENSE,
        accepted_days_ago=3 * 365 - 10,
    )
    deadline = selectors.completion_deadline(application)
    assert deadline is not None
    inside = make_session(exam_on=deadline)
    outside = make_session(exam_on=deadline + timedelta(days=1))
    window = make_window(sessions=[inside, outside])
    assert _submit(application, window, [inside]).session_ids == [inside.pk]
    with pytest.raises(ApplicationError) as refused:
        _submit(application, window, [outside])
    assert refused.value.code == "exams.eligibility.deadline_passed"
    PreferenceList.objects.all().delete()
    assert services.applications_lapse(as_of=deadline) == 0
    assert services.applications_lapse(as_of=deadline + timedelta(days=1)) == 1
    application.refresh_from_db()
    assert application.void_reason == rules.LapseReason.DEADLINE_PASSED


def test_the_fifth_failed_booking_voids_the_application_with_its_reason():
    application = make_application()
    for n in range(4):
        ExamBooking.objects.create(
            application=application,
            session=make_session(exam_on=clock.today() - timedelta(days=60 - 11 * n)),
            subject=S2,
            exam_on=clock.today() - timedelta(days=60 - 11 * n),
            status=ExamBooking.Status.CLOSED,
            outcome=ExamBooking.Outcome.FAILED,
            created_at=clock.now(),
        )
    fifth = _booked(application, exam_on=clock.today())
    services.exam_result_record(
        actor=None,
        application_number=application.number,
        session_code=fifth.session.code,
        attempt=1,
        passed=None,
        score=None,
        taken_at=clock.now(),
    )
    application.refresh_from_db()
    assert application.status == LicenseApplication.Status.VOID
    assert application.void_reason == rules.LapseReason.FIFTH_FAILURE


def test_a_voided_application_is_left_out_of_the_close():
    session = make_session(capacity=5)
    window = make_window(sessions=[session], traits=["closed_due"])
    kept, voided = make_application(), make_application()
    for application in (kept, voided):
        PreferenceList.objects.create(
            window=window,
            application=application,
            person=application.person,
            anonymised_id=services.anonymised_id(window.code, application.number),
            sort_time=application.accepted_at,
            is_first_time=True,
            session_ids=[session.pk],
            submitted_at=clock.now(),
            changed_at=clock.now(),
        )
    services.application_void(
        actor=None, application=voided, reason=rules.LapseReason.PERMIT_EXPIRED, on=clock.today()
    )
    services.window_close(actor=SYSTEM, window=window)
    assert set(ExamBooking.objects.filter(window=window).values_list("application", flat=True)) == {
        kept.pk
    }


# --- pass marks ------------------------------------------------------------------------------


def test_a_result_whose_score_contradicts_the_pass_mark_is_refused():
    application = make_application()
    booking = _booked(application, exam_on=clock.today())
    with pytest.raises(ApplicationError) as refused:
        services.exam_result_record(
            actor=None,
            application_number=application.number,
            session_code=booking.session.code,
            attempt=1,
            passed=True,
            score=79,
            taken_at=clock.now(),
        )
    assert refused.value.code == "exams.attempt.score_mismatch"
    assert refused.value.status == 422
    assert not booking.attempts.exists()


# --- the exam location -----------------------------------------------------------------------


def test_an_application_is_examined_in_the_schools_city_or_else_the_applicants():
    school = make_organization(
        name="驾校甲", credit_code="91320200JX00000001", kind="driving_school", region_code="320211"
    )
    from_school = services.license_application_submit(
        actor=None, person=make_person(), license_class="C1", driving_school=school
    )
    assert from_school.exam_region_code == "320200"
    own = services.license_application_submit(actor=None, person=make_person(), license_class="C1")
    assert own.exam_region_code == "320100"
    chosen = services.license_application_submit(
        actor=None, person=make_person(), license_class="C1", exam_region_code="310115"
    )
    assert chosen.exam_region_code == "310100"


def test_an_application_with_an_unknown_basis_or_region_is_refused():
    with pytest.raises(ApplicationError) as refused:
        services.license_application_submit(
            actor=None, person=make_person(), license_class="C1", basis="alien"
        )
    assert refused.value.code == "exams.application.basis"
    with pytest.raises(ApplicationError) as refused:
        services.license_application_submit(
            actor=None, person=make_person(), license_class="C1", exam_region_code="99"
        )
    assert refused.value.code == "exams.region.invalid"


def test_sessions_of_another_city_are_refused():
    elsewhere = make_session(venue=make_venue(region_code="320200"))
    window = make_window(sessions=[elsewhere])
    with pytest.raises(ApplicationError) as refused:
        _submit(make_application(), window, [elsewhere])
    assert refused.value.code == "exams.preferences.invalid"
    assert "320100" in str(refused.value.message)


def test_large_classes_may_sit_subject_2_elsewhere_in_the_province_without_a_local_site():
    elsewhere = make_session(venue=make_venue(region_code="320200"), license_class="B2")
    window = make_window(sessions=[elsewhere])
    application = make_application(license_class="B2", permit_days_ago=40)
    assert _submit(application, window, [elsewhere]).session_ids == [elsewhere.pk]
    # Once the applicant's own city publishes B2 科目二 sessions, it has a local site.
    make_session(license_class="B2")
    with pytest.raises(ApplicationError):
        _submit(application, window, [elsewhere])


def test_county_level_venues_take_no_large_class_skill_sessions():
    county = make_venue(is_county_level=True)
    plan = ExamPlan.objects.create(venue=county, exam_on=clock.today() + timedelta(days=30))
    with pytest.raises(ApplicationError) as refused:
        services.exam_session_add(
            actor=SYSTEM,
            plan=plan,
            subject=S2,
            license_class="B2",
            starts_at=time(9),
            capacity=10,
        )
    assert refused.value.code == "exams.session.venue_level"
    services.exam_session_add(
        actor=SYSTEM, plan=plan, subject=S2, license_class="C1", starts_at=time(9), capacity=10
    )
    session = ExamSession(plan=plan, code="X", subject=S2, license_class="A1", starts_at=time(10))
    with pytest.raises(ValidationError):
        session.clean()


def _move(application, region="310115"):
    return services.exam_location_change(
        actor=None, person=application.person, region_code=region, residence_address="上海市某路1号"
    )


def test_a_location_change_moves_the_exam_city_and_is_counted_up_to_three():
    application = make_application()
    first = _move(application, "310115")
    application.refresh_from_db()
    assert application.exam_region_code == "310100"
    assert (first.sequence, first.from_region_code, first.to_region_code) == (1, "320100", "310100")
    _move(application, "320500")
    _move(application, "320100")
    with pytest.raises(ApplicationError) as refused:
        _move(application, "310115")
    assert refused.value.code == "exams.location.limit_reached"
    assert ExamLocationChange.objects.filter(application=application).count() == 3
    assert AuditEvent.objects.filter(action="exams.location.changed").count() == 3
    overview = selectors.application_overview(person_id=application.person_id)
    assert overview.location_changes_left == 0


def test_a_location_change_is_refused_with_a_pending_booking_or_an_open_list():
    application = make_application()
    booking = _booked(application, exam_on=clock.today() + timedelta(days=20))
    with pytest.raises(ApplicationError) as refused:
        _move(application)
    assert refused.value.code == "exams.location.booking_pending"
    assert refused.value.status == 409
    booking.delete()
    session = make_session()
    _submit(application, make_window(sessions=[session]), [session])
    with pytest.raises(ApplicationError) as refused:
        _move(application)
    assert refused.value.code == "exams.location.listed_in_window"


def test_a_location_change_needs_a_small_class_a_pass_and_a_residence():
    with pytest.raises(ApplicationError) as refused:
        _move(make_application(license_class="B2"))
    assert refused.value.code == "exams.location.not_small_class"
    with pytest.raises(ApplicationError) as refused:
        _move(make_application(traits=()))
    assert refused.value.code == "exams.location.nothing_passed"
    with pytest.raises(ApplicationError) as refused:
        services.exam_location_change(
            actor=None,
            person=make_application().person,
            region_code="310115",
            residence_address=" ",
        )
    assert refused.value.code == "exams.location.residence_missing"


def test_the_overview_shows_subjects_periods_and_a_void_reason():
    application = make_application()
    overview = selectors.application_overview(person_id=application.person_id)
    assert [p.passed for p in overview.subjects] == [True, False, False, False]
    assert overview.subjects[1].bookings_left == rules.SKILL_BOOKING_LIMIT
    assert overview.subjects[0].bookings_left is None
    assert overview.period_ends_on == application.permit.valid_until
    services.application_void(
        actor=None,
        application=application,
        reason=rules.LapseReason.PERMIT_EXPIRED,
        on=clock.today(),
    )
    voided = selectors.application_overview(person_id=application.person_id)
    assert voided.application.status == LicenseApplication.Status.VOID
    newer = make_application(person=application.person, traits=())
    assert selectors.application_overview(person_id=application.person_id).application == newer


def test_the_lapse_runs_nightly_as_a_task_and_as_a_command(settings):
    from django.core.management import call_command

    from jiaoguan.exams import tasks

    application = make_application()
    _permit_ending(application, clock.today() - timedelta(days=1))
    entry = settings.CELERY_BEAT_SCHEDULE["exams-applications-lapse"]
    assert entry["task"] == "jiaoguan.exams.tasks.applications_lapse"
    assert tasks.applications_lapse.delay().get() == 1
    other = make_application()
    _permit_ending(other, clock.today() - timedelta(days=1))
    call_command("exams", "lapse")
    other.refresh_from_db()
    assert other.status == LicenseApplication.Status.VOID
