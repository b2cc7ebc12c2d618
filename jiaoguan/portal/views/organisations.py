"""单位 (DOMAIN §18.3): the organisation users' area of the portal, phone-friendly.

Staff log in with their password and the code of their authenticator (TOTP); every page
then needs a verified second factor and the staff member's role permission, and shows only
their own organisation's records. Drivers answer an organisation's consent requests under
"我的"."""

from functools import wraps

import qrcode  # type: ignore[import-untyped]  # qrcode ships no type information
import qrcode.image.svg  # type: ignore[import-untyped]
from django import forms
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.forms import OTPAuthenticationForm
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.forms import OTP_ERROR_MESSAGES, ServiceForm
from jiaoguan.core.http import client_address
from jiaoguan.identity.models import PartnerKey
from jiaoguan.identity.selectors import citizen_for_user
from jiaoguan.identity.services import login_failure_record
from jiaoguan.identity.services.organisation_users import organization_login_with_password
from jiaoguan.organisations import rules, selectors, services
from jiaoguan.organisations.models import Staff
from jiaoguan.vehicles.explanations import CONDITION_LABEL
from jiaoguan.vehicles.rules import Condition


class OrganisationLoginForm(OTPAuthenticationForm):
    """Password and authenticator code; each staff member has one authenticator."""

    otp_error_messages = dict(OTPAuthenticationForm.otp_error_messages, **OTP_ERROR_MESSAGES)

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("登录名")
        self.fields["otp_token"].label = _("动态码")
        self.fields["otp_token"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "one-time-code"}
        )
        for name in ("otp_device", "otp_challenge"):
            del self.fields[name]

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        password = self.cleaned_data.get("password") or ""
        address = client_address(self.request) if self.request is not None else None
        try:
            user = organization_login_with_password(
                identifier=username, password=password, ip_address=address
            )
        except ApplicationError as refusal:
            raise forms.ValidationError(str(refusal.message), code=refusal.code) from None
        self.user_cache = user
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        self.cleaned_data["otp_device"] = device.persistent_id if device else None
        try:
            self.clean_otp(user)
        except forms.ValidationError:
            login_failure_record(user=user, reason="second_factor", ip_address=address)
            raise
        return self.cleaned_data


def login_view(request):
    form = OrganisationLoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        otp_login(request, user.otp_device)
        return redirect("portal:org_fleet")
    return render(request, "portal/organisations/login.html", {"form": form})


@require_POST
def logout_view(request):
    logout(request)
    return redirect("portal:org_login")


def staff_page(permission: str):
    """Only for a logged-in organisation user with a verified second factor and
    ``permission``; the staff actor is ``request.staff``."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated or not user.is_verified():
                return redirect(f"/org/login/?next={request.path}")
            actor = selectors.staff_actor_for_user(user)
            if actor is None:
                return redirect("portal:org_login")
            if not actor.has_perm(permission):
                request.staff = actor
                return _denied(request)
            request.staff = actor
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def _denied(request):
    return render(request, "portal/organisations/denied.html", {"staff": request.staff}, status=403)


def _context(request, tab: str, **values) -> dict:
    actor = request.staff
    account = selectors.account_for(actor.organisation_id)
    return {
        "tab": tab,
        "staff": actor,
        "account": account,
        "may_manage_staff": actor.has_perm(rules.MANAGE_STAFF),
        "may_manage_keys": actor.has_perm(rules.MANAGE_KEYS),
        "may_request_consent": actor.has_perm(rules.REQUEST_CONSENT),
        # an inspection station's administrator registers the station (portal.views.org_station)
        "may_register_station": actor.has_perm(rules.MANAGE_KEYS)
        and account.organization.kind == "inspection_station",
        **values,
    }


class FleetFilterForm(forms.Form):
    plate = forms.CharField(label=_("号牌号码"), required=False, max_length=8)
    condition = forms.ChoiceField(
        label=_("当前状况"),
        required=False,
        choices=[("", _("全部")), *((str(c), CONDITION_LABEL[c]) for c in Condition)],
    )
    overdue = forms.ChoiceField(
        label=_("检验"),
        required=False,
        choices=[("", _("全部")), ("1", _("逾期未检验")), ("0", _("未逾期"))],
    )
    min_unhandled = forms.IntegerField(
        label=_("未处理违法至少（条）"), required=False, min_value=0, max_value=1000
    )


def _fleet_rows(request):
    form = FleetFilterForm(request.GET or None)
    filters: dict = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        overdue = data["overdue"]
        filters = {
            "plate": data["plate"],
            "condition": data["condition"],
            "inspection_overdue": None if overdue == "" else overdue == "1",
            "min_unhandled": data["min_unhandled"] or 0,
        }
    rows = selectors.fleet(actor=request.staff, as_of=clock.today(), **filters)
    if form.is_bound and not form.is_valid():
        rows = []
    return form, rows


@staff_page(rules.VIEW_FLEET)
def fleet(request):
    """The organisation's vehicles, filterable; the same filter downloads as CSV."""
    form, rows = _fleet_rows(request)
    return render(
        request,
        "portal/organisations/fleet.html",
        _context(request, "fleet", form=form, rows=rows, query=request.GET.urlencode()),
    )


