"""Where an event is: a GeoJSON geometry (RFC 7946) of one point, one line or one area, in
WGS 84 longitude and latitude."""

from __future__ import annotations

import enum
import math
from typing import Any

GEOMETRY_TYPES = ("Point", "LineString", "Polygon")


class GeometryRefusal(enum.StrEnum):
    NOT_AN_OBJECT = "not_an_object"
    TYPE = "type"  # not a Point, LineString or Polygon
    COORDINATES = "coordinates"  # not a list of the right nesting, or not numbers
    RANGE = "range"  # longitude outside [-180, 180] or latitude outside [-90, 90]
    TOO_FEW = "too_few"  # a line of fewer than 2 positions, a ring of fewer than 4
    NOT_CLOSED = "not_closed"  # a ring whose last position is not its first


def _position_refusal(position: Any) -> GeometryRefusal | None:
    if not isinstance(position, list | tuple) or len(position) not in (2, 3):
        return GeometryRefusal.COORDINATES
    for value in position:
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            return GeometryRefusal.COORDINATES
    longitude, latitude = position[0], position[1]
    if not (-180 <= longitude <= 180 and -90 <= latitude <= 90):
        return GeometryRefusal.RANGE
    return None


def _positions_refusal(positions: Any, minimum: int) -> GeometryRefusal | None:
    if not isinstance(positions, list | tuple):
        return GeometryRefusal.COORDINATES
    for position in positions:
        if refusal := _position_refusal(position):
            return refusal
    if len(positions) < minimum:
        return GeometryRefusal.TOO_FEW
    return None


def geometry_refusal(geometry: Any) -> GeometryRefusal | None:
    """Why ``geometry`` is not a usable event geometry, or ``None`` when it is one.

    A Point has one position; a LineString 2 or more; a Polygon one or more linear rings of
    4 or more positions, each closed (RFC 7946 §3.1.6). Positions are [longitude, latitude]
    with an optional altitude."""
    if not isinstance(geometry, dict):
        return GeometryRefusal.NOT_AN_OBJECT
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    if kind not in GEOMETRY_TYPES:
        return GeometryRefusal.TYPE
    if kind == "Point":
        return _position_refusal(coordinates)
    if kind == "LineString":
        return _positions_refusal(coordinates, 2)
    if not isinstance(coordinates, list | tuple) or not coordinates:
        return GeometryRefusal.COORDINATES
    for ring in coordinates:
        if refusal := _positions_refusal(ring, 4):
            return refusal
        if list(ring[0]) != list(ring[-1]):
            return GeometryRefusal.NOT_CLOSED
    return None


def positions_of(geometry: dict) -> list[tuple[float, float]]:
    """Every (longitude, latitude) of a valid geometry, in order (a polygon's outer ring)."""
    coordinates = geometry["coordinates"]
    if geometry["type"] == "Point":
        return [(coordinates[0], coordinates[1])]
    if geometry["type"] == "Polygon":
        coordinates = coordinates[0]
    return [(position[0], position[1]) for position in coordinates]


def centre_of(geometry: dict) -> tuple[float, float]:
    """A representative (longitude, latitude): the mean of the positions (a polygon's closing
    position counted once)."""
    positions = positions_of(geometry)
    if geometry["type"] == "Polygon":
        positions = positions[:-1]
    return (
        sum(position[0] for position in positions) / len(positions),
        sum(position[1] for position in positions) / len(positions),
    )
