"""The back office's URLs: each module of ``backoffice.views`` declares its own
``urlpatterns`` (and its ``menu``, see ``backoffice.menu``; ADR 0010); this module only
collects them."""

from jiaoguan.core.families import collect

app_name = "backoffice"
urlpatterns = collect("jiaoguan.backoffice.views", "urlpatterns")
