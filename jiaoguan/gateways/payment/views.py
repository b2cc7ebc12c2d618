"""The sandbox acquirer's pages: the pay page where the payer confirms or cancels, and the
daily statement download. Served only while the sandbox provider is enabled."""

from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from jiaoguan.core.forms import parse_iso_date
from jiaoguan.core.redirects import is_allowed_return_url
from jiaoguan.gateways.models import SandboxTrade
from jiaoguan.gateways.payment import provider_enabled, sandbox
from jiaoguan.gateways.payment.base import format_yuan

_REFUSALS = {
    "signature": gettext_lazy("支付请求签名无效。"),
    "fields": gettext_lazy("支付请求内容不完整。"),
    "amount": gettext_lazy("支付请求金额与原交易不一致。"),
    "trade": gettext_lazy("该交易不存在或已关闭。"),
}


def _enabled() -> None:
    if not provider_enabled("sandbox"):
        raise Http404


def _refusal(request, reason: str) -> HttpResponse:
    message = _REFUSALS.get(reason, _REFUSALS["fields"])
    return render(
        request, "gateways/sandbox_pay.html", {"error": message, "trade": None}, status=400
    )


@require_http_methods(["GET", "POST"])
def pay(request):
    _enabled()
    if request.method == "GET":
        try:
            trade = sandbox.trade_open(request.GET.dict())
        except sandbox.SandboxRefusal as refusal:
            return _refusal(request, str(refusal))
        return _page(request, trade)
    out_trade_no = request.POST.get("out_trade_no", "")
    try:
        if request.POST.get("action") == "cancel":
            trade = sandbox.trade_cancel(out_trade_no)
        else:
            trade = sandbox.trade_pay(out_trade_no)
    except sandbox.SandboxRefusal as refusal:
        return _refusal(request, str(refusal))
    # signed by the merchant with the pay request, and still never off-site
    if is_allowed_return_url(trade.return_url, also_host=request.get_host()):
        return redirect(trade.return_url)
    return _page(request, trade)


def _page(request, trade: SandboxTrade) -> HttpResponse:
    back = trade.return_url
    context = {
        "trade": trade,
        "amount": format_yuan(trade.amount_fen),
        "error": None,
        "return_url": back if is_allowed_return_url(back, also_host=request.get_host()) else "",
    }
    return render(request, "gateways/sandbox_pay.html", context)


def statement(request, day: str):
    """The daily statement, for the merchant only: the query must carry the merchant's
    signature (``sandbox.statement_query``), else 401."""
    _enabled()
    parsed = parse_iso_date(day)
    if parsed is None:
        return HttpResponseBadRequest(_("日期格式应为 YYYY-MM-DD，且在1900年至2199年之间。"))
    if not sandbox.statement_request_valid(request.GET.dict(), parsed):
        response = HttpResponse(_("对账单仅供商户下载：请求须带商户签名。"), status=401)
        response["WWW-Authenticate"] = 'Signature realm="sandbox-statement"'
        return response
    response = HttpResponse(sandbox.statement_csv(parsed), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sandbox-{parsed}.csv"'
    return response
