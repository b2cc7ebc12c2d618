from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite

from jiaoguan.api.main import api

# The admin, like the back office, needs the officer's TOTP second factor.
admin.site.__class__ = OTPAdminSite

urlpatterns = [
    path("api/", api.urls),
    path("backoffice/", include("jiaoguan.backoffice.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sandbox-pay/", include("jiaoguan.gateways.payment.urls")),
    path("sandbox-courier/", include("jiaoguan.gateways.postal.sandbox.urls")),
    path("sandbox-insurer/", include("jiaoguan.gateways.insurer.sandbox.urls")),
    path("voice/", include("jiaoguan.hotline.urls")),
    path("", include("jiaoguan.portal.urls")),
]
