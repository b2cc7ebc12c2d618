"""Officers of the guides role and service points made through the services."""

import itertools

from jiaoguan.guides import services
from tests.identity.factories import make_office, make_officer

_sequence = itertools.count(1)

PERMISSIONS = (
    "guides.publish_guide",
    "guides.answer_question",
    "guides.view_guide",
    "guides.view_question",
)


def make_guides_officer(*, region: str = "320100", **fields):
    office = make_office(code=f"{region}000000", region=region)
    return make_officer(
        username=fields.pop("username", f"zn{next(_sequence):04d}"),
        permissions=fields.pop("permissions", PERMISSIONS),
        office=office,
        **fields,
    )


def make_point(*, actor=None, **fields):
    actor = actor or make_guides_officer()
    defaults = {
        "kind": "office",
        "name": f"南京市车管所第{next(_sequence)}分所",
        "address": "南京市玄武区中山路1号",
        "region_code": "320102",
        "latitude": "32.0603",
        "longitude": "118.7969",
        "hours": "周一至周五 9:00-17:00",
        "phone": "025-12345678",
    }
    guide_keys = fields.pop("guide_keys", ["license-renewal"])
    return services.point_save(actor=actor, guide_keys=guide_keys, **{**defaults, **fields})
