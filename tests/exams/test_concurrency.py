"""Many clients submitting and changing preferences while the window closes: every accepted
submission is in the allocation with its last accepted content; nothing is lost or torn."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection

from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.exams import rules, services
from jiaoguan.exams.models import AllocationResult, BookingWindow, ExamBooking, PreferenceList
from jiaoguan.identity.actors import system_actor
from tests.exams.factories import make_application, make_session, make_window

SYSTEM = system_actor("test")

CLIENTS = 12


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_submissions_racing_the_close_are_either_allocated_as_last_accepted_or_refused():
    sessions = [make_session(capacity=3) for _ in range(4)]
    window = make_window(sessions=sessions)
    applications = [make_application() for _ in range(CLIENTS)]
    closes_at = clock.now() + timedelta(seconds=2)
    BookingWindow.objects.filter(pk=window.pk).update(closes_at=closes_at)
    ids = [s.pk for s in sessions]
    start = threading.Barrier(CLIENTS + 1)

    def client(index: int):
        """Submit, then keep changing the list until the window refuses; return the last
        accepted list and the refusal code."""
        application = applications[index]
        last_accepted, refusal, turn = None, None, 0
        start.wait()
        try:
            while refusal is None:
                wanted = [ids[(index + turn + k) % len(ids)] for k in range(1 + turn % 3)]
                try:
                    services.preferences_submit(
                        actor=None,
                        person=application.person,
                        window_id=window.pk,
                        session_ids=wanted,
                    )
                    last_accepted = wanted
                except ApplicationError as error:
                    refusal = error.code
                turn += 1
            return application.pk, last_accepted, refusal, turn
        finally:
            connection.close()

    def closer():
        start.wait()
        try:
            while clock.now() < closes_at:
                time.sleep(0.01)
            return services.window_close(actor=SYSTEM, window=window)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=CLIENTS + 1) as pool:
        closing = pool.submit(closer)
        outcomes = list(pool.map(client, range(CLIENTS)))
        closed = closing.result()

    assert closed.status == BookingWindow.Status.ALLOCATED
    assert {refusal for _, _, refusal, _ in outcomes} == {"exams.booking.window_closed"}
    assert all(turns > 1 for _, _, _, turns in outcomes)
    lists = {p.application_id: p for p in PreferenceList.objects.filter(window=window)}
    for application_id, last_accepted, _, _ in outcomes:
        assert last_accepted is not None
        assert lists[application_id].session_ids == last_accepted
    published = rules.parse_input(bytes(closed.publication.input_data))
    code_of = {s.pk: s.code for s in sessions}
    by_anonymised = {a: prefs for a, _, prefs in published.applicants}
    for application_id, last_accepted, _, _ in outcomes:
        assert by_anonymised[lists[application_id].anonymised_id] == tuple(
            code_of[pk] for pk in last_accepted
        )
    assert AllocationResult.objects.filter(window=window).count() == CLIENTS
    for session in sessions:
        assert ExamBooking.objects.filter(window=window, session=session).count() <= 3
    assert rules.verify(
        bytes(closed.publication.input_data),
        bytes.fromhex(closed.seed),
        bytes(closed.publication.result_data),
    ).matches


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_location_changes_stop_at_three():
    application = make_application()
    regions = ["310115", "320505", "330106", "340104", "350102", "360102", "370102", "410105"]
    start = threading.Barrier(len(regions))

    def client(region: str):
        start.wait()
        try:
            services.exam_location_change(
                actor=None,
                person=application.person,
                region_code=region,
                residence_address="新居住地",
            )
            return "changed"
        except ApplicationError as error:
            return error.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(regions)) as pool:
        outcomes = list(pool.map(client, regions))

    assert outcomes.count("changed") == rules.LOCATION_CHANGE_LIMIT
    assert set(outcomes) == {"changed", "exams.location.limit_reached"}
    sequences = sorted(application.location_changes.values_list("sequence", flat=True))
    assert sequences == [1, 2, 3]
