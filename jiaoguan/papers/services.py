"""Writes of the papers family: a citizen submits a driving-licence renewal online, pays
its 工本费, withdraws it before acceptance; officers review, produce, dispatch and record
delivery (DOMAIN.md §14.3, §14.5).

Submission checks everything the register tells (``papers.rules.license_service_check``:
the renewal window, the licence's status, unhandled violations, a valid medical
certificate from a hospital, frequent replacements) and refuses with the rule's reasons.
Each application is a case of the workflow (``applications``, table
``papers.license_renewal``): ``case_transition`` decides every change of state, and the
services copy the case's state onto the application in the same transaction, so that the
partial unique index ``papers_application_open_once_per_document`` keeps one open
application per document however many submissions race.

Dispatch books the courier and the courier's tracking takes the case on
(``papers.dispatch``); an officer may still record delivery by hand.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from jiaoguan.applications import errors as case_errors
from jiaoguan.applications import rules as case_rules
from jiaoguan.applications.services import case_open, case_transition
from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.dates import add_months
from jiaoguan.core.errors import ApplicationError
from jiaoguan.drivers.selectors import license_holder, license_of_person
from jiaoguan.identity.actors import OfficerActor, acting
from jiaoguan.papers import dispatch, errors, rules
from jiaoguan.papers.medical import latest_certificate
from jiaoguan.papers.models import PaperApplication
from jiaoguan.papers.payment import fee_refund, paper_application_pay
from jiaoguan.papers.selectors import (
    fee_paid,
    open_application_check,
    replacement_quote,
    unhandled_violations_of,
)
from jiaoguan.plates.rules import office_of_plate
from jiaoguan.plates.services.temporary import temporary_plate_issue
from jiaoguan.vehicles.selectors import vehicles_registered_to_person

if TYPE_CHECKING:
    from jiaoguan.identity.models import User

__all__ = ["paper_application_pay"]  # and the services defined here

LICENSE_RENEWAL_KIND = "papers.license_renewal"
#: The vehicle services taken online as cases (the inspection mark waits for 交强险 data:
#: the register holds none, so its rule cannot be checked here).
VEHICLE_SERVICES = (
    rules.Service.VEHICLE_LICENSE_REPLACEMENT,
    rules.Service.VEHICLE_LICENSE_REISSUE,
    rules.Service.PLATES_REPLACEMENT,
    rules.Service.PLATES_REISSUE,
)
VEHICLE_KINDS = tuple(f"papers.{service}" for service in VEHICLE_SERVICES)
#: The case kinds of the driving-licence services (``papers.<service>``).
LICENSE_KINDS = tuple(
    f"papers.{rule.service}"
    for rule in rules.SERVICES
    if rule.document is rules.Document.DRIVING_LICENSE
)


def _document_key(license_id: int) -> str:
    return f"driving_license:{license_id}"


def _prior_replacements(document_key: str, as_of) -> tuple:
    since = add_months(as_of, -rules.DEFAULT_PARAMETERS.frequent_window_months)
    closed = PaperApplication.objects.filter(
        document_key=document_key, state="delivered", case__closed_at__isnull=False
    ).values_list("case__closed_at", flat=True)
    days = (clock.local(at).date() for at in closed if at is not None)
    return tuple(day for day in days if since <= day <= as_of)


def _age_exchange_from(view) -> date | None:
    days = [
        action.applies_from
        for action in view.status.age_limit_actions
        if action.action == "exchange"
    ]
    return min(days) if days else None


def license_service_check(
    *,
    person_id: int,
    license_id: int,
    service: rules.Service | str = rules.Service.LICENSE_RENEWAL,
    event_on: date | None = None,
) -> rules.Decision:
    """The rule's decision for this driving-licence service of this person's licence today
    (no write). ``event_on`` is the day of the change or damage (its 30 days)."""
    today = clock.today()
    view = license_of_person(person_id=person_id, as_of=today)
    if view is None or view.license.pk != license_id:
        raise errors.license_not_found()
    certificate = latest_certificate(
        person_id=person_id, as_of=today, document_key=_document_key(license_id)
    )
    facts = rules.LicenseFacts(
        as_of=today,
        register_status=view.license.status,
        valid_until=view.valid_until,
        unhandled_violations=unhandled_violations_of(person_id=person_id, as_of=today),
        medical_certificate_issued_on=certificate.issued_on if certificate else None,
        medical_certificate_fit=certificate.fit_to_drive if certificate else True,
        medical_certificate_used=certificate.used if certificate else False,
        designated_hospital_required=any(cls == "C5" for cls, _on in view.classes),
        medical_certificate_designated=bool(certificate and certificate.designated_hospital),
        age_exchange_from=_age_exchange_from(view),
        event_on=event_on,
        prior_replacements=_prior_replacements(_document_key(license_id), today),
    )
    return rules.license_service_check(service, facts)


def license_renewal_check(*, person_id: int, license_id: int) -> rules.Decision:
    """The rule's decision for renewing this person's licence on expiry today."""
    return license_service_check(person_id=person_id, license_id=license_id)


def license_renewal_submit(**arguments) -> PaperApplication:
    """Apply online to renew the actor's own driving licence on expiry (162号 art. 63):
    ``license_service_submit`` for ``license_renewal``."""
    return license_service_submit(service=rules.Service.LICENSE_RENEWAL, **arguments)


def license_service_submit(
    *,
    actor: User,
    service: rules.Service | str,
    license_id: int,
    fulfilment: str,
    address: str = "",
    address_id: int | None = None,
    pickup_point: str = "",
    event_on: date | None = None,
    ip_address: str | None = None,
) -> PaperApplication:
    """Apply online for a driving-licence service of the actor's own licence: renewal on
    expiry or at the age limits, replacement when damaged, reissue when lost, change of
    details, move-in (162号 arts. 63–69). One open application per licence, whichever the
    service (several replacements at once are handled as one, work code).

    Refused with ``papers.application.service`` (422) for a service that is not a
    driving-licence one,

    ``papers.license.not_yours`` (403) for another person's licence,
    ``papers.license.not_found``, ``papers.application.refused`` / ``.counter`` (422, the
    rule's reasons), ``papers.application.fulfilment`` (422: post needs an address, pickup
    a point) and ``papers.application.open_exists`` (409) when the licence already has an
    open application: checked first, and settled by the database's partial unique index
    when submissions race. Opens the case (clock: acceptance in 1 working day) and the
    application with its fee in one transaction; audits ``papers.application.submitted``.
    """
    try:
        rule = rules.rule_for(service)
    except ValueError:
        raise errors.service_invalid() from None
    if rule.document is not rules.Document.DRIVING_LICENSE:
        raise errors.service_invalid()
    person = getattr(actor, "person", None)
    holder = license_holder(license_id=int(license_id))
    if holder is None:
        raise errors.license_not_found()
    if person is None or holder["person_id"] != person.pk:
        raise errors.not_yours()
    entry, address, pickup_point = _fulfilment(
        person, fulfilment, address_id, address, pickup_point
    )
    decision = license_service_check(
        person_id=person.pk, license_id=int(license_id), service=rule.service, event_on=event_on
    )
    if decision.channel is not rules.Channel.ONLINE:
        raise errors.refused(decision)
    key = _document_key(int(license_id))
    open_application_check(document_key=key)
    today = clock.today()
    quote = replacement_quote(document=rule.document, reason=rule.reasons[0], on=today)
    certificate = (
        latest_certificate(person_id=person.pk, as_of=today)
        if rule.medical_certificate_required
        else None
    )
    try:
        with transaction.atomic():
            case = case_open(
                actor=actor,
                kind=f"papers.{rule.service}",
                applicant=person,
                province_code=person.region_code[:2],
                office_code=person.region_code[:4],
                subject_label=str(_(rule.label)),
                ip_address=ip_address,
            )
            application = PaperApplication.objects.create(
                reference=case.reference,
                case=case,
                service=rule.service,
                state=case.state,
                document_key=key,
                person=person,
                driving_license_id=int(license_id),
                medical_certificate_id=certificate.id if certificate else None,
                fulfilment=fulfilment,
                address=address,
                delivery_address=entry,
                pickup_point=pickup_point,
                fee_fen=quote.fee.fen,
                submitted_at=case.opened_at,
            )
            _audit(
                actor,
                application,
                "submitted",
                ip_address,
                fulfilment=fulfilment,
                fee_fen=quote.fee.fen,
                medical_certificate=certificate.number if certificate else None,
            )
    except IntegrityError as clash:
        if "papers_application_certificate_once" in str(clash):
            raise errors.refused(
                rules.Decision(service=rule.service, refusals=(rules.Refusal.MEDICAL_USED,))
            ) from None
        raise errors.open_exists() from None
    return application


def _fulfilment(person, fulfilment: str, address_id, address: str, pickup_point: str):
    """(address-book entry, address, pickup point) of a valid choice: post needs an address
    (an entry of the applicant's own address book, which the courier can be booked to, or a
    typed one), pickup a point."""
    address, pickup_point = (address or "").strip(), (pickup_point or "").strip()
    if fulfilment == PaperApplication.Fulfilment.POST:
        entry = dispatch.delivery_address_of(person_id=person.pk, address_id=address_id)
        address = dispatch.address_text(entry) if entry is not None else address
        if address and len(address) <= 200:
            return entry, address, ""
    if fulfilment == PaperApplication.Fulfilment.PICKUP and 0 < len(pickup_point) <= 100:
        return None, "", pickup_point
    raise errors.fulfilment_invalid()


def vehicle_service_submit(
    *,
    actor: User,
    service: rules.Service | str,
    vehicle_id: int,
    fulfilment: str,
    address: str = "",
    address_id: int | None = None,
    pickup_point: str = "",
    temporary_plate: bool = False,
    ip_address: str | None = None,
) -> PaperApplication:
    """Apply online to replace or reissue the vehicle licence or the plates of one of the
    actor's own registered vehicles (登记规定 arts. 51, 52), at its registration office
    (the plate's). Plates take 15 working days; ``temporary_plate`` asks for a temporary
    plate meanwhile (5 yuan, ≤ 15 days). One open application per vehicle document.

    Refused with ``papers.application.service`` (422) for another service,
    ``papers.vehicle.not_yours`` (403) for a vehicle not registered to the actor, the rule's
    refusals or counter reasons (422: frequent replacements, suspicion),
    ``papers.application.fulfilment`` and ``papers.application.open_exists`` (409, by check
    and by the partial unique index). Audits ``papers.application.submitted``.
    """
    try:
        rule = rules.rule_for(service)
    except ValueError:
        raise errors.service_invalid() from None
    if rule.service not in VEHICLE_SERVICES:
        raise errors.service_invalid()
    person = getattr(actor, "person", None)
    if person is None:
        raise errors.vehicle_not_yours()
    vehicle = next(
        (v for v in vehicles_registered_to_person(person_id=person.pk) if v.pk == int(vehicle_id)),
        None,
    )
    if vehicle is None:
        raise errors.vehicle_not_yours()
    entry, address, pickup_point = _fulfilment(
        person, fulfilment, address_id, address, pickup_point
    )
    temporary_plate = bool(temporary_plate) and rule.document is rules.Document.PLATES
    today = clock.today()
    key = f"{rule.document}:{vehicle.pk}"
    decision = rules.vehicle_service_check(
        rule.service,
        rules.VehicleFacts(
            as_of=today,
            status=vehicle.status,
            prior_replacements=_prior_replacements(key, today),
        ),
    )
    if decision.channel is not rules.Channel.ONLINE:
        raise errors.refused(decision)
    open_application_check(document_key=key)
    try:
        quote = replacement_quote(
            document=rule.document,
            reason=rule.reasons[0],
            on=today,
            plate_type=vehicle.plate_type,
            temporary_plate=temporary_plate,
        )
    except rules.PlateTypeNotReplaceable:
        raise errors.plate_type_not_replaceable() from None
    try:
        province_code, office_code = office_of_plate(vehicle.plate_number)
    except ValueError:
        province_code, office_code = person.region_code[:2], vehicle.plate_number[:2]
    try:
        with transaction.atomic():
            case = case_open(
                actor=actor,
                kind=f"papers.{rule.service}",
                applicant=person,
                province_code=province_code,
                office_code=office_code,
                subject_label=vehicle.plate_number,
                ip_address=ip_address,
            )
            application = PaperApplication.objects.create(
                reference=case.reference,
                case=case,
                service=rule.service,
                state=case.state,
                document_key=key,
                person=person,
                vehicle=vehicle,
                temporary_plate=temporary_plate,
                fulfilment=fulfilment,
                address=address,
                delivery_address=entry,
                pickup_point=pickup_point,
                fee_fen=quote.fee.fen,
                submitted_at=case.opened_at,
            )
            _audit(
                actor,
                application,
                "submitted",
                ip_address,
                plate_number=vehicle.plate_number,
                temporary_plate=temporary_plate,
                fee_fen=quote.fee.fen,
            )
    except IntegrityError:
        raise errors.open_exists() from None
    return application


def _audit(actor: Any, application: PaperApplication, action: str, ip_address, **data) -> None:
    audit_record(
        actor=actor,
        action=f"papers.application.{action}",
        subject=application,
        person_id_number=application.person.id_number,
        data={"service": application.service, "reference": str(application.reference), **data},
        ip_address=ip_address,
    )


def _locked(reference: str, **filters) -> PaperApplication:
    application = (
        PaperApplication.objects.select_for_update(of=("self",))
        .select_related("case", "person", "vehicle")
        .filter(reference=reference, **filters)
        .first()
    )
    if application is None:
        raise errors.application_not_found()
    return application


def officer_covers(actor: Any, application: PaperApplication) -> bool:
    """False for an officer whose jurisdiction is not the case's province (anyone else:
    True, their right is the table's check)."""
    who = acting(actor)
    if not isinstance(who, OfficerActor):
        return True
    return who.covers(province_code=application.case.province_code)


def _temporary_plate(actor, application: PaperApplication, insurance_until, ip_address) -> str:
    if insurance_until is None:
        raise errors.insurance_required()
    vehicle = application.vehicle
    assert vehicle is not None
    plate = temporary_plate_issue(
        actor=actor,
        vin=vehicle.vin,
        situation="replacement_plates",
        prefix=vehicle.plate_number[:2],
        compulsory_insurance_until=insurance_until,
        ip_address=ip_address,
    )
    return plate.number


def paper_application_act(
    *,
    actor: Any,
    reference: str,
    action: str,
    reason: str = "",
    insurance_until: date | None = None,
    ip_address: str | None = None,
) -> PaperApplication:
    """Take ``action`` of the application's table (officers: review, produce, dispatch,
    deliver, refuse; the applicant: withdraw before acceptance) and copy the new state onto
    the application, in one transaction. Review needs the fee paid
    (``papers.application.unpaid``); reviewing plates with a temporary plate asked for issues
    it (``plates.temporary_plate_issue``, situation ``replacement_plates``: ≤ 15 days, never
    beyond the 交强险 the officer checked, ``insurance_until``; the officer needs
    ``plates.add_temporaryplate``). Dispatch books the courier for a posted application
    (``papers.dispatch.shipments_book``: its refusals roll the dispatch back); refusal and
    withdrawal give a paid fee back (``papers.payment.fee_refund``). Refused with
    ``papers.application.state`` (naming the stages it needs) and the workflow's own
    refusals; an officer outside the case's province gets ``applications.case.forbidden``.
    Audits ``papers.application.<action>``.
    """
    with transaction.atomic():
        application = _locked(str(reference))
        if not officer_covers(actor, application):
            raise case_errors.not_permitted()
        if action == "review" and application.fee_fen and not fee_paid(application):
            raise errors.unpaid()
        try:
            case = case_transition(
                actor=actor,
                case=application.case,
                action=action,
                reason=reason,
                ip_address=ip_address,
            )
        except case_errors.ActionNotAllowed as refused:
            table = case_rules.table_for(application.case.kind)
            labels = "、".join(str(_(table.stage(s).label)) for s in refused.allowed_from)
            raise errors.state(labels) from None
        again, application.state = application.state == "returned", case.state
        if action == "dispatch":
            dispatch.shipments_book(actor=actor, application=application, again=again)
        fields = ["state"]
        if action == "review" and application.temporary_plate and application.vehicle_id:
            application.temporary_plate_number = _temporary_plate(
                actor, application, insurance_until, ip_address
            )
            fields.append("temporary_plate_number")
            dispatch.temporary_plate_book(actor=actor, application=application)
        if action in ("review", "refuse"):
            application.decided_by_id = getattr(actor, "pk", None)
            fields.append("decided_by")
        if action == "refuse":
            application.refusal_reason = reason.strip()[:200]
            fields.append("refusal_reason")
        fee_refund(actor=actor, application=application, action=action)
        application.save(update_fields=fields)
        _audit(actor, application, action, ip_address, state=case.state)
    return application


def paper_application_follow(*, case_reference: str, leg: str, shipment_state: str) -> str | None:
    """Move the case of a shipment that moved (``papers.subscriptions``): its document
    delivered → ``deliver``, returned → ``return``, taken by the tracking job in the
    caller's transaction, under the application's row lock. Nothing (None) for another leg
    or state, an unknown case, or a case whose table does not allow that action from where
    it stands (delivered by hand already, a push repeated or late). Returns the action."""
    with transaction.atomic():
        try:
            application = _locked(str(case_reference))
        except ApplicationError:
            return None
        action = dispatch.follow_action(
            kind=application.case.kind,
            case_state=application.state,
            leg=leg,
            shipment_state=shipment_state,
        )
        if action is not None:
            paper_application_act(
                actor=dispatch.tracking_actor(), reference=str(case_reference), action=action
            )
    return action
