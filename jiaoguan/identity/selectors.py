import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.errors import NotFound, PermissionDenied
from jiaoguan.core.ratelimit import within_limit
from jiaoguan.core.signing import canonical_request, signature_matches
from jiaoguan.identity import errors
from jiaoguan.identity.actors import Actor, CitizenActor, PartnerActor
from jiaoguan.identity.models import Organization, PartnerKey, Person, User
from jiaoguan.identity.services import token_digest

logger = logging.getLogger(__name__)


#: The citizen behind a credential (the API's ``request.auth``): ``CitizenActor``.
Citizen = CitizenActor


# Every API request runs this, so it is written out: building it through the ORM costs
# twice the database round trip. It stays portable SQL for SQLite and PostgreSQL.
CITIZEN_FOR_TOKEN_SQL = """
SELECT u.id, u.person_id, p.records_version
FROM identity_apitoken t
JOIN identity_user u ON u.id = t.user_id
JOIN identity_person p ON p.id = u.person_id
WHERE t.key_digest = %s AND t.expires_at > %s AND u.is_active
"""


def citizen_for_token(*, key: str) -> Citizen | None:
    """The active citizen a bearer token belongs to, or None if unknown or expired."""
    now = connection.ops.adapt_datetimefield_value(clock.now())
    with connection.cursor() as cursor:
        cursor.execute(CITIZEN_FOR_TOKEN_SQL, [token_digest(key), now])
        row = cursor.fetchone()
    if row is None:
        return None
    return Citizen(user_id=row[0], person_id=row[1], records_version=row[2])


def citizen_for_user(user) -> Citizen | None:
    """The citizen behind a logged-in session user, or None for officers and organizations."""
    if not user.is_authenticated or user.person_id is None:
        return None
    return CitizenActor.of_user(user)


def person_lookup(
    *,
    actor: Actor | User,
    query: str,
    purpose: str,
    as_of=None,
    ip_address: str | None = None,
) -> Person:
    """An officer reads one person's register entry; the read is audited with its purpose.

    Raises ``NotFound`` for an unknown number and ``PermissionDenied`` without the
    ``identity.view_person`` permission.
    """
    if not actor.has_perm("identity.view_person"):
        raise no_permission()
    number = (query or "").strip().upper()
    person = Person.objects.filter(id_number=number).first()
    if person is None:
        raise NotFound("identity.person.not_found", _("人口信息库中没有该公民身份号码。"))
    audit_record(
        actor=actor,
        action="backoffice.lookup.person",
        subject=person,
        person_id_number=person.id_number,
        purpose=purpose,
        ip_address=ip_address,
    )
    return person


def no_permission() -> PermissionDenied:
    return PermissionDenied("backoffice.lookup.forbidden", _("您没有查询该类信息的权限。"))


#: The partner organization behind a signed request (``request.auth`` in the API).
Partner = PartnerActor


def partner_for_request(
    *,
    key_id: str,
    timestamp: str,
    nonce: str,
    signature: str,
    method: str,
    path: str,
    query: str,
    body: bytes,
    scopes: tuple[str, ...],
) -> Partner:
    """The partner that signed this request, which must hold every one of ``scopes``.

    Refuses (and logs) a missing or wrong signature, a revoked key or inactive organization, a
    timestamp off by more than the allowed skew, a nonce seen before within that time, and
    more requests than the per-key limit.
    """
    if not (key_id and timestamp and nonce and signature) or len(nonce) > 64:
        raise errors.partner_signature_missing()
    skew = settings.JIAOGUAN_PARTNER_CLOCK_SKEW_SECONDS
    try:
        sent_at = int(timestamp)
    except ValueError:
        raise errors.partner_signature_missing() from None
    if abs(clock.now().timestamp() - sent_at) > skew:
        raise errors.partner_signature_expired(skew)
    key = (
        PartnerKey.objects.select_related("organization")
        .filter(key_id=key_id, revoked_at__isnull=True, organization__is_active=True)
        .first()
    )
    canonical = canonical_request(
        method=method, path=path, query=query, timestamp=timestamp, nonce=nonce, body=body
    )
    if key is None or not signature_matches(key.secret, canonical, signature):
        logger.warning("partner request refused: bad signature for key %r on %s", key_id, path)
        raise errors.partner_signature_invalid()
    if not cache.add(f"partner-nonce:{key_id}:{nonce}", 1, 2 * skew):
        logger.warning("partner request refused: nonce replayed for key %r", key_id)
        raise errors.partner_signature_replayed()
    if not set(scopes) <= set(key.scopes):
        raise errors.partner_scope_denied()
    limit = settings.JIAOGUAN_PARTNER_REQUESTS_PER_MINUTE
    if not within_limit("partner", key_id, limit=limit, window_seconds=60):
        raise errors.partner_rate_limited()
    organization = key.organization
    return Partner(
        organization_id=organization.pk,
        organization_name=organization.name,
        organization_kind=organization.kind,
        region_code=organization.region_code,
        key_id=key.key_id,
        scopes=frozenset(key.scopes),
    )


