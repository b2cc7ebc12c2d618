from django.contrib import admin
from django.core.cache import cache

from jiaoguan.core.models import CalendarOverride


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "is_working_day", "note"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        cache.delete("core.calendar_overrides")
