from django import forms
from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from jiaoguan.audit.services import audit_record
from jiaoguan.core.admin import ReadOnlyAdmin
from jiaoguan.core.places import county_place
from jiaoguan.papers.models import (
    FeeRate,
    HospitalSubmission,
    OfficePostalAddress,
    PaperApplication,
)


@admin.register(FeeRate)
class FeeRateAdmin(admin.ModelAdmin):
    """The fee schedule is reference data an operator keeps current; every change is
    audited (``papers.fee_rate.save`` / ``.delete``)."""

    list_display = ["item", "amount", "unit", "effective_from", "effective_until", "uncertain"]
    list_filter = ["item", "uncertain"]

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_record(
                actor=request.user,
                action="papers.fee_rate.save",
                subject=obj,
                data={
                    "item": obj.item,
                    "amount": str(obj.amount),
                    "effective_from": obj.effective_from.isoformat(),
                    "effective_until": obj.effective_until.isoformat()
                    if obj.effective_until
                    else None,
                    "changed": sorted(form.changed_data),
                },
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit_record(
                actor=request.user,
                action="papers.fee_rate.delete",
                subject=obj,
                data={"item": obj.item, "amount": str(obj.amount)},
            )
            super().delete_model(request, obj)


@admin.register(PaperApplication)
class PaperApplicationAdmin(ReadOnlyAdmin):
    list_display = ["reference", "service", "state", "fulfilment", "submitted_at"]
    list_filter = ["service", "state"]
    search_fields = ["reference", "document_key"]


class OfficePostalAddressForm(forms.ModelForm):
    class Meta:
        model = OfficePostalAddress
        fields = ["office_code", "province_code", "name", "region_code", "detail", "phone"]

    def clean_region_code(self):
        code = self.cleaned_data["region_code"]
        if county_place(code) is None:
            raise forms.ValidationError(
                _("行政区划代码应为现行的县级代码（六位数字，如 320102）。")
            )
        return code


@admin.register(OfficePostalAddress)
class OfficePostalAddressAdmin(admin.ModelAdmin):
    """The offices' postal addresses (reference data); every change is audited."""

    form = OfficePostalAddressForm
    list_display = ["office_code", "name", "region_code", "detail", "phone"]
    search_fields = ["office_code", "name"]

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_record(
                actor=request.user,
                action="papers.office_address.save",
                subject=obj,
                data={"office_code": obj.office_code, "changed": sorted(form.changed_data)},
            )


@admin.register(HospitalSubmission)
class HospitalSubmissionAdmin(ReadOnlyAdmin):
    """Which hospital sent which medical certificate, when and with which key (read-only:
    the hospital's signed submission is the record)."""

    list_display = ["number", "organization", "submitted_at", "key_id"]
    list_filter = ["organization"]
    search_fields = ["number"]
