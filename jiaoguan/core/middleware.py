"""Middleware of the whole site: security headers on every answer, and an application
refusal that escaped a page view answered with its status instead of a 500."""

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpResponse
from django.views import defaults

from jiaoguan.core.errors import ApplicationError

# Strict: only this site's own files. No inline script or style anywhere (templates keep
# their script and style in static files), no plug-ins, no framing, forms post here only.
# The images of evidence and QR codes are served by the site itself (``data:`` for QR codes
# drawn inline as data URLs).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = ", ".join(
    [
        # The accident report fills in where the driver stands (on a tap, this origin only).
        "geolocation=(self)",
        *(
            f"{feature}=()"
            for feature in (
                "accelerometer",
                "camera",
                "gyroscope",
                "magnetometer",
                "microphone",
                "payment",
                "usb",
                "interest-cohort",
            )
        ),
    ]
)
# Pages that show one person's own data (or an officer's reads of it): never kept by a
# browser or a shared cache. Every API answer likewise.
PERSONAL_PREFIXES = ("/api/", "/me/", "/backoffice/", "/login/", "/register/", "/password/")


class SecurityHeadersMiddleware:
    """Content-Security-Policy, Referrer-Policy, Permissions-Policy on every answer, and
    ``Cache-Control: no-store`` on personal pages and API answers, but for the public API
    answers (``_public``) of a request without credentials."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "JIAOGUAN_CONTENT_SECURITY_POLICY", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        user = getattr(request, "user", None)
        signed_in = bool(user and user.is_authenticated) or "Authorization" in request.headers
        if (request.path.startswith(PERSONAL_PREFIXES) or signed_in) and not (
            _public(response) and not signed_in and request.path.startswith("/api/")
        ):
            response.headers["Cache-Control"] = "no-store"
            response.headers.setdefault("Pragma", "no-cache")
        return response


def _public(response) -> bool:
    """An API answer its view declared the same for everyone (``Cache-Control: public``: the
    open data and the travel feeds); it keeps that header when asked without credentials."""
    return response.headers.get("Cache-Control", "").startswith("public")


class ApplicationErrorMiddleware:
    """A page view that lets an ``ApplicationError`` escape (an unknown code in its URL, say)
    answers with the error's status and message: 404 for not found, 403 for refused. The
    API answers its own errors as JSON and never gets here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ApplicationError):
            return None
        message = str(exception.message)
        if exception.status == 404:
            return defaults.page_not_found(request, Http404(message))
        if exception.status == 403:
            return defaults.permission_denied(request, DjangoPermissionDenied(message))
        return HttpResponse(message, status=exception.status, content_type="text/plain")
