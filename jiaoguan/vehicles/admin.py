from django.contrib import admin

from jiaoguan.vehicles.models import Vehicle


@admin.register(Vehicle)
class VehicleAdmin(admin.ModelAdmin):
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
