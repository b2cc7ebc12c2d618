"""The JSON API: /api/v1/..., OpenAPI at /api/openapi.json, docs at /api/docs.

Every error has one body shape, ``{code, message, fields}``, in the caller's language
(Accept-Language; Simplified Chinese by default); ``api.errors`` documents it on every
operation, for each status the operation can answer.
"""

from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from jiaoguan.api.errors import document_errors
from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.families import collect


class JiaoguanAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        """The document with every operation's error statuses (``api.errors``)."""
        return document_errors(super().get_openapi_schema(**kwargs))


api = JiaoguanAPI(
    title="交管 jiaoguan API",
    version="1",
    description="互联网交通安全综合服务管理平台接口。Internet traffic-safety service platform.",
    urls_namespace="api",
)

# Each module of ``api.routers`` declares where its routers are mounted (``mounts``, ADR
# 0010); the positions keep the OpenAPI document's order and the order of URL matching.
for mount in sorted(collect("jiaoguan.api.routers", "mounts"), key=lambda mount: mount.position):
    api.add_router(mount.prefix, mount.router)


@api.get("/v1/health", tags=["operations"])
def health(request):
    """Liveness: the process answers. Touches no database (a load balancer's probe)."""
    return {"status": "ok"}


def _field_name(location: tuple) -> str:
    parts = [str(part) for part in location if part not in ("query", "body", "path", "payload")]
    return ".".join(parts) or "request"


@api.exception_handler(ApplicationError)
def application_error(request, error: ApplicationError):
    return api.create_response(request, error.as_dict(), status=error.status)


@api.exception_handler(ValidationError)
def validation_error(request, error: ValidationError):
    fields = {}
    for item in error.errors:
        name = _field_name(tuple(item.get("loc", ())))
        if item.get("type") == "missing":
            fields[name] = _("必填")
        else:
            fields[name] = _("格式不正确：%(detail)s") % {"detail": item.get("msg", "")}
    body = {
        "code": "request.invalid",
        "message": _("请求参数有误，请检查后重试。"),
        "fields": fields,
    }
    return api.create_response(request, body, status=422)


@api.exception_handler(AuthenticationError)
def authentication_error(request, error):
    body = {"code": "auth.required", "message": _("请先登录。"), "fields": {}}
    return api.create_response(request, body, status=401)


@api.exception_handler(HttpError)
def http_error(request, error: HttpError):
    if error.status_code == 400:
        body = {"code": "request.malformed", "message": _("请求格式不正确，无法解析。")}
    else:
        body = {"code": f"request.http_{error.status_code}", "message": str(error)}
    return api.create_response(request, {**body, "fields": {}}, status=error.status_code)


@api.exception_handler(RequestDataTooBig)
def too_large(request, error):
    """A body past DATA_UPLOAD_MAX_MEMORY_SIZE: JSON like every API error, not Django's page."""
    body = {"code": "request.too_large", "message": _("请求内容过大。"), "fields": {}}
    return api.create_response(request, body, status=413)


@api.exception_handler(Http404)
def not_found(request, error):
    body = {"code": "not_found", "message": _("没有找到该记录。"), "fields": {}}
    return api.create_response(request, body, status=404)
