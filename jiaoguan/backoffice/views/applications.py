"""The officer's work queue of cases (applications): the cases their permissions can act
on now, nearest statutory deadline first, overdue ones marked; claiming and releasing a
case; a case's log and the actions its table offers this officer.

Plate requests keep their own pages (the plate services move the request and its case
together): for a plate kind the queue and the case page link there, and the generic action
form here refuses it.

Every page needs ``applications.view_case`` (``officer_required(PERMISSION)``); the queue
is the officer's office's (``work_queue``), and every action checks its own permission."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiaoguan.applications import selectors, services
from jiaoguan.backoffice.access import officer_required
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError, NotFound
from jiaoguan.core.families import MenuEntry
from jiaoguan.core.http import client_address

#: Who may open the work queue and the case pages.
PERMISSION = "applications.view_case"

#: Case kinds worked on their family's own back-office page, by kind prefix → URL name
#: (reversed with the case's reference, which the family's record shares).
_FAMILY_PAGES = {"plates.": "backoffice:plate_request", "papers.": "backoffice:paper_application"}


def family_page(kind: str) -> str | None:
    return next((name for prefix, name in _FAMILY_PAGES.items() if kind.startswith(prefix)), None)


def _case_or_404(reference):
    try:
        return selectors.case_by_reference(reference=str(reference))
    except NotFound:
        raise Http404 from None


@officer_required(PERMISSION)
def queue(request):
    today = clock.today()
    rows = [
        {
            "summary": selectors.case_summary(case=case, today=today),
            "assigned_to": case.assigned_to,
            "mine": case.assigned_to_id == request.user.pk,
            "applicant": case.applicant.name,
            "family_page": family_page(case.kind),
        }
        for case in selectors.work_queue(actor=request.actor)
    ]
    return render(request, "backoffice/applications/queue.html", {"rows": rows})


@officer_required(PERMISSION)
def case_detail(request, reference):
    case = _case_or_404(reference)
    actions = selectors.officer_actions(actor=request.user, case=case)
    return render(
        request,
        "backoffice/applications/case.html",
        {
            "case": case,
            "summary": selectors.case_summary(case=case, today=clock.today()),
            "log": selectors.case_log(case=case),
            "actions": actions,
            "family_page": family_page(case.kind),
            "may_claim": bool(actions) and case.assigned_to_id is None,
            "mine": case.assigned_to_id == request.user.pk,
            "may_take_over": case.assigned_to_id not in (None, request.user.pk)
            and request.user.has_perm(services.REASSIGN),
        },
    )


def _back(request, case):
    target = request.POST.get("next", "")
    if target == "queue":
        return redirect("backoffice:case_queue")
    return redirect("backoffice:case", case.reference)


@officer_required(write=PERMISSION)
@require_POST
def claim(request, reference):
    case = _case_or_404(reference)
    try:
        services.case_claim(
            actor=request.user,
            case=case,
            take_over=request.POST.get("take_over") == "1",
            ip_address=client_address(request),
        )
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("已领取该申请。"))
    return _back(request, case)


@officer_required(write=PERMISSION)
@require_POST
def release(request, reference):
    case = _case_or_404(reference)
    try:
        services.case_release(actor=request.user, case=case, ip_address=client_address(request))
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("已放回待办队列。"))
    return _back(request, case)


@officer_required(write=PERMISSION)
@require_POST
def act(request, reference):
    """Take an action of the case's table (kinds without their own page)."""
    case = _case_or_404(reference)
    if family_page(case.kind):
        messages.error(request, _("该类申请请在其业务页面办理。"))
        return _back(request, case)
    try:
        services.case_transition(
            actor=request.user,
            case=case,
            action=request.POST.get("action", ""),
            reason=request.POST.get("reason", ""),
            ip_address=client_address(request),
        )
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("已办理。"))
    return _back(request, case)


urlpatterns = [
    path("cases/", queue, name="case_queue"),
    path("cases/<uuid:reference>/", case_detail, name="case"),
    path("cases/<uuid:reference>/claim/", claim, name="case_claim"),
    path("cases/<uuid:reference>/release/", release, name="case_release"),
    path("cases/<uuid:reference>/act/", act, name="case_act"),
]

menu = [
    MenuEntry(
        gettext_lazy("待办申请"), "backoffice:case_queue", position=65, permission=PERMISSION
    ),
]
