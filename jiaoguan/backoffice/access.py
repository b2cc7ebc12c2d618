"""Who may use the back office: active officers who logged in with their second factor."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from jiaoguan.identity.models import User


def officer_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated or not user.is_verified():
            return redirect_to_login(request.get_full_path(), "backoffice:login")
        if user.kind != User.Kind.OFFICER or not user.is_active:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
