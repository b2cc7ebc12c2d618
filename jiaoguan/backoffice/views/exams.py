"""Officer pages for driving tests: plans, windows (open, close and allocate), fair share."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiaoguan.backoffice.access import officer_required
from jiaoguan.backoffice.forms import WindowForm
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.families import MenuEntry
from jiaoguan.exams import selectors, services
from jiaoguan.exams.models import ExamSubject


@officer_required("exams.view_bookingwindow")
def index(request):
    return render(
        request,
        "backoffice/exams/index.html",
        {
            "plans": selectors.plans_upcoming(actor=request.actor),
            "windows": selectors.windows_all(actor=request.actor),
        },
    )


@officer_required("exams.plan_exams")
def window_new(request):
    form = WindowForm(
        request.POST or None,
        subjects=ExamSubject.choices,
        sessions=selectors.sessions_bookable(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            window = services.window_create(
                actor=request.user,
                code=data["code"],
                subject=data["subject"],
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                sessions=form.chosen_sessions(),
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            return redirect("backoffice:exams_window", code=window.code)
    return render(request, "backoffice/exams/window_new.html", {"form": form})


@officer_required("exams.view_bookingwindow")
def window(request, code):
    window = selectors.window_by_code(code)
    return render(
        request,
        "backoffice/exams/window.html",
        {
            "window": window,
            "seats": selectors.window_session_seats(window=window),
            "fair_share": selectors.fair_share_report(window=window),
            # The close is refused before the closing time: offer it only from then on.
            "closable": clock.now() >= window.closes_at,
        },
    )


@require_POST
@officer_required(write="exams.plan_exams")
def window_action(request, code, action):
    window = selectors.window_by_code(code)
    run = {"open": services.window_open, "close": services.window_close}.get(action)
    if run is None:
        return redirect("backoffice:exams_window", code=code)
    try:
        run(actor=request.user, window=window)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("操作已完成。"))
    return redirect("backoffice:exams_window", code=code)


@require_POST
@officer_required(write="exams.plan_exams")
def plan_publish(request, plan_id):
    try:
        services.exam_plan_publish(actor=request.user, plan=selectors.plan_by_id(plan_id))
    except ApplicationError as error:
        messages.error(request, str(error.message))
    return redirect("backoffice:exams")


urlpatterns = [
    path("exams/", index, name="exams"),
    path("exams/plans/<id:plan_id>/publish/", plan_publish, name="exams_plan_publish"),
    path("exams/windows/new/", window_new, name="exams_window_new"),
    path("exams/windows/<str:code>/", window, name="exams_window"),
    path("exams/windows/<str:code>/<str:action>/", window_action, name="exams_window_action"),
]

menu = [
    MenuEntry(
        gettext_lazy("考试预约"),
        "backoffice:exams",
        position=10,
        permission="exams.view_bookingwindow",
    ),
]
