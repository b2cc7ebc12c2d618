from django import forms
from django.utils.translation import gettext_lazy as _

from jiaoguan.audit.purposes import PURPOSES, purpose_stored


class LookupForm(forms.Form):
    """Every officer read of a person's record states its purpose (ARCHITECTURE rule 8)."""

    class Kind:
        PERSON = "person"
        VEHICLE = "vehicle"
        LICENSE = "license"

    KIND_CHOICES = [
        (Kind.PERSON, _("人员（公民身份号码）")),
        (Kind.VEHICLE, _("机动车（号牌号码或车辆识别代号）")),
        (Kind.LICENSE, _("驾驶证（驾驶证号）")),
    ]
    PURPOSE_CHOICES = list(PURPOSES.items())

    kind = forms.ChoiceField(label=_("查询对象"), choices=KIND_CHOICES)
    query = forms.CharField(label=_("查询号码"), max_length=20)
    purpose = forms.ChoiceField(label=_("查询事由"), choices=PURPOSE_CHOICES)
    note = forms.CharField(label=_("事由说明"), max_length=100, required=False)

    def purpose_text(self) -> str:
        """The purpose code and the officer's note, as stored in the audit log."""
        return purpose_stored(self.cleaned_data["purpose"], self.cleaned_data.get("note") or "")
