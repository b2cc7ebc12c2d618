"""信息公开 for everyone, without logging in: the index of the lists of DOMAIN §19.2, each list
paged, and the statistics pages (driving-school pass rates, plate numbers taken), each a table
with a bar drawn in CSS beside every figure (no script, no charting library)."""

from dataclasses import dataclass
from functools import cache

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jiaoguan.core.errors import NotFound
from jiaoguan.disclosure import selectors
from jiaoguan.disclosure.lists import ListKind


def _published(code: str):
    try:
        return selectors.list_public(code)
    except NotFound:
        raise Http404 from None


#: The vendored charting library (``make vendor``); the pages draw no chart without it.
CHART_LIBRARY = "vendor/echarts/echarts.min.js"


@cache
def charts_available() -> bool:
    """Whether ``make vendor`` put the charting library into the static files."""
    if finders.find(CHART_LIBRARY) is not None:  # from the app's static folder
        return True
    try:  # collected (production: collectstatic after make vendor)
        return staticfiles_storage.exists(CHART_LIBRARY)
    except (ImproperlyConfigured, OSError, ValueError):
        return False


def _chart(labels: list[str], values: list, *, unit: str, maximum=None) -> dict:
    return {"labels": labels, "values": values, "unit": unit, "max": maximum}


def _declared(code: str):
    """A statistic's page answers before the first run too, with an empty table."""
    return selectors.list_declared(code)


def index(request):
    """Every list: title, basis, cadence, how many entries and when it last changed; the lists
    the register cannot feed yet are named with what is missing."""
    lists = selectors.lists_public()
    return render(
        request,
        "portal/disclosure/index.html",
        {
            "announcements": [
                item for item in lists if item.declaration.kind != ListKind.STATISTIC
            ],
            "statistics": [item for item in lists if item.declaration.kind == ListKind.STATISTIC],
        },
    )


def list_page(request, code: str):
    """One list, ``PAGE_SIZE`` entries a page, with its basis, expiry and downloads."""
    published = _published(code)
    page = selectors.list_entries_page(published, page=request.GET.get("page"))
    columns = published.page_columns
    return render(
        request,
        "portal/disclosure/list.html",
        {
            "published": published,
            "columns": columns,
            "rows": [entry.values(columns) for entry in page.object_list],
            "page": page,
        },
    )


def pass_rates(request):
    """Driving-school pass rates per school, month and subject, newest month first."""
    published = _declared("driving_school_pass_rates")
    rows = [entry.data for entry in selectors.statistic_rows("driving_school_pass_rates")]
    # The chart: the latest month's overall pass rate of each school (at most 30, the
    # lowest first, where attention is due); the table has every figure.
    latest = max((row["month"] for row in rows), default="")
    overall = sorted(
        (row for row in rows if row["month"] == latest and row["subject"] == "全部科目"),
        key=lambda row: row["pass_rate"],
    )[:30]
    chart = _chart(
        [row["school"] for row in overall],
        [row["pass_rate"] for row in overall],
        unit="%",
        maximum=100,
    )
    return render(
        request,
        "portal/disclosure/pass_rates.html",
        {
            "published": published,
            "rows": rows,
            "chart": chart,
            "chart_month": latest,
            "charts_available": charts_available(),
        },
    )


def plates_taken(request):
    """Numbers taken and left in every published segment."""
    published = _declared("plate_segments")
    rows = []
    for entry in selectors.statistic_rows("plate_segments"):
        data = dict(entry.data)
        pool = data.get("pool_size") or 0
        data["taken_percent"] = round(100 * (data.get("taken") or 0) / pool, 1) if pool else 0
        rows.append(data)
    chart = _chart(
        [f"{row['prefix']} {row['pattern']}" for row in rows[:30]],
        [row["taken_percent"] for row in rows[:30]],
        unit="%",
        maximum=100,
    )
    return render(
        request,
        "portal/disclosure/plates_taken.html",
        {
            "published": published,
            "rows": rows,
            "chart": chart,
            "charts_available": charts_available(),
        },
    )


@dataclass(frozen=True)
class StatisticChart:
    """What a statistic's chart shows: one bar per row of the latest month (when the list has
    months), labelled by ``labels``, its length ``value`` (a percentage)."""

    labels: tuple[str, ...]
    value: str
    caption: Promise
    #: The axis's end (100 for a share of all; None: fitted to the figures).
    maximum: int | None = None


STATISTIC_CHARTS = {
    "new_driver_rates": StatisticChart(
        ("school",),
        "violation_rate",
        _("最近一个月各驾驶培训学校驾龄不满三年驾驶人的交通违法率，最高的在前；全部数字见下表。"),
    ),
    "exam_placement_fairness": StatisticChart(
        ("window", "group"),
        "placement_rate",
        _("各预约批次首次预约与再次预约申请人的考位安排率；全部数字见下表。"),
        maximum=100,
    ),
}


def statistic(request, code: str):
    """A statistic's table, every column, newest first, with its chart above it."""
    spec = STATISTIC_CHARTS.get(code)
    if spec is None:
        raise Http404
    published = _declared(code)
    rows = [entry.data for entry in selectors.statistic_rows(code)]
    latest = max((row.get("month", "") for row in rows), default="")
    charted = [row for row in rows if row.get("month", "") == latest]
    charted = sorted(charted, key=lambda row: -(row.get(spec.value) or 0))[:30]
    chart = _chart(
        [" · ".join(str(row.get(label, "")) for label in spec.labels) for row in charted],
        [row.get(spec.value) for row in charted],
        unit="%",
        maximum=spec.maximum,
    )
    columns = published.declaration.fields
    return render(
        request,
        "portal/disclosure/statistic.html",
        {
            "published": published,
            "columns": columns,
            "rows": [[row.get(column.name) for column in columns] for row in rows],
            "chart": chart,
            "chart_caption": spec.caption,
            "charts_available": charts_available(),
        },
    )


urlpatterns = [
    path("disclosure/", index, name="disclosure"),
    path("disclosure/statistics/pass-rates/", pass_rates, name="disclosure_pass_rates"),
    path("disclosure/statistics/plates/", plates_taken, name="disclosure_plates_taken"),
    path("disclosure/statistics/<slug:code>/", statistic, name="disclosure_statistic"),
    path("disclosure/<slug:code>/", list_page, name="disclosure_list"),
]
