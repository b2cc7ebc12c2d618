from django.contrib import admin
from django.core.cache import cache

from jiaoguan.core.models import CalendarOverride


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never added, changed or deleted here: such records change only through their
    services, which audit every write (or, like audit events, never change)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "is_working_day", "note"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        cache.delete("core.calendar_overrides")
