"""证件网上办理 for citizens: the driving-licence services online (the licence page's and
the to-do list's 去换证 lead to the renewal). Phone-first: one column, the record to
confirm, what the rules say, how to receive it, then my applications with their fee and
stage; the timeline of each is on 网办进度 (``portal:my_case``)."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.forms import DateField, ServiceForm
from jiaoguan.core.http import client_address
from jiaoguan.core.money import Money
from jiaoguan.drivers.selectors import license_of_person
from jiaoguan.identity.services import confirmation_code_check, confirmation_code_send
from jiaoguan.papers import rules, selectors, services
from jiaoguan.papers.dispatch import address_text
from jiaoguan.papers.medical import latest_certificate
from jiaoguan.papers.models import PaperApplication
from jiaoguan.papers.postal.selectors import addresses_of_person, shipment_views_of_case
from jiaoguan.portal.views.me import citizen_required
from jiaoguan.vehicles.selectors import vehicles_registered_to_person

#: The driving-licence services a citizen applies for here, in the order they are offered.
LICENSE_SERVICES = tuple(
    rule for rule in rules.SERVICES if rule.document is rules.Document.DRIVING_LICENSE
)


class LicenseServiceForm(ServiceForm):
    fulfilment = forms.ChoiceField(
        label=gettext_lazy("领取方式"),
        choices=PaperApplication.Fulfilment.choices,
        initial=PaperApplication.Fulfilment.POST,
    )
    address_id = forms.TypedChoiceField(
        label=gettext_lazy("收件地址（地址簿）"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=gettext_lazy("快递按地址簿中的地址下单；未选择时请填写下方的寄递地址。"),
    )
    address = forms.CharField(
        label=gettext_lazy("寄递地址"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    pickup_point = forms.CharField(label=gettext_lazy("自取网点"), required=False, max_length=100)
    event_on = DateField(
        label=gettext_lazy("信息变化或损毁的日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("应当在 30 日内申请。"),
    )
    agree = forms.BooleanField(label=gettext_lazy("我已阅读业务须知，提交后不能撤回已受理的申请"))
    sms_code = forms.CharField(
        label=gettext_lazy("短信验证码"),
        required=False,
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text=gettext_lazy(
            "第一次点击“提交申请”时，验证码发送到您登记的手机；输入后再次提交。"
        ),
    )

    def __init__(self, *args, rule: rules.ServiceRule, addresses=(), **kwargs):
        super().__init__(*args, **kwargs)
        _address_choices(self, addresses)
        if rule.apply_within_days is None or rule.service is rules.Service.LICENSE_AGE_RENEWAL:
            del self.fields["event_on"]


def _address_choices(form: forms.Form, addresses) -> None:
    """The citizen's address book as the choice of a posted application (the default
    first and chosen); without any, only the typed address is offered."""
    choice = form.fields["address_id"]
    assert isinstance(choice, forms.TypedChoiceField)
    entries = list(addresses)
    if not entries:
        del form.fields["address_id"]
        return
    choice.choices = [("", _("不使用地址簿"))] + [
        (entry.pk, f"{entry.recipient_name} {address_text(entry)}") for entry in entries
    ]
    choice.initial = next((e.pk for e in entries if e.is_default), entries[0].pk)


def _texts(decision: rules.Decision) -> list[str]:
    return [str(_(rules.REFUSAL_TEXTS[code])) for code in decision.refusals] + [
        str(_(rules.COUNTER_TEXTS[code])) for code in decision.counter_reasons
    ]


@citizen_required
def license_renewal(request):
    """Renew my licence on expiry (the 去换证 of the licence page)."""
    return _license_service(request, rules.rule_for(rules.Service.LICENSE_RENEWAL))


@citizen_required
def license_service(request, service):
    """Another driving-licence service: at the age limits, damaged, lost, details, move-in."""
    rule = next((rule for rule in LICENSE_SERVICES if rule.service == service), None)
    if rule is None:
        raise Http404
    return _license_service(request, rule)


def _license_service(request, rule: rules.ServiceRule):
    """Confirm my licence, see whether the service can be done online, choose post or
    pickup and submit; pay the 工本费 and follow each application."""
    person = request.user.person
    today = clock.today()
    here = request.path
    view = license_of_person(person_id=person.pk, as_of=today)
    decision = (
        services.license_service_check(
            person_id=person.pk, license_id=view.license.pk, service=rule.service
        )
        if view is not None
        else None
    )
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action in ("pay", "withdraw"):
        return _act(request, action, request.POST.get("reference", ""), here)
    form = LicenseServiceForm(
        request.POST if action == "submit" else None,
        rule=rule,
        addresses=addresses_of_person(person_id=person.pk),
    )
    if (
        action == "submit"
        and view is not None
        and form.is_valid()
        and _sms_confirmed(request, form, rule, f"driving_license:{view.license.pk}")
    ):
        try:
            services.license_service_submit(
                actor=request.user,
                service=rule.service,
                license_id=view.license.pk,
                fulfilment=form.cleaned_data["fulfilment"],
                address=form.cleaned_data["address"],
                address_id=form.cleaned_data.get("address_id"),
                pickup_point=form.cleaned_data["pickup_point"],
                event_on=form.cleaned_data.get("event_on"),
                ip_address=client_address(request),
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("申请已提交，请缴纳工本费；民警审核后制证并寄出。"))
            return redirect(here)
    applications = selectors.applications_of_person(person_id=person.pk)
    return render(
        request,
        "portal/papers/license_service.html",
        {
            "rule": rule,
            "title": _(rule.label),
            "guide_key": "license-renewal"
            if rule.service is rules.Service.LICENSE_RENEWAL
            else "license-replacement",
            "others": [
                (other.service.value, _(other.label))
                for other in LICENSE_SERVICES
                if other.service is not rule.service
            ],
            "view": view,
            "certificate": latest_certificate(person_id=person.pk, as_of=today),
            "decision": decision,
            "decision_texts": _texts(decision) if decision else [],
            "online": decision is not None and decision.channel is rules.Channel.ONLINE,
            "form": form,
            "fee": selectors.replacement_quote(
                document=rule.document, reason=rule.reasons[0], on=today
            ).fee,
            "applications": _rows(applications),
        },
    )


#: The session's key of the SMS code sent to confirm a submission.
SMS_SESSION_KEY = "papers_sms_challenge"


def _sms_confirmed(request, form, rule: rules.ServiceRule, document_key: str) -> bool:
    """Confirm the submission by SMS code (DOMAIN §14.5 step 7): True when the code typed
    matches the one sent to the citizen's own phone (it is used up); otherwise sends one
    (the first press of 提交申请, or a new one asked for by submitting without a code) and
    says so, or puts the refusal on the form, and the page is shown again. No code is sent
    for a document that already has an open application (that refusal comes first)."""
    person = request.user.person
    code = (form.cleaned_data.get("sms_code") or "").strip()
    challenge_id = request.session.get(SMS_SESSION_KEY)
    try:
        selectors.open_application_check(document_key=document_key)
        if code and challenge_id:
            confirmation_code_check(challenge_id=challenge_id, person_id=person.pk, code=code)
            request.session.pop(SMS_SESSION_KEY, None)
            return True
        challenge = confirmation_code_send(
            person_id=person.pk,
            action=_("提交%(service)s网上申请") % {"service": _(rule.label)},
            ip_address=client_address(request),
        )
    except ApplicationError as error:
        form.add_application_error(error)
        return False
    if challenge is None:
        form.add_error(None, _("您的账户没有登记手机号码，不能接收短信验证码。"))
        return False
    request.session[SMS_SESSION_KEY] = challenge.pk
    messages.info(request, _("短信验证码已发送到您登记的手机，请输入验证码后再次提交。"))
    return False


def _stage_label(application: PaperApplication) -> str:
    from jiaoguan.applications.rules import table_for

    return str(_(table_for(application.case.kind).stage(application.state).label))


def _act(request, action: str, reference: str, here: str):
    try:
        if action == "pay":
            start = services.paper_application_pay(
                actor=request.user, reference=reference, return_url=here
            )
            return redirect(start.pay_url)
        services.paper_application_act(
            actor=request.user,
            reference=reference,
            action="withdraw",
            ip_address=client_address(request),
        )
        messages.success(request, _("申请已撤回。"))
    except ApplicationError as error:
        messages.error(request, str(error.message))
    return redirect(here)


class VehicleServiceForm(ServiceForm):
    vehicle_id = forms.TypedChoiceField(label=gettext_lazy("机动车"), coerce=int)
    fulfilment = LicenseServiceForm.base_fields["fulfilment"]
    address_id = LicenseServiceForm.base_fields["address_id"]
    address = LicenseServiceForm.base_fields["address"]
    pickup_point = LicenseServiceForm.base_fields["pickup_point"]
    temporary_plate = forms.BooleanField(
        label=gettext_lazy("同时申领临时行驶车号牌（5 元，有效期不超过 15 日）"), required=False
    )
    agree = LicenseServiceForm.base_fields["agree"]
    sms_code = LicenseServiceForm.base_fields["sms_code"]

    def __init__(self, *args, rule: rules.ServiceRule, vehicles, addresses=(), **kwargs):
        super().__init__(*args, **kwargs)
        _address_choices(self, addresses)
        choice = self.fields["vehicle_id"]
        assert isinstance(choice, forms.TypedChoiceField)
        choice.choices = [(v.pk, v.plate_number) for v in vehicles]
        if rule.document is not rules.Document.PLATES:
            del self.fields["temporary_plate"]


@citizen_required
def vehicle_service(request, service):
    """Replace or reissue the vehicle licence or the plates of one of my vehicles."""
    from jiaoguan.papers.services import VEHICLE_SERVICES

    if service not in VEHICLE_SERVICES:
        raise Http404
    rule = rules.rule_for(service)
    person = request.user.person
    here = request.path
    vehicles = vehicles_registered_to_person(person_id=person.pk)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action in ("pay", "withdraw"):
        return _act(request, action, request.POST.get("reference", ""), here)
    form = VehicleServiceForm(
        request.POST if action == "submit" else None,
        rule=rule,
        vehicles=vehicles,
        addresses=addresses_of_person(person_id=person.pk),
    )
    if (
        action == "submit"
        and form.is_valid()
        and _sms_confirmed(
            request, form, rule, f"{rule.document}:{form.cleaned_data['vehicle_id']}"
        )
    ):
        try:
            services.vehicle_service_submit(
                actor=request.user,
                service=rule.service,
                vehicle_id=form.cleaned_data["vehicle_id"],
                fulfilment=form.cleaned_data["fulfilment"],
                address=form.cleaned_data["address"],
                address_id=form.cleaned_data.get("address_id"),
                pickup_point=form.cleaned_data["pickup_point"],
                temporary_plate=form.cleaned_data.get("temporary_plate", False),
                ip_address=client_address(request),
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("申请已提交，请缴纳工本费；民警审核后制作并寄出。"))
            return redirect(here)
    return render(
        request,
        "portal/papers/vehicle_service.html",
        {
            "rule": rule,
            "title": _(rule.label),
            "vehicles": vehicles,
            "form": form,
            "others": [
                (other, _(rules.rule_for(other).label))
                for other in VEHICLE_SERVICES
                if other is not rule.service
            ],
            "applications": _rows(selectors.applications_of_person(person_id=person.pk)),
        },
    )


def _rows(applications) -> list[dict]:
    return [
        {
            "application": application,
            "label": _(rules.rule_for(application.service).label),
            "fee": Money(application.fee_fen),
            "paid": selectors.fee_paid(application),
            "stage": _stage_label(application),
            "waybills": [
                view.waybill_number
                for view in shipment_views_of_case(case_reference=application.reference)
                if view.waybill_number
            ],
        }
        for application in applications
    ]


urlpatterns = [
    path("me/papers/license-renewal/", license_renewal, name="license_renewal"),
    path("me/papers/license/<slug:service>/", license_service, name="license_service"),
    path("me/papers/vehicle/<slug:service>/", vehicle_service, name="vehicle_service"),
]
