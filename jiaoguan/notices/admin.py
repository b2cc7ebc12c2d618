from django.contrib import admin

from jiaoguan.notices.models import (
    DeliveryReceipt,
    Notice,
    NoticeKind,
    NoticeMessage,
    NoticePreference,
    NoticeTemplate,
    PushDevice,
    ScanRun,
)


class NoticeTemplateInline(admin.StackedInline):
    model = NoticeTemplate
    extra = 0


@admin.register(NoticeKind)
class NoticeKindAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "subject", "enabled", "sms", "push", "position"]
    list_editable = ["enabled", "sms", "push"]
    inlines = [NoticeTemplateInline]


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "subject_label", "event_on", "amount", "read_at"]
    list_filter = ["kind"]
    raw_id_fields = ["person", "scan_run"]
    date_hierarchy = "created_at"

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(NoticeMessage)
class NoticeMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "channel", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["channel", "status"]
    raw_id_fields = ["notice"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ScanRun)
class ScanRunAdmin(admin.ModelAdmin):
    list_display = ["scan_date", "status", "started_at", "finished_at", "notices_created"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(NoticePreference)
class NoticePreferenceAdmin(admin.ModelAdmin):
    list_display = ["person", "sms_enabled", "push_enabled", "language", "updated_at"]
    raw_id_fields = ["person"]


@admin.register(DeliveryReceipt)
class DeliveryReceiptAdmin(admin.ModelAdmin):
    list_display = ["received_at", "provider_reference", "status", "matched"]


@admin.register(PushDevice)
class PushDeviceAdmin(admin.ModelAdmin):
    """Read only: devices are registered and unregistered by the app, disabled by delivery."""

    list_display = ["registered_at", "account", "platform", "enabled", "disabled_reason"]
    list_filter = ["platform", "enabled", "disabled_reason"]
    raw_id_fields = ["account"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False
