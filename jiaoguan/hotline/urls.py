from django.urls import path

from jiaoguan.hotline import views

app_name = "voice"
urlpatterns = [
    path("", views.entry, name="entry"),
    path("turn/", views.turn, name="turn"),
    path("audio/<str:digest>.wav", views.audio, name="audio"),
    path("simulator/", views.call_simulator, name="simulator"),
    path("simulator/sms/", views.sms_simulator, name="sms_simulator"),
]
