from django.contrib import admin

from jiaoguan.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "actor_label", "action", "subject_type", "subject_id", "purpose"]
    list_filter = ["action"]
    search_fields = ["actor_label", "subject_id", "person_id_number"]
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
