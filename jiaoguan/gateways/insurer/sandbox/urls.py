from django.urls import path

from . import views

urlpatterns = [
    path("<str:insurer_code>/claims", views.claims, name="sandbox_insurer_claims"),
]
