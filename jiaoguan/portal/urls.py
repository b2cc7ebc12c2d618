"""The citizen portal's URLs: each module of ``portal.views`` declares its own
``urlpatterns`` (ADR 0010); this module only collects them."""

from jiaoguan.core.families import collect

app_name = "portal"
urlpatterns = collect("jiaoguan.portal.views", "urlpatterns")
