"""Officer pages for number plates: publish segments and open or close their batches, see
holds, issue temporary plates. Each action is one service call, audited there."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiaoguan.backoffice.access import officer_required
from jiaoguan.backoffice.forms import (
    HoldRegisterForm,
    KeepPreviousForm,
    PlateRequestApproveForm,
    PlateRequestRefuseForm,
    PlateSwapForm,
    SegmentForm,
    SpouseTransferForm,
    TemporaryPlateForm,
)
from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.families import MenuEntry
from jiaoguan.core.http import client_address
from jiaoguan.plates import selectors, services
from jiaoguan.plates.models import PlateHold, PlateRequest, TemporaryPlate


def _show_error(form, error: ApplicationError) -> None:
    placed = False
    for name, text in error.fields.items():
        if name in form.fields:
            form.add_error(name, str(text))
            placed = True
    if not placed:
        form.add_error(None, str(error.message))


@officer_required("plates.view_numbersegment", write="plates.add_numbersegment")
def segments(request):
    form = SegmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.segment_publish(
                actor=request.user, ip_address=client_address(request), **form.cleaned_data
            )
        except ApplicationError as error:
            _show_error(form, error)
        else:
            return redirect("backoffice:plate_segments")
    return render(
        request,
        "backoffice/plates/segments.html",
        {"form": form, "summaries": selectors.segments_public()},
    )


@officer_required(write="plates.change_batch")
@require_POST
def batch(request, segment_id: int):
    """Open a new batch of a segment (closing the previous one), or close the open one.

    Neither can be undone (a closed batch's seed is public), so the first post only shows
    what will happen; the officer's second post, with ``confirmed``, does it."""
    closing = request.POST.get("action") == "close"
    segment = selectors.segment_published(segment_id=segment_id)
    # An unknown segment goes straight to the service, which refuses it with a message.
    if request.POST.get("confirmed") != "1" and segment is not None:
        open_batch = next(
            (b for b in selectors.batches_of_segment(segment_id=segment_id) if b.closed_at is None),
            None,
        )
        return render(
            request,
            "backoffice/plates/batch_confirm.html",
            {
                "segment": segment,
                "closing": closing,
                "open_batch": open_batch,
                "batch_id": request.POST.get("batch", ""),
            },
        )
    try:
        if closing:
            services.batch_close(
                actor=request.user,
                batch_id=int(batch_id)
                if (batch_id := request.POST.get("batch", "")).isdigit()
                else 0,
                ip_address=client_address(request),
            )
            messages.success(request, _("批次已关闭，随机种子已在号段公布页公布。"))
        else:
            services.batch_open(
                actor=request.user, segment_id=segment_id, ip_address=client_address(request)
            )
            messages.success(request, _("新批次已开放，种子哈希已在号段公布页公布。"))
    except ApplicationError as error:
        messages.error(request, str(error.message))
    return redirect("backoffice:plate_segments")


@officer_required("plates.view_platehold", write="plates.change_platehold")
def holds(request):
    """Holds, with the counter actions: keep a previous number, register a held one."""
    action = request.POST.get("action") if request.method == "POST" else None
    keep_form = KeepPreviousForm(request.POST if action == "keep" else None, prefix="keep")
    register_form = HoldRegisterForm(
        request.POST if action == "register" else None, prefix="register"
    )
    done = None
    if action == "keep" and keep_form.is_valid():
        try:
            done = services.selection_keep_previous(
                actor=request.user, ip_address=client_address(request), **keep_form.cleaned_data
            )
        except ApplicationError as error:
            _show_error(keep_form, error)
    elif action == "register" and register_form.is_valid():
        try:
            done = services.hold_register(
                actor=request.user, ip_address=client_address(request), **register_form.cleaned_data
            )
        except ApplicationError as error:
            _show_error(register_form, error)
    if done is not None:
        messages.success(request, f"{done.plate_number} {done.get_state_display()}")
        return redirect("backoffice:plate_holds")
    state = request.GET.get("state", "")
    if state not in PlateHold.State.values:
        state = ""
    return render(
        request,
        "backoffice/plates/holds.html",
        {
            "holds": selectors.holds_for_officers(
                actor=request.actor, state=state, ip_address=client_address(request)
            ),
            "states": PlateHold.State.choices,
            "state": state,
            "keep_form": keep_form,
            "register_form": register_form,
        },
    )


@officer_required("plates.view_temporaryplate", write="plates.add_temporaryplate")
def temporary(request):
    form = TemporaryPlateForm(request.POST or None, situations=TemporaryPlate.Situation.choices)
    if request.method == "POST" and form.is_valid():
        try:
            plate = services.temporary_plate_issue(
                actor=request.user, ip_address=client_address(request), **form.cleaned_data
            )
        except ApplicationError as error:
            _show_error(form, error)
        else:
            messages.success(request, plate.number)
            return redirect("backoffice:plate_temporary")
    return render(
        request,
        "backoffice/plates/temporary.html",
        {"form": form, "plates": selectors.temporary_plates_recent(actor=request.actor)},
    )


@officer_required("plates.view_platerequest")
def requests(request):
    """Citizens' online requests (keep, swap, spouse transfer): waiting ones first."""
    state = request.GET.get("state", "")
    if state not in PlateRequest.State.values:
        state = ""
    return render(
        request,
        "backoffice/plates/requests.html",
        {
            "requests": selectors.requests_for_officers(
                actor=request.actor, state=state, ip_address=client_address(request)
            ),
            "states": PlateRequest.State.choices,
            "state": state,
        },
    )


@officer_required("plates.view_platerequest", write="plates.change_platerequest")
def request_detail(request, reference):
    """One request: the facts stated, the uploaded documents, approve or refuse."""
    try:
        item = selectors.request_for_officer(
            actor=request.actor, reference=str(reference), ip_address=client_address(request)
        )
    except ApplicationError as error:
        raise Http404(str(error.message)) from None
    action = request.POST.get("action") if request.method == "POST" else None
    approve_form = PlateRequestApproveForm(
        request.POST if action == "approve" else None,
        prefix="approve",
        initial={"married_on": item.married_on},
    )
    refuse_form = PlateRequestRefuseForm(
        request.POST if action == "refuse" else None, prefix="refuse"
    )
    form = approve_form if action == "approve" else refuse_form
    if action in ("approve", "refuse") and form.is_valid():
        try:
            if action == "approve":
                services.plate_request_approve(
                    actor=request.user,
                    reference=str(reference),
                    ip_address=client_address(request),
                    **approve_form.cleaned_data,
                )
                messages.success(request, _("已办结。"))
            else:
                services.plate_request_refuse(
                    actor=request.user,
                    reference=str(reference),
                    ip_address=client_address(request),
                    **refuse_form.cleaned_data,
                )
                messages.success(request, _("已不予办理。"))
        except ApplicationError as error:
            _show_error(form, error)
        else:
            return redirect("backoffice:plate_requests")
    return render(
        request,
        "backoffice/plates/request.html",
        {"item": item, "approve_form": approve_form, "refuse_form": refuse_form},
    )


@officer_required("plates.view_platerequest")
def request_evidence(request, reference, evidence_id: int):
    """A document uploaded with a request (audited read)."""
    try:
        evidence = selectors.evidence_for_officer(
            actor=request.user,
            reference=str(reference),
            evidence_id=evidence_id,
            ip_address=client_address(request),
        )
    except ApplicationError as error:
        raise Http404(str(error.message)) from None
    response = HttpResponse(bytes(evidence.content), content_type=evidence.content_type)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@officer_required("plates.add_plateswap")
def counter(request):
    """Counter business on registered vehicles: swap two numbers of one owner, register a
    vehicle to the owner's spouse keeping its number."""
    action = request.POST.get("action") if request.method == "POST" else None
    swap_form = PlateSwapForm(request.POST if action == "swap" else None, prefix="swap")
    spouse_form = SpouseTransferForm(request.POST if action == "spouse" else None, prefix="spouse")
    form = swap_form if action == "swap" else spouse_form
    if action in ("swap", "spouse") and form.is_valid():
        try:
            if action == "swap":
                services.plate_swap(
                    actor=request.user, ip_address=client_address(request), **form.cleaned_data
                )
                messages.success(request, _("号牌已互换。"))
            else:
                services.plate_spouse_transfer(
                    actor=request.user, ip_address=client_address(request), **form.cleaned_data
                )
                messages.success(request, _("已转移登记给配偶，号牌号码不变。"))
        except ApplicationError as error:
            _show_error(form, error)
        else:
            return redirect("backoffice:plate_counter")
    return render(
        request,
        "backoffice/plates/counter.html",
        {"swap_form": swap_form, "spouse_form": spouse_form},
    )


urlpatterns = [
    path("plates/segments/", segments, name="plate_segments"),
    path("plates/segments/<id:segment_id>/batch/", batch, name="plate_batch"),
    path("plates/holds/", holds, name="plate_holds"),
    path("plates/temporary/", temporary, name="plate_temporary"),
    path("plates/requests/", requests, name="plate_requests"),
    path("plates/requests/<uuid:reference>/", request_detail, name="plate_request"),
    path(
        "plates/requests/<uuid:reference>/evidence/<id:evidence_id>/",
        request_evidence,
        name="plate_request_evidence",
    ),
    path("plates/counter/", counter, name="plate_counter"),
]

menu = [
    MenuEntry(
        gettext_lazy("号段"),
        "backoffice:plate_segments",
        position=20,
        permission="plates.view_numbersegment",
    ),
    MenuEntry(
        gettext_lazy("预选号牌"),
        "backoffice:plate_holds",
        position=30,
        permission="plates.view_platehold",
    ),
    MenuEntry(
        gettext_lazy("临时号牌"),
        "backoffice:plate_temporary",
        position=40,
        permission="plates.view_temporaryplate",
    ),
    MenuEntry(
        gettext_lazy("号牌业务申请"),
        "backoffice:plate_requests",
        position=70,
        permission="plates.view_platerequest",
    ),
    MenuEntry(
        gettext_lazy("互换和夫妻间转移"),
        "backoffice:plate_counter",
        position=80,
        permission="plates.add_plateswap",
    ),
]
