"""Notices written when something happens, inside the transaction of the change that caused
them: a camera record entered (``violations.events.RecordEntered``), points recorded or
removed (``drivers.events.PointsChanged``), a case transition the applicant is told of
(``applications.events.ApplicantNoticeDue``), money paid back
(``payments.events.RefundSucceeded``), an accident claim assessed, paid or refused
(``accidents.events.ClaimProgressed``), a safety item pushed to the drivers it concerns
(``education.events.SafetyItemPushed``, set-based: one statement for all of them). The
subscribers that call these are declared in ``notices.subscriptions`` (ADR 0009); this
module declares no events of its own.

Each notice is inserted under the same unique key (kind, subject, event) as the daily scans
use, with ``ON CONFLICT DO NOTHING``: the event and the scan that backs it up never make two
notices, and neither do two changes racing on PostgreSQL (the second insert waits for the
first transaction and then does nothing).
"""

from datetime import date, datetime

from django.db import connection, transaction
from django.db.models import BigIntegerField, CharField, DateField, DateTimeField, F, Field, Value

from jiaoguan.applications import rules as case_rules
from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.delivery import engine as delivery
from jiaoguan.drivers import rules as driver_rules
from jiaoguan.drivers.selectors import license_holder
from jiaoguan.education.selectors import safety_pushes_of
from jiaoguan.notices import rules
from jiaoguan.notices.models import Notice, NoticeKind, NoticeMessage
from jiaoguan.notices.scans.base import insert_from_select
from jiaoguan.notices.services import messages_create, messages_dispatch
from jiaoguan.vehicles.selectors import vehicle_owner_person_id

_LABEL_LENGTH = 40  # Notice.subject_label

_COLUMNS = ("kind_id", "person_id", "subject_id", "subject_label", "event_on", "amount")


