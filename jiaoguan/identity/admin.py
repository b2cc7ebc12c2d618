from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from jiaoguan.identity.models import Organization, Person, User


@admin.register(User)
class AccountAdmin(UserAdmin):
    list_display = ["username", "kind", "first_name", "phone", "is_active", "locked_until"]
    list_filter = ["kind", "is_active", "is_staff", "groups"]
    search_fields = ["username", "phone", "first_name"]
    raw_id_fields = ["person", "organization"]
    fieldsets = [
        *UserAdmin.fieldsets,
        (
            "jiaoguan",
            {
                "fields": [
                    "kind",
                    "person",
                    "organization",
                    "phone",
                    "police_unit",
                    "failed_login_count",
                    "locked_until",
                ]
            },
        ),
    ]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "id_number", "gender", "birth_date", "region_code"]
    search_fields = ["=id_number", "name"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "credit_code", "kind", "region_code", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "=credit_code"]
