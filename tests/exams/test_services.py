"""Service tests of the exams domain: windows, preferences, allocation, bookings, results."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import override_settings
from freezegun import freeze_time

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.drivers.models import DrivingLicense
from jiaoguan.exams import rules, selectors, services
from jiaoguan.exams.models import (
    AllocationResult,
    BookingWindow,
    ExamBooking,
    ExamPlan,
    LicenseApplication,
    PreferenceList,
    WindowSession,
)
from jiaoguan.identity.actors import system_actor
from tests.exams.factories import make_application, make_session, make_venue, make_window
from tests.identity.factories import make_citizen, make_person

SYSTEM = system_actor("test")

pytestmark = pytest.mark.django_db


def _submit(application, window, sessions, actor=None, **kwargs):
    return services.preferences_submit(
        actor=actor,
        person=application.person,
        window_id=window.pk,
        session_ids=[s.pk for s in sessions],
        **kwargs,
    )


def _close(window):
    with freeze_time(window.closes_at + timedelta(seconds=1)):
        return services.window_close(actor=SYSTEM, window=window)


def test_window_open_commits_to_a_secret_seed_and_refuses_a_second_open():
    window = make_window(status=BookingWindow.Status.SCHEDULED)
    opened = services.window_open(actor=SYSTEM, window=window)
    assert opened.status == BookingWindow.Status.OPEN
    assert rules.seed_matches(bytes.fromhex(opened.seed), opened.seed_sha256)
    with pytest.raises(ApplicationError) as refused:
        services.window_open(actor=SYSTEM, window=opened)
    assert refused.value.code == "exams.window.state"


def test_preferences_submit_binds_the_list_to_the_person_and_a_change_replaces_it():
    a, b = make_session(), make_session()
    window = make_window(sessions=[a, b])
    application = make_application()
    first = _submit(application, window, [a, b])
    assert first.session_ids == [a.pk, b.pk]
    assert first.person == application.person
    assert first.anonymised_id == services.anonymised_id(window.code, application.number)
    changed = _submit(application, window, [b])
    assert changed.pk == first.pk
    assert changed.session_ids == [b.pk]
    assert changed.version == 2
    assert changed.submitted_at == first.submitted_at
    assert PreferenceList.objects.count() == 1
    assert AuditEvent.objects.filter(action="exams.preferences.submitted").count() == 2


def test_a_change_of_preferences_takes_a_bounded_number_of_statements(
    django_assert_max_num_queries,
):
    """Issue 21's lean write path: the bookings read once for the history and the sort time,
    the parameters once, and this window's list found with the check for another window's
    (14 statements before, 10 now, the test's savepoint pair included)."""
    a, b = make_session(), make_session()
    window = make_window(sessions=[a, b])
    application = make_application()
    _submit(application, window, [a, b])
    with django_assert_max_num_queries(10):
        changed = _submit(application, window, [b, a])
    assert (changed.session_ids, changed.version) == ([b.pk, a.pk], 2)


def test_the_sort_time_is_the_previous_exam_for_a_learner_with_subject_1_passed():
    session = make_session()
    window = make_window(sessions=[session])
    application = make_application()
    listed = _submit(application, window, [session])
    previous = application.bookings.get()
    assert listed.sort_time == selectors.exam_started_at(previous)
    assert listed.is_first_time


@pytest.mark.parametrize(
    ("make_ids", "code"),
    [
        (lambda s, other: [], "exams.preferences.invalid"),
        (lambda s, other: [s.pk, s.pk], "exams.preferences.invalid"),
        (lambda s, other: [other.pk], "exams.preferences.invalid"),
        (lambda s, other: [s.pk] * 6, "exams.preferences.invalid"),
    ],
)
def test_preferences_submit_refuses_bad_lists(make_ids, code):
    session, other = make_session(), make_session()
    window = make_window(sessions=[session])
    application = make_application()
    with pytest.raises(ApplicationError) as refused:
        services.preferences_submit(
            actor=None,
            person=application.person,
            window_id=window.pk,
            session_ids=make_ids(session, other),
        )
    assert refused.value.code == code
    assert refused.value.fields["session_ids"]


def test_preferences_submit_refuses_a_person_without_an_application():
    session = make_session()
    window = make_window(sessions=[session])
    with pytest.raises(ApplicationError) as refused:
        services.preferences_submit(
            actor=None, person=make_person(), window_id=window.pk, session_ids=[session.pk]
        )
    assert refused.value.code == "exams.application.none"


def test_preferences_submit_refuses_after_the_close_time():
    session = make_session()
    window = make_window(sessions=[session], traits=["closed_due"])
    with pytest.raises(ApplicationError) as refused:
        _submit(make_application(), window, [session])
    assert refused.value.code == "exams.booking.window_closed"


def test_preferences_submit_applies_the_eligibility_rules():
    session = make_session()
    window = make_window(sessions=[session])
    no_permit = make_application(traits=())
    with pytest.raises(ApplicationError) as refused:
        _submit(no_permit, window, [session])
    assert refused.value.code == "exams.eligibility.order"


def test_subject_2_too_early_names_the_first_allowed_date():
    session = make_session()
    window = make_window(sessions=[session])
    application = make_application()
    application.permit.issued_on = clock.today() - timedelta(days=9)
    application.permit.save()
    with pytest.raises(ApplicationError) as refused:
        _submit(application, window, [session])
    assert refused.value.code == "exams.eligibility.too_early"
    assert (clock.today() + timedelta(days=1)).isoformat() in str(refused.value.message)


@override_settings(JIAOGUAN_EXAMS_PREFERENCE_CHANGES_PER_ACCOUNT_PER_HOUR=2)
def test_preferences_changes_are_rate_limited_per_account():
    cache.clear()
    session = make_session()
    window = make_window(sessions=[session])
    application = make_application()
    citizen = make_citizen(person=application.person)
    for _ in range(2):
        _submit(application, window, [session], actor=citizen)
    with pytest.raises(ApplicationError) as refused:
        _submit(application, window, [session], actor=citizen)
    assert refused.value.code == "exams.preferences.rate_limited"


@override_settings(JIAOGUAN_EXAMS_PREFERENCE_CHANGES_PER_ADDRESS_PER_HOUR=1)
def test_preferences_changes_are_rate_limited_per_address():
    cache.clear()
    session = make_session()
    window = make_window(sessions=[session])
    _submit(make_application(), window, [session], ip_address="203.0.113.9")
    with pytest.raises(ApplicationError) as refused:
        _submit(make_application(), window, [session], ip_address="203.0.113.9")
    assert refused.value.code == "exams.preferences.rate_limited"


def test_window_close_allocates_by_sort_time_writes_results_and_publishes_a_verifiable_run():
    popular, spare = make_session(capacity=1), make_session(capacity=1)
    window = make_window(sessions=[popular, spare])
    early = make_application(permit_days_ago=50)
    late = make_application(permit_days_ago=40)
    _submit(late, window, [popular, spare])
    _submit(early, window, [popular])
    closed = _close(window)
    assert closed.status == BookingWindow.Status.ALLOCATED
    results = {r.preference_list.application_id: r for r in AllocationResult.objects.all()}
    assert results[early.pk].rank == 1
    assert results[early.pk].session == popular
    assert results[early.pk].reason == AllocationResult.Reason.FIRST_CHOICE
    assert results[late.pk].session == spare
    assert results[late.pk].choice == 2
    assert results[late.pk].reason == AllocationResult.Reason.LOWER_CHOICE
    assert ExamBooking.objects.filter(window=window, status="booked").count() == 2
    report = selectors.window_verify(window=closed)
    assert report.matches
    assert closed.result_sha256 == report.published_sha256


def test_an_applicant_whose_choices_filled_up_gets_no_seat_and_the_reason():
    session = make_session(capacity=1)
    window = make_window(sessions=[session])
    first, second = make_application(permit_days_ago=50), make_application(permit_days_ago=40)
    _submit(first, window, [session])
    _submit(second, window, [session])
    _close(window)
    result = AllocationResult.objects.get(preference_list__application=second)
    assert result.session is None
    assert result.reason == AllocationResult.Reason.ALL_FULL
    assert not ExamBooking.objects.filter(application=second, window=window).exists()


def test_window_close_is_refused_before_the_close_time_and_twice():
    window = make_window(sessions=[make_session()])
    with pytest.raises(ApplicationError) as early:
        services.window_close(actor=SYSTEM, window=window)
    assert early.value.code == "exams.window.not_due"
    _close(window)
    with pytest.raises(ApplicationError) as again:
        _close(window)
    assert again.value.code == "exams.window.state"


def test_a_cancelled_seat_goes_into_the_next_window_not_back_on_sale():
    session = make_session(capacity=1, exam_on=clock.today() + timedelta(days=20))
    window = make_window(sessions=[session])
    holder, waiting = make_application(permit_days_ago=50), make_application()
    _submit(holder, window, [session])
    _close(window)
    booking = ExamBooking.objects.get(application=holder, window=window)
    next_window = make_window(sessions=[session])
    _submit(waiting, next_window, [session])
    services.booking_cancel(actor=None, person_id=holder.person_id, booking_id=booking.pk)
    _close(next_window)
    assert WindowSession.objects.get(window=next_window).seats_offered == 1
    assert ExamBooking.objects.get(application=waiting, window=next_window).session == session


def test_a_full_session_offers_no_seat_in_the_next_window():
    session = make_session(capacity=1)
    window = make_window(sessions=[session])
    _submit(make_application(), window, [session])
    _close(window)
    next_window = make_window(sessions=[session])
    waiting = make_application()
    _submit(waiting, next_window, [session])
    _close(next_window)
    assert WindowSession.objects.get(window=next_window).seats_offered == 0
    assert not ExamBooking.objects.filter(application=waiting).exclude(subject="subject_1")


def _booked(application, *, exam_in_days=20, subject=rules.ExamSubject.SUBJECT_2):
    session = make_session(exam_on=clock.today() + timedelta(days=exam_in_days), subject=subject)
    return ExamBooking.objects.create(
        application=application,
        session=session,
        subject=subject,
        exam_on=session.plan.exam_on,
        created_at=clock.now(),
    )


def test_cancellation_is_allowed_the_day_before_and_refused_on_the_day():
    application = make_application()
    tomorrow = _booked(application, exam_in_days=1)
    cancelled = services.booking_cancel(
        actor=None, person_id=application.person_id, booking_id=tomorrow.pk
    )
    assert cancelled.status == ExamBooking.Status.CANCELLED
    today = _booked(make_application(), exam_in_days=0)
    with pytest.raises(ApplicationError) as refused:
        services.booking_cancel(
            actor=None, person_id=today.application.person_id, booking_id=today.pk
        )
    assert refused.value.code == "exams.booking.cancellation_too_late"


def test_nobody_cancels_someone_elses_booking():
    booking = _booked(make_application())
    with pytest.raises(ApplicationError) as refused:
        services.booking_cancel(actor=None, person_id=make_person().pk, booking_id=booking.pk)
    assert refused.value.code == "exams.booking.not_found"


def test_a_cancellation_becomes_the_sort_time():
    application = make_application()
    booking = _booked(application)
    services.booking_cancel(actor=None, person_id=application.person_id, booking_id=booking.pk)
    booking.refresh_from_db()
    assert selectors.application_sort_time(application) == booking.cancelled_at


def _record(booking, attempt, passed):
    return services.exam_result_record(
        actor=None,
        application_number=booking.application.number,
        session_code=booking.session.code,
        attempt=attempt,
        passed=passed,
        score=None if passed is None else 90 if passed else 60,
        taken_at=clock.now(),
    )


def test_a_failed_attempt_keeps_the_booking_open_for_its_retake():
    booking = _booked(make_application())
    after_first = _record(booking, 1, False)
    assert after_first.status == ExamBooking.Status.BOOKED
    after_retake = _record(booking, 2, False)
    assert after_retake.status == ExamBooking.Status.CLOSED
    assert after_retake.outcome == ExamBooking.Outcome.FAILED
    with pytest.raises(ApplicationError) as refused:
        _record(booking, 3, True)
    assert refused.value.code == "exams.booking.not_open"


def test_a_no_show_closes_the_booking_as_a_failure_without_retake():
    booking = _booked(make_application())
    closed = _record(booking, 1, None)
    assert closed.outcome == ExamBooking.Outcome.NO_SHOW
    assert closed.status == ExamBooking.Status.CLOSED


def test_attempts_must_come_in_order():
    booking = _booked(make_application())
    with pytest.raises(ApplicationError) as refused:
        _record(booking, 2, True)
    assert refused.value.code == "exams.attempt.invalid"


def test_passing_subject_1_issues_the_learner_permit():
    application = make_application(traits=())
    booking = _booked(application, subject=rules.ExamSubject.SUBJECT_1)
    _record(booking, 1, True)
    application.refresh_from_db()
    assert application.permit.issued_on == clock.today()
    assert application.permit.valid_until == rules.permit_valid_until(clock.today())


def test_passing_every_subject_grants_the_license_and_probation_starts():
    application = make_application()
    for subject in (rules.ExamSubject.SUBJECT_2, rules.ExamSubject.SUBJECT_3):
        _record(_booked(application, subject=subject), 1, True)
    assert not DrivingLicense.objects.filter(person=application.person).exists()
    _record(_booked(application, subject=rules.ExamSubject.SAFE_DRIVING), 1, True)
    license_ = DrivingLicense.objects.get(person=application.person)
    assert license_.first_issued_on == clock.today()
    assert list(license_.grants.values_list("license_class", "obtained_on")) == [
        ("C1", clock.today())
    ]
    application.refresh_from_db()
    assert application.status == LicenseApplication.Status.LICENSED
    assert AuditEvent.objects.filter(action="drivers.license.class_granted").exists()


def test_the_fifth_failed_booking_voids_the_application():
    application = make_application()
    for _ in range(5):
        booking = _booked(application)
        _record(booking, 1, None)
    application.refresh_from_db()
    assert application.status == LicenseApplication.Status.VOID


def test_fair_share_report_counts_first_time_and_repeat_applicants_per_venue():
    venue = make_venue(name="东区考场")
    session = make_session(venue=venue, capacity=1)
    window = make_window(sessions=[session])
    first_timer = make_application(accepted_days_ago=200)
    repeat = make_application(accepted_days_ago=300)
    failed = _booked(repeat, exam_in_days=-30)
    failed.outcome = ExamBooking.Outcome.FAILED
    failed.status = ExamBooking.Status.CLOSED
    failed.save()
    _submit(first_timer, window, [session])
    _submit(repeat, window, [session])
    _close(window)
    (row,) = selectors.fair_share_report(window=window)
    assert row.venue_name == "东区考场"
    assert (row.first_time_applicants, row.repeat_applicants) == (1, 1)
    assert row.first_time_placed + row.repeat_placed == 1


def test_plan_publication_is_refused_later_than_ten_days_before_the_exam():
    venue = make_venue()
    on_time = services.exam_plan_create(
        actor=SYSTEM, venue=venue, exam_on=clock.today() + timedelta(days=10)
    )
    assert services.exam_plan_publish(actor=SYSTEM, plan=on_time).published_at is not None
    late = services.exam_plan_create(
        actor=SYSTEM, venue=venue, exam_on=clock.today() + timedelta(days=9)
    )
    with pytest.raises(ApplicationError) as refused:
        services.exam_plan_publish(actor=SYSTEM, plan=late)
    assert refused.value.code == "exams.plan.too_late"
    assert ExamPlan.objects.get(pk=late.pk).published_at is None


def test_license_application_is_one_active_per_person():
    person = make_person()
    services.license_application_submit(actor=None, person=person, license_class="C1")
    with pytest.raises(ApplicationError) as refused:
        services.license_application_submit(actor=None, person=person, license_class="C2")
    assert refused.value.code == "exams.application.exists"
    with pytest.raises(ApplicationError) as upgrade_only:
        services.license_application_submit(actor=None, person=make_person(), license_class="A1")
    assert upgrade_only.value.code == "exams.application.class"


def _window_times(days_before_exam_close: int):
    opens_at = clock.now()
    return opens_at, opens_at + timedelta(days=days_before_exam_close)


def test_window_create_offers_published_sessions_of_its_subject():
    session = make_session(exam_on=clock.today() + timedelta(days=30))
    opens_at, closes_at = _window_times(5)
    window = services.window_create(
        actor=SYSTEM,
        code="W-NEW",
        subject="subject_2",
        opens_at=opens_at,
        closes_at=closes_at,
        sessions=[session],
    )
    assert window.status == BookingWindow.Status.SCHEDULED
    assert list(window.sessions.all()) == [session]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ("unpublished", "exams.window.sessions"),
        ("other_subject", "exams.window.sessions"),
        ("too_late", "exams.window.times"),
        ("backwards", "exams.window.times"),
    ],
)
def test_window_create_refuses_what_the_rules_forbid(change, code):
    exam_on = clock.today() + timedelta(days=30)
    session = make_session(
        exam_on=exam_on, subject="subject_3" if change == "other_subject" else "subject_2"
    )
    if change == "unpublished":
        ExamPlan.objects.filter(pk=session.plan_id).update(published_at=None)
        session.refresh_from_db()
    opens_at, closes_at = _window_times(29 if change == "too_late" else 5)
    if change == "backwards":
        opens_at, closes_at = closes_at, opens_at
    with pytest.raises(ApplicationError) as refused:
        services.window_create(
            actor=SYSTEM,
            code="W-BAD",
            subject="subject_2",
            opens_at=opens_at,
            closes_at=closes_at,
            sessions=[session],
        )
    assert refused.value.code == code


