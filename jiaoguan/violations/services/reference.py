"""Reference data writes: each revision of a code or a fine is a new version, never an edit."""

from datetime import date

from django.db import IntegrityError, transaction

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.money import Money
from jiaoguan.violations import errors
from jiaoguan.violations.models import ProvinceFine, ViolationCode
from jiaoguan.violations.standards import violation_code_on


def _check_after_history(queryset, effective_from: date) -> None:
    latest = queryset.order_by("-effective_from").values_list("effective_from", flat=True).first()
    if effective_from < clock.today() or (latest is not None and effective_from <= latest):
        raise errors.version_not_after_history()


def _save_version(row) -> None:
    """Insert under a savepoint: a clash with a version added at the same moment is refused
    like any other back-dated version, not a server error."""
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise errors.version_not_after_history() from None


@transaction.atomic
def violation_code_revise(
    *,
    actor,
    code: str,
    effective_from: date,
    description: str,
    legal_basis: str,
    penalty_basis: str,
    points: int,
    fine_min: Money,
    fine_max: Money,
    suspension_or_revocation: bool = False,
    retired: bool = False,
    verified: bool = False,
) -> ViolationCode:
    """Add a version of ``code`` (a new code, a revision or a retirement) taking effect on
    ``effective_from``, which must be today or later and after every earlier version.
    Locks the code's versions so two officers cannot add clashing ones. Audited."""
    versions = ViolationCode.objects.select_for_update().filter(code=code)
    _check_after_history(versions, effective_from)
    version = ViolationCode(
        code=code,
        effective_from=effective_from,
        description=description,
        legal_basis=legal_basis,
        penalty_basis=penalty_basis,
        points=points,
        fine_min_fen=fine_min.fen,
        fine_max_fen=fine_max.fen,
        suspension_or_revocation=suspension_or_revocation,
        retired=retired,
        verified=verified,
        created_by=actor.get_username() if actor else "system",
    )
    _save_version(version)
    audit_record(
        actor=actor,
        action="violations.code.revised",
        subject=version,
        data={"code": code, "effective_from": str(effective_from), "points": points},
    )
    return version


@transaction.atomic
def province_fine_revise(
    *, actor, code: str, province: str, effective_from: date, amount: Money
) -> ProvinceFine:
    """Set the fine ``province`` applies to ``code`` from ``effective_from`` (today or later,
    after every earlier version); it must lie within the legal range of the code's version in
    effect that day. Audited."""
    version = violation_code_on(code=code, on=effective_from)
    if version is None:
        raise errors.code_unknown(code)
    if not version.fine_min_fen <= amount.fen <= version.fine_max_fen:
        raise errors.fine_outside_law(
            str(Money(version.fine_min_fen).yuan), str(Money(version.fine_max_fen).yuan)
        )
    versions = ProvinceFine.objects.select_for_update().filter(code=code, province=province)
    _check_after_history(versions, effective_from)
    fine = ProvinceFine(
        code=code,
        province=province,
        effective_from=effective_from,
        amount_fen=amount.fen,
        created_by=actor.get_username() if actor else "system",
    )
    _save_version(fine)
    audit_record(
        actor=actor,
        action="violations.fine.revised",
        subject=fine,
        data={"code": code, "province": province, "amount_fen": amount.fen},
    )
    return fine
