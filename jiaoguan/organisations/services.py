"""Writes of organisation accounts: opening one at the counter, its staff, its API keys and
its drivers' consent. Each takes ``actor=``, runs in one transaction and is audited."""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.places import is_region_code
from jiaoguan.delivery import enqueue
from jiaoguan.identity.actors import (
    Actor,
    CitizenActor,
    OfficerActor,
    acting,
    permission_denied,
    permission_require,
)
from jiaoguan.identity.selectors import office_id_of_code, person_matching
from jiaoguan.identity.services import partner_key_issue, partner_key_revoke
from jiaoguan.identity.services.organisation_users import (
    organization_register,
    organization_user_create,
    organization_user_deactivate,
)
from jiaoguan.organisations import errors, rules
from jiaoguan.organisations.models import (
    Account,
    DriverConsent,
    KeyGrant,
    Staff,
    WebhookDelivery,
    WebhookEndpoint,
)
from jiaoguan.organisations.rules import webhooks
from jiaoguan.organisations.selectors import staff_actor
from jiaoguan.violations.selectors import overdue_unhandled_of_organisations

if TYPE_CHECKING:
    from jiaoguan.identity.models import User


def credit_code_check(code: str) -> str:
    """The normalised 统一社会信用代码, or the refusal of it (``organisations.credit_code.*``)."""
    normal = rules.credit_code_normal(code or "")
    refusal = rules.credit_code_refusal(normal)
    if refusal is not None:
        raise errors.credit_code(refusal)
    return normal


@transaction.atomic
def organisation_open(
    *,
    actor: Actor | User,
    name: str,
    credit_code: str,
    kind: str,
    region_code: str,
    agent_name: str,
    administrator_username: str,
    administrator_name: str,
    administrator_password: str,
    contact_phone: str = "",
) -> tuple[Account, Staff, str]:
    """Open an organisation's account at the counter (DOMAIN §18.3), with its first
    administrator. Needs ``organisations.open_account``.

    The officer has seen the registration form, the credit-code certificate, the agent's ID
    and the power of attorney. The organisation's place must be in the officer's province.
    Refuses a malformed credit code, a kind that cannot open an
    account, and an organisation that already has one. Returns the account, the administrator
    and the administrator's authenticator address (``otpauth://``, shown once)."""
    officer = permission_require(actor, rules.OPEN_ACCOUNT)
    name = (name or "").strip()
    if not name:
        raise errors.name_required()
    code = credit_code_check(credit_code)
    if kind not in {str(k) for k in rules.Kind}:
        raise errors.kind_not_eligible()
    if not is_region_code(region_code or ""):
        raise errors.region()
    # the organisation's place must be in the officer's jurisdiction (its province)
    permission_require(officer, rules.OPEN_ACCOUNT, province_code=region_code[:2])
    organization = organization_register(
        actor=officer,
        name=name,
        credit_code=code,
        kind=kind,
        region_code=region_code,
        contact_phone=contact_phone,
    )
    office_id = None
    if isinstance(officer, OfficerActor) and officer.office_code:
        office_id = office_id_of_code(officer.office_code)
    try:
        with transaction.atomic():
            account = Account.objects.create(
                organization=organization,
                origin=Account.Origin.COUNTER,
                office_id=office_id,
                opened_by_id=officer.user_id,
                agent_name=(agent_name or "").strip()[:50],
                opened_at=clock.now(),
            )
    except IntegrityError:
        raise errors.already_open() from None
    user, otpauth = organization_user_create(
        actor=officer,
        organization_id=organization.pk,
        username=administrator_username,
        name=administrator_name,
        password=administrator_password,
    )
    staff = Staff.objects.create(
        account=account,
        user=user,
        name=(administrator_name or "").strip()[:50] or user.username,
        role=rules.Role.ADMINISTRATOR,
        added_by_id=officer.user_id,
        added_at=clock.now(),
    )
    audit_record(
        actor=officer,
        action="organisations.account.opened",
        subject=account,
        data={"credit_code": code, "kind": kind, "administrator": user.username},
    )
    return account, staff, otpauth


