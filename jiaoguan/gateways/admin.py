from django.contrib import admin

from jiaoguan.gateways.models import OutboxMessage, SandboxNotification, SandboxTrade


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "channel", "recipient", "body"]
    list_filter = ["channel"]
    search_fields = ["recipient"]


class _ReadOnly(admin.ModelAdmin):
    """The sandbox acquirer's own records: changed only by the sandbox."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SandboxTrade)
class SandboxTradeAdmin(_ReadOnly):
    list_display = ["out_trade_no", "trade_no", "amount_fen", "status", "refunded_fen", "paid_at"]
    list_filter = ["status"]
    search_fields = ["out_trade_no", "trade_no"]


@admin.register(SandboxNotification)
class SandboxNotificationAdmin(_ReadOnly):
    list_display = ["trade", "trade_status", "forgery", "status", "attempts", "not_before"]
    list_filter = ["status", "trade_status", "forgery"]
    raw_id_fields = ["trade"]
