"""事故快处 for the two drivers, each on their own phone: check the accident may be settled
online, report it (party A), join it with the code (party B), choose the scenario, sign,
or ask the police; the agreement as a PDF. An accident is reached only through the
logged-in party (``accident_of_party``): anyone else's is a 404."""

from django import forms
from django.contrib import messages
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiaoguan.accidents import determination, errors, photos, printing, selectors, services
from jiaoguan.accidents.models import Accident, Photo
from jiaoguan.accidents.rules import liability
from jiaoguan.accidents.rules.eligibility import Facts
from jiaoguan.accidents.rules.reporting import REQUIRED_PHOTOS, photos_complete
from jiaoguan.applications.rules.accidents import QUICK
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError, NotFound
from jiaoguan.core.forms import ServiceForm
from jiaoguan.core.http import client_address
from jiaoguan.plates.models.selection import PLATE_TYPE_CHOICES
from jiaoguan.portal.views.guides import BASEMAP, LEAFLET, MAP_CENTRE
from jiaoguan.portal.views.me import citizen_required

#: The questions of the checklist, asked the way a driver at the roadside understands them;
#: each maps to a fact of ``accidents.rules.eligibility``.
_CHECKLIST = (
    ("injured", gettext_lazy("有人受伤吗？"), False),
    ("both_licensed", gettext_lazy("双方驾驶人都有有效驾驶证吗？"), True),
    ("both_insured", gettext_lazy("双方车辆都投保了交强险吗？"), True),
    ("movable", gettext_lazy("车辆还能移动吗？"), True),
    ("drink_or_drugs", gettext_lazy("有人饮酒或服用药物后驾驶吗？"), False),
    ("no_or_fake_plates", gettext_lazy("有车辆没有号牌或号牌是假的吗？"), False),
    ("dangerous_goods", gettext_lazy("有车辆载运危险物品吗？"), False),
    ("party_left", gettext_lazy("有一方已经离开现场吗？"), False),
    ("hit_property", gettext_lazy("撞到了建筑物或公共设施吗？"), False),
)
_YES_NO = [("yes", gettext_lazy("是")), ("no", gettext_lazy("否"))]


class _VehicleForm(ServiceForm):
    plate_type = forms.ChoiceField(
        label=gettext_lazy("号牌种类"), choices=PLATE_TYPE_CHOICES, initial="02"
    )
    plate_number = forms.CharField(label=gettext_lazy("号牌号码"), max_length=8)
    insurer = forms.CharField(label=gettext_lazy("交强险承保公司"), max_length=60)
    policy_number = forms.CharField(label=gettext_lazy("交强险保单号"), max_length=40)
    collision_point = forms.CharField(
        label=gettext_lazy("碰撞部位"),
        max_length=60,
        help_text=gettext_lazy("如：前保险杠、左后门"),
    )

    def vehicle(self) -> dict:
        return {name: self.cleaned_data[name] for name in services.VEHICLE_FIELDS}


