"""The logged-in citizen's own records (信息查询). Nothing here takes a person id from the
request: every query is keyed by the caller's own person, so no one can read another's."""

import json
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema
from ninja.responses import NinjaJSONEncoder

from jiaoguan.api.auth import citizen_auth
from jiaoguan.api.errors import error_responses
from jiaoguan.api.presenters import license_payload, vehicle_payload
from jiaoguan.api.types import InputDate
from jiaoguan.audit.purposes import purpose_label
from jiaoguan.audit.selectors import audit_reads_of_person
from jiaoguan.core import clock
from jiaoguan.core.errors import NotFound
from jiaoguan.core.families import ApiMount
from jiaoguan.core.ids import mask_id_number, mask_phone
from jiaoguan.drivers.selectors import license_of_person
from jiaoguan.vehicles.selectors import vehicles_of_person

router = Router(tags=["me"], auth=citizen_auth)
JSON = "application/json; charset=utf-8"


def _records_response(request, name: str, as_of: date, build) -> HttpResponse:
    """The computed records, from the cache when this person's records have not changed.

    The key holds the person's ``records_version`` (bumped in the same transaction as every
    change to their vehicles, license or points), the date and the language, so a cached
    answer is never stale; an entry computed from older data is simply never asked for again.
    """
    citizen, seconds = request.auth, settings.JIAOGUAN_RECORDS_CACHE_SECONDS
    if not seconds:
        return HttpResponse(_as_json(build()), content_type=JSON)
    key = (
        f"me.{name}:{citizen.person_id}:{citizen.records_version}:"
        f"{as_of.isoformat()}:{get_language()}"
    )
    body = cache.get(key)
    if body is None:
        body = _as_json(build())
        cache.set(key, body, seconds)
    return HttpResponse(body, content_type=JSON)


def _as_json(payload) -> bytes:
    return json.dumps(payload, cls=NinjaJSONEncoder, ensure_ascii=False).encode()


class MeOut(Schema):
    name: str
    id_number: str
    phone: str


class RecordReadOut(Schema):
    occurred_at: str
    officer: str
    action: str
    purpose: str
    purpose_label: str


@router.get("", response=MeOut)
def me(request):
    """Who I am, with identity and phone numbers masked."""
    user = request.auth.user
    return {
        "name": user.person.name,
        "id_number": mask_id_number(user.person.id_number),
        "phone": mask_phone(user.phone or ""),
    }


@router.get("/vehicles", response=list[dict])
def my_vehicles(request, as_of: InputDate | None = None):
    """My vehicles, each with its inspection, scrapping and status dates and their reasons."""
    as_of = as_of or clock.today()

    def build():
        views = vehicles_of_person(person_id=request.auth.person_id, as_of=as_of)
        return [vehicle_payload(view) for view in views]

    return _records_response(request, "vehicles", as_of, build)


@router.get("/license", response={200: dict, **error_responses(404)})
def my_license(request, as_of: InputDate | None = None):
    """My driving license with validity, renewal, cycle, probation and duties."""
    as_of = as_of or clock.today()

    def build():
        view = license_of_person(person_id=request.auth.person_id, as_of=as_of)
        if view is None:
            raise NotFound("drivers.license.none", _("您名下没有驾驶证。"))
        return license_payload(view)

    return _records_response(request, "license", as_of, build)


@router.get("/records", response=dict)
def my_records(request, as_of: InputDate | None = None):
    """My license and my vehicles in one answer: the app's home screen."""
    person_id, as_of = request.auth.person_id, as_of or clock.today()

    def build():
        view = license_of_person(person_id=person_id, as_of=as_of)
        vehicles = vehicles_of_person(person_id=person_id, as_of=as_of)
        return {
            "as_of": as_of,
            "license": license_payload(view) if view else None,
            "vehicles": [vehicle_payload(v) for v in vehicles],
        }

    return _records_response(request, "records", as_of, build)


@router.get("/record-reads", response=list[RecordReadOut])
def my_record_reads(request):
    """Which officers read my records, when and why (ARCHITECTURE rule 8)."""
    return [
        {
            "occurred_at": clock.local(event.occurred_at).isoformat(),
            "officer": event.actor_label,
            "action": event.action,
            "purpose": event.purpose,
            "purpose_label": purpose_label(event.purpose),
        }
        for event in audit_reads_of_person(id_number=request.auth.person.id_number)
    ]


# Where the routers are mounted (collected by ``api.main``; ADR 0010).
mounts = [
    ApiMount("/v1/me", router, position=70),
]
