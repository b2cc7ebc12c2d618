from django.contrib.auth.views import LogoutView
from django.urls import path

from jiaoguan.backoffice.views import exams, lookup, notices, payments, plates, violations

app_name = "backoffice"
urlpatterns = [
    path("", lookup.lookup, name="lookup"),
    path("notices/", notices.overview, name="notices"),
    path("login/", lookup.OfficerLoginView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(next_page="backoffice:login"), name="logout"),
    path("exams/", exams.index, name="exams"),
    path("exams/plans/<id:plan_id>/publish/", exams.plan_publish, name="exams_plan_publish"),
    path("exams/windows/new/", exams.window_new, name="exams_window_new"),
    path("exams/windows/<str:code>/", exams.window, name="exams_window"),
    path("exams/windows/<str:code>/<str:action>/", exams.window_action, name="exams_window_action"),
    path("plates/segments/", plates.segments, name="plate_segments"),
    path("plates/segments/<id:segment_id>/batch/", plates.batch, name="plate_batch"),
    path("plates/holds/", plates.holds, name="plate_holds"),
    path("plates/temporary/", plates.temporary, name="plate_temporary"),
    path("violations/review/", violations.review, name="violation_review"),
    path(
        "violations/review/<id:record_id>/",
        violations.review_action,
        name="violation_review_action",
    ),
    path(
        "violations/records/<id:record_id>/evidence/<id:position>/",
        violations.evidence,
        name="violation_evidence",
    ),
    path("violations/disputes/", violations.disputes, name="violation_disputes"),
    path(
        "violations/disputes/<id:dispute_id>/",
        violations.dispute_decide,
        name="violation_dispute_decide",
    ),
    path("payments/", payments.overview, name="payments"),
    path("plates/requests/", plates.requests, name="plate_requests"),
    path("plates/requests/<uuid:reference>/", plates.request_detail, name="plate_request"),
    path(
        "plates/requests/<uuid:reference>/evidence/<id:evidence_id>/",
        plates.request_evidence,
        name="plate_request_evidence",
    ),
    path("plates/counter/", plates.counter, name="plate_counter"),
]
