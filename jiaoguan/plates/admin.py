"""Reference data of number selection for officers: parameters and reserved numbers are
edited here; segments, batches, holds and temporary plates are shown read-only (they change
only through the services, which audit every write)."""

from django.contrib import admin

from jiaoguan.core.admin import ReadOnlyAdmin
from jiaoguan.plates.models import (
    Batch,
    Draw,
    NumberSegment,
    PlateHold,
    PlateRequest,
    PlateSwap,
    ReservedNumber,
    SelectionParameterSet,
    SpouseTransfer,
    TemporaryPlate,
)


@admin.register(SelectionParameterSet)
class SelectionParameterSetAdmin(admin.ModelAdmin):
    list_display = [
        "effective_from",
        "candidates",
        "draws",
        "pick_seconds",
        "compose_attempts",
        "max_letters",
        "hold_working_days",
        "lead_working_days",
        "energy_letters",
    ]


@admin.register(ReservedNumber)
class ReservedNumberAdmin(admin.ModelAdmin):
    list_display = ["plate_number", "plate_type", "reason"]
    list_filter = ["plate_type"]
    search_fields = ["=plate_number"]


@admin.register(NumberSegment)
class NumberSegmentAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "plate_type", "pool_size", "starts_on", "published_on"]
    list_filter = ["plate_type"]


@admin.register(Batch)
class BatchAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "opened_at", "closed_at", "seed_hash"]
    exclude = ["seed"]


@admin.register(Draw)
class DrawAdmin(ReadOnlyAdmin):
    list_display = ["reference", "batch", "attempt", "drawn_at"]


@admin.register(PlateHold)
class PlateHoldAdmin(ReadOnlyAdmin):
    list_display = ["plate_number", "plate_type", "method", "state", "held_at", "expires_on"]
    list_filter = ["state", "method", "plate_type"]
    search_fields = ["=plate_number"]


@admin.register(TemporaryPlate)
class TemporaryPlateAdmin(ReadOnlyAdmin):
    list_display = ["number", "vin", "situation", "issued_on", "valid_until"]
    list_filter = ["situation"]
    search_fields = ["=number", "=vin"]


@admin.register(PlateSwap)
class PlateSwapAdmin(ReadOnlyAdmin):
    list_display = ["number_before", "number_after", "swapped_on", "swapped_by"]
    search_fields = ["=number_before", "=number_after"]


@admin.register(PlateRequest)
class PlateRequestAdmin(ReadOnlyAdmin):
    list_display = ["reference", "kind", "state", "submitted_at", "decided_at"]
    list_filter = ["kind", "state"]
    exclude = ["person", "spouse"]


@admin.register(SpouseTransfer)
class SpouseTransferAdmin(ReadOnlyAdmin):
    list_display = ["plate_number", "married_on", "transferred_on", "transferred_by"]
    search_fields = ["=plate_number"]
    exclude = ["from_person", "to_person"]
