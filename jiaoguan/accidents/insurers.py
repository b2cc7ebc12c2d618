"""The insurers claims go to (``models.Insurer``): organisations of kind ``insurer`` whose
claim routing is reference data officers keep in the back office.

``insurer_save`` creates or changes an insurer's record (audited with what changed);
``insurer_of_name`` finds the record a party's (or a policy's) insurer name is;
``gateway_for`` builds a provider's gateway over the insurers routed through it, which is
how claims are filed and callbacks verified (``claims``, ``deliveries``);
``insurers_overview`` is the operators' page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc

from jiaoguan.accidents import errors
from jiaoguan.accidents.models import Claim, Insurer
from jiaoguan.accidents.rules import claims as rules
from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.places import is_region_code
from jiaoguan.gateways.insurer import get_insurer_gateway, provider_available
from jiaoguan.gateways.insurer.base import InsurerGateway
from jiaoguan.gateways.insurer.http import has_secret
from jiaoguan.identity.actors import OfficerActor, permission_require
from jiaoguan.identity.services.organisation_users import organization_register

#: ``identity.Organization.Kind.INSURER``.
INSURER_KIND = "insurer"
ADD = "accidents.add_insurer"
MANAGE = "accidents.change_insurer"
VIEW = "accidents.view_insurer"
#: The fields of a record the audit compares.
_AUDITED = ("code", "names", "claims_online", "provider", "endpoint_url")


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        value = value.replace("，", ",").replace("、", ",").replace("\n", ",").split(",")
    seen: list[str] = []
    for name in value or ():
        name = str(name).strip()[:60]
        if name and name not in seen:
            seen.append(name)
    return seen[:12]


def _checked(
    *, code: str, names: Any, claims_online: bool, provider: str, endpoint_url: str
) -> dict[str, Any]:
    code = (code or "").strip().upper()
    if not code or len(code) > 20 or not code.isascii() or not code.isalnum():
        raise errors.insurer_field("code", _("保险公司代码为1至20位字母或数字。"))
    provider = (provider or "").strip()
    if provider not in Insurer.Provider.values:
        raise errors.insurer_field("provider", _("请选择报案渠道。"))
    if provider and not provider_available(provider):
        raise errors.insurer_field("provider", _("本系统未启用该报案渠道。"))
    url = (endpoint_url or "").strip()
    if url:
        parts = urlsplit(url)
        if parts.scheme != "https" and provider == Insurer.Provider.HTTP:
            raise errors.insurer_field("endpoint_url", _("理赔接口地址须以 https:// 开头。"))
        if not parts.netloc:
            raise errors.insurer_field("endpoint_url", _("理赔接口地址不正确。"))
    if provider == Insurer.Provider.HTTP and not url:
        raise errors.insurer_field("endpoint_url", _("经平台理赔接口报案的，须填写理赔接口地址。"))
    if claims_online and not provider:
        raise errors.insurer_field("provider", _("在线报案的，须选择报案渠道。"))
    return {
        "code": code,
        "names": _names(names),
        "claims_online": bool(claims_online),
        "provider": provider,
        "endpoint_url": url[:200],
    }


def _organization(actor: Any, *, name: str, credit_code: str, region_code: str) -> Any:
    name = (name or "").strip()
    if not name:
        raise errors.insurer_field("name", _("请填写保险公司名称。"))
    code = (credit_code or "").strip().upper()
    if not uscc.is_valid(code):
        raise errors.insurer_field("credit_code", _("统一社会信用代码不正确（18位，含校验位）。"))
    if not is_region_code(region_code or ""):
        raise errors.insurer_field("region_code", _("请填写六位行政区划代码。"))
    organization = organization_register(
        actor=actor,
        name=name[:200],
        credit_code=code,
        kind=INSURER_KIND,
        region_code=region_code,
    )
    if organization.kind != INSURER_KIND:
        raise errors.insurer_not_an_insurer()
    return organization


@transaction.atomic
def insurer_save(
    *,
    actor: Any,
    insurer_id: int | None = None,
    code: str,
    names: Any = (),
    claims_online: bool = False,
    provider: str = "",
    endpoint_url: str = "",
    name: str = "",
    credit_code: str = "",
    region_code: str = "",
) -> Insurer:
    """Create an insurer (``insurer_id`` None: its organisation, found or registered by its
    统一社会信用代码, must be an insurer) or change one's code, short names and claim routing.
    Needs ``accidents.add_insurer`` (new) or ``.change_insurer``. Refuses a malformed field
    (``accidents.insurer.*``), a provider this deployment does not run (the sandbox in
    production), an ``http`` insurer without its https URL, and a code or organisation that
    has a record already. Claims opened from then on route by the new record; claims already
    queued keep their provider and are sent to the record's URL as it is when they go.
    Audits ``accidents.insurer.created`` / ``.changed`` with the values before and after."""
    who = permission_require(actor, ADD if insurer_id is None else MANAGE)
    values = _checked(
        code=code,
        names=names,
        claims_online=claims_online,
        provider=provider,
        endpoint_url=endpoint_url,
    )
    user_id = who.user_id if isinstance(who, OfficerActor) else None
    before: dict[str, Any] = {}
    try:
        with transaction.atomic():
            if insurer_id is None:
                organization = _organization(
                    who, name=name, credit_code=credit_code, region_code=region_code
                )
                insurer = Insurer.objects.create(
                    organization=organization,
                    updated_at=clock.now(),
                    updated_by_id=user_id,
                    **values,
                )
            else:
                found = Insurer.objects.select_for_update().filter(pk=insurer_id).first()
                if found is None:
                    raise errors.insurer_not_found()
                insurer = found
                before = {field: getattr(insurer, field) for field in _AUDITED}
                for field, value in values.items():
                    setattr(insurer, field, value)
                insurer.updated_at, insurer.updated_by_id = clock.now(), user_id
                insurer.save()
    except IntegrityError:
        raise errors.insurer_code_taken() from None
    audit_record(
        actor=who,
        action="accidents.insurer.changed" if before else "accidents.insurer.created",
        subject=insurer,
        data={"before": before, "after": values} if before else {"after": values},
    )
    return insurer


def _matching(queryset=None) -> list[rules.Insurer]:
    rows = (queryset or Insurer.objects.all()).select_related("organization")
    return [rules.Insurer(row.code, row.organization.name, tuple(row.names)) for row in rows]


def insurer_of_name(name: str) -> Insurer | None:
    """The insurer record whose full name or a short name the given name is (a branch's
    name is its company's; the longest match wins), None when no record matches."""
    code = rules.insurer_code_of(name, _matching())
    return Insurer.objects.filter(code=code).first() if code else None


def takes_claims_online(insurer: Insurer | None) -> bool:
    """Whether a claim at this insurer is filed online now: its record says so and its
    provider runs here (and, for ``http``, the deployment holds its secret)."""
    if insurer is None or not insurer.claims_online or not provider_available(insurer.provider):
        return False
    gateway = gateway_for(insurer.provider, codes=[insurer.code])
    return gateway is not None and gateway.supports(insurer.code)


def gateway_for(provider: str, *, codes: list[str] | None = None) -> InsurerGateway | None:
    """The gateway of ``provider`` over the insurers routed through it that take claims
    online (or those of ``codes``); None when the provider does not run here."""
    rows = Insurer.objects.filter(provider=provider)
    rows = rows.filter(code__in=codes) if codes is not None else rows.filter(claims_online=True)
    urls = dict(rows.values_list("code", "endpoint_url"))
    return get_insurer_gateway(provider, urls=urls)


def callback_gateway_for(provider: str) -> InsurerGateway | None:
    """The gateway that verifies ``provider``'s callbacks: every insurer routed through it,
    also one no longer taking new claims online (its earlier claims still move)."""
    urls = dict(Insurer.objects.filter(provider=provider).values_list("code", "endpoint_url"))
    return get_insurer_gateway(provider, urls=urls) if urls else None


@dataclass(frozen=True)
class InsurerRow:
    """One insurer as the operator sees it: how it is reached (the host only: the secret
    never leaves the settings, only whether it is there), and its claims."""

    pk: int
    code: str
    name: str
    names: str
    credit_code: str
    claims_online: bool
    provider: str
    provider_label: str
    endpoint_url: str
    host: str
    secret_missing: bool
    online_now: bool
    claims: int
    filed: int
    failed: int
    waiting: int
    last_event_at: Any


def insurers_overview(*, actor: Any) -> list[InsurerRow]:
    """Each insurer record with how it is reached and its claims by status (the operators'
    page; no personal data). Needs ``accidents.view_insurer``."""
    permission_require(actor, VIEW)
    counts = {
        row["insurer_id"]: row
        for row in Claim.objects.values("insurer_id").annotate(
            total=Count("pk"),
            filed=Count("pk", filter=Q(status=Claim.Status.FILED)),
            failed=Count("pk", filter=Q(status=Claim.Status.FAILED)),
            waiting=Count("pk", filter=Q(status__in=[Claim.Status.QUEUED, Claim.Status.SENDING])),
            last=Max("last_event_at"),
        )
    }
    rows = []
    for insurer in Insurer.objects.select_related("organization").order_by("code"):
        found = counts.get(insurer.pk, {})
        is_http = insurer.provider == Insurer.Provider.HTTP
        rows.append(
            InsurerRow(
                pk=insurer.pk,
                code=insurer.code,
                name=insurer.organization.name,
                names="、".join(insurer.names),
                credit_code=insurer.organization.credit_code,
                claims_online=insurer.claims_online,
                provider=insurer.provider,
                provider_label=str(insurer.get_provider_display()),
                endpoint_url=insurer.endpoint_url,
                host=urlsplit(insurer.endpoint_url).netloc if is_http else "",
                secret_missing=is_http and not has_secret(insurer.code),
                online_now=takes_claims_online(insurer),
                claims=found.get("total", 0),
                filed=found.get("filed", 0),
                failed=found.get("failed", 0),
                waiting=found.get("waiting", 0),
                last_event_at=found.get("last"),
            )
        )
    return rows
