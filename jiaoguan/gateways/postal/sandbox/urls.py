from django.urls import path

from . import views

urlpatterns = [
    path("shipments", views.shipments, name="sandbox_courier_shipments"),
    path("shipments/<str:waybill_number>/cancel", views.cancel, name="sandbox_courier_cancel"),
]