def staff_still_active(who, account: Account) -> None:
    """The acting staff member must still be one (an actor read before a concurrent removal
    acts no more): ``auth.permission_denied`` otherwise."""
    if not Staff.objects.filter(
        user_id=who.user_id, account=account, removed_at__isnull=True
    ).exists():
        raise permission_denied()


def open_account(organization_id: int, *, lock: bool = False) -> Account:
    accounts = Account.objects.select_related("organization")
    if lock:
        accounts = accounts.select_for_update()
    account = accounts.get(organization_id=organization_id)
    if account.status != Account.Status.OPEN:
        raise errors.account_closed()
    return account


@transaction.atomic
def staff_add(
    *, actor: Actor | User, username: str, name: str, role: str, password: str
) -> tuple[Staff, str]:
    """An administrator adds a user to their organisation, with a role and an authenticator
    (the second factor at log-in). Returns the user and the authenticator's address, shown
    once. Needs ``organisations.manage_staff``."""
    who = staff_actor(actor)
    who.require(rules.MANAGE_STAFF)
    if role not in {str(r) for r in rules.Role}:
        raise errors.role_unknown()
    account = open_account(who.organisation_id)
    staff_still_active(who, account)
    user, otpauth = organization_user_create(
        actor=who,
        organization_id=who.organisation_id,
        username=username,
        name=name,
        password=password,
    )
    staff = Staff.objects.create(
        account=account,
        user=user,
        name=(name or "").strip()[:50] or user.username,
        role=role,
        added_by_id=who.user_id,
        added_at=clock.now(),
    )
    audit_record(
        actor=who,
        action="organisations.staff.added",
        subject=staff,
        data={"username": user.username, "role": role},
    )
    return staff, otpauth


@transaction.atomic
def staff_remove(*, actor: Actor | User, staff_id: int) -> Staff:
    """An administrator removes a user of their organisation: the account is closed at once.
    Another organisation's user is ``organisations.staff.not_found``; the last
    administrator cannot be removed. Needs ``organisations.manage_staff``."""
    who = staff_actor(actor)
    who.require(rules.MANAGE_STAFF)
    account = open_account(who.organisation_id, lock=True)  # serialises removals per account
    staff_still_active(who, account)
    staff = Staff.objects.filter(pk=staff_id, account=account).first()
    if staff is None:
        raise errors.staff_not_found()
    if staff.removed_at is not None:
        return staff
    if (
        staff.role == rules.Role.ADMINISTRATOR
        and not account.staff.filter(role=rules.Role.ADMINISTRATOR, removed_at__isnull=True)
        .exclude(pk=staff.pk)
        .exists()
    ):
        raise errors.last_administrator()
    staff.removed_at = clock.now()
    staff.save(update_fields=["removed_at"])
    organization_user_deactivate(actor=who, user_id=staff.user_id)
    audit_record(actor=who, action="organisations.staff.removed", subject=staff)
    return staff


@transaction.atomic
def key_create(*, actor: Actor | User, scopes: list[str], label: str = "") -> tuple[KeyGrant, str]:
    """An administrator creates an API key of their organisation for ``scopes`` (those its
    kind may hold, ``rules.scopes_allowed``). Returns the grant and the secret, shown once.
    Needs ``organisations.manage_keys``."""
    who = staff_actor(actor)
    who.require(rules.MANAGE_KEYS)
    account = open_account(who.organisation_id)
    staff_still_active(who, account)
    scopes = sorted(set(scopes or []))
    refused = rules.scopes_refused(account.organization.kind, scopes)
    if refused or not scopes:
        raise errors.scopes_refused(refused)
    key, secret = partner_key_issue(actor=who, organization=account.organization, scopes=scopes)
    grant = KeyGrant.objects.create(
        account=account,
        key=key,
        label=(label or "").strip()[:100],
        origin=KeyGrant.Origin.ORGANISATION,
        created_by_id=who.user_id,
    )
    audit_record(
        actor=who, action="organisations.key.created", subject=grant, data={"scopes": scopes}
    )
    return grant, secret


