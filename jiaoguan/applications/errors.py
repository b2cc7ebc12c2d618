"""Refusals of the case workflow (``applications.*``)."""

from django.utils.translation import gettext_lazy as _

from jiaoguan.core.errors import ApplicationError, Conflict, NotFound, PermissionDenied


class ActionNotAllowed(Conflict):
    """The table has no such action out of the case's current state. ``allowed_from``
    names the states that have it (for a caller that words its own refusal)."""

    def __init__(self, allowed_from: tuple[str, ...] = ()) -> None:
        super().__init__(
            "applications.case.action_not_allowed", _("该申请当前所处环节不能办理此操作。")
        )
        self.allowed_from = allowed_from


def case_not_found() -> NotFound:
    return NotFound("applications.case.not_found", _("没有找到该申请。"))


def not_permitted() -> PermissionDenied:
    return PermissionDenied("applications.case.forbidden", _("您无权对该申请办理此操作。"))


def reason_required() -> ApplicationError:
    return ApplicationError(
        "applications.case.reason_required",
        _("请填写理由。"),
        fields={"reason": _("请填写理由。")},
        status=422,
    )


def assigned_elsewhere() -> Conflict:
    return Conflict("applications.case.assigned_elsewhere", _("该申请已由其他民警领取办理。"))


def not_assigned_to_you() -> Conflict:
    return Conflict("applications.case.not_assigned", _("该申请不在您的名下。"))


def case_closed() -> Conflict:
    return Conflict("applications.case.closed", _("该申请已办结，不能领取。"))


def unknown_kind(kind: str) -> ApplicationError:
    return ApplicationError("applications.case.unknown_kind", f"unknown case kind {kind!r}")


def not_an_initial_state(state: str) -> ApplicationError:
    return ApplicationError("applications.case.initial_state", f"cannot open in state {state!r}")