def test_the_periodic_task_opens_and_closes_due_windows_once():
    from jiaoguan.exams.tasks import windows_due_run

    scheduled = make_window(sessions=[make_session()], status=BookingWindow.Status.SCHEDULED)
    due = make_window(sessions=[make_session()], traits=["closed_due"])
    assert windows_due_run() == {"opened": 1, "closed": 1}
    scheduled.refresh_from_db()
    due.refresh_from_db()
    assert scheduled.status == BookingWindow.Status.OPEN
    assert due.status == BookingWindow.Status.ALLOCATED
    assert windows_due_run() == {"opened": 0, "closed": 0}


def test_an_applicant_takes_part_in_one_open_window_per_subject():
    first, second = make_session(), make_session()
    window = make_window(sessions=[first])
    other = make_window(sessions=[second])
    application = make_application()
    _submit(application, window, [first])
    with pytest.raises(ApplicationError) as refused:
        _submit(application, other, [second])
    assert refused.value.code == "exams.preferences.other_window"


def test_a_change_after_a_cancellation_moves_the_sort_time():
    session = make_session()
    window = make_window(sessions=[session])
    application = make_application()
    before = _submit(application, window, [session]).sort_time
    booking = _booked(application, subject=rules.ExamSubject.SUBJECT_3)
    services.booking_cancel(actor=None, person_id=application.person_id, booking_id=booking.pk)
    after = _submit(application, window, [session]).sort_time
    booking.refresh_from_db()
    assert before < after == booking.cancelled_at


