"""证件网上办理 for citizens: renew my driving licence online (the licence page's and the
to-do list's 去换证 lead here). Phone-first: one column, the record to confirm, what the
rules say, how to receive it, then my renewal applications with their fee and stage; the
timeline of each is on 网办进度 (``portal:my_case``)."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.forms import ServiceForm
from jiaoguan.core.http import client_address
from jiaoguan.core.money import Money
from jiaoguan.drivers.selectors import license_of_person
from jiaoguan.papers import rules, selectors, services
from jiaoguan.papers.models import PaperApplication
from jiaoguan.portal.views.me import citizen_required


class RenewalForm(ServiceForm):
    fulfilment = forms.ChoiceField(
        label=gettext_lazy("领取方式"),
        choices=PaperApplication.Fulfilment.choices,
        initial=PaperApplication.Fulfilment.POST,
    )
    address = forms.CharField(
        label=gettext_lazy("寄递地址"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    pickup_point = forms.CharField(label=gettext_lazy("自取网点"), required=False, max_length=100)
    agree = forms.BooleanField(label=gettext_lazy("我已阅读业务须知，提交后不能撤回已受理的申请"))


def _texts(decision: rules.Decision) -> list[str]:
    return [str(_(rules.REFUSAL_TEXTS[code])) for code in decision.refusals] + [
        str(_(rules.COUNTER_TEXTS[code])) for code in decision.counter_reasons
    ]


@citizen_required
def license_renewal(request):
    """Confirm my licence, see whether it can be renewed online, choose post or pickup and
    submit; pay the 工本费 and follow each application."""
    person = request.user.person
    today = clock.today()
    view = license_of_person(person_id=person.pk, as_of=today)
    decision = (
        services.license_renewal_check(person_id=person.pk, license_id=view.license.pk)
        if view is not None
        else None
    )
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action in ("pay", "withdraw"):
        return _act(request, action, request.POST.get("reference", ""))
    form = RenewalForm(request.POST if action == "submit" else None)
    if action == "submit" and view is not None and form.is_valid():
        try:
            services.license_renewal_submit(
                actor=request.user,
                license_id=view.license.pk,
                fulfilment=form.cleaned_data["fulfilment"],
                address=form.cleaned_data["address"],
                pickup_point=form.cleaned_data["pickup_point"],
                ip_address=client_address(request),
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("申请已提交，请缴纳工本费；民警审核后制证并寄出。"))
            return redirect("portal:license_renewal")
    applications = selectors.applications_of_person(person_id=person.pk)
    return render(
        request,
        "portal/papers/license_renewal.html",
        {
            "view": view,
            "decision": decision,
            "decision_texts": _texts(decision) if decision else [],
            "online": decision is not None and decision.channel is rules.Channel.ONLINE,
            "form": form,
            "fee": selectors.replacement_quote(
                document="driving_license", reason="expiry", on=today
            ).fee,
            "applications": [
                {
                    "application": application,
                    "fee": Money(application.fee_fen),
                    "paid": selectors.fee_paid(application),
                    "stage": _stage_label(application),
                }
                for application in applications
            ],
        },
    )


def _stage_label(application: PaperApplication) -> str:
    from jiaoguan.applications.rules import table_for

    return str(_(table_for(application.case.kind).stage(application.state).label))


def _act(request, action: str, reference: str):
    try:
        if action == "pay":
            start = services.paper_application_pay(
                actor=request.user,
                reference=reference,
                return_url=reverse("portal:license_renewal"),
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
    return redirect("portal:license_renewal")


urlpatterns = [
    path("me/papers/license-renewal/", license_renewal, name="license_renewal"),
]
