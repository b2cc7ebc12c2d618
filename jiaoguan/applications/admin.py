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
    readonly_fields = [f.name for f in Case._meta.fields]
    inlines = [CaseTransitionInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