# --- for the other domains: they find people, organizations and accounts here, never by
# querying the identity models themselves -----------------------------------------------------


def person_matching(*, id_number: str, name: str | None = None) -> Person | None:
    """The person with this identity number (spaces trimmed, upper case) and, when ``name``
    is given, this name (spaces trimmed); None when nobody matches."""
    people = Person.objects.filter(id_number=id_number.strip().upper())
    if name is not None:
        people = people.filter(name=name.strip())
    return people.first()


def person_exists(*, person_id: int) -> bool:
    return Person.objects.filter(pk=person_id).exists()


def organization_by_id(organization_id: int) -> Organization:
    """The organization; ``Organization.DoesNotExist`` when there is none."""
    return Organization.objects.get(pk=organization_id)


def organizations_of_kind(kind: str) -> QuerySet[Organization]:
    """The active organizations of ``kind`` (an ``Organization.Kind`` value)."""
    return Organization.objects.filter(kind=kind, is_active=True)


def citizen_accounts() -> QuerySet[User]:
    """Every citizen account (a person may hold several), to narrow further: for instance
    by ``person_id`` to find whom a notice reaches."""
    return User.objects.filter(kind=User.Kind.CITIZEN)


def is_active_officer(actor: object) -> bool:
    """Whether ``actor`` is an active officer's account (its permissions asked separately)."""
    return isinstance(actor, User) and actor.kind == User.Kind.OFFICER and actor.is_active


def dealer_id_of(actor: object) -> int | None:
    """The dealer organization an actor acts for: a partner key or an organization's account
    of a dealer; None for anyone else."""
    kind = getattr(actor, "organization_kind", None)
    if kind is not None:
        return getattr(actor, "organization_id", None) if kind == Organization.Kind.DEALER else None
    if isinstance(actor, User) and actor.kind == User.Kind.ORGANIZATION:
        organization = actor.organization
        if organization is not None and organization.kind == Organization.Kind.DEALER:
            return organization.pk
    return None


def citizen_by_phone(*, phone: str) -> User | None:
    """The active citizen account whose verified phone is ``phone`` (exact equality only:
    the phone column is to be encrypted with a keyed hash for look-ups), with its person."""
    return citizens_by_phone(phones=[phone]).get(phone) if phone else None


def citizens_by_phone(*, phones: list[str]) -> dict[str, User]:
    """``citizen_by_phone`` of many numbers in one query: the accounts found, by phone."""
    phones = [phone for phone in phones if phone]
    if not phones:
        return {}
    users = User.objects.filter(
        phone__in=phones, kind=User.Kind.CITIZEN, is_active=True
    ).select_related("person")
    return {user.phone: user for user in users}  # one account a number: phone_index is unique


def office_id_of_code(code: str) -> int | None:
    """The primary key of the office with this code, or None."""
    from jiaoguan.identity.models import Office

    return Office.objects.filter(code=code).values_list("pk", flat=True).first()
