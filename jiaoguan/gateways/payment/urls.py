from django.urls import path

from jiaoguan.gateways.payment import views

urlpatterns = [
    path("", views.pay, name="sandbox_pay"),
    path("statements/<str:day>.csv", views.statement, name="sandbox_statement"),
]
