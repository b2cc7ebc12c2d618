"""我的电子证照 · 谁能看到什么: the holder chooses, per kind of verifier, what it sees above
the legal minimum (``credentials.rules.disclosure``); officers always see everything."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from jiaoguan.credentials.disclosure import disclosure_choose, hidden_of_person
from jiaoguan.credentials.rules import disclosure as rules
from jiaoguan.identity.actors import CitizenActor
from jiaoguan.portal.views.me import citizen_required

FIELD_LABEL = {
    "n": _("姓名（遮挡）"),
    "c": _("准驾车型"),
    "v": _("有效期至"),
    "name": _("完整姓名"),
    "license_number": _("驾驶证号"),
    "issuing_authority": _("发证机关"),
    "cycle_points": _("本周期记分"),
    "p": _("号牌号码"),
    "t": _("车辆类型"),
    "vin": _("车辆识别代号"),
    "owner_name": _("所有人姓名"),
}
VERIFIER_LABEL = {
    rules.PARTNER: _("授权单位（租车公司、保险公司）"),
    rules.ANONYMOUS: _("公众（未登录的扫码者）"),
}
KIND_LABEL = {rules.DL: _("电子驾驶证"), rules.IM: _("检验标志电子凭证")}


def disclosure_table(person_id: int) -> list[dict]:
    """The page's rows: per verifier and credential kind, the fields always shown and the
    choosable ones with whether each is shown now."""
    hidden = hidden_of_person(person_id)
    rows = []
    for verifier_kind in rules.CHOOSABLE_VERIFIERS:
        for kind in (rules.DL, rules.IM):
            chosen = set(hidden.get(verifier_kind, {}).get(kind, ()))
            minimum = rules.legal_minimum(verifier_kind, kind)
            rows.append(
                {
                    "name": f"show-{verifier_kind}-{kind}",
                    "verifier": VERIFIER_LABEL[verifier_kind],
                    "kind": KIND_LABEL[kind],
                    "always": [FIELD_LABEL[f] for f in sorted(minimum)],
                    "choices": [
                        {"value": f, "label": FIELD_LABEL[f], "shown": f not in chosen}
                        for f in rules.optional_fields(verifier_kind, kind)
                    ],
                }
            )
    return rows


@require_POST
@citizen_required
def disclosure_save(request):
    """Save every row of the form: an unticked field is hidden from that verifier."""
    actor = CitizenActor.of_user(request.user)
    for verifier_kind in rules.CHOOSABLE_VERIFIERS:
        for kind in (rules.DL, rules.IM):
            shown = set(request.POST.getlist(f"show-{verifier_kind}-{kind}"))
            optional = rules.optional_fields(verifier_kind, kind)
            disclosure_choose(
                actor=actor,
                verifier_kind=verifier_kind,
                kind=kind,
                hidden=[f for f in optional if f not in shown],
            )
    messages.success(request, _("已保存：下一次核验起按您的设置显示。"))
    return redirect("portal:my_credentials")


urlpatterns = [
    path("me/credentials/disclosure/", disclosure_save, name="my_credentials_disclosure"),
]
