"""Officer pages for driving tests: venues, plans and their sessions, windows (open, close and
allocate), fair share."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiaoguan.backoffice.access import officer_required
from jiaoguan.backoffice.forms import PlanForm, SessionForm, VenueForm, WindowForm
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.families import MenuEntry
from jiaoguan.drivers.rules import LicenseClass
from jiaoguan.exams import planning, selectors, services
from jiaoguan.exams.models import ExamSubject


@officer_required("exams.view_bookingwindow")
def index(request):
    return render(
        request,
        "backoffice/exams/index.html",
        {
            "plans": planning.plans_upcoming(actor=request.actor),
            "windows": planning.windows_all(actor=request.actor),
        },
    )


@officer_required("exams.plan_exams")
def venue_new(request):
    form = VenueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.exam_venue_create(actor=request.actor, **form.cleaned_data)
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("考场已新增。"))
            return redirect("backoffice:exams")
    return render(request, "backoffice/exams/venue_new.html", {"form": form})


@officer_required("exams.plan_exams")
def plan_new(request):
    venues = planning.venues_planned_by(actor=request.actor)
    form = PlanForm(request.POST or None, venues=venues)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.exam_plan_create(
                actor=request.actor,
                venue=form.chosen_venue(),
                exam_on=form.cleaned_data["exam_on"],
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            return redirect("backoffice:exams_plan", plan_id=plan.pk)
    return render(request, "backoffice/exams/plan_new.html", {"form": form, "venues": venues})


@officer_required("exams.plan_exams")
def plan(request, plan_id):
    """A plan and its sessions, with the form that adds one."""
    plan = planning.plan_by_id(plan_id)
    form = SessionForm(
        request.POST or None,
        subjects=ExamSubject.choices,
        license_classes=[license_class.value for license_class in LicenseClass],
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.exam_session_add(actor=request.actor, plan=plan, **form.cleaned_data)
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("场次已添加。"))
            return redirect("backoffice:exams_plan", plan_id=plan.pk)
    return render(
        request,
        "backoffice/exams/plan.html",
        {"plan": plan, "sessions": plan.sessions.order_by("starts_at", "code"), "form": form},
    )


@officer_required("exams.plan_exams")
def window_new(request):
    form = WindowForm(
        request.POST or None,
        subjects=ExamSubject.choices,
        sessions=planning.sessions_bookable(),
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
            "seats": planning.window_session_seats(window=window),
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
        services.exam_plan_publish(actor=request.user, plan=planning.plan_by_id(plan_id))
    except ApplicationError as error:
        messages.error(request, str(error.message))
    return redirect("backoffice:exams")


urlpatterns = [
    path("exams/", index, name="exams"),
    path("exams/venues/new/", venue_new, name="exams_venue_new"),
    path("exams/plans/new/", plan_new, name="exams_plan_new"),
    path("exams/plans/<id:plan_id>/", plan, name="exams_plan"),
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
