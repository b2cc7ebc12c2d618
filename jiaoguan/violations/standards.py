"""Violation codes and province fines as they stood on a date (versions, never edits), and the
standard a record would be decided at: what handling it gives, read for many records at once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from jiaoguan.core import clock
from jiaoguan.core.money import Money
from jiaoguan.violations.models import ProvinceFine, ViolationCode, ViolationRecord


def violation_code_on(*, code: str, on: date) -> ViolationCode | None:
    """The version of ``code`` in effect on ``on``; None if there is none or it was retired."""
    return _code_in_effect(_code_versions({code}, on), code, on)


def fine_standard(*, code: str, province: str, on: date) -> Money | None:
    """The fine ``province`` applied to ``code`` on ``on`` (the province where the violation
    happened, whichever office handles it), falling back to the platform default."""
    return _fine_in_effect(_fine_versions({code}, {province}, on), code, province, on)


# Versions up to a day, newest first, read once for many look-ups.
CodeVersions = dict[str, list[ViolationCode]]
FineVersions = dict[tuple[str, str], list[tuple[date, int]]]


def _code_versions(codes: set[str], last_day: date) -> CodeVersions:
    versions: CodeVersions = {}
    for version in ViolationCode.objects.filter(
        code__in=codes, effective_from__lte=last_day
    ).order_by("-effective_from"):
        versions.setdefault(version.code, []).append(version)
    return versions


def _fine_versions(codes: set[str], provinces: set[str], last_day: date) -> FineVersions:
    fines: FineVersions = {}
    for code, province, effective_from, amount in (
        ProvinceFine.objects.filter(
            code__in=codes, province__in=provinces | {""}, effective_from__lte=last_day
        )
        .order_by("-effective_from")
        .values_list("code", "province", "effective_from", "amount_fen")
    ):
        fines.setdefault((code, province), []).append((effective_from, amount))
    return fines


def _code_in_effect(versions: CodeVersions, code: str, on: date) -> ViolationCode | None:
    version = next((v for v in versions.get(code, ()) if v.effective_from <= on), None)
    return None if version is None or version.retired else version


def _fine_in_effect(fines: FineVersions, code: str, province: str, on: date) -> Money | None:
    """The province's own fine in effect; where it has none, the platform default's."""
    for rows in (fines.get((code, province), ()), fines.get((code, ""), ())):
        amount = next((amount for day, amount in rows if day <= on), None)
        if amount is not None:
            return Money(amount)
    return None


@dataclass(frozen=True)
class Standard:
    """What a record would be decided at: its code's version and the fine of the province
    where the violation happened, both as they stood on the day it happened."""

    code: ViolationCode | None
    fine: Money | None

    @property
    def points(self) -> int:
        return self.code.points if self.code else 0


StandardKey = tuple[str, str, date]  # code, province of the place, day it happened


def standard_key(record: ViolationRecord) -> StandardKey:
    return (record.code, record.region_code[:2], clock.local(record.occurred_at).date())


def standard_of(record: ViolationRecord) -> Standard:
    key = standard_key(record)
    return standards_of([key])[key]


def standards_of(keys) -> dict[StandardKey, Standard]:
    """The ``Standard`` of each key, in two queries however many keys there are."""
    keys = set(keys)
    if not keys:
        return {}
    codes = {code for code, _, _ in keys}
    last_day = max(day for _, _, day in keys)
    versions = _code_versions(codes, last_day)
    fines = _fine_versions(codes, {province for _, province, _ in keys}, last_day)
    return {
        (code, province, on): Standard(
            _code_in_effect(versions, code, on), _fine_in_effect(fines, code, province, on)
        )
        for code, province, on in keys
    }
