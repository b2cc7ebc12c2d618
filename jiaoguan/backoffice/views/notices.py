"""Notices for officers: the scan history, delivery figures, and running today's scan."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jiaoguan.backoffice.access import officer_required
from jiaoguan.core.errors import ApplicationError
from jiaoguan.notices import selectors, services


@officer_required
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
