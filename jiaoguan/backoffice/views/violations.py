"""Officer pages for violations: the review queue of camera records (confirm or delete with
an art. 22 reason), evidence, and objections with their 5-working-day deadlines. Each action
is one service call, audited there."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiaoguan.backoffice.access import officer_required
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.families import MenuEntry
from jiaoguan.core.http import client_address
from jiaoguan.violations import queues, services
from jiaoguan.violations.models import ViolationRecord


def _attempt(request, call, done: str) -> None:
    try:
        call()
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, done)


@officer_required("violations.view_violationrecord")
def review(request):
    try:
        queue = queues.review_queue(actor=request.user)
    except ApplicationError as error:
        return HttpResponse(str(error.message), status=error.status)
    return render(
        request,
        "backoffice/violations/review.html",
        {"records": queue, "reasons": ViolationRecord.DeletionReason.choices},
    )


@officer_required(write="violations.review_violationrecord")
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


@officer_required("violations.view_violationrecord")
def evidence(request, record_id: int, position: int):
    try:
        image = queues.evidence_image_for_officer(
            actor=request.user,
            record_id=record_id,
            position=position,
            ip_address=client_address(request),
        )
    except ApplicationError as error:
        return HttpResponse(str(error.message), status=error.status)
    return HttpResponse(bytes(image.content), content_type=image.content_type)


@officer_required("violations.view_dispute")
def disputes(request):
    try:
        queue = queues.dispute_queue(actor=request.user, ip_address=client_address(request))
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


@officer_required(write="violations.decide_dispute")
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


urlpatterns = [
    path("violations/review/", review, name="violation_review"),
    path(
        "violations/review/<id:record_id>/",
        review_action,
        name="violation_review_action",
    ),
    path(
        "violations/records/<id:record_id>/evidence/<id:position>/",
        evidence,
        name="violation_evidence",
    ),
    path("violations/disputes/", disputes, name="violation_disputes"),
    path(
        "violations/disputes/<id:dispute_id>/",
        dispute_decide,
        name="violation_dispute_decide",
    ),
]

menu = [
    MenuEntry(
        gettext_lazy("违法审核"),
        "backoffice:violation_review",
        position=50,
        permission="violations.view_violationrecord",
    ),
    MenuEntry(
        gettext_lazy("违法异议"),
        "backoffice:violation_disputes",
        position=60,
        permission="violations.view_dispute",
    ),
]
