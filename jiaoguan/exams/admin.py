"""The officers' reference data for exams: parameters, venues, plans and sessions.

Windows, allocation results and bookings are read-only here: they change only through the
services (open, close, cancel, results), which audit every step.
"""

from django.contrib import admin

from jiaoguan.core.admin import ReadOnlyAdmin
from jiaoguan.exams.models import (
    AllocationResult,
    BookingWindow,
    ExamBooking,
    ExamLocationChange,
    ExamParameterSet,
    ExamPlan,
    ExamSession,
    ExamVenue,
    LicenseApplication,
)


@admin.register(ExamParameterSet)
class ExamParameterSetAdmin(admin.ModelAdmin):
    list_display = [
        "effective_from",
        "plan_publication_days",
        "results_publication_working_days",
        "knowledge_booking_limit",
        "same_day_retake",
        "max_preferences",
    ]


@admin.register(ExamVenue)
class ExamVenueAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region_code", "is_county_level", "is_active"]
    search_fields = ["code", "name"]


class ExamSessionInline(admin.TabularInline):
    model = ExamSession
    extra = 0


@admin.register(ExamPlan)
class ExamPlanAdmin(admin.ModelAdmin):
    list_display = ["venue", "exam_on", "published_at"]
    list_filter = ["venue"]
    readonly_fields = ["published_at"]
    inlines = [ExamSessionInline]


@admin.register(BookingWindow)
class BookingWindowAdmin(ReadOnlyAdmin):
    list_display = ["code", "subject", "opens_at", "closes_at", "status", "seed_sha256"]
    list_filter = ["status", "subject"]
    exclude = ["seed"]


@admin.register(AllocationResult)
class AllocationResultAdmin(ReadOnlyAdmin):
    list_display = ["window", "rank", "session", "choice", "reason"]
    list_filter = ["window", "reason"]


@admin.register(ExamBooking)
class ExamBookingAdmin(ReadOnlyAdmin):
    list_display = ["application", "subject", "exam_on", "status", "outcome"]
    list_filter = ["status", "outcome", "subject"]


@admin.register(LicenseApplication)
class LicenseApplicationAdmin(ReadOnlyAdmin):
    list_display = [
        "number",
        "license_class",
        "basis",
        "exam_region_code",
        "accepted_at",
        "status",
        "void_reason",
    ]
    list_filter = ["status", "license_class", "basis", "void_reason"]
    search_fields = ["=number"]


@admin.register(ExamLocationChange)
class ExamLocationChangeAdmin(ReadOnlyAdmin):
    list_display = ["application", "sequence", "from_region_code", "to_region_code", "changed_at"]