@staff_page(rules.VIEW_FLEET)
def fleet_csv(request):
    _form, rows = _fleet_rows(request)
    response = HttpResponse(selectors.fleet_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="fleet-{clock.today():%Y%m%d}.csv"'
    return response


class ConsentRequestForm(ServiceForm):
    name = forms.CharField(label=_("驾驶人姓名"), max_length=50)
    id_number = forms.CharField(label=_("公民身份号码"), max_length=18)


@staff_page(rules.VIEW_FLEET)
def drivers(request):
    """The drivers who consented, and (for operators and administrators) a request form."""
    form = ConsentRequestForm(request.POST or None)
    if request.method == "POST":
        if not request.staff.has_perm(rules.REQUEST_CONSENT):
            return _denied(request)
        if form.is_valid():
            try:
                services.consent_request(actor=request.staff, **form.cleaned_data)
            except ApplicationError as error:
                form.add_application_error(error)
            else:
                messages.success(request, gettext("已向驾驶人发出授权请求，驾驶人确认后显示。"))
                return redirect("portal:org_drivers")
    return render(
        request,
        "portal/organisations/drivers.html",
        _context(
            request,
            "drivers",
            form=form,
            drivers=selectors.drivers_of(actor=request.staff, as_of=clock.today()),
            requests=selectors.consent_requests_of(actor=request.staff),
        ),
    )


class StaffAddForm(ServiceForm):
    name = forms.CharField(label=_("姓名"), max_length=50)
    username = forms.CharField(label=_("登录名"), max_length=150)
    role = forms.ChoiceField(label=_("角色"), choices=Staff.Role.choices)
    password = forms.CharField(
        label=_("初始密码"), widget=forms.PasswordInput(render_value=False), max_length=128
    )


def _qr(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage)
    return mark_safe(image.to_string(encoding="unicode"))  # our own SVG


@staff_page(rules.VIEW_STAFF)
def staff(request):
    """The organisation's users; administrators add and remove them."""
    form = StaffAddForm(request.POST or None)
    added = None
    if request.method == "POST":
        if not request.staff.has_perm(rules.MANAGE_STAFF):
            return _denied(request)
        if form.is_valid():
            try:
                member, otpauth = services.staff_add(actor=request.staff, **form.cleaned_data)
            except ApplicationError as error:
                form.add_application_error(error)
            else:
                added = {"staff": member, "otpauth": otpauth, "qr": _qr(otpauth)}
                form = StaffAddForm()
    return render(
        request,
        "portal/organisations/staff.html",
        _context(
            request, "staff", form=form, added=added, members=selectors.staff_of(request.staff)
        ),
    )


@require_POST
@staff_page(rules.MANAGE_STAFF)
def staff_remove(request, staff_id: int):
    try:
        services.staff_remove(actor=request.staff, staff_id=staff_id)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, gettext("已移除该用户，其账号即时停用。"))
    return redirect("portal:org_staff")


