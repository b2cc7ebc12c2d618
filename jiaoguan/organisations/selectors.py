"""Reads of organisation accounts, each bounded to the actor's own organisation: an
organisation's staff, keys, vehicles and consenting drivers are never visible to another."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jiaoguan.core.errors import NotFound
from jiaoguan.core.ids import mask_id_number
from jiaoguan.drivers.selectors import license_of_person
from jiaoguan.identity.actors import (
    ACTOR_TYPES,
    Actor,
    OfficerActor,
    OrganisationStaffActor,
    PartnerActor,
    permission_denied,
    permission_require,
)
from jiaoguan.organisations import rules
from jiaoguan.organisations.models import (
    Account,
    DriverConsent,
    KeyGrant,
    Staff,
    WebhookDelivery,
    WebhookEndpoint,
)
from jiaoguan.vehicles.explanations import CONDITION_LABEL
from jiaoguan.vehicles.rules import Condition
from jiaoguan.vehicles.selectors import vehicle_view, vehicles_of_organization
from jiaoguan.violations.selectors import unhandled_counts

if TYPE_CHECKING:
    from jiaoguan.identity.models import User


def staff_actor_for_user(user: User) -> OrganisationStaffActor | None:
    """The staff actor of a logged-in organisation user: their organisation, their role and
    its permissions (``rules.ROLE_PERMISSIONS``); None for anyone else, a removed user or a
    suspended account."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    staff = (
        Staff.objects.select_related("account")
        .filter(user_id=user.pk, removed_at__isnull=True, account__status=Account.Status.OPEN)
        .first()
    )
    if staff is None:
        return None
    return OrganisationStaffActor(
        user_id=user.pk,
        username=user.get_username(),
        organisation_id=staff.account.organization_id,
        role=staff.role,
        permissions=rules.permissions_of(staff.role),
    )


def staff_actor(actor: Actor | User | None) -> OrganisationStaffActor:
    """The organisation staff member acting; ``PermissionDenied`` for anyone else."""
    if isinstance(actor, OrganisationStaffActor):
        return actor
    if actor is not None and not isinstance(actor, ACTOR_TYPES):  # a logged-in User
        found = staff_actor_for_user(actor)
        if found is not None:
            return found
    raise permission_denied()


def organisation_of(actor: Actor | User | None, permission: str) -> int:
    """The organisation id ``actor`` reads or writes for, holding ``permission``.

    Staff hold their role's permissions; an organisation's API key (a ``PartnerActor``)
    reads the fleet with the fleet scope. Anyone else: ``auth.permission_denied``."""
    if isinstance(actor, PartnerActor):
        if permission == rules.VIEW_FLEET and rules.FLEET_SCOPE in actor.scopes:
            return actor.organization_id
        raise permission_denied()
    who = staff_actor(actor)
    who.require(permission)
    return who.organisation_id


def account_for(organization_id: int) -> Account:
    """The organisation's account; ``organisations.account.not_found`` (404) without one (a
    partner key of an organisation that never opened an account)."""
    account = (
        Account.objects.select_related("organization")
        .filter(organization_id=organization_id)
        .first()
    )
    if account is None:
        raise NotFound("organisations.account.not_found", _("该单位尚未开设单位用户账户。"))
    return account


def account_of(actor: Actor | User | None) -> Account:
    """The account of the organisation ``actor`` belongs to (any staff role)."""
    return account_for(organisation_of(actor, rules.VIEW_FLEET))


def accounts_opened(*, actor: Actor | User) -> QuerySet[Account]:
    """The accounts of organisations in the officer's province, newest first (the back
    office's list); needs ``organisations.view_account``."""
    officer = permission_require(actor, "organisations.view_account")
    accounts = Account.objects.select_related("organization", "office", "opened_by")
    if isinstance(officer, OfficerActor):
        accounts = accounts.filter(organization__region_code__startswith=officer.province_code)
        if not officer.province_code:
            accounts = accounts.none()
    return accounts.order_by("-opened_at", "-pk")


def staff_of(actor: Actor | User | None) -> QuerySet[Staff]:
    """The organisation's users, current ones first."""
    organization_id = organisation_of(actor, rules.VIEW_STAFF)
    return (
        Staff.objects.filter(account__organization_id=organization_id)
        .select_related("user")
        .order_by("removed_at", "added_at", "pk")
    )


def keys_of(actor: Actor | User | None) -> QuerySet[KeyGrant]:
    """The organisation's API keys (their secrets are never shown again), newest first."""
    organization_id = organisation_of(actor, rules.VIEW_KEYS)
    return (
        KeyGrant.objects.filter(account__organization_id=organization_id)
        .select_related("key")
        .order_by("-key__created_at", "-pk")
    )


@dataclass(frozen=True)
class FleetRow:
    """One of the organisation's vehicles, as its fleet view shows it."""

    vehicle_id: int
    plate_number: str
    plate_type: str
    vehicle_type: str
    use_character: str
    use_character_label: str
    register_status: str
    register_status_label: str
    condition: str
    condition_label: str
    inspection_valid_until: date
    next_inspection_due: date
    inspection_overdue: bool
    unhandled_violations: int


class FleetFilter:
    """What the fleet view may be narrowed by (all optional)."""

    CONDITIONS = tuple(str(condition) for condition in Condition)


