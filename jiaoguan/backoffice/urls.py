from django.contrib.auth.views import LogoutView
from django.urls import path

from jiaoguan.backoffice.views import lookup, notices

app_name = "backoffice"
urlpatterns = [
    path("", lookup.lookup, name="lookup"),
    path("notices/", notices.overview, name="notices"),
    path("login/", lookup.OfficerLoginView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(next_page="backoffice:login"), name="logout"),
]