def test_the_close_leaves_out_an_applicant_who_meanwhile_holds_a_booking_of_the_subject():
    session = make_session(capacity=2)
    window = make_window(sessions=[session])
    holder, other = make_application(), make_application()
    _submit(holder, window, [session])
    _submit(other, window, [session])
    _booked(holder)  # booked in the meantime (e.g. a window that closed earlier)
    _close(window)
    assert not AllocationResult.objects.filter(preference_list__application=holder).exists()
    assert ExamBooking.objects.filter(application=holder, status="booked").count() == 1
    assert ExamBooking.objects.get(application=other, window=window).session == session


def test_a_learner_permit_ends_before_the_upper_age_limit():
    from datetime import date

    old = make_person(birth_date=date(1964, 1, 10))
    application = make_application(person=old, license_class="C3", traits=())
    with freeze_time("2026-03-01 04:00:00"):
        permit = services.learner_permit_issue(
            actor=None, application=application, issued_on=date(2026, 3, 1)
        )
    assert permit.valid_until == date(2028, 1, 9)


def test_a_result_sent_again_is_accepted_once_and_a_different_one_refused():
    booking = _booked(make_application())
    first = _record(booking, 1, True)
    again = _record(booking, 1, True)
    assert again.pk == first.pk
    assert booking.attempts.count() == 1
    with pytest.raises(ApplicationError) as refused:
        _record(booking, 1, False)
    assert refused.value.code == "exams.attempt.conflict"
