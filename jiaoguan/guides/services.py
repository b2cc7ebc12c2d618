"""Writes of the service guides (DOMAIN §21): the reference load, officers' published edits
(each a new version, kept whole in ``GuideVersion``), service points, each office's four
lists, and questions (a citizen asks, an officer answers and publishes).

Officers need ``guides.publish_guide`` (guides, points, lists) or ``guides.answer_question``;
every write is audited with its actor and runs in one transaction.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.places import ABBREVIATION_OF_PROVINCE_CODE, is_region_code
from jiaoguan.guides import errors, reference, rules, search
from jiaoguan.guides.models import Guide, GuideVersion, OfficeList, Question, ServicePoint, TripList
from jiaoguan.guides.selectors import GUIDES_VERSION
from jiaoguan.identity.actors import Actor, permission_require

if TYPE_CHECKING:
    from jiaoguan.identity.models import User

PUBLISH = "guides.publish_guide"
ANSWER = "guides.answer_question"

#: The §21.3 fields an officer edits; the rest (key, tokens, version, dates) the services keep.
EDITABLE = (
    "title",
    "summary",
    "item_type",
    "service_object",
    "implementing_body",
    "level",
    "who",
    "when",
    "conditions",
    "materials",
    "supplement_later",
    "steps",
    "statutory_time_limit",
    "promised_time_limit",
    "fee",
    "place",
    "hours",
    "booking",
    "min_trips",
    "trip_category",
    "online_url_name",
    "result_delivery",
    "contact",
    "complaint",
    "notes",
    "legal_basis",
    "english",
)
REQUIRED = ("title", "materials", "steps", "place", "legal_basis", "trip_category")
#: The texts a guide has in English (``Guide.english``; the others are shown in Chinese).
ENGLISH_FIELDS = ("title", "summary", "who", "when", "materials", "place")
POINT_FIELDS = ("kind", "name", "address", "region_code", "latitude", "longitude", "hours", "phone")


def content_of(guide: Guide) -> dict[str, Any]:
    """The guide's editable fields as JSON (a version's content)."""
    return {name: getattr(guide, name) for name in EDITABLE}


def _index(guide: Guide) -> None:
    english = guide.english or {}
    guide.tokens = search.token_column(
        guide.title,
        guide.summary,
        guide.who,
        guide.when,
        guide.conditions,
        guide.materials,
        guide.steps,
        guide.place,
        guide.notes,
        guide.legal_basis,
        *(str(value) for value in english.values()),
    )


def _user_id(actor: Any) -> int | None:
    """The user behind ``actor`` (a User, an officer actor or None)."""
    return getattr(actor, "pk", None) or getattr(actor, "user_id", None)


def _keep_version(guide: Guide, *, actor: Any, note: str) -> None:
    GuideVersion.objects.create(
        guide=guide,
        version=guide.version,
        content=content_of(guide),
        note=note,
        published_by_id=_user_id(actor),
        published_at=guide.published_at or clock.now(),
    )


def _reference_fields(entry: reference.Entry) -> dict[str, Any]:
    text = reference.GUIDES[entry.key]
    nearest = entry.min_trips == 1 and entry.key in {
        "medical-certificate",
        "inspection-booking",
        "temporary-plates",
        "scrap",
        "accident",
    }
    return {
        "family": entry.family,
        "title": entry.title.zh,
        "summary": entry.summary.zh,
        "item_type": entry.item_type,
        "who": text.who.zh,
        "when": text.when.zh,
        "conditions": text.who.zh,
        "materials": text.materials.zh,
        "steps": entry.steps,
        "statutory_time_limit": entry.statutory_time_limit,
        "promised_time_limit": entry.promised_time_limit,
        "fee": entry.fee,
        "place": text.where.zh,
        "hours": "工作日 9:00-17:00" if not entry.online_url_name else "全天",
        "booking": entry.booking,
        "min_trips": entry.min_trips,
        "trip_category": rules.trip_category(
            min_trips=entry.min_trips, nearest_point=nearest
        ).value,
        "online_url_name": entry.online_url_name,
        "result_delivery": entry.result_delivery,
        "legal_basis": text.basis,
        "english": {
            "title": entry.title.en,
            "summary": entry.summary.en,
            "who": text.who.en,
            "when": text.when.en,
            "materials": text.materials.en,
            "place": text.where.en,
        },
    }


@transaction.atomic
def reference_load(*, actor: Actor | User | None = None) -> int:
    """Create the guide of every reference business that has none yet (version 1); an
    existing guide is left as officers published it. Returns how many were created."""
    existing = set(Guide.objects.values_list("key", flat=True))
    created = 0
    for entry in reference.ENTRIES:
        if entry.key in existing:
            continue
        guide = Guide(key=entry.key, published_at=clock.now(), **_reference_fields(entry))
        _index(guide)
        guide.save()
        _keep_version(guide, actor=actor, note="参考数据")
        audit_record(actor=actor, action="guides.guide.loaded", subject=guide)
        created += 1
    if created:
        GUIDES_VERSION.bump()
    return created


def _checked(fields: dict[str, Any]) -> dict[str, Any]:
    for name in EDITABLE:
        if isinstance(fields.get(name), str):
            fields[name] = fields[name].strip()
    for name in REQUIRED:
        if fields.get(name) in (None, ""):
            raise errors.required(name)
    fields["english"] = _english_checked(fields.get("english"))
    if fields["trip_category"] not in TripList.values:
        raise errors.choice("trip_category")
    if not isinstance(fields.get("min_trips"), int) or fields["min_trips"] < 0:
        raise errors.choice("min_trips")
    return fields


def _english_checked(english: Any) -> dict[str, str]:
    """The English texts: a mapping of ``ENGLISH_FIELDS`` to text, stripped, empty ones left
    out (the page then shows the Chinese)."""
    if english in (None, ""):
        return {}
    if not isinstance(english, dict):
        raise errors.choice("english")
    unknown = set(english) - set(ENGLISH_FIELDS)
    if unknown or not all(isinstance(value, str) for value in english.values()):
        raise errors.choice("english")
    return {name: english[name].strip() for name in ENGLISH_FIELDS if english.get(name, "").strip()}


@transaction.atomic
def guide_publish(
    *, actor: Actor | User | None, guide: Guide | int, note: str = "", **changes: Any
) -> Guide:
    """Publish an edit of ``guide``: the fields changed, a new version kept whole, audited
    with the fields' names. An edit that changes nothing publishes nothing."""
    permission_require(actor, PUBLISH)
    pk = guide if isinstance(guide, int) else guide.pk
    try:
        locked = Guide.objects.select_for_update().get(pk=pk)
    except Guide.DoesNotExist:
        raise errors.not_found() from None
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise errors.choice(sorted(unknown)[0])
    fields = _checked({**content_of(locked), **changes})
    changed = sorted(name for name in EDITABLE if fields[name] != getattr(locked, name))
    if not changed:
        return locked
    for name in changed:
        setattr(locked, name, fields[name])
    _index(locked)
    locked.version = F("version") + 1
    locked.published_at = clock.now()
    locked.save()
    locked.refresh_from_db()
    _keep_version(locked, actor=actor, note=note)
    audit_record(
        actor=actor,
        action="guides.guide.published",
        subject=locked,
        data={"version": locked.version, "fields": changed, "note": note},
    )
    GUIDES_VERSION.bump()
    return locked


