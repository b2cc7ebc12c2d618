from django.contrib import admin

from jiaoguan.identity.admin import PersonRecordsAdminMixin
from jiaoguan.vehicles.models import Vehicle


@admin.register(Vehicle)
class VehicleAdmin(PersonRecordsAdminMixin, admin.ModelAdmin):
    list_display = [
        "plate_number",
        "plate_type",
        "vehicle_type",
        "use_character",
        "registered_on",
        "inspection_valid_until",
        "status",
    ]
    list_filter = ["status", "plate_type", "use_character"]
    search_fields = ["=plate_number", "=vin"]
    raw_id_fields = ["owner_person", "owner_organization"]

    def record_person_ids(self, obj, form=None) -> set:
        previous_owner = form.initial.get("owner_person") if form is not None else None
        return {obj.owner_person_id, previous_owner}