@transaction.atomic
def key_revoke(*, actor: Actor | User, grant_id: int) -> KeyGrant:
    """An administrator revokes one of their organisation's keys (requests signed with it are
    refused from now on). Another organisation's key is ``organisations.key.not_found``."""
    who = staff_actor(actor)
    who.require(rules.MANAGE_KEYS)
    grant = (
        KeyGrant.objects.select_related("key")
        .filter(pk=grant_id, account__organization_id=who.organisation_id)
        .first()
    )
    if grant is None:
        raise errors.key_not_found()
    partner_key_revoke(actor=who, key=grant.key)
    audit_record(actor=who, action="organisations.key.revoked", subject=grant)
    return grant


@transaction.atomic
def consent_request(*, actor: Actor | User, id_number: str, name: str) -> DriverConsent:
    """The organisation asks an employed driver for consent to show them in its fleet view;
    the driver answers in their own portal. Needs ``organisations.request_consent``."""
    who = staff_actor(actor)
    who.require(rules.REQUEST_CONSENT)
    account = open_account(who.organisation_id)
    person = person_matching(id_number=id_number or "", name=name or "")
    if person is None:
        raise errors.driver_not_found()
    try:
        with transaction.atomic():
            consent = DriverConsent.objects.create(
                account=account,
                person_id=person.pk,
                requested_by_id=who.user_id,
                requested_at=clock.now(),
            )
    except IntegrityError:
        raise errors.consent_pending() from None
    audit_record(actor=who, action="organisations.consent.requested", subject=consent)
    return consent


def _citizen(actor: Actor | User | None) -> CitizenActor:
    who = acting(actor)
    if not isinstance(who, CitizenActor):
        raise permission_denied()
    return who


@transaction.atomic
def consent_decide(*, actor: Actor | User, consent_id: int, grant: bool) -> DriverConsent:
    """The driver grants or refuses an organisation's request (their own requests only)."""
    who = _citizen(actor)
    consent = (
        DriverConsent.objects.select_for_update()
        .filter(pk=consent_id, person_id=who.person_id)
        .first()
    )
    if consent is None:
        raise errors.consent_not_found()
    if consent.status != DriverConsent.Status.REQUESTED:
        raise errors.consent_decided()
    consent.status = DriverConsent.Status.GRANTED if grant else DriverConsent.Status.REFUSED
    consent.decided_at = clock.now()
    consent.save(update_fields=["status", "decided_at"])
    audit_record(
        actor=who,
        action=f"organisations.consent.{'granted' if grant else 'refused'}",
        subject=consent,
    )
    return consent


@transaction.atomic
def consent_withdraw(*, actor: Actor | User, consent_id: int) -> DriverConsent:
    """The driver withdraws a consent they gave: the organisation no longer sees them."""
    who = _citizen(actor)
    consent = (
        DriverConsent.objects.select_for_update()
        .filter(pk=consent_id, person_id=who.person_id)
        .first()
    )
    if consent is None:
        raise errors.consent_not_found()
    if consent.status == DriverConsent.Status.GRANTED:
        consent.status = DriverConsent.Status.WITHDRAWN
        consent.decided_at = clock.now()
        consent.save(update_fields=["status", "decided_at"])
        audit_record(actor=who, action="organisations.consent.withdrawn", subject=consent)
    return consent


# --- reports pushed to the organisations' own systems (signed webhooks) -----------------------


@transaction.atomic
def webhook_endpoint_create(*, actor: Actor | User, url: str) -> tuple[WebhookEndpoint, str]:
    """An administrator adds a URL that receives the organisation's reports; returns the
    endpoint and its signing secret (``whsec_…``), shown once. Needs
    ``organisations.manage_keys``."""
    who = staff_actor(actor)
    who.require(rules.MANAGE_KEYS)
    account = open_account(who.organisation_id)
    url = (url or "").strip()
    if not webhooks.url_acceptable(url):
        raise errors.webhook_url()
    secret = webhooks.secret_new()
    endpoint = WebhookEndpoint.objects.create(
        account=account, url=url, secret=secret, created_by_id=who.user_id, created_at=clock.now()
    )
    audit_record(
        actor=who, action="organisations.webhook.created", subject=endpoint, data={"url": url}
    )
    return endpoint, secret