def _point_checked(fields: dict[str, Any]) -> dict[str, Any]:
    for name in ("kind", "name", "address", "region_code", "latitude", "longitude", "hours"):
        if fields.get(name) in (None, ""):
            raise errors.required(name)
    if fields["kind"] not in ServicePoint.Kind.values:
        raise errors.choice("kind")
    code = str(fields["region_code"])
    if not (is_region_code(code) and code[:2] in ABBREVIATION_OF_PROVINCE_CODE):
        raise errors.region()
    try:
        latitude = Decimal(str(fields["latitude"])).quantize(Decimal("0.000001"))
        longitude = Decimal(str(fields["longitude"])).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        raise errors.position() from None
    if not (Decimal(3) <= latitude <= Decimal(54) and Decimal(73) <= longitude <= Decimal(136)):
        raise errors.position()
    fields["latitude"], fields["longitude"] = latitude, longitude
    for name in ("name", "address", "hours", "phone"):
        fields[name] = str(fields.get(name) or "").strip()
    return fields


@transaction.atomic
def point_save(
    *,
    actor: Actor | User | None,
    point: ServicePoint | int | None = None,
    guide_keys: list[str] | None = None,
    active: bool = True,
    **fields: Any,
) -> ServicePoint:
    """Create (``point`` None) or update a service point in the officer's province, with the
    businesses it offers (``guide_keys``)."""
    permission_require(actor, PUBLISH)
    if point is not None:
        pk = point if isinstance(point, int) else point.pk
        try:
            row = ServicePoint.objects.select_for_update().get(pk=pk)
        except ServicePoint.DoesNotExist:
            raise errors.point_not_found() from None
        permission_require(actor, PUBLISH, province_code=row.region_code[:2])
        fields = {**{name: getattr(row, name) for name in POINT_FIELDS}, **fields}
    else:
        row = ServicePoint()
    fields = _point_checked(fields)
    permission_require(actor, PUBLISH, province_code=fields["region_code"][:2])
    for name in POINT_FIELDS:
        setattr(row, name, fields[name])
    row.active = active
    created = row.pk is None
    row.save()
    if guide_keys is not None:
        guides = list(Guide.objects.filter(key__in=guide_keys))
        if len(guides) != len(set(guide_keys)):
            raise errors.choice("guide_keys")
        row.guides.set(guides)
    audit_record(
        actor=actor,
        action="guides.point.created" if created else "guides.point.updated",
        subject=row,
        data={"guides": sorted(guide_keys) if guide_keys is not None else None},
    )
    return row


