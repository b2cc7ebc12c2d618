"""The papers services (DOMAIN.md §14.2, §14.3, §8 items 3–5, 10–11, 18) as data: for each,
the document, the grounds, whether the platform takes it online, the statutory production
clock in working days, whether the old document is taken back, whether an agent may apply
and whether unhandled violations block it.

Pure: no Django. Labels are Simplified Chinese, marked for the catalog with ``_`` and
translated by the channel that shows them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "SERVICES",
    "Document",
    "ImpossibleCombination",
    "Reason",
    "Service",
    "ServiceRule",
    "rule_for",
    "service_for",
]


def _(text: str) -> str:
    """Marks a label for the translation catalog; the channel translates it when shown."""
    return text


class Document(StrEnum):
    DRIVING_LICENSE = "driving_license"  # 驾驶证
    VEHICLE_LICENSE = "vehicle_license"  # 行驶证
    PLATES = "plates"  # 号牌
    INSPECTION_MARK = "inspection_mark"  # 检验合格标志
    REGISTRATION_CERTIFICATE = "registration_certificate"  # 机动车登记证书
    CONTACT_DETAILS = "contact_details"  # 联系方式 (a record, not a paper)


class Reason(StrEnum):
    LOST = "lost"  # 遗失 / 灭失: a reissue (补领)
    DAMAGED = "damaged"  # 损毁: a replacement (换领)
    EXPIRY = "expiry"  # 期满
    DETAILS_CHANGED = "details_changed"  # 信息变化 / 变更备案
    MOVE_IN = "move_in"  # 转入 / 居住地换证
    AGE_LIMIT = "age_limit"  # 达到规定年龄 (162号 art. 65)


class Service(StrEnum):
    LICENSE_RENEWAL = "license_renewal"  # 期满换证, art. 63
    LICENSE_AGE_RENEWAL = "license_age_renewal"  # 达到规定年龄换证, art. 65
    LICENSE_REPLACEMENT = "license_replacement"  # 损毁换证, art. 66(2)
    LICENSE_REISSUE = "license_reissue"  # 遗失补证, art. 69
    LICENSE_DETAILS_CHANGE = "license_details_change"  # 信息变化换证, art. 66(1)
    LICENSE_MOVE_IN = "license_move_in"  # 转入换证, art. 64
    VEHICLE_LICENSE_REPLACEMENT = "vehicle_license_replacement"  # 登记规定 art. 52
    VEHICLE_LICENSE_REISSUE = "vehicle_license_reissue"  # art. 52
    VEHICLE_LICENSE_DETAILS_CHANGE = "vehicle_license_details_change"  # arts. 23, 24
    PLATES_REPLACEMENT = "plates_replacement"  # art. 51
    PLATES_REISSUE = "plates_reissue"  # art. 51
    INSPECTION_MARK_REISSUE = "inspection_mark_reissue"  # art. 57
    CERTIFICATE_REPLACEMENT = "certificate_replacement"  # art. 52
    CERTIFICATE_REISSUE = "certificate_reissue"  # art. 52
    CONTACT_DETAILS_CHANGE = "contact_details_change"  # 162号 art. 81


@dataclass(frozen=True)
class ServiceRule:
    """One service. ``statutory_working_days`` runs from acceptance (自受理之日起; None: a
    record change, nothing is produced). ``apply_within_days`` is the applicant's own
    deadline in calendar days from the event (the change, the damage, the office's notice),
    None when the law sets none. ``counter_only`` services carry ``counter_reason``."""

    service: Service
    document: Document
    reasons: tuple[Reason, ...]
    label: str
    basis: str
    statutory_working_days: int | None
    old_document_returned: bool
    agent_allowed: bool
    violations_block: bool = False
    medical_certificate_required: bool = False
    apply_within_days: int | None = None
    online: bool = True
    counter_reason: str = ""


_LICENSE_AGENT = True  # 162号 art. 105: renewal, replacement and reissue by an agent
_VEHICLE_AGENT = True  # 登记规定 art. 86, except the certificate's reissue

SERVICES: tuple[ServiceRule, ...] = (
    ServiceRule(
        Service.LICENSE_RENEWAL,
        Document.DRIVING_LICENSE,
        (Reason.EXPIRY,),
        _("驾驶证期满换证"),
        "162号 arts. 63, 68, 85",
        statutory_working_days=1,
        old_document_returned=False,  # not listed in art. 68
        agent_allowed=_LICENSE_AGENT,
        violations_block=True,  # work code art. 18 (product default)
        medical_certificate_required=True,
    ),
    ServiceRule(
        Service.LICENSE_AGE_RENEWAL,
        Document.DRIVING_LICENSE,
        (Reason.AGE_LIMIT,),
        _("达到规定年龄换证"),
        "162号 arts. 65, 68 (172号)",
        statutory_working_days=1,
        old_document_returned=True,
        agent_allowed=_LICENSE_AGENT,
        violations_block=True,
        medical_certificate_required=True,
        apply_within_days=30,
    ),
    ServiceRule(
        Service.LICENSE_REPLACEMENT,
        Document.DRIVING_LICENSE,
        (Reason.DAMAGED,),
        _("驾驶证损毁换证"),
        "162号 arts. 66(2), 68",
        statutory_working_days=1,
        old_document_returned=False,  # not listed in art. 68
        agent_allowed=_LICENSE_AGENT,
        apply_within_days=30,
    ),
    ServiceRule(
        Service.LICENSE_REISSUE,
        Document.DRIVING_LICENSE,
        (Reason.LOST,),
        _("驾驶证遗失补证"),
        "162号 art. 69",
        statutory_working_days=1,
        old_document_returned=False,  # the old one is void
        agent_allowed=_LICENSE_AGENT,
    ),
    ServiceRule(
        Service.LICENSE_DETAILS_CHANGE,
        Document.DRIVING_LICENSE,
        (Reason.DETAILS_CHANGED,),
        _("驾驶证信息变化换证"),
        "162号 arts. 66(1), 68",
        statutory_working_days=1,
        old_document_returned=True,
        agent_allowed=_LICENSE_AGENT,
        violations_block=True,
        apply_within_days=30,
    ),
    ServiceRule(
        Service.LICENSE_MOVE_IN,
        Document.DRIVING_LICENSE,
        (Reason.MOVE_IN,),
        _("驾驶证转入换证"),
        "162号 arts. 64, 68",
        statutory_working_days=1,
        old_document_returned=True,
        agent_allowed=_LICENSE_AGENT,
        # Self-declared physical condition (申报身体条件), no medical certificate.
    ),
    ServiceRule(
        Service.VEHICLE_LICENSE_REPLACEMENT,
        Document.VEHICLE_LICENSE,
        (Reason.DAMAGED,),
        _("换领行驶证"),
        "登记规定 art. 52",
        statutory_working_days=1,
        old_document_returned=True,  # the damaged licence is taken back
        agent_allowed=_VEHICLE_AGENT,
    ),
    ServiceRule(
        Service.VEHICLE_LICENSE_REISSUE,
        Document.VEHICLE_LICENSE,
        (Reason.LOST,),
        _("补领行驶证"),
        "登记规定 art. 52",
        statutory_working_days=1,
        old_document_returned=False,
        agent_allowed=_VEHICLE_AGENT,
    ),
    ServiceRule(
        Service.VEHICLE_LICENSE_DETAILS_CHANGE,
        Document.VEHICLE_LICENSE,
        (Reason.DETAILS_CHANGED,),
        _("变更备案换领行驶证"),
        "登记规定 arts. 23, 24",
        statutory_working_days=1,
        old_document_returned=True,
        agent_allowed=_VEHICLE_AGENT,
        apply_within_days=30,
        online=False,
        counter_reason=_("变更备案须提交机动车登记证书由车辆管理所签注，登记证书业务在窗口办理。"),
    ),
    ServiceRule(
        Service.PLATES_REPLACEMENT,
        Document.PLATES,
        (Reason.DAMAGED,),
        _("换领号牌"),
        "登记规定 art. 51",
        statutory_working_days=15,
        old_document_returned=True,  # the postal worker collects the old plates
        agent_allowed=_VEHICLE_AGENT,
    ),
    ServiceRule(
        Service.PLATES_REISSUE,
        Document.PLATES,
        (Reason.LOST,),
        _("补领号牌"),
        "登记规定 art. 51",
        statutory_working_days=15,
        # A plate that was not lost (one of a pair) is taken back; the calculator answers
        # for the lost pair.
        old_document_returned=False,
        agent_allowed=_VEHICLE_AGENT,
    ),
    ServiceRule(
        Service.INSPECTION_MARK_REISSUE,
        Document.INSPECTION_MARK,
        (Reason.LOST, Reason.DAMAGED),
        _("补领检验合格标志"),
        "登记规定 arts. 56, 57",
        statutory_working_days=1,
        old_document_returned=False,
        agent_allowed=_VEHICLE_AGENT,
    ),
    ServiceRule(
        Service.CERTIFICATE_REPLACEMENT,
        Document.REGISTRATION_CERTIFICATE,
        (Reason.DAMAGED,),
        _("换领机动车登记证书"),
        "登记规定 arts. 32, 52, 86",
        statutory_working_days=1,
        old_document_returned=True,
        agent_allowed=False,  # product default (§23.1): the owner in person
        online=False,
        counter_reason=_(
            "登记证书是机动车所有权的凭证，平台不提供网上办理；抵押期间须所有人和抵押权人共同申请"
            "（登记规定第三十二条）。请到登记地车辆管理所窗口办理。"
        ),
    ),
    ServiceRule(
        Service.CERTIFICATE_REISSUE,
        Document.REGISTRATION_CERTIFICATE,
        (Reason.LOST,),
        _("补领机动车登记证书"),
        "登记规定 arts. 32, 52, 86",
        statutory_working_days=1,
        old_document_returned=False,
        agent_allowed=False,  # art. 86: the owner in person
        online=False,
        counter_reason=_(
            "补领登记证书须机动车所有人本人到登记地车辆管理所申请，不得委托代理"
            "（登记规定第八十六条）；登记证书是所有权的凭证，平台不提供网上办理。"
        ),
    ),
    ServiceRule(
        Service.CONTACT_DETAILS_CHANGE,
        Document.CONTACT_DETAILS,
        (Reason.DETAILS_CHANGED,),
        _("变更联系方式"),
        "162号 art. 81",
        statutory_working_days=None,  # a record change: nothing is produced
        old_document_returned=False,
        agent_allowed=False,
        apply_within_days=30,
    ),
)

_BY_SERVICE = {rule.service: rule for rule in SERVICES}
_BY_DOCUMENT_REASON = {
    (rule.document, reason): rule for rule in SERVICES for reason in rule.reasons
}


class ImpossibleCombination(ValueError):
    """No service replaces this document for this reason (a vehicle licence does not expire,
    plates do not move in)."""

    def __init__(self, document: str, reason: str) -> None:
        super().__init__(f"no service for {document} / {reason}")
        self.document = document
        self.reason = reason


def service_for(document: Document | str, reason: Reason | str) -> ServiceRule:
    """The service that replaces ``document`` for ``reason``; ``ImpossibleCombination``
    when there is none (also for an unknown document or reason)."""
    try:
        return _BY_DOCUMENT_REASON[(Document(document), Reason(reason))]
    except (KeyError, ValueError):
        raise ImpossibleCombination(str(document), str(reason)) from None


def rule_for(service: Service | str) -> ServiceRule:
    return _BY_SERVICE[Service(service)]


def _check() -> None:
    if len(_BY_DOCUMENT_REASON) != sum(len(rule.reasons) for rule in SERVICES):
        raise ValueError("two services for one document and reason")
    for rule in SERVICES:
        if rule.online == bool(rule.counter_reason):
            raise ValueError(f"{rule.service}: a counter-only service says why, no other")


_check()
