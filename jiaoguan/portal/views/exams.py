"""Driving-test booking for applicants: windows, ranked preferences, position, result."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.http import client_address
from jiaoguan.exams import selectors, services
from jiaoguan.portal.forms import ExamLocationForm, PreferencesForm
from jiaoguan.portal.views.me import citizen_required


def index(request):
    """Open and past windows for everyone; one's own bookings when logged in."""
    person_id = request.user.person_id if request.user.is_authenticated else None
    return render(
        request,
        "portal/exams/index.html",
        {
            "windows": selectors.windows_listed(),
            "bookings": selectors.bookings_for_person(person_id=person_id) if person_id else [],
            "overview": selectors.application_overview(person_id=person_id) if person_id else None,
            "today": clock.today(),
        },
    )


@citizen_required
def location(request):
    """Change my exam location after moving (small classes, at most 3 times; art. 39)."""
    overview = selectors.application_overview(person_id=request.user.person_id)
    form = ExamLocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.exam_location_change(
                actor=request.user,
                person=request.user.person,
                ip_address=client_address(request),
                **form.cleaned_data,
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("考试地已变更，今后请选择新考试地的考场场次。"))
            return redirect("portal:exams")
    return render(request, "portal/exams/location.html", {"form": form, "overview": overview})


def window(request, code):
    window = selectors.window_by_code(code)
    sessions = list(selectors.window_sessions(window))
    standing = None
    form = None
    if request.user.is_authenticated and request.user.person_id:
        standing = selectors.applicant_standing(window=window, person_id=request.user.person_id)
        initial = {}
        if standing.preference_list:
            for number, pk in enumerate(standing.preference_list.session_ids, start=1):
                initial[f"choice_{number}"] = str(pk)
        form = PreferencesForm(
            request.POST or None,
            initial=initial,
            # Only the sessions this applicant may take are offered (class, exam location).
            sessions=selectors.window_sessions_for_person(
                window=window, person_id=request.user.person_id
            ),
            count=selectors.max_preferences(),
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.preferences_submit(
                    actor=request.user,
                    person=request.user.person,
                    window_id=window.pk,
                    session_ids=form.session_ids(),
                    ip_address=client_address(request),
                )
            except ApplicationError as error:
                form.add_application_error(error)
            else:
                messages.success(request, _("志愿已保存。截止前可随时修改，提交先后不影响排序。"))
                return redirect("portal:exams_window", code=window.code)
    return render(
        request,
        "portal/exams/window.html",
        {
            "window": window,
            "sessions": sessions,
            "standing": standing,
            "form": form,
            "is_open": window.status == window.Status.OPEN and clock.now() < window.closes_at,
        },
    )


@require_POST
@citizen_required
def booking_cancel(request, booking_id):
    try:
        services.booking_cancel(
            actor=request.user, person_id=request.user.person_id, booking_id=booking_id
        )
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("预约已取消。该考位将在下一预约批次重新分配。"))
    return redirect("portal:exams")


urlpatterns = [
    path("exams/", index, name="exams"),
    path("exams/windows/<str:code>/", window, name="exams_window"),
    path("exams/bookings/<id:booking_id>/cancel/", booking_cancel, name="exams_cancel"),
    path("exams/location/", location, name="exams_location"),
]