def fleet(
    *,
    actor: Actor | User | None,
    as_of: date,
    plate: str = "",
    condition: str = "",
    inspection_overdue: bool | None = None,
    min_unhandled: int = 0,
) -> list[FleetRow]:
    """The organisation's vehicles (owned by the unit) with their condition, next inspection
    due and unhandled camera records, narrowed by plate (a part of the number), condition,
    overdue inspection and a minimum of unhandled records."""
    organization_id = organisation_of(actor, rules.VIEW_FLEET)
    registered = vehicles_of_organization(organization_id=organization_id)
    plate = (plate or "").strip().upper()
    if plate:
        registered = registered.filter(plate_number__contains=plate)
    vehicles = list(registered)
    counts = unhandled_counts(vehicle_ids=[vehicle.pk for vehicle in vehicles])
    rows = []
    for vehicle in vehicles:
        view = vehicle_view(vehicle=vehicle, as_of=as_of)
        status = view.schedule.status
        overall = str(status.overall)
        overdue = status.has(Condition.INSPECTION_OVERDUE)
        row = FleetRow(
            vehicle_id=vehicle.pk,
            plate_number=vehicle.plate_number,
            plate_type=vehicle.plate_type,
            vehicle_type=vehicle.vehicle_type,
            use_character=vehicle.use_character,
            use_character_label=str(vehicle.get_use_character_display()),
            register_status=vehicle.status,
            register_status_label=str(vehicle.get_status_display()),
            condition=overall,
            condition_label=str(CONDITION_LABEL.get(overall, overall)),
            inspection_valid_until=vehicle.inspection_valid_until,
            next_inspection_due=view.schedule.next_due.due_on,
            inspection_overdue=overdue,
            unhandled_violations=counts.get(vehicle.pk, 0),
        )
        if condition and row.condition != condition:
            continue
        if inspection_overdue is not None and row.inspection_overdue != inspection_overdue:
            continue
        if row.unhandled_violations < min_unhandled:
            continue
        rows.append(row)
    return rows


CSV_COLUMNS = (
    ("plate_number", "号牌号码"),
    ("plate_type", "号牌种类"),
    ("vehicle_type", "车辆类型"),
    ("use_character_label", "使用性质"),
    ("register_status_label", "机动车状态"),
    ("condition_label", "当前状况"),
    ("inspection_valid_until", "检验有效期至"),
    ("next_inspection_due", "下次检验截止"),
    ("inspection_overdue", "逾期未检验"),
    ("unhandled_violations", "未处理违法"),
)


def fleet_csv(rows: list[FleetRow]) -> str:
    """The fleet rows as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the
    Chinese headers), one line per vehicle."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([header for _name, header in CSV_COLUMNS])
    for row in rows:
        values = []
        for name, _header in CSV_COLUMNS:
            value = getattr(row, name)
            if isinstance(value, bool):
                value = "是" if value else "否"
            values.append(str(value))
        writer.writerow(values)
    return out.getvalue()


@dataclass(frozen=True)
class DriverRow:
    """An employed driver who consented, with their licence's state."""

    consent_id: int
    name: str
    id_number_masked: str
    consented_on: date | None
    license_status: str
    license_classes: str
    cycle_points: int | None
    license_valid_until: date | None


def drivers_of(*, actor: Actor | User | None, as_of: date) -> list[DriverRow]:
    """The organisation's drivers who granted their consent, with their licence; no one who
    has not (or has withdrawn)."""
    organization_id = organisation_of(actor, rules.VIEW_FLEET)
    consents = (
        DriverConsent.objects.filter(
            account__organization_id=organization_id, status=DriverConsent.Status.GRANTED
        )
        .select_related("person")
        .order_by("person__name", "pk")
    )
    rows = []
    for consent in consents:
        license = license_of_person(person_id=consent.person_id, as_of=as_of)
        rows.append(
            DriverRow(
                consent_id=consent.pk,
                name=consent.person.name,
                id_number_masked=mask_id_number(consent.person.id_number),
                consented_on=consent.decided_at.date() if consent.decided_at else None,
                license_status=str(license.status.overall) if license else "",
                license_classes="".join(c for c, _day in license.classes) if license else "",
                cycle_points=license.status.cycle_points if license else None,
                license_valid_until=license.valid_until if license else None,
            )
        )
    return rows


def consent_requests_of(*, actor: Actor | User | None) -> QuerySet[DriverConsent]:
    """Every consent the organisation asked for, with its state (the drivers' names masked
    in the page until granted)."""
    organization_id = organisation_of(actor, rules.VIEW_FLEET)
    return (
        DriverConsent.objects.filter(account__organization_id=organization_id)
        .select_related("person")
        .order_by("-requested_at", "-pk")
    )


def consents_of_person(*, person_id: int) -> QuerySet[DriverConsent]:
    """The organisations that asked a driver for consent (the driver's own page)."""
    return (
        DriverConsent.objects.filter(person_id=person_id)
        .select_related("account__organization")
        .order_by("-requested_at", "-pk")
    )


def webhooks_of(actor: Actor | User | None) -> QuerySet[WebhookEndpoint]:
    """The organisation's report endpoints (administrators), newest first."""
    organization_id = organisation_of(actor, rules.VIEW_KEYS)
    return WebhookEndpoint.objects.filter(account__organization_id=organization_id).order_by(
        "-created_at", "-pk"
    )


def webhook_deliveries_of(
    actor: Actor | User | None, *, limit: int = 200
) -> QuerySet[WebhookDelivery]:
    """The organisation's delivery log: each report pushed, its state and attempts."""
    organization_id = organisation_of(actor, rules.VIEW_KEYS)
    return (
        WebhookDelivery.objects.filter(endpoint__account__organization_id=organization_id)
        .select_related("endpoint")
        .order_by("-created_at", "-pk")[:limit]
    )
