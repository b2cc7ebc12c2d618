"""Notices for officers: the scan history, delivery figures, and running today's scan."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiaoguan.backoffice.access import officer_required
from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.families import MenuEntry
from jiaoguan.notices import selectors, services


@officer_required("notices.view_scanrun", write="notices.run_scan")
def overview(request):
    if request.method == "POST":
        try:
            run = services.scans_run(actor=request.user)
        except ApplicationError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(
                request, _("扫描完成，新增告知 %(count)s 条。") % {"count": run.notices_created}
            )
        return redirect("backoffice:notices")
    return render(
        request,
        "backoffice/notices.html",
        {
            "runs": selectors.scan_runs_recent(),
            "statistics": selectors.delivery_statistics(),
            "quiet_hours": selectors.quiet_hours_text(),
        },
    )


urlpatterns = [
    path("notices/", overview, name="notices"),
]

menu = [
    MenuEntry(
        gettext_lazy("告知提示"),
        "backoffice:notices",
        position=90,
        permission="notices.view_scanrun",
    ),
]
