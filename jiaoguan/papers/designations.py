"""Hospitals designated to examine C5 holders (162号 art. 85; DOMAIN §3.6).

A C5 licence (残疾人专用小型自动挡载客汽车) owes a physical-condition certificate every three
cycles, and that certificate must come from a hospital the province designated; others may
come from any county-level hospital. The province's officers keep the list: a hospital (an
organisation of kind 医疗机构 in their province) is designated under a document from a day,
and the designation may be withdrawn from a later day. A certificate is marked as from a
designated hospital when the hospital was designated on the day of the examination
(``drivers.MedicalCertificate.designated_hospital``), so a later withdrawal does not undo
certificates already issued.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError, Conflict, NotFound
from jiaoguan.identity.actors import OfficerActor, permission_require
from jiaoguan.identity.selectors import organizations_of_kind
from jiaoguan.papers.models import HospitalDesignation

if TYPE_CHECKING:
    from jiaoguan.identity.models import Organization

DESIGNATE = "papers.designate_hospital"
HOSPITAL_KIND = "medical_institution"  # identity's Organization.Kind.MEDICAL_INSTITUTION


def hospital_unknown() -> NotFound:
    return NotFound("papers.designation.hospital", _("没有这家医疗机构，或者它不在本省。"))


def already_designated() -> Conflict:
    return Conflict("papers.designation.exists", _("这家医疗机构已经是指定医疗机构。"))


def not_designated() -> Conflict:
    return Conflict("papers.designation.none", _("这家医疗机构目前不是指定医疗机构。"))


def day_invalid(message) -> ApplicationError:
    return ApplicationError("papers.designation.day", message, status=422)


def hospital_designated(*, organization_id: int, on: date) -> bool:
    """Whether the hospital was designated for C5 examinations on ``on``."""
    return (
        HospitalDesignation.objects.filter(organization_id=organization_id, designated_on__lte=on)
        .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on))
        .exists()
    )


def _hospital(actor: Any, organization_id: int) -> tuple[OfficerActor | Any, Organization]:
    hospital = organizations_of_kind(HOSPITAL_KIND).filter(pk=organization_id).first()
    if hospital is None:
        permission_require(actor, DESIGNATE)
        raise hospital_unknown()
    who = permission_require(actor, DESIGNATE, province_code=hospital.region_code)
    return who, hospital


def hospital_designate(
    *,
    actor: Any,
    organization_id: int,
    document: str,
    designated_on: date,
    ip_address: str | None = None,
) -> HospitalDesignation:
    """Designate a hospital of the officer's province from ``designated_on`` (not in the
    future) under ``document`` (the provincial document's number). A hospital already
    designated is refused (``papers.designation.exists``, 409), also when two officers
    press at once (the partial unique constraint). Audited."""
    who, hospital = _hospital(actor, organization_id)
    document = document.strip()
    if not document:
        raise ApplicationError("papers.designation.document", _("请填写指定文件文号。"), status=422)
    if designated_on > clock.today():
        raise day_invalid(_("指定日期不能晚于今天。"))
    try:
        with transaction.atomic():
            designation = HospitalDesignation.objects.create(
                organization=hospital,
                document=document[:60],
                designated_on=designated_on,
                designated_by_id=who.user_id,
            )
            audit_record(
                actor=who,
                action="papers.designation.granted",
                subject=designation,
                data={
                    "organization": hospital.pk,
                    "document": designation.document,
                    "designated_on": designated_on.isoformat(),
                },
                ip_address=ip_address,
            )
    except IntegrityError:
        raise already_designated() from None
    return designation


def hospital_designation_withdraw(
    *, actor: Any, organization_id: int, withdrawn_on: date, ip_address: str | None = None
) -> HospitalDesignation:
    """End the hospital's live designation from ``withdrawn_on`` (after its start, not in the
    future): its examinations from that day on no longer answer a C5 duty. Audited."""
    who, hospital = _hospital(actor, organization_id)
    with transaction.atomic():
        designation = (
            HospitalDesignation.objects.select_for_update()
            .filter(organization=hospital, withdrawn_on__isnull=True)
            .first()
        )
        if designation is None:
            raise not_designated()
        if withdrawn_on > clock.today():
            raise day_invalid(_("撤销日期不能晚于今天。"))
        if withdrawn_on <= designation.designated_on:
            raise day_invalid(_("撤销日期应晚于指定日期。"))
        designation.withdrawn_on = withdrawn_on
        designation.save(update_fields=["withdrawn_on"])
        audit_record(
            actor=who,
            action="papers.designation.withdrawn",
            subject=designation,
            data={"organization": hospital.pk, "withdrawn_on": withdrawn_on.isoformat()},
            ip_address=ip_address,
        )
    return designation


@dataclass(frozen=True)
class HospitalRow:
    organization: Organization
    designation: HospitalDesignation | None


def hospitals_of_province(*, actor: Any) -> list[HospitalRow]:
    """The medical institutions of the officer's province with their live designation (the
    back office's list); needs ``papers.designate_hospital``."""
    who = permission_require(actor, DESIGNATE)
    hospitals = organizations_of_kind(HOSPITAL_KIND)
    if isinstance(who, OfficerActor):
        hospitals = hospitals.filter(region_code__startswith=who.province_code or "-")
    live = {
        d.organization_id: d
        for d in HospitalDesignation.objects.filter(
            organization__in=hospitals, withdrawn_on__isnull=True
        )
    }
    return [HospitalRow(h, live.get(h.pk)) for h in hospitals.order_by("name", "pk")[:500]]