class ReportForm(_VehicleForm):
    occurred_at = forms.DateTimeField(
        label=gettext_lazy("事故时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M"],
    )
    place = forms.CharField(label=gettext_lazy("事故地点"), max_length=120)
    latitude = forms.DecimalField(label=gettext_lazy("纬度"), max_digits=9, decimal_places=6)
    longitude = forms.DecimalField(label=gettext_lazy("经度"), max_digits=9, decimal_places=6)
    region_code = forms.CharField(
        label=gettext_lazy("所在区县代码"),
        max_length=6,
        help_text=gettext_lazy("六位行政区划代码，如南京市玄武区 320102"),
    )
    weather = forms.ChoiceField(label=gettext_lazy("天气"), choices=Accident.Weather.choices)
    kind = forms.ChoiceField(label=gettext_lazy("事故形态"), choices=Accident.Kind.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        checklist = {
            name: forms.ChoiceField(
                label=label,
                choices=_YES_NO,
                widget=forms.RadioSelect,
                initial="yes" if usual else "no",
            )
            for name, label, usual in _CHECKLIST
        }
        self.fields = {**checklist, **self.fields}
        self.order_fields([*checklist, *self._ACCIDENT_FIELDS, *services.VEHICLE_FIELDS])

    _ACCIDENT_FIELDS = (
        "occurred_at",
        "place",
        "latitude",
        "longitude",
        "region_code",
        "weather",
        "kind",
    )

    def facts(self) -> Facts:
        answers = {name: self.cleaned_data[name] == "yes" for name, _label, _ok in _CHECKLIST}
        return Facts(vehicles=2, **answers)


class JoinForm(_VehicleForm):
    code = forms.CharField(
        label=gettext_lazy("加入码"),
        max_length=8,
        help_text=gettext_lazy("对方手机上显示的八位加入码"),
    )
    field_order = ["code"]


class ProposeForm(ServiceForm):
    scenario = forms.ChoiceField(label=gettext_lazy("事故情形"))
    party = forms.ChoiceField(
        label=gettext_lazy("是哪一方"),
        choices=[("a", gettext_lazy("甲方")), ("b", gettext_lazy("乙方"))],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        table = liability.table_on(clock.today())
        scenario = self.fields["scenario"]
        assert isinstance(scenario, forms.ChoiceField)
        scenario.choices = [(s.code, _(s.label)) for s in table.scenarios]


class DisputeForm(ServiceForm):
    reason = forms.CharField(
        label=gettext_lazy("异议"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


def _accident_or_404(request, accident_id: int) -> Accident:
    try:
        return selectors.accident_of_party(actor=request.user, accident_id=accident_id)
    except NotFound:
        raise Http404 from None


@citizen_required
def accidents(request):
    """My accidents, the way to report one and the form to join one."""
    join = JoinForm(request.POST or None)
    if request.method == "POST" and join.is_valid():
        try:
            accident = services.accident_join(
                actor=request.user,
                code=join.cleaned_data["code"],
                ip_address=client_address(request),
                **join.vehicle(),
            )
        except ApplicationError as error:
            join.add_application_error(error)
        else:
            messages.success(request, _("已加入事故，请与对方一起选择事故情形。"))
            return redirect("portal:accident", accident_id=accident.pk)
    found = selectors.accidents_of_person(actor=request.user)
    return render(
        request,
        "portal/accidents/index.html",
        {"accidents": [(a, _(str(QUICK.stage(a.case.state).label))) for a in found], "join": join},
    )


@citizen_required
def accident_new(request):
    """Party A: the checklist first (what keeps the accident off the platform), then the
    time, place and A's own vehicle."""
    form = ReportForm(request.POST or None, initial={"occurred_at": clock.local(clock.now())})
    if request.method == "POST" and form.is_valid():
        fields = {
            name: form.cleaned_data[name]
            for name in (
                "occurred_at",
                "place",
                "latitude",
                "longitude",
                "region_code",
                "weather",
                "kind",
            )
        }
        try:
            accident = services.accident_report(
                actor=request.user,
                facts=form.facts(),
                ip_address=client_address(request),
                **fields,
                **form.vehicle(),
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("已报告。请按提示拍摄现场照片，拍齐后即可挪车。"))
            return redirect("portal:accident", accident_id=accident.pk)
    return render(
        request,
        "portal/accidents/new.html",
        {
            "form": form,
            "map_ready": finders.find(LEAFLET) is not None,
            "basemap": finders.find(BASEMAP) is not None,
            "map_center": (*MAP_CENTRE, 11),
        },
    )


@citizen_required
def accident(request, accident_id: int):
    found = _accident_or_404(request, accident_id)
    state = found.case.state
    parties = list(found.parties.all())
    own = next(p for p in parties if p.person_id == request.user.person_id)
    table = liability.table_version(found.liability_version) if found.scenario else None
    shot = photos.photos_of_accident(found)
    guide = [
        {
            "kind": kind,
            "label": label,
            "required": kind in REQUIRED_PHOTOS,
            "photos": [photo for photo in shot if photo.kind == kind],
            "mine": any(p.kind == kind and p.party_id == own.pk for p in shot),
        }
        for kind, label in Photo.Kind.choices
    ]
    challenge = request.session.get(_challenge_key(found.pk))
    return render(
        request,
        "portal/accidents/accident.html",
        {
            "accident": found,
            "state": state,
            "stage_label": _(str(QUICK.stage(state).label)),
            "parties": parties,
            "own": own,
            "scenario_label": _(table.scenario(found.scenario).label) if table else "",
            "propose": ProposeForm() if state in ("joined", "proposed") else None,
            "dispute": DisputeForm() if state in ("joined", "proposed") else None,
            "may_sign": state == "proposed" and own.signed_at is None,
            "sign_challenge": challenge,
            "guide": guide,
            "photos_complete": photos_complete([photo.kind for photo in shot]),
            "may_photograph": not QUICK.stage(state).final,
            "claims": selectors.claims_of_accident(found),
            "may_state": state == "disputed",
        },
    )


@require_POST
@citizen_required
def accident_act(request, accident_id: int, action: str):
    """Propose, sign or dispute; a refusal comes back as a message on the accident's page."""
    found = _accident_or_404(request, accident_id)
    call = {"ip_address": client_address(request), "actor": request.user, "accident": found.pk}
    try:
        if action == "propose":
            form = ProposeForm(request.POST)
            if not form.is_valid():
                raise errors.scenario()
            services.accident_propose(**call, **form.cleaned_data)
        elif action == "photo":
            upload = request.FILES.get("photo")
            photos.photo_upload(
                **call,
                kind=request.POST.get("kind", ""),
                content=upload.read() if upload else None,
            )
            if photos_complete(photos.photo_kinds_of(found)):
                messages.success(request, _("照片已拍齐，您可以将车辆移至不妨碍交通的地点。"))
                return redirect("portal:accident", accident_id=found.pk)
        elif action == "sign_code":
            request.session[_challenge_key(found.pk)] = services.accident_sign_code(**call)
            messages.success(request, _("验证码已发送到您登记的手机，请输入后签字。"))
            return redirect("portal:accident", accident_id=found.pk)
        elif action == "sign":
            challenge = request.session.get(_challenge_key(found.pk))
            if not challenge:
                raise errors.sign_code_first()
            services.accident_sign(
                **call, challenge_id=int(challenge), code=request.POST.get("code", "")
            )
            request.session.pop(_challenge_key(found.pk), None)
        elif action == "dispute":
            services.accident_dispute(**call, reason=request.POST.get("reason", ""))
        elif action == "state":
            determination.accident_state(**call, statement=request.POST.get("statement", ""))
        else:
            raise Http404
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("已提交。"))
    return redirect("portal:accident", accident_id=found.pk)


def _challenge_key(accident_id: int) -> str:
    return f"accidents.sign_challenge.{accident_id}"


@citizen_required
def photo(request, accident_id: int, photo_id: int):
    """One photo of one of my accidents (either party's), never cached."""
    try:
        found = photos.photo_for_party(
            actor=request.user, accident_id=accident_id, photo_id=photo_id
        )
    except NotFound:
        raise Http404 from None
    response = HttpResponse(bytes(found.content), content_type=found.content_type)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@citizen_required
def agreement(request, accident_id: int):
    found = _accident_or_404(request, accident_id)
    if not found.agreement_number:
        raise Http404
    response = HttpResponse(printing.agreement_pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{found.agreement_number}.pdf"'
    return response


@citizen_required
def determination_pdf(request, accident_id: int):
    try:
        found = determination.determination_of_party(actor=request.user, accident_id=accident_id)
    except ApplicationError:
        raise Http404 from None
    response = HttpResponse(printing.determination_pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{found.determination_number}.pdf"'
    return response


urlpatterns = [
    path("me/accidents/", accidents, name="accidents"),
    path("me/accidents/new/", accident_new, name="accident_new"),
    path("me/accidents/<int:accident_id>/", accident, name="accident"),
    path(
        "me/accidents/<int:accident_id>/photos/<int:photo_id>/",
        photo,
        name="accident_photo",
    ),
    path("me/accidents/<int:accident_id>/<str:action>/", accident_act, name="accident_act"),
    path("me/accidents/<int:accident_id>/agreement.pdf", agreement, name="accident_agreement"),
    path(
        "me/accidents/<int:accident_id>/determination.pdf",
        determination_pdf,
        name="accident_determination",
    ),
]
