"""Registration and log-in pages: each step is one service call."""

from django.contrib import messages
from django.contrib.auth import login, logout
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.http import client_address
from jiaoguan.identity import services
from jiaoguan.portal import forms

REGISTRATION_SESSION_KEY = "registration_challenge"
LOGIN_SESSION_KEY = "login_challenge"


def _sign_in(request, user):
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect("portal:my_overview")


def register(request):
    form = forms.RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            challenge = services.registration_start(
                **form.cleaned_data, ip_address=client_address(request)
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            request.session[REGISTRATION_SESSION_KEY] = challenge.pk
            return redirect("portal:register_confirm")
    return render(request, "portal/accounts/register.html", {"form": form, "step": 1})


def register_confirm(request):
    challenge_id = request.session.get(REGISTRATION_SESSION_KEY)
    if challenge_id is None:
        return redirect("portal:register")
    form = forms.CodeAndNewPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.registration_complete(
                challenge_id=challenge_id,
                code=form.cleaned_data["code"],
                password=form.cleaned_data["password"],
                ip_address=client_address(request),
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            del request.session[REGISTRATION_SESSION_KEY]
            return _sign_in(request, user)
    return render(request, "portal/accounts/register.html", {"form": form, "step": 2})


def login_view(request):
    form = forms.PasswordLoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.login_with_password(
                **form.cleaned_data, ip_address=client_address(request)
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            return _sign_in(request, user)
    return render(request, "portal/accounts/login.html", {"form": form, "mode": "password"})


def login_code(request):
    """SMS-code log-in: first the phone, then the code."""
    challenge_id = request.session.get(LOGIN_SESSION_KEY)
    if request.method == "POST" and "phone" in request.POST:
        form = forms.CodeRequestForm(request.POST)
        if form.is_valid():
            try:
                challenge = services.login_code_request(
                    phone=form.cleaned_data["phone"], ip_address=client_address(request)
                )
            except ApplicationError as error:
                form.add_application_error(error)
            else:
                # The same next step for unknown phones, so the page reveals nothing.
                request.session[LOGIN_SESSION_KEY] = challenge.pk if challenge else 0
                return redirect("portal:login_code")
        return render(request, "portal/accounts/login.html", {"form": form, "mode": "code"})
    if challenge_id is None:
        return render(
            request, "portal/accounts/login.html", {"form": forms.CodeRequestForm(), "mode": "code"}
        )
    form = forms.CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.login_with_code(
                challenge_id=challenge_id,
                code=form.cleaned_data["code"],
                ip_address=client_address(request),
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            del request.session[LOGIN_SESSION_KEY]
            return _sign_in(request, user)
    return render(
        request,
        "portal/accounts/login.html",
        {"form": form, "mode": "code_entry", "restart_label": _("换一个号码")},
    )


PASSWORD_RESET_SESSION_KEY = "password_reset_challenge"


def password_reset(request):
    """Forgotten password: a code to the registered phone, then the new password."""
    form = forms.CodeRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            challenge = services.password_reset_request(
                phone=form.cleaned_data["phone"], ip_address=client_address(request)
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            # The same next step for unknown phones, so the page reveals nothing.
            request.session[PASSWORD_RESET_SESSION_KEY] = challenge.pk if challenge else 0
            return redirect("portal:password_reset_confirm")
    return render(request, "portal/accounts/password_reset.html", {"form": form, "step": 1})


def password_reset_confirm(request):
    challenge_id = request.session.get(PASSWORD_RESET_SESSION_KEY)
    if challenge_id is None:
        return redirect("portal:password_reset")
    form = forms.CodeAndNewPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_reset_complete(
                challenge_id=challenge_id,
                code=form.cleaned_data["code"],
                password=form.cleaned_data["password"],
                ip_address=client_address(request),
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            del request.session[PASSWORD_RESET_SESSION_KEY]
            messages.success(request, _("密码已重置，请用新密码登录。"))
            return redirect("portal:login")
    return render(request, "portal/accounts/password_reset.html", {"form": form, "step": 2})


@require_POST
def logout_view(request):
    logout(request)
    return redirect("portal:home")
