from django.contrib import admin

from jiaoguan.applications.models import Case, CaseTransition


class CaseTransitionInline(admin.TabularInline):
    model = CaseTransition
    extra = 0
    can_delete = False
    readonly_fields = [f.name for f in CaseTransition._meta.fields]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["reference", "kind", "state", "office_code", "stage_due_on", "assigned_to"]
    list_filter = ["kind", "state", "province_code"]
    search_fields = ["reference", "subject_label"]
    # The applicant's identity is read through the audited selectors, not the admin.
    exclude = ["applicant", "co_applicant"]
    readonly_fields = [
        f.name for f in Case._meta.fields if f.name not in ("applicant", "co_applicant")
    ]
    inlines = [CaseTransitionInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
