"""The DATEX II v3 feed: a ``SituationPublication`` payload, one ``situation`` per current
event (its ``id`` the event's public id, its ``situationVersionTime`` the event's last change),
holding one ``situationRecord`` of the DATEX II class for the event's kind (its ``version`` the
event's). The publication is a full snapshot: a withdrawn event is absent from it, which is
how a DATEX II v3 situation ends (v3 has no cancel flag of its own)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from datetime import datetime

from jiaoguan.travel import rules
from jiaoguan.travel.feeds.common import iso_utc
from jiaoguan.travel.models import RoadEvent

D2 = "http://datex2.eu/schema/3/d2Payload"
SIT = "http://datex2.eu/schema/3/situation"
COM = "http://datex2.eu/schema/3/common"
LOC = "http://datex2.eu/schema/3/locationReferencing"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
NAMESPACES = {"d2": D2, "sit": SIT, "com": COM, "loc": LOC, "xsi": XSI}
for _prefix, _uri in NAMESPACES.items():
    ET.register_namespace(_prefix, _uri)

#: kind -> (situation record class, its type element, the type's value)
RECORDS = {
    RoadEvent.Kind.CLOSURE: (
        "RoadOrCarriagewayOrLaneManagement",
        "roadOrCarriagewayOrLaneManagementType",
        "roadClosed",
    ),
    RoadEvent.Kind.WORKS: ("MaintenanceWorks", "roadMaintenanceType", "roadworks"),
    RoadEvent.Kind.ACCIDENT: ("Accident", "accidentType", "accident"),
    RoadEvent.Kind.CONGESTION: ("AbnormalTraffic", "abnormalTrafficType", "queuingTraffic"),
    RoadEvent.Kind.WEATHER: ("PoorEnvironmentConditions", "poorEnvironmentType", "fog"),
    RoadEvent.Kind.BLACK_SPOT: (
        "GenericSituationRecord",
        "genericSituationRecordName",
        "accidentBlackSpot",
    ),
}
SEVERITY = {
    RoadEvent.Severity.MINOR: "low",
    RoadEvent.Severity.MODERATE: "medium",
    RoadEvent.Severity.SEVERE: "high",
    RoadEvent.Severity.EXTREME: "highest",
}


def _sub(parent: ET.Element, ns: str, tag: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ns}}}{tag}")
    if text is not None:
        element.text = text
    return element


def _xsi_type(element: ET.Element, value: str) -> None:
    element.set(f"{{{XSI}}}type", value)


def _multilingual(parent: ET.Element, ns: str, tag: str, text: str) -> None:
    holder = _sub(parent, ns, tag)
    values = _sub(holder, COM, "values")
    value = _sub(values, COM, "value", text)
    value.set("lang", "zh")


def _coordinates(parent: ET.Element, tag: str, longitude: float, latitude: float) -> None:
    point = _sub(parent, LOC, tag)
    _sub(point, LOC, "latitude", f"{latitude:.6f}")
    _sub(point, LOC, "longitude", f"{longitude:.6f}")


def _location(record: ET.Element, event: RoadEvent) -> None:
    location = _sub(record, SIT, "locationReference")
    positions = rules.positions_of(event.geometry)
    if event.geometry["type"] == "Point":
        _xsi_type(location, "loc:PointLocation")
        by = _sub(location, LOC, "pointByCoordinates")
        _coordinates(by, "pointCoordinates", *positions[0])
        return
    if event.geometry["type"] == "Polygon":
        _xsi_type(location, "loc:AreaLocation")
        area = _sub(location, LOC, "gmlMultiPolygon")
        polygon = _sub(area, LOC, "gmlPolygon")
        exterior = _sub(polygon, LOC, "exterior")
        _sub(exterior, LOC, "posList", " ".join(f"{lat:.6f} {lon:.6f}" for lon, lat in positions))
        return
    _xsi_type(location, "loc:LinearLocation")
    line = _sub(location, LOC, "gmlLineString")
    _sub(line, LOC, "posList", " ".join(f"{lat:.6f} {lon:.6f}" for lon, lat in positions))


def _record(situation: ET.Element, event: RoadEvent) -> None:
    record_class, type_element, type_value = RECORDS[RoadEvent.Kind(event.kind)]
    record = _sub(situation, SIT, "situationRecord")
    _xsi_type(record, f"sit:{record_class}")
    record.set("id", f"{event.public_id}-1")
    record.set("version", str(event.version))
    _sub(
        record, SIT, "situationRecordCreationTime", iso_utc(event.published_at or event.created_at)
    )
    _sub(record, SIT, "situationRecordVersionTime", iso_utc(event.updated_at))
    _sub(record, SIT, "probabilityOfOccurrence", "certain")
    _sub(record, SIT, "severity", SEVERITY[RoadEvent.Severity(event.severity)])
    validity = _sub(record, SIT, "validity")
    _sub(validity, COM, "validityStatus", "definedByValidityTimeSpec")
    spec = _sub(validity, COM, "validityTimeSpecification")
    _sub(spec, COM, "overallStartTime", iso_utc(event.starts_at))
    if event.ends_at:
        _sub(spec, COM, "overallEndTime", iso_utc(event.ends_at))
    comment = _sub(record, SIT, "generalPublicComment")
    _multilingual(comment, SIT, "comment", f"{event.road_name}：{event.title}")
    _location(record, event)
    if event.kind == RoadEvent.Kind.CLOSURE:  # a NetworkManagement: compliance is required
        _sub(record, SIT, "complianceOption", "mandatory")
    _sub(record, SIT, type_element, type_value)


def publication(events: Iterable[RoadEvent], *, now: datetime, national_identifier: str) -> bytes:
    """The situation publication of ``events`` as XML bytes."""
    payload = ET.Element(f"{{{D2}}}payload")
    _xsi_type(payload, "sit:SituationPublication")
    payload.set("lang", "zh")
    payload.set("modelBaseVersion", "3")
    _sub(payload, COM, "publicationTime", iso_utc(now))
    creator = _sub(payload, COM, "publicationCreator")
    _sub(creator, COM, "country", "cn")
    _sub(creator, COM, "nationalIdentifier", national_identifier)
    for event in events:
        situation = _sub(payload, SIT, "situation")
        situation.set("id", str(event.public_id))
        _sub(situation, SIT, "overallSeverity", SEVERITY[RoadEvent.Severity(event.severity)])
        _sub(situation, SIT, "situationVersionTime", iso_utc(event.updated_at))
        header = _sub(situation, SIT, "headerInformation")
        _sub(header, COM, "confidentiality", "noRestriction")
        _sub(header, COM, "informationStatus", "real")
        _record(situation, event)
    return ET.tostring(payload, encoding="utf-8", xml_declaration=True)