def _insert_notice(
    kind: NoticeKind,
    *,
    person_id: int,
    subject_id: int,
    label: str,
    event_on: date,
    amount: int | None,
    now: datetime,
) -> Notice | None:
    """Insert one notice unless its (kind, subject, event) exists; the new notice or None."""
    values = {
        "kind_id": kind.pk,
        "person_id": person_id,
        "subject_id": subject_id,
        "subject_label": label,
        "event_on": event_on,
        "amount": amount,
        "created_at": now,
    }
    params = [_db(name, value) for name, value in values.items()]
    placeholders = ", ".join(["%s"] * len(values))
    sql = (
        f"INSERT INTO {Notice._meta.db_table} ({', '.join(values)}) VALUES ({placeholders}) "
        "ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if cursor.rowcount != 1:
            return None
    return Notice.objects.get(kind=kind, subject_id=subject_id, event_on=event_on)


def _db(field_name: str, value):
    field = Notice._meta.get_field(field_name)
    assert isinstance(field, Field)  # a column of the table, not a reverse relation
    return field.get_db_prep_save(value, connection)


def _notice_event(code: rules.NoticeKindCode, **fields) -> Notice | None:
    """Write the notice of ``code`` with its messages, audit it, and hand the messages that
    may go now to the delivery workers once the surrounding transaction commits."""
    kind = NoticeKind.objects.filter(code=code, enabled=True).first()
    if kind is None:
        return None
    now = clock.now()
    with transaction.atomic():
        notice = _insert_notice(kind, now=now, **fields)
        if notice is None:
            return None
        messages_create(Notice.objects.filter(pk=notice.pk), now)
        due = NoticeMessage.objects.filter(
            notice=notice, status=NoticeMessage.Status.QUEUED, not_before__lte=now
        )
        ids = list(due.values_list("pk", flat=True))
        if ids:
            NoticeMessage.objects.filter(pk__in=ids).update(dispatched_at=now)
            delivery.enqueue("notices.message", ids)
        audit_record(
            actor=None,
            action="notices.notice.create",
            subject=notice,
            data={"kind": str(code), "event_on": notice.event_on.isoformat()},
        )
    return notice


def notice_for_record_entered(
    *, record_id: int, vehicle_id: int | None, plate_number: str, occurred_at: datetime
) -> Notice | None:
    """The owner's notice of a camera record just entered (处理程序规定 art. 20: within 5
    working days of entry; here at once).

    One notice per record (subject: the record; event: the violation's local day), to the
    person owning the vehicle (none for an unmatched plate or an organisation's vehicle).
    Runs in the caller's transaction; returns the new notice, or None when there is none to
    write or it exists already.
    """
    if vehicle_id is None:
        return None
    owner_id = vehicle_owner_person_id(vehicle_id=vehicle_id)
    if owner_id is None:
        return None
    return _notice_event(
        rules.NoticeKindCode.VIOLATION_RECORDED,
        person_id=owner_id,
        subject_id=record_id,
        label=plate_number,
        event_on=clock.local(occurred_at).date(),
        amount=None,
    )


def notice_for_points_changed(*, license_id: int, cycle_points: int) -> Notice | None:
    """The points reminder (from 9, DOMAIN §13.4) or the full-score notice (12, 163号 art. 17)
    when a license's points in its current cycle reach them.

    Once per license, kind and cycle (event: the cycle's first day), so points that go on
    rising within the reminder band, or fall and rise again, are told once; reaching 12 after
    the reminder is a new notice. Runs in the caller's transaction.
    """
    code = rules.points_kind(cycle_points)
    if code is None:
        return None
    license = license_holder(license_id=license_id)
    today = clock.today()
    if license is None or license["first_issued_on"] > today:
        return None
    cycle_start, _cycle_end = driver_rules.points_cycle(license["first_issued_on"], today)
    return _notice_event(
        code,
        person_id=license["person_id"],
        subject_id=license_id,
        label="",
        event_on=cycle_start,
        amount=cycle_points,
    )


def notice_for_dispute_decided(
    *, person_id: int, record_id: int, plate_number: str, upheld: bool, decided_at: datetime
) -> Notice | None:
    """The answer to an objection, to the person who filed it (处理程序规定 art. 5: the
    office where it happened answers within 5 working days).

    One notice per record (subject: the record; event: the local day of the answer); a
    record has at most one decided objection. Runs in the caller's transaction.
    """
    code = rules.NoticeKindCode.DISPUTE_UPHELD if upheld else rules.NoticeKindCode.DISPUTE_REJECTED
    return _notice_event(
        code,
        person_id=person_id,
        subject_id=record_id,
        label=plate_number,
        event_on=clock.local(decided_at).date(),
        amount=None,
    )


def notice_for_case_transition(
    *, transition_id: int, kind: str, state: str, person_id: int, at: datetime
) -> Notice | None:
    """The applicant's notice of a case transition its table marks ``notify``
    (``applications.events.ApplicantNoticeDue``): the web inbox, and SMS and push as the
    kind allows.

    One notice per transition (subject: the logged step; event: its local day), labelled
    with the business and the stage it entered. Runs in the caller's transaction; returns
    the new notice, or None when it exists already or the kind is disabled.
    """
    table = case_rules.table_for(kind)
    label = f"{table.label}：{table.stage(state).label}"
    return _notice_event(
        rules.NoticeKindCode.CASE_TRANSITION,
        person_id=person_id,
        subject_id=transition_id,
        label=label[: Notice._meta.get_field("subject_label").max_length],
        event_on=clock.local(at).date(),
        amount=None,
    )


def notice_for_inspection_booked(
    *, appointment_id: int, person_id: int, label: str, starts_at: datetime
) -> Notice | None:
    """The booking confirmation of an inspection appointment (SMS and inbox): one per
    appointment and slot day, so a move to another day confirms again. Runs in the caller's
    transaction."""
    return _notice_event(
        rules.NoticeKindCode.INSPECTION_BOOKED,
        person_id=person_id,
        subject_id=appointment_id,
        label=label[: Notice._meta.get_field("subject_label").max_length],
        event_on=clock.local(starts_at).date(),
        amount=None,
    )


def notice_for_reduction_decided(
    *, license_id: int, person_id: int, label: str, at: datetime
) -> Notice | None:
    """The driver's notice of a decision on a points reduction (``education.events.
    ReductionDecided``): one per license and day. Runs in the caller's transaction."""
    return _notice_event(
        rules.NoticeKindCode.REDUCTION_DECIDED,
        person_id=person_id,
        subject_id=license_id,
        label=label[: Notice._meta.get_field("subject_label").max_length],
        event_on=clock.local(at).date(),
        amount=None,
    )


def notice_for_refund_succeeded(
    *, order_id: int, person_id: int | None, label: str, refunded_at: datetime
) -> Notice | None:
    """The payer's notice that money came back (``payments.events.RefundSucceeded``): the
    fee of a refused case, or a payment made twice.

    One notice per order (subject: the order; event: the local day of the refund), labelled
    with what was paid and how much. None for an order nobody is named on. Runs in the
    caller's transaction."""
    if person_id is None:
        return None
    return _notice_event(
        rules.NoticeKindCode.REFUND_SUCCEEDED,
        person_id=person_id,
        subject_id=order_id,
        label=label[-_LABEL_LENGTH:],  # the amount is at the end: keep it
        event_on=clock.local(refunded_at).date(),
        amount=None,
    )


def notice_for_claim_progressed(
    *, claim_id: int, person_id: int, progress: str, label: str, at: datetime
) -> Notice | None:
    """A party's notice that their insurer assessed, paid or refused the claim after a minor
    accident (``accidents.events.ClaimProgressed``): one per claim, kind and day (subject:
    the claim, so a party whose vehicle is in no register here, another province's, is told
    too; event: the local day of the report). Runs in the caller's transaction."""
    code = rules.NoticeKindCode(f"accident_claim_{progress}")
    return _notice_event(
        code,
        person_id=person_id,
        subject_id=claim_id,
        label=label[:_LABEL_LENGTH],
        event_on=clock.local(at).date(),
        amount=None,
    )


_PUSH_COLUMNS = ("kind_id", "person_id", "subject_id", "subject_label", "event_on", "created_at")


def notices_for_safety_pushed(*, item_id: int, title: str, at: datetime) -> int:
    """The notices of a safety item pushed to the drivers it concerns
    (``education.events.SafetyItemPushed``): one per push row (subject: the push, so once per
    item and driver; event: the local day of the publication), labelled with the item's
    title, inserted in one statement with their messages; the messages go to the delivery
    workers once the publishing transaction commits. One audit event for the batch. Runs in
    the caller's transaction; returns how many notices are new (none when the kind is off).
    """
    kind = NoticeKind.objects.filter(
        code=rules.NoticeKindCode.SAFETY_PUBLICITY, enabled=True
    ).first()
    if kind is None:
        return 0
    now = clock.now()
    pushes = safety_pushes_of(item_id=item_id, at=at)
    selected = pushes.annotate(
        n_kind=Value(kind.pk, output_field=BigIntegerField()),
        n_person=F("person_id"),
        n_subject=F("id"),
        n_label=Value(title[:_LABEL_LENGTH], output_field=CharField()),
        n_event=Value(clock.local(at).date(), output_field=DateField()),
        n_created=Value(now, output_field=DateTimeField()),
    ).values("n_kind", "n_person", "n_subject", "n_label", "n_event", "n_created")
    with transaction.atomic():
        created = insert_from_select(Notice._meta.db_table, _PUSH_COLUMNS, selected)
        if not created:
            return 0
        notices = Notice.objects.filter(kind=kind, subject_id__in=pushes.values("id"))
        messages = messages_create(notices, now)
        audit_record(
            actor=None,
            action="notices.notice.create",
            subject=kind,
            data={
                "kind": str(rules.NoticeKindCode.SAFETY_PUBLICITY),
                "safety_item": item_id,
                "notices": created,
                "messages": messages,
            },
        )
        if messages:
            transaction.on_commit(messages_dispatch)
    return created