@transaction.atomic
def office_list_set(
    *, actor: Actor | User | None, office: ServicePoint, guide: Guide, trip_category: str
) -> OfficeList:
    """Place ``guide`` on one of ``office``'s four lists (an office or a service station)."""
    permission_require(actor, PUBLISH, province_code=office.region_code[:2])
    if office.kind not in (ServicePoint.Kind.OFFICE, ServicePoint.Kind.STATION):
        raise errors.office_only()
    if trip_category not in TripList.values:
        raise errors.choice("trip_category")
    row, _ = OfficeList.objects.update_or_create(
        office=office, guide=guide, defaults={"trip_category": trip_category}
    )
    audit_record(
        actor=actor,
        action="guides.list.set",
        subject=row,
        data={"office": office.pk, "guide": guide.key, "trip_category": trip_category},
    )
    return row


@transaction.atomic
def question_ask(*, user: User, text: str, guide: Guide | None = None) -> Question:
    """A signed-in citizen's question, kept until an officer answers it."""
    text = (text or "").strip()
    if not 5 <= len(text) <= 500:
        raise errors.question_length()
    question = Question.objects.create(guide=guide, text=text, asked_by=user, asked_at=clock.now())
    audit_record(
        actor=user,
        action="guides.question.asked",
        subject=question,
        data={"guide": guide.key if guide else None},
    )
    return question


@transaction.atomic
def question_answer(
    *, actor: Actor | User | None, question: Question | int, answer: str, publish: bool = True
) -> Question:
    """An officer's answer; published, it shows under the guide (without the asker)."""
    permission_require(actor, ANSWER)
    pk = question if isinstance(question, int) else question.pk
    try:
        row = Question.objects.select_for_update().get(pk=pk)
    except Question.DoesNotExist:
        raise errors.question_not_found() from None
    answer = (answer or "").strip()
    if not answer:
        raise errors.required("answer")
    row.answer = answer
    row.answered_by_id = _user_id(actor)
    row.answered_at = clock.now()
    row.published = publish
    row.save()
    audit_record(
        actor=actor, action="guides.question.answered", subject=row, data={"published": publish}
    )
    return row
