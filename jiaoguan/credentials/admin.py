from django.contrib import admin

from jiaoguan.credentials.models import IssuerKey


@admin.register(IssuerKey)
class IssuerKeyAdmin(admin.ModelAdmin):
    """Read-only: keys are made by ``issuer_key_rotate``; the private half never shows."""

    list_display = ("key_id", "algorithm", "created_at", "signs_until", "not_after")
    fields = ("key_id", "algorithm", "public_key", "created_at", "signs_until", "not_after")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
