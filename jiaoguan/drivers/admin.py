from django.contrib import admin

from jiaoguan.drivers.models import (
    DrivingLicense,
    LicenseClassGrant,
    MedicalCertificate,
    PointsRecord,
)
from jiaoguan.identity.admin import PersonRecordsAdminMixin
from jiaoguan.identity.services import person_records_changed


class LicenseClassGrantInline(admin.TabularInline):
    model = LicenseClassGrant
    extra = 0


@admin.register(DrivingLicense)
class DrivingLicenseAdmin(PersonRecordsAdminMixin, admin.ModelAdmin):
    list_display = [
        "person",
        "archive_number",
        "first_issued_on",
        "valid_from",
        "validity",
        "status",
    ]
    list_filter = ["status", "validity"]
    search_fields = ["=person__id_number", "=archive_number"]
    raw_id_fields = ["person"]
    inlines = [LicenseClassGrantInline]

    def record_person_ids(self, obj, form=None) -> set:
        return {obj.person_id}

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        person_records_changed(person_ids={form.instance.person_id})  # class grants changed


@admin.register(PointsRecord)
class PointsRecordAdmin(PersonRecordsAdminMixin, admin.ModelAdmin):
    list_display = ["license", "points", "recorded_on", "description", "fine_paid"]
    raw_id_fields = ["license"]

    def record_person_ids(self, obj, form=None) -> set:
        return {obj.license.person_id}


@admin.register(MedicalCertificate)
class MedicalCertificateAdmin(PersonRecordsAdminMixin, admin.ModelAdmin):
    list_display = ["person", "issued_on", "institution_name", "fit_to_drive"]
    raw_id_fields = ["person"]

    def record_person_ids(self, obj, form=None) -> set:
        return {obj.person_id}
