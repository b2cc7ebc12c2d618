from django.urls import path

from jiaoguan.portal.views import accounts, calculators, exams, me, pages

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
    path("calculators/", calculators.index, name="calculators"),
    path("exams/", exams.index, name="exams"),
    path("exams/windows/<str:code>/", exams.window, name="exams_window"),
    path("exams/bookings/<int:booking_id>/cancel/", exams.booking_cancel, name="exams_cancel"),
]
