"""单位用户 (DOMAIN §18.3): the organisation API, ``/api/v1/org/...``.

Staff use their portal session (password and authenticator code, ``/org/login/``), with
Django's CSRF check on writes; an organisation's own systems sign their requests with one of
its keys holding the ``organisations.fleet`` scope, which reads the fleet and the drivers
only. Every answer is bounded to the caller's own organisation."""

from datetime import date

from django.http import HttpResponse
from ninja import Query, Router, Schema, Status
from ninja.security import SessionAuth
from pydantic import Field

from jiaoguan.api.auth import partner_auth
from jiaoguan.api.errors import error_responses
from jiaoguan.api.types import RowId, Text
from jiaoguan.core import clock
from jiaoguan.core.families import ApiMount
from jiaoguan.organisations import rules, selectors, services

router = Router(tags=["organisations"])


class OrganisationSession(SessionAuth):
    """An organisation user's portal session, second factor verified; 401 without one."""

    def _get_key(self, request):
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is None or not user.is_verified():
            return None
        return selectors.staff_actor_for_user(user)


staff_auth = [OrganisationSession()]
fleet_auth = [OrganisationSession(), *partner_auth(rules.FLEET_SCOPE)]


class AccountOut(Schema):
    organization: str
    credit_code: str
    kind: str
    role: str | None
    permissions: list[str]


class FleetOut(Schema):
    vehicle_id: int
    plate_number: str
    plate_type: str
    vehicle_type: str
    use_character: str
    register_status: str
    condition: str
    condition_label: str
    inspection_valid_until: date
    next_inspection_due: date
    inspection_overdue: bool
    unhandled_violations: int


class FleetQuery(Schema):
    plate: Text = Field("", max_length=8, description="号牌号码的一部分")
    condition: Text = Field("", max_length=30, description="当前状况（如 inspection_overdue）")
    inspection_overdue: bool | None = None
    min_unhandled: int = Field(0, ge=0, le=1000, description="未处理违法记录至少几条")


class DriverOut(Schema):
    consent_id: int
    name: str
    id_number_masked: str
    consented_on: date | None
    license_status: str
    license_classes: str
    cycle_points: int | None
    license_valid_until: date | None


class StaffOut(Schema):
    id: int
    username: str
    name: str
    role: str
    active: bool


class StaffIn(Schema):
    username: Text = Field(..., min_length=1, max_length=150)
    name: Text = Field(..., min_length=1, max_length=50)
    role: Text = Field(..., max_length=20, description="administrator, operator 或 viewer")
    password: Text = Field(..., min_length=1, max_length=128)


class StaffCreatedOut(StaffOut):
    otpauth_url: str = Field(description="身份验证器地址（仅显示这一次）")


class OrganisationKeyOut(Schema):
    id: int
    key_id: str
    label: str
    scopes: list[str]
    origin: str
    revoked: bool


class KeyIn(Schema):
    scopes: list[Text] = Field(..., min_length=1, max_length=10)
    label: Text = Field("", max_length=100)


class KeyCreatedOut(OrganisationKeyOut):
    secret: str = Field(description="签名密钥（仅显示这一次）")


class OrganisationConsentIn(Schema):
    id_number: Text = Field(..., min_length=1, max_length=18)
    name: Text = Field(..., min_length=1, max_length=50)


class ConsentOut(Schema):
    id: int
    status: str


def _staff_out(staff) -> dict:
    return {
        "id": staff.pk,
        "username": staff.user.username,
        "name": staff.name,
        "role": staff.role,
        "active": staff.removed_at is None,
    }


def _key_out(grant) -> dict:
    return {
        "id": grant.pk,
        "key_id": grant.key.key_id,
        "label": grant.label,
        "scopes": list(grant.key.scopes),
        "origin": grant.origin,
        "revoked": grant.key.revoked_at is not None,
    }


@router.get("/account", auth=fleet_auth, response={200: AccountOut, **error_responses(403)})
def account(request):
    """My organisation, and my role and permissions (none for a key)."""
    found = selectors.account_of(request.auth)
    organization = found.organization
    return {
        "organization": organization.name,
        "credit_code": organization.credit_code,
        "kind": organization.kind,
        "role": getattr(request.auth, "role", None),
        "permissions": sorted(getattr(request.auth, "permissions", ())),
    }


@router.get("/fleet", auth=fleet_auth, response={200: list[FleetOut], **error_responses(403)})
def fleet(request, filters: Query[FleetQuery]):
    """My organisation's vehicles: condition, inspection due, unhandled camera records."""
    return selectors.fleet(actor=request.auth, as_of=clock.today(), **filters.dict())


