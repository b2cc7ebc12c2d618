from django.urls import path

from jiaoguan.portal.views import (
    accounts,
    calculators,
    exams,
    me,
    notices,
    pages,
    plates,
    violations,
)

app_name = "portal"
urlpatterns = [
    path("", pages.home, name="home"),
    path("care-mode/", pages.care_mode, name="care_mode"),
    path("outbox/", pages.outbox, name="outbox"),
    path("register/", accounts.register, name="register"),
    path("register/confirm/", accounts.register_confirm, name="register_confirm"),
    path("login/", accounts.login_view, name="login"),
    path("login/code/", accounts.login_code, name="login_code"),
    path("logout/", accounts.logout_view, name="logout"),
    path("password/reset/", accounts.password_reset, name="password_reset"),
    path("password/reset/confirm/", accounts.password_reset_confirm, name="password_reset_confirm"),
    path("me/", me.overview, name="my_overview"),
    path("me/vehicles/", me.vehicles, name="my_vehicles"),
    path("me/license/", me.license, name="my_license"),
    path("me/notices/", notices.inbox, name="my_notices"),
    path("me/notices/preferences/", notices.preferences, name="my_notice_preferences"),
    path("calculators/", calculators.index, name="calculators"),
    path("exams/", exams.index, name="exams"),
    path("exams/windows/<str:code>/", exams.window, name="exams_window"),
    path("exams/bookings/<id:booking_id>/cancel/", exams.booking_cancel, name="exams_cancel"),
    path("exams/location/", exams.location, name="exams_location"),
    path("plates/", plates.segments, name="plate_segments"),
    path("plates/temporary/<uuid:reference>/", plates.temporary_status, name="plate_temporary"),
    path(
        "plates/temporary/<uuid:reference>/pdf/", plates.temporary_pdf, name="plate_temporary_pdf"
    ),
    path("me/plates/", plates.selection, name="plate_selection"),
    path("me/plates/draw/", plates.draw, name="plate_draw_new"),
    path("me/plates/draw/<uuid:reference>/", plates.draw_detail, name="plate_draw"),
    path("me/plates/compose/", plates.compose, name="plate_compose"),
    path("me/violations/", violations.index, name="violations"),
    path("me/violations/<id:record_id>/", violations.detail, name="violation"),
    path(
        "me/violations/<id:record_id>/evidence/<id:position>/",
        violations.evidence,
        name="violation_evidence",
    ),
    path("me/violations/<id:record_id>/handle/", violations.handle, name="violation_handle"),
    path("me/violations/<id:record_id>/dispute/", violations.dispute, name="violation_dispute"),
    path("me/decisions/<str:number>/", violations.decision, name="decision"),
    path("me/decisions/<str:number>/pdf/", violations.decision_document, name="decision_pdf"),
    path("me/decisions/<str:number>/pay/", violations.decision_pay, name="decision_pay"),
    path("me/authorisations/", violations.authorisations, name="authorisations"),
    path(
        "me/authorisations/<id:authorisation_id>/confirm/",
        violations.authorisation_confirm,
        name="authorisation_confirm",
    ),
    path(
        "me/authorisations/<id:authorisation_id>/revoke/",
        violations.authorisation_revoke,
        name="authorisation_revoke",
    ),
    path("me/plates/requests/", plates.requests, name="plate_requests"),
]
