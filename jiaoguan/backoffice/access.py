"""Who may use each back-office page: active officers who logged in with their second
factor and hold the page's permission (docs/roles.md).

``@officer_required("exams.view_bookingwindow", write="exams.plan_exams")``: a GET needs the
first permission, a POST the ``write`` one (the first when none is given); with no
permission, any officer (the look-up page, whose selectors check each kind of record). The
page gets the officer as ``request.actor``; the services it calls check again.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from jiaoguan.identity.actors import OfficerActor, actor_for_user
from jiaoguan.identity.models import User


def officer_required(read: str | Callable | None = None, *, write: str | None = None):
    if callable(read):  # used bare: any officer
        return officer_required()(read)

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated or not user.is_verified():
                return redirect_to_login(request.get_full_path(), "backoffice:login")
            if user.kind != User.Kind.OFFICER or not user.is_active:
                raise PermissionDenied
            actor = actor_for_user(user)
            assert isinstance(actor, OfficerActor)
            needed = (write or read) if request.method not in ("GET", "HEAD") else read
            if needed is not None and not actor.has_perm(needed):
                raise PermissionDenied
            request.actor = actor
            return view(request, *args, **kwargs)

        wrapped.officer_permissions = (read, write or read)  # type: ignore[attr-defined]
        return wrapped

    return decorate
