from django.conf import settings

CARE_MODE_COOKIE = "care_mode"


def display_preferences(request):
    """Elderly-friendly mode (large type, high contrast) is a cookie the user switches."""
    return {
        "care_mode": request.COOKIES.get(CARE_MODE_COOKIE) == "1",
        "demo_outbox_visible": getattr(settings, "DEMO_OUTBOX_VISIBLE", False),
    }
