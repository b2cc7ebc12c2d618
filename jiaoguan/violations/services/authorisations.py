"""Owners letting other drivers handle the violations of their small cars (驾驶人绑定)."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.ids import mask_name
from jiaoguan.identity.selectors import no_permission
from jiaoguan.identity.services import consent_code_check, consent_code_send
from jiaoguan.vehicles.selectors import vehicle_brief_for_plate
from jiaoguan.violations import errors
from jiaoguan.violations.models import DriverAuthorisation

ACTIVE, PENDING = DriverAuthorisation.Status.ACTIVE, DriverAuthorisation.Status.PENDING


def _person(actor):
    person = getattr(actor, "person", None)
    if person is None:
        raise no_permission()
    return person


@transaction.atomic
def authorisation_request(
    *, actor, plate_number: str, ip_address: str | None = None
) -> DriverAuthorisation:
    """A driver asks to handle the violations of another person's small car; the owner is
    texted a consent code. Asking again for the same car sends a fresh code. Audited."""
    driver = _person(actor)
    vehicle = vehicle_brief_for_plate(plate_number=plate_number or "")
    if vehicle is None or vehicle.owner_person_id is None:
        raise errors.authorisation_plate_unknown()
    if vehicle.owner_person_id == driver.pk:
        raise errors.authorisation_own_vehicle()
    if not vehicle.small_passenger_car:
        raise errors.authorisation_not_small_car()
    active = DriverAuthorisation.objects.filter(driver=driver, status=ACTIVE)
    if active.filter(vehicle_id=vehicle.id).exists():
        raise errors.authorisation_exists()
    if active.count() >= DriverAuthorisation.MAX_VEHICLES:
        raise errors.authorisation_limit()
    authorisation = (
        DriverAuthorisation.objects.select_for_update()
        .filter(driver=driver, vehicle_id=vehicle.id, status=PENDING)
        .first()
    )
    if authorisation is None:
        try:
            with transaction.atomic():
                authorisation = DriverAuthorisation.objects.create(
                    vehicle_id=vehicle.id,
                    owner_id=vehicle.owner_person_id,
                    driver=driver,
                    requested_at=clock.now(),
                )
        except IntegrityError:
            raise errors.authorisation_exists() from None
    what = _("%(name)s申请处理您的机动车%(plate)s的交通违法") % {
        "name": mask_name(driver.name),
        "plate": vehicle.plate_number,
    }
    challenge = consent_code_send(
        person_id=vehicle.owner_person_id, what=what, ip_address=ip_address
    )
    if challenge is None:
        raise errors.authorisation_owner_unreachable()
    authorisation.challenge_id = challenge.pk
    authorisation.save(update_fields=["challenge_id"])
    audit_record(
        actor=actor,
        action="violations.authorisation.requested",
        subject=authorisation,
        data={"vehicle": vehicle.id},
    )
    return authorisation


def authorisation_confirm(*, actor, authorisation_id: int, code: str) -> DriverAuthorisation:
    """The driver enters the code the owner gave them: the authorisation takes one of the
    driver's three slots. The code is checked first, in its own transaction, so a wrong guess
    is counted even though the confirmation fails. Audited."""
    driver = _person(actor)
    pending = DriverAuthorisation.objects.filter(
        pk=authorisation_id, driver=driver, status=PENDING
    ).first()
    if pending is None or pending.challenge_id is None:
        raise errors.authorisation_not_found()
    consent_code_check(challenge_id=pending.challenge_id, code=code)
    for _attempt in range(DriverAuthorisation.MAX_VEHICLES):
        try:
            return _take_slot(actor, driver, authorisation_id)
        except IntegrityError:
            continue  # another confirmation took the same slot at the same moment
    raise errors.authorisation_limit()


@transaction.atomic
def _take_slot(actor, driver, authorisation_id: int) -> DriverAuthorisation:
    authorisation = (
        DriverAuthorisation.objects.select_for_update()
        .filter(pk=authorisation_id, driver=driver, status=PENDING)
        .first()
    )
    if authorisation is None:
        raise errors.authorisation_not_found()
    taken = set(
        DriverAuthorisation.objects.filter(driver=driver, status=ACTIVE).values_list(
            "slot", flat=True
        )
    )
    free = [slot for slot in range(1, DriverAuthorisation.MAX_VEHICLES + 1) if slot not in taken]
    if not free:
        raise errors.authorisation_limit()
    authorisation.status, authorisation.slot = ACTIVE, free[0]
    authorisation.consented_at = clock.now()
    with transaction.atomic():
        authorisation.save(update_fields=["status", "slot", "consented_at"])
    audit_record(
        actor=actor,
        action="violations.authorisation.consented",
        subject=authorisation,
        data={"vehicle": authorisation.vehicle_id, "slot": authorisation.slot},
    )
    return authorisation


@transaction.atomic
def authorisation_revoke(*, actor, authorisation_id: int) -> DriverAuthorisation:
    """The owner (or the driver) ends an authorisation, pending or active. Audited."""
    person = _person(actor)
    authorisation = (
        DriverAuthorisation.objects.select_for_update()
        .filter(pk=authorisation_id, status__in=[PENDING, ACTIVE])
        .first()
    )
    if authorisation is None or person.pk not in (
        authorisation.owner_id,
        authorisation.driver_id,
    ):
        raise errors.authorisation_not_found()
    authorisation.status = DriverAuthorisation.Status.REVOKED
    authorisation.slot, authorisation.revoked_at = None, clock.now()
    authorisation.save(update_fields=["status", "slot", "revoked_at"])
    audit_record(
        actor=actor,
        action="violations.authorisation.revoked",
        subject=authorisation,
        data={"by": "owner" if person.pk == authorisation.owner_id else "driver"},
    )
    return authorisation
