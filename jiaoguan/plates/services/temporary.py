"""Temporary driving plates from dealers and officers (DOMAIN.md §6.4)."""

from datetime import date

from django.db import IntegrityError, transaction

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.plates import errors, rules
from jiaoguan.plates.models import (
    TemporaryPlate,
)
from jiaoguan.plates.services._common import check_vin, dealer_id_of, require_officer

#: Situations a dealer may issue a temporary plate for at the point of sale (§6.4).
DEALER_SITUATIONS = frozenset({"unsold", "not_registered", "export_new"})

# --- temporary plates (dealers, officers) ----------------------------------------------------


def temporary_plate_issue(
    *,
    actor,
    vin: str,
    situation: str,
    prefix: str,
    compulsory_insurance_until: date | None,
    requested_until: date | None = None,
    permit_until: date | None = None,
    ip_address: str | None = None,
) -> TemporaryPlate:
    """Issue a temporary plate: validity per §6.4, never beyond the compulsory insurance,
    within the issue count of the situation.

    ``actor``: an officer with ``plates.add_temporaryplate`` (any situation) or a dealer
    (partner or organization user; point-of-sale situations only). The n-th issue of a
    vehicle in a situation group is unique in the database, so concurrent issues cannot pass
    the limit: the loser gets ``plates.temporary.concurrent``. Audited.
    """
    dealer_id = dealer_id_of(actor)
    if dealer_id is None:
        require_officer(actor, "plates.add_temporaryplate")
    elif situation not in DEALER_SITUATIONS:
        raise errors.officer_only()
    vin = check_vin(vin)
    try:
        rule_situation = rules.Situation(situation)
    except ValueError:
        raise errors.situation_invalid() from None
    prefix = (prefix or "").strip().upper()
    if dealer_id is None:
        require_officer(actor, "plates.add_temporaryplate", plate=prefix)  # its province's
    try:
        rules.check_office("02", prefix)
    except rules.InvalidSegment as error:
        raise errors.segment_invalid(error.reason) from None
    group = ",".join(sorted(rules.counted_situations(rule_situation)))
    today = clock.today()
    try:
        with transaction.atomic():
            earlier = TemporaryPlate.objects.filter(vin=vin, issue_group=group).count()
            try:
                valid_until = rules.temporary_plate_valid_until(
                    situation=rule_situation,
                    issued_on=today,
                    insurance_until=compulsory_insurance_until,
                    earlier_issues=earlier,
                    requested_until=requested_until,
                    permit_until=permit_until,
                )
            except rules.TemporaryPlateRefused as refused:
                raise errors.temporary_refused(refused.reason) from None
            assert compulsory_insurance_until is not None  # the rules refuse a missing one
            plate = TemporaryPlate.objects.create(
                vin=vin,
                situation=situation,
                issue_group=group,
                issue_number=earlier + 1,
                issued_on=today,
                valid_until=valid_until,
                compulsory_insurance_until=compulsory_insurance_until,
                issued_by=actor if dealer_id is None else None,
                dealer_id=dealer_id,
                created_at=clock.now(),
            )
            plate.number = f"{prefix}{plate.pk % 1_000_000:06d}"
            plate.save(update_fields=["number"])
            audit_record(
                actor=actor,
                action="plates.temporary.issued",
                subject=plate,
                data={"vin": vin, "situation": situation, "valid_until": valid_until.isoformat()},
                ip_address=ip_address,
            )
    except IntegrityError:
        raise errors.temporary_concurrent() from None
    return plate
