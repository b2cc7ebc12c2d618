from django.contrib import admin

from jiaoguan.core.admin import ReadOnlyAdmin
from jiaoguan.payments.models import (
    PaymentCallback,
    PaymentOrder,
    ReconciliationDifference,
    ReconciliationRun,
    Refund,
)


@admin.register(PaymentOrder)
class PaymentOrderAdmin(ReadOnlyAdmin):
    list_display = ["number", "purpose", "reference", "amount_fen", "status", "provider", "paid_at"]
    list_filter = ["status", "provider", "purpose"]
    search_fields = ["number", "reference", "provider_reference"]
    raw_id_fields = ["payer_person"]
    date_hierarchy = "created_at"


@admin.register(PaymentCallback)
class PaymentCallbackAdmin(ReadOnlyAdmin):
    list_display = ["received_at", "provider", "order_number", "trade_status", "outcome", "reason"]
    list_filter = ["outcome", "reason", "provider"]
    search_fields = ["order_number", "provider_reference", "notify_id"]
    raw_id_fields = ["order"]
    date_hierarchy = "received_at"


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    list_display = ["number", "order", "amount_fen", "reason", "status", "attempts", "refunded_at"]
    list_filter = ["status", "reason"]
    search_fields = ["number", "order__number"]
    raw_id_fields = ["order"]


class ReconciliationDifferenceInline(admin.TabularInline):
    model = ReconciliationDifference
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReconciliationRun)
class ReconciliationRunAdmin(ReadOnlyAdmin):
    list_display = [
        "day",
        "provider",
        "status",
        "statement_lines",
        "matched",
        "differences_count",
        "started_by",
        "started_at",
    ]
    list_filter = ["provider", "status"]
    inlines = [ReconciliationDifferenceInline]
