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


class WindowForm(forms.Form):
    """A new booking window over sessions of published plans."""

    code = forms.CharField(label=_("预约批次编号"), max_length=40)
    subject = forms.ChoiceField(label=_("考试科目"))
    opens_at = forms.DateTimeField(
        label=_("开始受理"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes_at = forms.DateTimeField(
        label=_("截止受理"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    sessions = forms.MultipleChoiceField(label=_("场次"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, subjects=(), sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = subjects
        self.sessions_by_id = {str(session.pk): session for session in sessions}
        self.fields["sessions"].choices = [
            (
                key,
                f"{s.plan.exam_on:%Y-%m-%d} {s.starts_at:%H:%M} {s.plan.venue.name} "
                f"{s.get_subject_display()} {s.license_class} ×{s.capacity}",
            )
            for key, s in self.sessions_by_id.items()
        ]

    def chosen_sessions(self) -> list:
        return [self.sessions_by_id[key] for key in self.cleaned_data["sessions"]]

    def add_application_error(self, error) -> None:
        field = next(iter(error.fields), None)
        self.add_error(field if field in self.fields else None, str(error.message))
