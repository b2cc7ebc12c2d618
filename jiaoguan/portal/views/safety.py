"""交通安全宣传: safety warnings, education articles and accident cases, for everyone (no log
in), as officers publish them (``education.publicity``)."""

from django.http import Http404
from django.shortcuts import render
from django.urls import path

from jiaoguan.core.errors import NotFound
from jiaoguan.education import publicity
from jiaoguan.education.models import SafetyItem


def index(request):
    kind = request.GET.get("kind") or ""
    if kind not in SafetyItem.Kind.values:
        kind = ""
    items = publicity.safety_shown(kind=kind or None)
    return render(
        request,
        "portal/safety/index.html",
        {"items": items, "kind": kind, "kinds": SafetyItem.Kind.choices},
    )


def item(request, item_id: int):
    try:
        found = publicity.safety_item_shown(item_id=item_id)
    except NotFound:
        raise Http404 from None
    return render(request, "portal/safety/item.html", {"item": found})


urlpatterns = [
    path("safety/", index, name="safety"),
    path("safety/<id:item_id>/", item, name="safety_item"),
]
