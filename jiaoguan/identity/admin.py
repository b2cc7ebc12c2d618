from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from jiaoguan.identity.models import Office, Organization, PartnerKey, Person, User
from jiaoguan.identity.services import partner_key_revoke, person_records_changed


@admin.register(User)
class AccountAdmin(UserAdmin):
    list_display = ["username", "kind", "first_name", "phone", "is_active", "locked_until"]
    list_filter = ["kind", "is_active", "is_staff", "groups"]
    search_fields = ["username", "=phone", "=person__id_number", "first_name"]
    raw_id_fields = ["person", "organization"]
    fieldsets = [
        *(UserAdmin.fieldsets or ()),
        (
            "jiaoguan",
            {
                "fields": [
                    "kind",
                    "person",
                    "organization",
                    "phone",
                    "office",
                    "failed_login_count",
                    "locked_until",
                ]
            },
        ),
    ]


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "province_code", "region_code", "is_active"]
    list_filter = ["province_code", "is_active"]
    search_fields = ["=code", "name"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "id_number", "gender", "birth_date", "region_code"]
    search_fields = ["=id_number", "name"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "credit_code", "kind", "region_code", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "=credit_code"]


@admin.register(PartnerKey)
class PartnerKeyAdmin(admin.ModelAdmin):
    """Keys are issued with ``jiaoguan partner_key issue`` (the secret is shown once there);
    here they are listed and revoked."""

    list_display = ["key_id", "organization", "scopes", "created_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["=key_id", "organization__name", "=organization__credit_code"]
    readonly_fields = ["organization", "key_id", "scopes", "created_at", "revoked_at"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("吊销所选密钥"))
    def revoke(self, request, queryset):
        for key in queryset:
            partner_key_revoke(actor=request.user, key=key)


class PersonRecordsAdminMixin(admin.ModelAdmin):
    """Admin edits of a person's register records bump their ``records_version``, in the
    same transaction, like every write service does."""

    def record_person_ids(self, obj, form=None) -> set:
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            person_records_changed(person_ids=self.record_person_ids(obj, form))

    def delete_model(self, request, obj):
        with transaction.atomic():
            person_ids = self.record_person_ids(obj)
            super().delete_model(request, obj)
            person_records_changed(person_ids=person_ids)
