from django.contrib import admin

from jiaoguan.drivers.models import (
    DrivingLicense,
    LicenseClassGrant,
    MedicalCertificate,
    PointsRecord,
)


class LicenseClassGrantInline(admin.TabularInline):
    model = LicenseClassGrant
    extra = 0


@admin.register(DrivingLicense)
class DrivingLicenseAdmin(admin.ModelAdmin):
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


@admin.register(PointsRecord)
class PointsRecordAdmin(admin.ModelAdmin):
    list_display = ["license", "points", "recorded_on", "description", "fine_paid"]
    raw_id_fields = ["license"]


@admin.register(MedicalCertificate)
class MedicalCertificateAdmin(admin.ModelAdmin):
    list_display = ["person", "issued_on", "institution_name", "fit_to_drive"]
    raw_id_fields = ["person"]
