"""Road events, read-only: they change only through the services (publish, update,
withdraw, import), which audit every step and tell the feeds."""

from django.contrib import admin

from jiaoguan.core.admin import ReadOnlyAdmin
from jiaoguan.travel.models import RoadEvent


@admin.register(RoadEvent)
class RoadEventAdmin(ReadOnlyAdmin):
    list_display = ["public_id", "kind", "title", "road_name", "region_code", "status", "version"]
    list_filter = ["kind", "status", "severity"]
    search_fields = ["title", "road_name", "region_code"]