@transaction.atomic
def webhook_endpoint_disable(*, actor: Actor | User, endpoint_id: int) -> WebhookEndpoint:
    """An administrator stops pushes to one of the organisation's endpoints."""
    who = staff_actor(actor)
    who.require(rules.MANAGE_KEYS)
    endpoint = WebhookEndpoint.objects.filter(
        pk=endpoint_id, account__organization_id=who.organisation_id
    ).first()
    if endpoint is None:
        raise errors.webhook_not_found()
    if endpoint.is_active:
        endpoint.is_active = False
        endpoint.save(update_fields=["is_active"])
        audit_record(actor=who, action="organisations.webhook.disabled", subject=endpoint)
    return endpoint


UNHANDLED_REPORT = "report.unhandled_violations"


@transaction.atomic
def unhandled_report_run(*, actor: Actor | User, as_of: date) -> int:
    """The monthly key-entity report of vehicles with 3 or more overdue unhandled camera
    records (DOMAIN §18.1), one set-based query over the register; queued as a signed webhook
    to every active endpoint of each organisation concerned. A rerun in the same month adds
    nothing (one delivery per endpoint and month). Returns the deliveries created."""
    who = permission_require(actor, rules.OPEN_ACCOUNT)  # the system job (or an officer)
    rows = overdue_unhandled_of_organisations(
        entered_by=as_of - timedelta(days=webhooks.OVERDUE_AFTER_DAYS),
        at_least=webhooks.REPORT_THRESHOLD,
    )
    by_organisation: dict[int, list[dict]] = {}
    for row in rows:
        by_organisation.setdefault(row["organization_id"], []).append(row)
    endpoints = WebhookEndpoint.objects.filter(
        is_active=True,
        account__status=Account.Status.OPEN,
        account__organization_id__in=list(by_organisation),
    ).select_related("account")
    now = clock.now()
    event_key = f"{UNHANDLED_REPORT}:{as_of:%Y-%m}"
    created = []
    for endpoint in endpoints:
        vehicles = by_organisation[endpoint.account.organization_id]
        message_id = f"msg_{uuid.uuid4().hex}"
        body = json.dumps(
            {
                "type": UNHANDLED_REPORT,
                "timestamp": now.isoformat(),
                "data": {
                    "as_of": as_of.isoformat(),
                    "overdue_after_days": webhooks.OVERDUE_AFTER_DAYS,
                    "threshold": webhooks.REPORT_THRESHOLD,
                    "vehicles": [
                        {"plate_number": v["plate_number"], "overdue_unhandled": v["count"]}
                        for v in vehicles
                    ],
                },
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )
        delivery, made = WebhookDelivery.objects.get_or_create(
            endpoint=endpoint,
            event_key=event_key,
            defaults={
                "message_id": message_id,
                "event_type": UNHANDLED_REPORT,
                "body": body,
                "created_at": now,
                "not_before": now,
                "dispatched_at": now,
            },
        )
        if made:
            created.append(delivery.pk)
    for pk in created:
        enqueue("organisations.webhook", [pk])
    audit_record(
        actor=who,
        action="organisations.report.unhandled_run",
        data={"as_of": as_of.isoformat(), "vehicles": len(rows), "deliveries": len(created)},
    )
    return len(created)


@transaction.atomic
def webhook_delivery_replay(*, actor: Actor | User, delivery_id: int) -> WebhookDelivery:
    """An administrator sends one of the organisation's reports again (a delivered one, or
    one that failed), under the same ``webhook-id``: the receiver decides whether it is new.
    A delivery still on its way is left alone."""
    who = staff_actor(actor)
    who.require(rules.MANAGE_KEYS)
    delivery = (
        WebhookDelivery.objects.select_for_update()
        .filter(pk=delivery_id, endpoint__account__organization_id=who.organisation_id)
        .first()
    )
    if delivery is None:
        raise errors.webhook_not_found()
    if delivery.status in (WebhookDelivery.Status.DELIVERED, WebhookDelivery.Status.FAILED):
        now = clock.now()
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=WebhookDelivery.Status.QUEUED, not_before=now, dispatched_at=now, attempts=0
        )
        enqueue("organisations.webhook", [delivery.pk])
        audit_record(actor=who, action="organisations.webhook.replayed", subject=delivery)
        delivery.refresh_from_db()
    return delivery
