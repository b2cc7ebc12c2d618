"""Who may have a document replaced or renewed, and on which channel (DOMAIN.md §14.1–§14.3,
§3.4, §3.6, §23.1).

Each check answers a ``Decision``: online, at the counter (with the reasons), or refused
(with the reasons). Refusals are the law's bars (another person's document, a licence seized
or suspended for a reissue, a licence that has ended, renewal not yet due, unhandled
violations where the work code says); counter reasons are the cases the law sends to the
counter (frequent replacements or suspicion, 登记规定 art. 74(5), 162号 art. 83(5); a
counter-only service; an expired licence 11–12 months after expiry).

Pure: no Django; the caller gathers the facts from the register.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from jiaoguan.core.dates import add_days, add_months
from jiaoguan.drivers.rules.duties import medical_certificate_valid_until
from jiaoguan.drivers.rules.validity import RenewalPhase, renewal_phase

from .catalogue import Document, Service, ServiceRule, _, rule_for
from .parameters import DEFAULT_PARAMETERS, PapersParameters

__all__ = [
    "COUNTER_TEXTS",
    "REFUSAL_TEXTS",
    "Channel",
    "Decision",
    "LicenseFacts",
    "VehicleFacts",
    "apply_deadline",
    "counter_for_history",
    "license_service_check",
    "vehicle_service_check",
]


class Channel(StrEnum):
    ONLINE = "online"
    COUNTER = "counter"
    REFUSED = "refused"


class Refusal(StrEnum):
    NOT_HOLDER = "not_holder"
    AGENT_NOT_ALLOWED = "agent_not_allowed"
    WRONG_DOCUMENT = "wrong_document"
    LICENSE_ENDED = "license_ended"
    LICENSE_SUSPENDED = "license_suspended"
    VIOLATIONS_UNHANDLED = "violations_unhandled"
    LONG_TERM = "long_term"
    NOT_DUE = "not_due"
    CANCELLABLE = "cancellable"
    MEDICAL_MISSING = "medical_missing"
    MEDICAL_EXPIRED = "medical_expired"
    MEDICAL_UNFIT = "medical_unfit"
    MEDICAL_USED = "medical_used"
    MEDICAL_NOT_DESIGNATED = "medical_not_designated"
    NO_AGE_LIMIT = "no_age_limit"
    VEHICLE_DEREGISTERED = "vehicle_deregistered"
    VEHICLE_NOT_FILED = "vehicle_not_filed"
    INSURANCE_INVALID = "insurance_invalid"


class CounterReason(StrEnum):
    COUNTER_ONLY = "counter_only"
    FREQUENT = "frequent_replacements"
    SUSPICION = "suspicion"
    EXPIRED_COUNTER = "expired_counter"
    AGE_DEADLINE_PASSED = "age_deadline_passed"


REFUSAL_TEXTS: dict[str, str] = {
    Refusal.NOT_HOLDER: _("只能为本人的驾驶证或本人名下的机动车申请。"),
    Refusal.AGENT_NOT_ALLOWED: _("该业务须本人申请，不能由他人代理。"),
    Refusal.WRONG_DOCUMENT: _("该业务不适用于此证件。"),
    Refusal.LICENSE_ENDED: _("驾驶证已被吊销或注销，不能办理。"),
    Refusal.LICENSE_SUSPENDED: _("驾驶证被扣押、扣留或者暂扣期间不能补领。"),
    Refusal.VIOLATIONS_UNHANDLED: _("有未处理的交通违法记录，请先处理。"),
    Refusal.LONG_TERM: _("长期有效的驾驶证无需期满换证。"),
    Refusal.NOT_DUE: _("尚未到换证时间：有效期满前九十日内可以申请。"),
    Refusal.CANCELLABLE: _("驾驶证超过有效期一年以上未换证，应当注销，不能换证。"),
    Refusal.MEDICAL_MISSING: _("请先到医院体检，由医院提交身体条件证明。"),
    Refusal.MEDICAL_EXPIRED: _("身体条件证明已超过六个月有效期，请重新体检。"),
    Refusal.MEDICAL_UNFIT: _("身体条件证明结论为不符合驾驶条件。"),
    Refusal.MEDICAL_USED: _("该身体条件证明已用于另一项申请，请重新体检后由医院提交。"),
    Refusal.MEDICAL_NOT_DESIGNATED: _(
        "持有C5准驾车型的，身体条件证明须由省级指定的医疗机构出具，请到指定医院体检。"
    ),
    Refusal.NO_AGE_LIMIT: _("驾驶证准驾车型未达到规定年龄，无需换证。"),
    Refusal.VEHICLE_DEREGISTERED: _("机动车已注销，不能办理。"),
    Refusal.VEHICLE_NOT_FILED: _("请先将该车备案为本人机动车。"),
    Refusal.INSURANCE_INVALID: _("机动车交通事故责任强制保险不在有效期内。"),
}

COUNTER_TEXTS: dict[str, str] = {
    CounterReason.COUNTER_ONLY: _("该业务不提供网上办理，请到窗口办理。"),
    CounterReason.FREQUENT: _("短期内频繁补换领，须到窗口办理。"),
    CounterReason.SUSPICION: _("申请材料需要核实，须到窗口办理。"),
    CounterReason.EXPIRED_COUNTER: _("驾驶证超过有效期十一个月，须到核发地车辆管理所办理。"),
    CounterReason.AGE_DEADLINE_PASSED: _("已超过三十日换证期限，请到窗口办理。"),
}


@dataclass(frozen=True)
class Decision:
    """Where an application goes. ``refusals`` and ``counter_reasons`` are codes of
    ``REFUSAL_TEXTS`` and ``COUNTER_TEXTS``; ``applied_late`` says the applicant's own
    deadline (30 days from the change, the damage or the notice) has passed, which does
    not bar the application."""

    service: Service
    refusals: tuple[str, ...] = ()
    counter_reasons: tuple[str, ...] = ()
    applied_late: bool = False

    @property
    def channel(self) -> Channel:
        if self.refusals:
            return Channel.REFUSED
        return Channel.COUNTER if self.counter_reasons else Channel.ONLINE


@dataclass(frozen=True)
class LicenseFacts:
    """What the register says of the driving licence and its holder on ``as_of``.

    ``applicant_is_holder``: the applicant is the holder; ``agent``: an agent applies for
    them (proxy letter). ``register_status`` is ``drivers`` ``RegisterStatus`` (valid,
    suspended, revoked, cancelled); ``valid_until`` None for a long-term licence.
    ``age_exchange_from`` is the day an upper age limit is reached by a class of the
    licence (None: none is). ``event_on`` is the day of the change or the damage."""

    as_of: date
    register_status: str
    valid_until: date | None
    applicant_is_holder: bool = True
    agent: bool = False
    unhandled_violations: int = 0
    medical_certificate_issued_on: date | None = None
    medical_certificate_fit: bool = True
    medical_certificate_used: bool = False
    # A C5 holder's certificate must come from a designated hospital (162号 art. 85).
    designated_hospital_required: bool = False
    medical_certificate_designated: bool = False
    age_exchange_from: date | None = None
    event_on: date | None = None
    prior_replacements: tuple[date, ...] = ()
    suspicion: bool = False


@dataclass(frozen=True)
class VehicleFacts:
    """What the register says of the vehicle on ``as_of``. ``filed_as_own``: the user has
    filed it as 本人机动车 (only those can be chosen online); ``insurance_valid_until`` the
    last day of its 交强险 (None: none on record)."""

    as_of: date
    status: str  # vehicles.Vehicle.Status: normal, mortgaged, seized, deregistered
    applicant_is_owner: bool = True
    agent: bool = False
    filed_as_own: bool = True
    insurance_valid_until: date | None = None
    event_on: date | None = None
    prior_replacements: tuple[date, ...] = ()
    suspicion: bool = False


def apply_deadline(rule: ServiceRule, event_on: date) -> date | None:
    """The applicant's last day to apply: ``apply_within_days`` calendar days after the
    event (the event day not counted; 162号 art. 110 and 登记规定 art. 92 make only their
    short periods working days, so 30 days are calendar days). None when the law sets no
    deadline."""
    if rule.apply_within_days is None:
        return None
    return add_days(event_on, rule.apply_within_days)


def counter_for_history(
    prior_replacements: Iterable[date],
    as_of: date,
    *,
    suspicion: bool = False,
    params: PapersParameters = DEFAULT_PARAMETERS,
) -> tuple[str, ...]:
    """Counter reasons from the document's history: ``frequent_replacement_count`` (2)
    replacements or reissues of the same document already in the ``frequent_window_months``
    (12) before ``as_of`` (both ends included), or a suspicion recorded by an officer
    (登记规定 art. 74(5), 162号 art. 83(5): "短期内频繁补领、换领" is undefined by law; the
    threshold is the product default of §23.1)."""
    since = add_months(as_of, -params.frequent_window_months)
    recent = [day for day in prior_replacements if since <= day <= as_of]
    reasons: list[str] = []
    if len(recent) >= params.frequent_replacement_count:
        reasons.append(CounterReason.FREQUENT)
    if suspicion:
        reasons.append(CounterReason.SUSPICION)
    return tuple(reasons)


def _who(rule: ServiceRule, *, is_holder: bool, agent: bool) -> list[str]:
    if is_holder:
        return []
    if not agent:
        return [Refusal.NOT_HOLDER]
    return [] if rule.agent_allowed else [Refusal.AGENT_NOT_ALLOWED]


def _medical(facts: LicenseFacts) -> list[str]:
    issued = facts.medical_certificate_issued_on
    if issued is None or issued > facts.as_of:
        return [Refusal.MEDICAL_MISSING]
    if medical_certificate_valid_until(issued) < facts.as_of:
        return [Refusal.MEDICAL_EXPIRED]
    if not facts.medical_certificate_fit:
        return [Refusal.MEDICAL_UNFIT]
    if facts.designated_hospital_required and not facts.medical_certificate_designated:
        return [Refusal.MEDICAL_NOT_DESIGNATED]
    return [Refusal.MEDICAL_USED] if facts.medical_certificate_used else []


def license_service_check(
    service: Service | str,
    facts: LicenseFacts,
    *,
    params: PapersParameters = DEFAULT_PARAMETERS,
) -> Decision:
    """The decision for a driving-licence service (162号 arts. 63–69, 105; work code art. 18).

    - A revoked or cancelled licence: nothing (it has ended). A seized or suspended one: no
      reissue (art. 69).
    - Unhandled violations block expiry, age and details-change renewals (product default,
      §14.3); damage replacement, reissue and move-in are allowed.
    - Expiry renewal: from 90 days before expiry (the day itself included) to 11 months
      after it online; then to 12 months after it at the issuing office; refused once more
      than a year overdue (art. 79(8)) and for a long-term licence. A medical certificate
      valid on the day (6 months, art. 85) is needed; so for the age renewal.
    - Age renewal: only once a class has reached its limit; online within 30 days of the day
      it was reached (the office's notice starts the 30 days, so this is the earliest
      deadline), at the counter after.
    - Frequent replacements or suspicion: the counter (art. 83(5)).
    """
    rule = rule_for(service)
    if rule.document is not Document.DRIVING_LICENSE:
        return Decision(rule.service, refusals=(Refusal.WRONG_DOCUMENT,))
    refusals = _who(rule, is_holder=facts.applicant_is_holder, agent=facts.agent)
    counter: list[str] = []
    status = facts.register_status.lower()
    if status in ("revoked", "cancelled"):
        refusals.append(Refusal.LICENSE_ENDED)
    elif status == "suspended" and rule.service is Service.LICENSE_REISSUE:
        refusals.append(Refusal.LICENSE_SUSPENDED)
    if rule.violations_block and facts.unhandled_violations > 0:
        refusals.append(Refusal.VIOLATIONS_UNHANDLED)
    applied_late = False
    if rule.service is Service.LICENSE_RENEWAL:
        phase = renewal_phase(facts.valid_until, facts.as_of, params.license).phase
        if phase is RenewalPhase.LONG_TERM:
            refusals.append(Refusal.LONG_TERM)
        elif phase is RenewalPhase.NOT_DUE:
            refusals.append(Refusal.NOT_DUE)
        elif phase is RenewalPhase.CANCELLABLE:
            refusals.append(Refusal.CANCELLABLE)
        elif phase is RenewalPhase.EXPIRED_COUNTER:
            counter.append(CounterReason.EXPIRED_COUNTER)
    if rule.service is Service.LICENSE_AGE_RENEWAL:
        reached = facts.age_exchange_from
        if reached is None or reached > facts.as_of:
            refusals.append(Refusal.NO_AGE_LIMIT)
        elif (deadline := apply_deadline(rule, reached)) and facts.as_of > deadline:
            counter.append(CounterReason.AGE_DEADLINE_PASSED)
    elif facts.event_on is not None:
        deadline = apply_deadline(rule, facts.event_on)
        applied_late = deadline is not None and facts.as_of > deadline
    if rule.medical_certificate_required:
        refusals += _medical(facts)
    counter += counter_for_history(
        facts.prior_replacements, facts.as_of, suspicion=facts.suspicion, params=params
    )
    return Decision(rule.service, tuple(refusals), tuple(counter), applied_late)


def vehicle_service_check(
    service: Service | str,
    facts: VehicleFacts,
    *,
    params: PapersParameters = DEFAULT_PARAMETERS,
) -> Decision:
    """The decision for a vehicle-document service (登记规定 arts. 51, 52, 57, 74, 86).

    A deregistered vehicle has no documents to replace; online, only a vehicle filed as
    本人机动车 can be chosen; an agent may apply except for the registration certificate
    (product default: owner in person); the inspection mark needs a valid 交强险 (art. 57);
    counter-only services, frequent replacements and suspicion go to the counter.
    """
    rule = rule_for(service)
    if rule.document in (Document.DRIVING_LICENSE, Document.CONTACT_DETAILS):
        return Decision(rule.service, refusals=(Refusal.WRONG_DOCUMENT,))
    refusals = _who(rule, is_holder=facts.applicant_is_owner, agent=facts.agent)
    counter: list[str] = []
    if facts.status == "deregistered":
        refusals.append(Refusal.VEHICLE_DEREGISTERED)
    if rule.online and facts.applicant_is_owner and not facts.filed_as_own:
        refusals.append(Refusal.VEHICLE_NOT_FILED)
    if rule.service is Service.INSPECTION_MARK_REISSUE and (
        facts.insurance_valid_until is None or facts.insurance_valid_until < facts.as_of
    ):
        refusals.append(Refusal.INSURANCE_INVALID)
    if not rule.online:
        counter.append(CounterReason.COUNTER_ONLY)
    counter += counter_for_history(
        facts.prior_replacements, facts.as_of, suspicion=facts.suspicion, params=params
    )
    applied_late = False
    if facts.event_on is not None:
        deadline = apply_deadline(rule, facts.event_on)
        applied_late = deadline is not None and facts.as_of > deadline
    return Decision(rule.service, tuple(refusals), tuple(counter), applied_late)
