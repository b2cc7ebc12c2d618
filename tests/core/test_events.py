"""Domain events (ADR 0009): every declared event has a subscriber, declared where the
layers allow, and each subscriber runs in the transaction it belongs to."""

import logging
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group
from django.db import transaction

from jiaoguan.accidents.events import ClaimProgressed
from jiaoguan.applications.events import ApplicantNoticeDue
from jiaoguan.core import events
from jiaoguan.core.events import Event, Phase, publish, subscribe, unsubscribe
from jiaoguan.drivers.events import PointsChanged
from jiaoguan.education.events import ReductionDecided, SafetyItemPushed
from jiaoguan.inspections.events import AppointmentBooked
from jiaoguan.papers.events import ShipmentMoved
from jiaoguan.payments.events import OrderPaid, RefundSucceeded
from jiaoguan.violations.events import DisputeDecided, RecordEntered


@dataclass(frozen=True)
class Probe(Event):
    name: str


@pytest.fixture
def subscribed():
    made = []

    def add(handler, phase):
        made.append(subscribe(Probe, handler, phase=phase))

    yield add
    for subscription in made:
        unsubscribe(subscription)


def test_the_declared_events_are_the_ones_of_the_adr():
    assert set(events.declared_events()) == {
        RecordEntered,
        DisputeDecided,
        PointsChanged,
        OrderPaid,
        ApplicantNoticeDue,
        ShipmentMoved,
        RefundSucceeded,
        AppointmentBooked,
        ClaimProgressed,
        ReductionDecided,
        SafetyItemPushed,
    }


def test_every_declared_event_has_a_subscriber():
    lonely = [event for event in events.declared_events() if not events.subscriptions(event)]
    assert lonely == []


def test_every_subscriber_is_declared_in_an_apps_subscriptions_module_and_events_in_events():
    for subscription in events.subscriptions():
        if not subscription.handler.__module__.startswith("jiaoguan."):
            continue
        assert subscription.handler.__module__.endswith(".subscriptions"), subscription.name
    for event in events.declared_events():
        assert event.__module__.endswith(".events"), event


def test_the_shipped_subscribers_run_in_the_publishers_transaction():
    shipped = {
        (subscription.event, subscription.name, subscription.phase)
        for subscription in events.subscriptions()
        if subscription.handler.__module__.startswith("jiaoguan.")
    }
    assert shipped == {
        (
            ClaimProgressed,
            "jiaoguan.notices.subscriptions.claim_progressed_notice",
            Phase.IN_TRANSACTION,
        ),
        (
            ReductionDecided,
            "jiaoguan.notices.subscriptions.reduction_decided_notice",
            Phase.IN_TRANSACTION,
        ),
        (
            SafetyItemPushed,
            "jiaoguan.notices.subscriptions.safety_item_pushed_notices",
            Phase.IN_TRANSACTION,
        ),
        (
            RecordEntered,
            "jiaoguan.notices.subscriptions.record_entered_notice",
            Phase.IN_TRANSACTION,
        ),
        (
            PointsChanged,
            "jiaoguan.notices.subscriptions.points_changed_notice",
            Phase.IN_TRANSACTION,
        ),
        (
            DisputeDecided,
            "jiaoguan.notices.subscriptions.dispute_decided_notice",
            Phase.IN_TRANSACTION,
        ),
        (OrderPaid, "jiaoguan.violations.subscriptions.decision_paid", Phase.IN_TRANSACTION),
        (
            PointsChanged,
            "jiaoguan.education.subscriptions.full_score_education_opens",
            Phase.IN_TRANSACTION,
        ),
        (
            ApplicantNoticeDue,
            "jiaoguan.notices.subscriptions.applicant_notice_due_notice",
            Phase.IN_TRANSACTION,
        ),
        (
            ShipmentMoved,
            "jiaoguan.papers.subscriptions.case_follows_shipment",
            Phase.IN_TRANSACTION,
        ),
        (
            AppointmentBooked,
            "jiaoguan.notices.subscriptions.inspection_booked_notice",
            Phase.IN_TRANSACTION,
        ),
        (
            RefundSucceeded,
            "jiaoguan.notices.subscriptions.refund_succeeded_notice",
            Phase.IN_TRANSACTION,
        ),
    }


@pytest.mark.django_db(transaction=True)
def test_publish_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError, match="outside a transaction"):
        publish(Probe("x"))


@pytest.mark.django_db(transaction=True)
def test_a_failing_in_transaction_subscriber_rolls_the_publishers_write_back(subscribed):
    def refuse(event: Probe) -> None:
        Group.objects.create(name=f"subscriber-{event.name}")
        raise RuntimeError("refused")

    subscribed(refuse, Phase.IN_TRANSACTION)

    def publisher() -> None:
        with transaction.atomic():
            Group.objects.create(name="publisher")
            publish(Probe("a"))

    with pytest.raises(RuntimeError, match="refused"):
        publisher()

    assert not _test_groups().exists()


@pytest.mark.django_db(transaction=True)
def test_an_in_transaction_subscriber_commits_with_the_publisher(subscribed):
    seen = []

    def write(event: Probe) -> None:
        seen.append(transaction.get_connection().in_atomic_block)
        Group.objects.create(name=f"subscriber-{event.name}")

    subscribed(write, Phase.IN_TRANSACTION)

    with transaction.atomic():
        Group.objects.create(name="publisher")
        publish(Probe("a"))
        assert seen == [True]  # called by publish, inside the transaction

    assert set(_test_groups().values_list("name", flat=True)) == {"publisher", "subscriber-a"}


@pytest.mark.django_db(transaction=True)
def test_an_on_commit_subscriber_runs_after_commit_and_sees_the_committed_rows(subscribed):
    seen = []

    def after(event: Probe) -> None:
        seen.append((event.name, Group.objects.filter(name="publisher").exists()))

    subscribed(after, Phase.ON_COMMIT)

    with transaction.atomic():
        Group.objects.create(name="publisher")
        publish(Probe("a"))
        assert seen == []

    assert seen == [("a", True)]


@pytest.mark.django_db(transaction=True)
def test_an_on_commit_subscriber_never_runs_when_the_publisher_rolls_back(subscribed):
    seen = []
    subscribed(seen.append, Phase.ON_COMMIT)

    def publisher() -> None:
        with transaction.atomic():
            Group.objects.create(name="publisher")
            publish(Probe("a"))
            raise LookupError("the publisher fails after publishing")

    with pytest.raises(LookupError):
        publisher()

    assert seen == []
    assert not _test_groups().exists()


@pytest.mark.django_db(transaction=True)
def test_a_failing_on_commit_subscriber_is_logged_and_the_others_still_run(subscribed, caplog):
    seen = []

    def broken(event: Probe) -> None:
        raise RuntimeError("broken")

    subscribed(broken, Phase.ON_COMMIT)
    subscribed(seen.append, Phase.ON_COMMIT)

    with caplog.at_level(logging.ERROR, logger="jiaoguan.core.events"), transaction.atomic():
        Group.objects.create(name="publisher")
        publish(Probe("a"))

    assert seen == [Probe("a")]
    assert Group.objects.filter(name="publisher").exists()
    assert "broken" in caplog.text


def _test_groups():
    """The groups these tests write (the officer roles are groups too, loaded after migrate)."""
    return Group.objects.filter(name__regex=r"^(publisher|subscriber-)")
