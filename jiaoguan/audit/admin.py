from django.contrib import admin

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core.admin import ReadOnlyAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = [
        "occurred_at",
        "actor_label",
        "action",
        "subject_type",
        "subject_id",
        "person_masked",
        "purpose",
    ]
    list_filter = ["action"]
    search_fields = ["actor_label", "subject_id", "=person_index"]
    date_hierarchy = "occurred_at"
