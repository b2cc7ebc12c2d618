from django.urls import path

from jiaoguan.portal.views import accounts, calculators, me, notices, pages

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
]
