"""Officer pages for number plates: publish segments and open or close their batches, see
holds, issue temporary plates. Each action is one service call, audited there."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jiaoguan.backoffice.access import officer_required
from jiaoguan.backoffice.forms import (
    HoldRegisterForm,
    KeepPreviousForm,
    SegmentForm,
    TemporaryPlateForm,
)
from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.http import client_address
from jiaoguan.plates import selectors, services
from jiaoguan.plates.models import PlateHold, TemporaryPlate


def _show_error(form, error: ApplicationError) -> None:
    placed = False
    for name, text in error.fields.items():
        if name in form.fields:
            form.add_error(name, str(text))
            placed = True
    if not placed:
        form.add_error(None, str(error.message))


@officer_required
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


@officer_required
@require_POST
def batch(request, segment_id: int):
    """Open a new batch of a segment (closing the previous one), or close the open one."""
    try:
        if request.POST.get("action") == "close":
            services.batch_close(
                actor=request.user,
                batch_id=int(batch_id)
                if (batch_id := request.POST.get("batch", "")).isdigit()
                else 0,
                ip_address=client_address(request),
            )
        else:
            services.batch_open(
                actor=request.user, segment_id=segment_id, ip_address=client_address(request)
            )
    except ApplicationError as error:
        messages.error(request, str(error.message))
    return redirect("backoffice:plate_segments")


@officer_required
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
            "holds": selectors.holds_for_officers(state=state),
            "states": PlateHold.State.choices,
            "state": state,
            "keep_form": keep_form,
            "register_form": register_form,
        },
    )


@officer_required
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
        {"form": form, "plates": selectors.temporary_plates_recent()},
    )
