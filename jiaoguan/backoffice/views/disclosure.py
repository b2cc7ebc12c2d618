"""Disclosure for officers: what each list holds, the publication history, and a run now."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiaoguan.backoffice.access import officer_required
from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.families import MenuEntry
from jiaoguan.disclosure import selectors, services

PUBLISH = "disclosure.publish_lists"


@officer_required(PUBLISH, write=PUBLISH)
def overview(request):
    if request.method == "POST":
        try:
            services.publication_run(actor=request.user)
        except ApplicationError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("信息公开已重新生成。"))
        return redirect("backoffice:disclosure")
    return render(
        request,
        "backoffice/disclosure.html",
        {"lists": selectors.lists_public(), "runs": selectors.publication_runs_recent()},
    )


urlpatterns = [path("disclosure/", overview, name="disclosure")]

menu = [
    MenuEntry(gettext_lazy("信息公开"), "backoffice:disclosure", position=96, permission=PUBLISH),
]
