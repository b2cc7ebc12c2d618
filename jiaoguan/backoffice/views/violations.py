"""Officer pages for violations: the review queue of camera records (confirm or delete with
an art. 22 reason), evidence, and objections with their 5-working-day deadlines. Each action
is one service call, audited there."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiaoguan.backoffice.access import officer_required
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.http import client_address
from jiaoguan.violations import selectors, services
from jiaoguan.violations.models import ViolationRecord


def _attempt(request, call, done: str) -> None:
    try:
        call()
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, done)


@officer_required
def review(request):
    try:
        queue = selectors.review_queue(actor=request.user)
    except ApplicationError as error:
        return HttpResponse(str(error.message), status=error.status)
    return render(
        request,
        "backoffice/violations/review.html",
        {"records": queue, "reasons": ViolationRecord.DeletionReason.choices},
    )


@officer_required
@require_POST
def review_action(request, record_id: int):
    if request.POST.get("action") == "confirm":
        _attempt(
            request,
            lambda: services.violation_record_confirm(actor=request.user, record_id=record_id),
            _("记录已确认录入。"),
        )
    else:
        _attempt(
            request,
            lambda: services.violation_record_delete(
                actor=request.user,
                record_id=record_id,
                reason=request.POST.get("reason", ""),
                note=request.POST.get("note", ""),
            ),
            _("记录已删除。"),
        )
    return redirect("backoffice:violation_review")


@officer_required
def evidence(request, record_id: int, position: int):
    try:
        image = selectors.evidence_image_for_officer(
            actor=request.user,
            record_id=record_id,
            position=position,
            ip_address=client_address(request),
        )
    except ApplicationError as error:
        return HttpResponse(str(error.message), status=error.status)
    return HttpResponse(bytes(image.content), content_type=image.content_type)


@officer_required
def disputes(request):
    try:
        queue = selectors.dispute_queue(actor=request.user, ip_address=client_address(request))
    except ApplicationError as error:
        return HttpResponse(str(error.message), status=error.status)
    return render(
        request,
        "backoffice/violations/disputes.html",
        {
            "disputes": queue,
            "today": clock.today(),
            "reasons": ViolationRecord.DeletionReason.choices,
        },
    )


@officer_required
@require_POST
def dispute_decide(request, dispute_id: int):
    _attempt(
        request,
        lambda: services.dispute_decide(
            actor=request.user,
            dispute_id=dispute_id,
            upheld=request.POST.get("outcome") == "upheld",
            answer=request.POST.get("answer", ""),
            deletion_reason=request.POST.get("reason", ""),
        ),
        _("异议已审核。"),
    )
    return redirect("backoffice:violation_disputes")
