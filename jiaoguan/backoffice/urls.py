from django.contrib.auth.views import LogoutView
from django.urls import path

from jiaoguan.backoffice.views import lookup, plates

app_name = "backoffice"
urlpatterns = [
    path("", lookup.lookup, name="lookup"),
    path("login/", lookup.OfficerLoginView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(next_page="backoffice:login"), name="logout"),
    path("plates/segments/", plates.segments, name="plate_segments"),
    path("plates/segments/<int:segment_id>/batch/", plates.batch, name="plate_batch"),
    path("plates/holds/", plates.holds, name="plate_holds"),
    path("plates/temporary/", plates.temporary, name="plate_temporary"),
]
