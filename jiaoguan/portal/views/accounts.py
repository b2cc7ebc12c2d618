"""Registration and log-in pages: each step is one service call."""

from django.contrib import messages
from django.contrib.auth import login, logout
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.http import client_address
from jiaoguan.identity import services
from jiaoguan.portal import forms

REGISTRATION_SESSION_KEY = "registration_challenge"
LOGIN_SESSION_KEY = "login_challenge"

PASSWORD_RESET_SESSION_KEY = "password_reset_challenge"
NOT_DONE = object()


def _submit(request, form, call):
    """Run ``call(cleaned_data)`` when a valid form was posted; a refusal is shown on the form.

    Returns the call's result, or ``NOT_DONE`` when there was nothing to do or it was refused.
    """
    if request.method != "POST" or not form.is_valid():
        return NOT_DONE
    try:
        return call(form.cleaned_data)
    except ApplicationError as error:
        form.add_application_error(error)
        return NOT_DONE


def _remember_challenge(request, session_key, challenge, next_page):
    # Unknown phones get the same next step, so the page reveals nothing.
    request.session[session_key] = challenge.pk if challenge else 0
    return redirect(next_page)


def _sign_in(request, user):
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect("portal:my_overview")


def register(request):
    form = forms.RegistrationForm(request.POST or None)
    challenge = _submit(
        request,
        form,
        lambda data: services.registration_start(**data, ip_address=client_address(request)),
    )
    if challenge is not NOT_DONE:
        return _remember_challenge(
            request, REGISTRATION_SESSION_KEY, challenge, "portal:register_confirm"
        )
    return render(request, "portal/accounts/register.html", {"form": form, "step": 1})


def register_confirm(request):
    challenge_id = request.session.get(REGISTRATION_SESSION_KEY)
    if challenge_id is None:
        return redirect("portal:register")
    form = forms.CodeAndNewPasswordForm(request.POST or None)
    user = _submit(
        request,
        form,
        lambda data: services.registration_complete(
            challenge_id=challenge_id,
            code=data["code"],
            password=data["password"],
            ip_address=client_address(request),
        ),
    )
    if user is not NOT_DONE:
        del request.session[REGISTRATION_SESSION_KEY]
        return _sign_in(request, user)
    return render(request, "portal/accounts/register.html", {"form": form, "step": 2})


def login_view(request):
    form = forms.PasswordLoginForm(request.POST or None)
    user = _submit(
        request,
        form,
        lambda data: services.login_with_password(**data, ip_address=client_address(request)),
    )
    if user is not NOT_DONE:
        return _sign_in(request, user)
    return render(request, "portal/accounts/login.html", {"form": form, "mode": "password"})


def login_code(request):
    """SMS-code log-in: first the phone, then the code."""
    page = "portal/accounts/login.html"
    if request.method == "POST" and "phone" in request.POST:
        phone_form = forms.CodeRequestForm(request.POST)
        challenge = _submit(
            request,
            phone_form,
            lambda data: services.login_code_request(
                phone=data["phone"], ip_address=client_address(request)
            ),
        )
        if challenge is not NOT_DONE:
            return _remember_challenge(request, LOGIN_SESSION_KEY, challenge, "portal:login_code")
        return render(request, page, {"form": phone_form, "mode": "code"})
    challenge_id = request.session.get(LOGIN_SESSION_KEY)
    if challenge_id is None:
        return render(request, page, {"form": forms.CodeRequestForm(), "mode": "code"})
    form = forms.CodeForm(request.POST or None)
    user = _submit(
        request,
        form,
        lambda data: services.login_with_code(
            challenge_id=challenge_id, code=data["code"], ip_address=client_address(request)
        ),
    )
    if user is not NOT_DONE:
        del request.session[LOGIN_SESSION_KEY]
        return _sign_in(request, user)
    return render(
        request, page, {"form": form, "mode": "code_entry", "restart_label": _("换一个号码")}
    )


def password_reset(request):
    """Forgotten password: a code to the registered phone, then the new password."""
    form = forms.CodeRequestForm(request.POST or None)
    challenge = _submit(
        request,
        form,
        lambda data: services.password_reset_request(
            phone=data["phone"], ip_address=client_address(request)
        ),
    )
    if challenge is not NOT_DONE:
        return _remember_challenge(
            request, PASSWORD_RESET_SESSION_KEY, challenge, "portal:password_reset_confirm"
        )
    return render(request, "portal/accounts/password_reset.html", {"form": form, "step": 1})


def password_reset_confirm(request):
    challenge_id = request.session.get(PASSWORD_RESET_SESSION_KEY)
    if challenge_id is None:
        return redirect("portal:password_reset")
    form = forms.CodeAndNewPasswordForm(request.POST or None)
    done = _submit(
        request,
        form,
        lambda data: services.password_reset_complete(
            challenge_id=challenge_id,
            code=data["code"],
            password=data["password"],
            ip_address=client_address(request),
        ),
    )
    if done is not NOT_DONE:
        del request.session[PASSWORD_RESET_SESSION_KEY]
        messages.success(request, _("密码已重置，请用新密码登录。"))
        return redirect("portal:login")
    return render(request, "portal/accounts/password_reset.html", {"form": form, "step": 2})


@require_POST
def logout_view(request):
    logout(request)
    return redirect("portal:home")


urlpatterns = [
    path("register/", register, name="register"),
    path("register/confirm/", register_confirm, name="register_confirm"),
    path("login/", login_view, name="login"),
    path("login/code/", login_code, name="login_code"),
    path("logout/", logout_view, name="logout"),
    path("password/reset/", password_reset, name="password_reset"),
    path("password/reset/confirm/", password_reset_confirm, name="password_reset_confirm"),
]
