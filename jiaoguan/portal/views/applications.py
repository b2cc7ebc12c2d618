"""The citizen's applications (网办进度): every case they applied for or are a party of,
where it stands, its statutory deadline, and the timeline of one case. A case is reached
only through the logged-in person (``case_of_party``): another person's case is a 404."""

from django.http import Http404
from django.shortcuts import render
from django.urls import path

from jiaoguan.applications import selectors
from jiaoguan.core import clock
from jiaoguan.core.errors import NotFound
from jiaoguan.papers.postal.selectors import shipment_views_of_case
from jiaoguan.portal.views.me import citizen_required

#: Case kinds whose actions are taken on the family's own page (the plate services keep
#: the plate request and its case together), by kind prefix → portal URL name.
_FAMILY_PAGES = {
    "plates.": "portal:plate_requests",
    "accidents.": "portal:accidents",
    "papers.": "portal:license_renewal",
}


def family_page(kind: str) -> str | None:
    return next((name for prefix, name in _FAMILY_PAGES.items() if kind.startswith(prefix)), None)


@citizen_required
def cases(request):
    today = clock.today()
    found = selectors.cases_of_person(actor=request.user)
    return render(
        request,
        "portal/applications/cases.html",
        {"cases": [selectors.case_summary(case=case, today=today) for case in found]},
    )


@citizen_required
def case_detail(request, reference):
    try:
        case = selectors.case_of_party(actor=request.user, reference=str(reference))
    except NotFound:
        raise Http404 from None
    today = clock.today()
    names = selectors.party_actions(case=case, person_id=request.user.person_id)
    return render(
        request,
        "portal/applications/case.html",
        {
            "case": selectors.case_summary(case=case, today=today),
            "timeline": selectors.case_timeline(actor=request.user, case=case),
            "actions": selectors.action_labels(case=case, names=names),
            "family_page": family_page(case.kind),
            "shipments": shipment_views_of_case(case_reference=case.reference)
            if case.kind.startswith("papers.")
            else [],
            "today": today,
        },
    )


urlpatterns = [
    path("me/cases/", cases, name="my_cases"),
    path("me/cases/<uuid:reference>/", case_detail, name="my_case"),
]