@router.get(
    "/fleet.csv",
    auth=fleet_auth,
    response={200: None, **error_responses(403)},
    openapi_extra={
        "responses": {
            200: {"description": "CSV", "content": {"text/csv": {"schema": {"type": "string"}}}}
        }
    },
)
def fleet_csv(request, filters: Query[FleetQuery]):
    """The same vehicles as CSV (UTF-8 with a byte-order mark)."""
    rows = selectors.fleet(actor=request.auth, as_of=clock.today(), **filters.dict())
    response = HttpResponse(selectors.fleet_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="fleet-{clock.today():%Y%m%d}.csv"'
    return response


@router.get("/drivers", auth=fleet_auth, response={200: list[DriverOut], **error_responses(403)})
def drivers(request):
    """My organisation's drivers who consented to be shown, with their licence."""
    return selectors.drivers_of(actor=request.auth, as_of=clock.today())


@router.post(
    "/drivers/consents", auth=staff_auth, response={201: ConsentOut, **error_responses(409)}
)
def consent_request(request, payload: OrganisationConsentIn):
    """Ask an employed driver for consent; they answer in their own portal."""
    consent = services.consent_request(
        actor=request.auth, id_number=payload.id_number, name=payload.name
    )
    return Status(201, {"id": consent.pk, "status": consent.status})


@router.get("/staff", auth=staff_auth, response={200: list[StaffOut], **error_responses(403)})
def staff(request):
    """My organisation's users and their roles."""
    return [_staff_out(member) for member in selectors.staff_of(request.auth)]


@router.post("/staff", auth=staff_auth, response={201: StaffCreatedOut, **error_responses(409)})
def staff_add(request, payload: StaffIn):
    """Add a user (administrators only); the answer carries their authenticator address."""
    member, otpauth = services.staff_add(actor=request.auth, **payload.dict())
    return Status(201, {**_staff_out(member), "otpauth_url": otpauth})


@router.delete(
    "/staff/{staff_id}", auth=staff_auth, response={204: None, **error_responses(404, 409)}
)
def staff_remove(request, staff_id: RowId):
    """Remove a user (administrators only): their account is closed at once."""
    services.staff_remove(actor=request.auth, staff_id=staff_id)
    return Status(204, None)


@router.get(
    "/keys", auth=staff_auth, response={200: list[OrganisationKeyOut], **error_responses(403)}
)
def keys(request):
    """My organisation's API keys (administrators only); secrets are never shown again."""
    return [_key_out(grant) for grant in selectors.keys_of(request.auth)]


@router.post("/keys", auth=staff_auth, response={201: KeyCreatedOut, **error_responses(403)})
def key_create(request, payload: KeyIn):
    """Create a key for some of the scopes my organisation's kind may hold (administrators
    only); the secret is in this answer only."""
    grant, secret = services.key_create(
        actor=request.auth, scopes=list(payload.scopes), label=payload.label
    )
    return Status(201, {**_key_out(grant), "secret": secret})


@router.delete("/keys/{grant_id}", auth=staff_auth, response={204: None, **error_responses(404)})
def key_revoke(request, grant_id: RowId):
    """Revoke a key (administrators only): requests signed with it are refused from now on."""
    services.key_revoke(actor=request.auth, grant_id=grant_id)
    return Status(204, None)


class WebhookIn(Schema):
    url: Text = Field(..., min_length=1, max_length=500, description="接收地址（https://）")


class WebhookOut(Schema):
    id: int
    url: str
    active: bool


class WebhookCreatedOut(WebhookOut):
    secret: str = Field(description="签名密钥 whsec_…（仅显示这一次）")


class DeliveryOut(Schema):
    id: int
    message_id: str
    event_type: str
    status: str
    attempts: int
    endpoint_id: int
    response_status: int | None
    last_error: str


def _webhook_out(endpoint) -> dict:
    return {"id": endpoint.pk, "url": endpoint.url, "active": endpoint.is_active}


def _delivery_out(delivery) -> dict:
    return {
        "id": delivery.pk,
        "message_id": delivery.message_id,
        "event_type": delivery.event_type,
        "status": delivery.status,
        "attempts": delivery.attempts,
        "endpoint_id": delivery.endpoint_id,
        "response_status": delivery.response_status,
        "last_error": delivery.last_error,
    }


@router.get("/webhooks", auth=staff_auth, response={200: list[WebhookOut], **error_responses(403)})
def webhooks(request):
    """My organisation's report endpoints (administrators only)."""
    return [_webhook_out(endpoint) for endpoint in selectors.webhooks_of(request.auth)]


@router.post(
    "/webhooks", auth=staff_auth, response={201: WebhookCreatedOut, **error_responses(403)}
)
def webhook_create(request, payload: WebhookIn):
    """Add an endpoint that receives the reports, signed per Standard Webhooks
    (``webhook-id``, ``webhook-timestamp``, ``webhook-signature``); the secret is in this
    answer only."""
    endpoint, secret = services.webhook_endpoint_create(actor=request.auth, url=payload.url)
    return Status(201, {**_webhook_out(endpoint), "secret": secret})


@router.delete(
    "/webhooks/{endpoint_id}", auth=staff_auth, response={204: None, **error_responses(404)}
)
def webhook_disable(request, endpoint_id: RowId):
    """Stop pushing to an endpoint."""
    services.webhook_endpoint_disable(actor=request.auth, endpoint_id=endpoint_id)
    return Status(204, None)


@router.get(
    "/webhook-deliveries",
    auth=staff_auth,
    response={200: list[DeliveryOut], **error_responses(403)},
)
def webhook_deliveries(request):
    """The delivery log: each report pushed, its state, attempts and the last error."""
    return [_delivery_out(d) for d in selectors.webhook_deliveries_of(request.auth)]


@router.post(
    "/webhook-deliveries/{delivery_id}/replay",
    auth=staff_auth,
    response={200: DeliveryOut, **error_responses(404)},
)
def webhook_replay(request, delivery_id: RowId):
    """Send a delivered or failed report again, under the same ``webhook-id``."""
    delivery = services.webhook_delivery_replay(actor=request.auth, delivery_id=delivery_id)
    return _delivery_out(delivery)


# Where the routers are mounted (collected by ``api.main``; ADR 0010).
mounts = [
    ApiMount("/v1/org", router, position=185),
]
