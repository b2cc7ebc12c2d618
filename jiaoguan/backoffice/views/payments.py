"""Payments for officers: orders, the acquirers' notifications (rejections first to see),
refunds and reconciliation runs; running a day's reconciliation."""

from datetime import date

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiaoguan.backoffice.access import officer_required
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.families import MenuEntry
from jiaoguan.payments import selectors, services
from jiaoguan.payments.models import PaymentCallback


@officer_required
def overview(request):
    if request.method == "POST":
        try:
            day = date.fromisoformat(request.POST.get("day", ""))
            run = services.reconciliation_run(
                actor=request.user, day=day, provider=request.POST.get("provider") or None
            )
        except ValueError:
            messages.error(request, _("日期格式应为 YYYY-MM-DD。"))
        except ApplicationError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(
                request,
                _("对账完成：一致 %(matched)s 笔，差异 %(differences)s 笔。")
                % {"matched": run.matched, "differences": run.differences_count},
            )
        return redirect("backoffice:payments")
    outcome = request.GET.get("outcome", "")
    if outcome not in PaymentCallback.Outcome.values:
        outcome = ""
    return render(
        request,
        "backoffice/payments.html",
        {
            "counts": selectors.order_counts(),
            "orders": selectors.orders_recent(),
            "callbacks": selectors.callbacks_recent(outcome=outcome),
            "outcome": outcome,
            "outcomes": PaymentCallback.Outcome.choices,
            "refunds": selectors.refunds_recent(),
            "runs": selectors.reconciliation_runs_recent(),
            "today": clock.today(),
            "providers": selectors.payment_providers(),
        },
    )


urlpatterns = [
    path("payments/", overview, name="payments"),
]

menu = [
    MenuEntry(gettext_lazy("网上缴款"), "backoffice:payments", position=100),
]
