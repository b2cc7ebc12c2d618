from django.contrib import admin

from jiaoguan.gateways.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "channel", "recipient", "body"]
    list_filter = ["channel"]
    search_fields = ["recipient"]
