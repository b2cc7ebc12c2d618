"""The 业务中心 (service centre): the ten families and their jobs, a guide page per job not yet
on the platform, and a search over jobs and guides (data: ``portal.catalogue``)."""

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import get_language

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


def index(request):
    return render(request, "portal/guides/index.html", {"families": service_families()})


def guide(request, key: str):
    job = catalogue.JOBS.get(key)
    if job is None or job.guide is None:
        raise Http404
    language = _language()
    family = next(f for f in catalogue.FAMILIES if job in f.jobs)
    return render(
        request,
        "portal/guides/detail.html",
        {
            "job": job_link(job, language),
            "family": family.title.get(language),
            "who": job.guide.who.get(language),
            "when": job.guide.when.get(language),
            "materials": job.guide.materials.get(language),
            "where": job.guide.where.get(language),
            "basis": job.guide.basis,
        },
    )


def search(request):
    query = (request.GET.get("q") or "").strip()[:50]
    language = _language()
    found = [job_link(job, language) for job in catalogue.search(query, language)]
    return render(request, "portal/search.html", {"query": query, "found": found})


urlpatterns = [
    path("guides/", index, name="guides"),
    path("guides/<slug:key>/", guide, name="guide"),
    path("search/", search, name="search"),
]