class KeyCreateForm(ServiceForm):
    label = forms.CharField(label=_("用途说明"), max_length=100, required=False)
    scopes = forms.MultipleChoiceField(
        label=_("授权范围"), widget=forms.CheckboxSelectMultiple, choices=()
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(PartnerKey.Scope.choices)
        self.fields["scopes"].choices = [  # type: ignore[attr-defined]
            (scope, labels.get(scope, scope)) for scope in sorted(rules.scopes_allowed(kind))
        ]


@staff_page(rules.VIEW_KEYS)
def keys(request):
    """The organisation's API keys; administrators create (the secret shown once) and
    revoke them."""
    kind = selectors.account_for(request.staff.organisation_id).organization.kind
    form = KeyCreateForm(request.POST or None, kind=kind)
    created = None
    if request.method == "POST":
        if not request.staff.has_perm(rules.MANAGE_KEYS):
            return _denied(request)
        if form.is_valid():
            try:
                grant, secret = services.key_create(
                    actor=request.staff,
                    scopes=form.cleaned_data["scopes"],
                    label=form.cleaned_data["label"],
                )
            except ApplicationError as error:
                form.add_application_error(error)
            else:
                created = {"grant": grant, "secret": secret}
                form = KeyCreateForm(kind=kind)
    return render(
        request,
        "portal/organisations/keys.html",
        _context(
            request, "keys", form=form, created=created, grants=selectors.keys_of(request.staff)
        ),
    )


@require_POST
@staff_page(rules.MANAGE_KEYS)
def key_revoke(request, grant_id: int):
    try:
        services.key_revoke(actor=request.staff, grant_id=grant_id)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, gettext("密钥已吊销。"))
    return redirect("portal:org_keys")


class WebhookForm(ServiceForm):
    url = forms.URLField(
        label=_("接收地址"),
        max_length=500,
        assume_scheme="https",
        help_text=_("本单位系统接收报告的网址；按 Standard Webhooks 规范签名"),
    )


@staff_page(rules.VIEW_KEYS)
def webhooks(request):
    """The organisation's report endpoints and delivery log; administrators add endpoints
    (the secret shown once), stop them and send a report again."""
    form = WebhookForm(request.POST or None)
    created = None
    if request.method == "POST":
        if not request.staff.has_perm(rules.MANAGE_KEYS):
            return _denied(request)
        try:
            if "replay" in request.POST:
                services.webhook_delivery_replay(
                    actor=request.staff, delivery_id=int(request.POST["replay"] or 0)
                )
                messages.success(request, gettext("已重新推送。"))
                return redirect("portal:org_webhooks")
            if "disable" in request.POST:
                services.webhook_endpoint_disable(
                    actor=request.staff, endpoint_id=int(request.POST["disable"] or 0)
                )
                return redirect("portal:org_webhooks")
            if form.is_valid():
                endpoint, secret = services.webhook_endpoint_create(
                    actor=request.staff, url=form.cleaned_data["url"]
                )
                created = {"endpoint": endpoint, "secret": secret}
                form = WebhookForm()
        except (ApplicationError, ValueError) as error:
            if isinstance(error, ApplicationError):
                form.add_application_error(error)
    return render(
        request,
        "portal/organisations/webhooks.html",
        _context(
            request,
            "webhooks",
            form=form,
            created=created,
            endpoints=selectors.webhooks_of(request.staff),
            deliveries=selectors.webhook_deliveries_of(request.staff, limit=50),
        ),
    )


# --- the driver's side: consent requests in "我的" ------------------------------------------


@login_required(login_url="portal:login")
def my_consents(request):
    """The organisations that asked me (a driver) to be shown in their fleet view."""
    citizen = citizen_for_user(request.user)
    if citizen is None:
        return redirect("portal:login")
    if request.method == "POST":
        consent_id = int(request.POST.get("consent") or 0)
        action = request.POST.get("action")
        try:
            if action == "withdraw":
                services.consent_withdraw(actor=citizen, consent_id=consent_id)
            else:
                services.consent_decide(
                    actor=citizen, consent_id=consent_id, grant=action == "grant"
                )
        except ApplicationError as error:
            messages.error(request, str(error.message))
        return redirect("portal:my_consents")
    return render(
        request,
        "portal/organisations/my_consents.html",
        {"consents": selectors.consents_of_person(person_id=citizen.person_id)},
    )


urlpatterns = [
    path("org/login/", login_view, name="org_login"),
    path("org/logout/", logout_view, name="org_logout"),
    path("org/", fleet, name="org_fleet"),
    path("org/fleet.csv", fleet_csv, name="org_fleet_csv"),
    path("org/drivers/", drivers, name="org_drivers"),
    path("org/staff/", staff, name="org_staff"),
    path("org/staff/<int:staff_id>/remove/", staff_remove, name="org_staff_remove"),
    path("org/keys/", keys, name="org_keys"),
    path("org/keys/<int:grant_id>/revoke/", key_revoke, name="org_key_revoke"),
    path("org/webhooks/", webhooks, name="org_webhooks"),
    path("me/organisations/", my_consents, name="my_consents"),
]
