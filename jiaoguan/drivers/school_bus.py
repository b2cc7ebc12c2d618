"""School-bus driving qualifications (校车驾驶资格, 162号 arts. 87-92) for officers: the
cancellation for a cause of art. 92 ¶1, the annotated license recovered afterwards (which
ends the void announcement of art. 92 ¶2), and the officers' list of cancellations, each
read of it audited per driver."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from jiaoguan.audit.purposes import purpose_stored
from jiaoguan.audit.services import audit_event, audit_record, audit_record_many
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError, Conflict, NotFound
from jiaoguan.drivers.models import DrivingLicense, SchoolBusQualification
from jiaoguan.identity.actors import permission_require
from jiaoguan.identity.selectors import no_permission

#: Reading the qualifications cancelled.
READ = "drivers.view_schoolbusqualification"
#: Cancelling a qualification and recording its license recovered.
CANCEL = "drivers.change_schoolbusqualification"


def _license_of(number: str) -> DrivingLicense:
    number = (number or "").strip().upper()
    license_ = DrivingLicense.objects.filter(person__id_number=number).first() if number else None
    if license_ is None:
        raise NotFound("drivers.license.not_found", _("没有该驾驶证。"))
    return license_


@transaction.atomic
def school_bus_qualification_cancel(
    *, actor, license_number: str, reason: str, license_recovered: bool
) -> SchoolBusQualification:
    """Cancel the school-bus driving qualification on the license ``license_number`` (the
    holder's identity number) for a cause of 162号 art. 92 ¶1
    (``SchoolBusQualification.CancelReason``), today. With the annotated license not
    recovered the qualification is announced void (art. 92 ¶2, the disclosure list
    ``school_bus_permits_void``). Locks the qualification; audited
    ``drivers.school_bus.cancelled``. Raises ``auth.permission_denied`` without
    ``drivers.change_schoolbusqualification``, ``drivers.school_bus.reason_invalid``,
    ``drivers.license.not_found``, ``drivers.school_bus.not_in_force``."""
    permission_require(actor, CANCEL)
    if reason not in SchoolBusQualification.CancelReason.values:
        raise ApplicationError(
            "drivers.school_bus.reason_invalid",
            _("请选择《机动车驾驶证申领和使用规定》第九十二条规定的注销原因。"),
        )
    license_ = _license_of(license_number)
    qualification = (
        SchoolBusQualification.objects.select_for_update()
        .filter(license=license_, cancelled_on__isnull=True)
        .first()
    )
    if qualification is None:
        raise Conflict("drivers.school_bus.not_in_force", _("该驾驶证没有有效的校车驾驶资格。"))
    qualification.cancelled_on = clock.today()
    qualification.cancel_reason = reason
    qualification.license_recovered = license_recovered
    qualification.save(update_fields=["cancelled_on", "cancel_reason", "license_recovered"])
    audit_record(
        actor=actor,
        action="drivers.school_bus.cancelled",
        subject=license_,
        person_id_number=license_.person.id_number,
        data={"reason": reason, "license_recovered": license_recovered},
    )
    return qualification


@transaction.atomic
def school_bus_license_recover(*, actor, qualification_id: int) -> SchoolBusQualification:
    """Record that the license annotated with a cancelled qualification was recovered after
    all: the next publication run withdraws its void announcement. Locks the qualification;
    audited ``drivers.school_bus.license_recovered``. Raises ``auth.permission_denied``
    without ``drivers.change_schoolbusqualification``,
    ``drivers.school_bus.nothing_to_recover`` for a qualification in force or already
    recovered."""
    permission_require(actor, CANCEL)
    qualification = (
        SchoolBusQualification.objects.select_for_update()
        .select_related("license__person")
        .filter(pk=qualification_id, cancelled_on__isnull=False, license_recovered=False)
        .first()
    )
    if qualification is None:
        raise Conflict(
            "drivers.school_bus.nothing_to_recover",
            _("该校车驾驶资格未注销，或签注的驾驶证已经收回。"),
        )
    qualification.license_recovered = True
    qualification.save(update_fields=["license_recovered"])
    audit_record(
        actor=actor,
        action="drivers.school_bus.license_recovered",
        subject=qualification.license,
        person_id_number=qualification.license.person.id_number,
        data={"qualification": qualification.pk},
    )
    return qualification


def school_bus_cancellations_for_officer(
    *, actor, limit: int = 50, ip_address: str | None = None
) -> list[SchoolBusQualification]:
    """The latest cancelled school-bus qualifications, newest first, with their drivers. The
    officer reads each driver's record: one audited read per driver shown
    (``backoffice.lookup.school_bus``, purpose ``public_disclosure``), which the citizen
    sees. Raises ``backoffice.lookup.forbidden`` without
    ``drivers.view_schoolbusqualification``."""
    if not actor.has_perm(READ):
        raise no_permission()
    found = list(
        SchoolBusQualification.objects.filter(cancelled_on__isnull=False)
        .select_related("license__person")
        .order_by("-cancelled_on", "-pk")[:limit]
    )
    audit_record_many(
        [
            audit_event(
                actor=actor,
                action="backoffice.lookup.school_bus",
                subject=qualification.license,
                person_id_number=qualification.license.person.id_number,
                purpose=purpose_stored("public_disclosure"),
                ip_address=ip_address,
            )
            for qualification in found
        ]
    )
    return found
