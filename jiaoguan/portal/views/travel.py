"""出行信息 (DOMAIN §20): the current road events, filtered by region and road, for everyone."""

from django import forms
from django.conf import settings
from django.contrib.staticfiles import finders
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from jiaoguan.core.places import ABBREVIATION_OF_PROVINCE_CODE, is_region_code
from jiaoguan.travel import selectors
from jiaoguan.travel.models import RoadEvent


class TravelFilterForm(forms.Form):
    region = forms.CharField(
        label=_("地区"),
        required=False,
        max_length=6,
        help_text=_("六位行政区划代码，如 320100（南京市）；省、市包含其下辖地区"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "list": "travel-regions"}),
    )
    road = forms.CharField(
        label=_("道路"),
        required=False,
        max_length=100,
        help_text=_("道路名称或编号，如 G2、京沪"),
        widget=forms.TextInput(attrs={"list": "travel-roads"}),
    )
    kind = forms.ChoiceField(
        label=_("事件类型"), required=False, choices=[("", _("全部")), *RoadEvent.Kind.choices]
    )

    def clean_region(self) -> str:
        region = self.cleaned_data["region"].strip()
        if region and not is_region_code(region):
            raise forms.ValidationError(_("地区代码应为六位数字。"))
        return region


def index(request):
    """The current events (announced closures too), filtered by the form's fields."""
    form = TravelFilterForm(request.GET or None)
    every = selectors.events_current()
    events = every
    if form.is_bound and form.is_valid():
        events = selectors.events_current(
            region_code=form.cleaned_data["region"],
            road=form.cleaned_data["road"],
            kind=form.cleaned_data["kind"],
        )
    elif form.is_bound:
        events = every.none()
    regions = sorted({event.region_code for event in every})
    return render(
        request,
        "portal/travel/index.html",
        {
            "form": form,
            "events": events,
            "regions": [
                (code, ABBREVIATION_OF_PROVINCE_CODE.get(code[:2], "")) for code in regions
            ],
            "roads": sorted({event.road_name for event in every}),
        },
    )


#: Where the map opens before the events are drawn (the demo capital, Nanjing).
MAP_CENTRE = (32.06, 118.79)
LEAFLET = "vendor/leaflet/leaflet.js"


def map_page(request):
    """The current events on a map (Leaflet, vendored from npm by ``make vendor``), with the
    list beside it; without the vendored library the page says so and links the list."""
    events = selectors.events_current()
    return render(
        request,
        "portal/travel/map.html",
        {
            "events": events,
            "map_ready": finders.find(LEAFLET) is not None,
            "tiles": settings.JIAOGUAN_TRAVEL_MAP_TILES,
            "attribution": settings.JIAOGUAN_TRAVEL_MAP_ATTRIBUTION,
            "centre": MAP_CENTRE,
        },
    )


urlpatterns = [
    path("travel/", index, name="travel"),
    path("travel/map/", map_page, name="travel_map"),
]
