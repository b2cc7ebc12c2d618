"""Prepare the public-feeds bench: EVENTS road events published in Nanjing (320100) through
the import service (source ``bench``), the demo's six kinds of event repeated at shifted
places, then WITHDRAWN of them withdrawn (the CAP feed carries their Cancel alerts), and the
demo's service guides and points (what the guides search finds). Run on
an empty database (``run.sh`` flushes it first). Prints the counts published and withdrawn."""

import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiaoguan.settings.production")
django.setup()

from jiaoguan.demo.guides import ensure_demo_guides  # noqa: E402
from jiaoguan.demo.travel import demo_features  # noqa: E402
from jiaoguan.identity.actors import system_actor  # noqa: E402
from jiaoguan.travel.models import RoadEvent  # noqa: E402
from jiaoguan.travel.services import event_withdraw, events_import  # noqa: E402

REGION = "320100"
SOURCE = "bench"


def _shifted(geometry: dict, offset: float) -> dict:
    def move(position: list) -> list:
        return [round(position[0] + offset, 6), round(position[1] + offset / 2, 6)]

    if geometry["type"] == "Point":
        return {**geometry, "coordinates": move(geometry["coordinates"])}
    if geometry["type"] == "LineString":
        return {**geometry, "coordinates": [move(p) for p in geometry["coordinates"]]}
    rings = geometry["coordinates"]
    return {**geometry, "coordinates": [[move(p) for p in ring] for ring in rings]}


def main(events: int, withdrawn: int) -> None:
    base = demo_features(REGION)
    features = []
    for index in range(events):
        feature = base[index % len(base)]
        number = index // len(base) + 1
        properties = {**feature["properties"]}
        properties["title"] = f"{properties['title']}（{number}）"
        features.append(
            {
                **feature,
                "id": f"{feature['id']}-{index:05d}",
                "geometry": _shifted(feature["geometry"], 0.002 * number),
                "properties": properties,
            }
        )
    ensure_demo_guides(region_code=REGION)  # the guides search's content: the demo's guides
    actor = system_actor("bench")
    events_import(
        actor=actor, collection={"type": "FeatureCollection", "features": features}, source=SOURCE
    )
    current = RoadEvent.objects.filter(source=SOURCE, ends_at__isnull=False).order_by("pk")
    for event in current[:withdrawn]:
        event_withdraw(actor=actor, event=event, reason="bench")
    published = RoadEvent.objects.filter(status=RoadEvent.Status.PUBLISHED).count()
    print(published, RoadEvent.objects.filter(status=RoadEvent.Status.WITHDRAWN).count())


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
