"""The gateway to the sandbox insurer: the HTTP adapter itself, pointed at the sandbox's API
with the sandbox's secret, so the embedded demo and the tests run the real protocol."""

from collections.abc import Mapping

from django.conf import settings
from django.urls import reverse

from jiaoguan.gateways.insurer.http import Endpoint, HttpInsurerGateway

from . import insurer


class SandboxInsurerGateway(HttpInsurerGateway):
    """The sandbox serves the insurer codes it is given (``urls``: the insurers whose
    records route their claims to it; their URLs are ignored)."""

    name = "sandbox"

    def __init__(self, *, urls: Mapping[str, str] | None = None) -> None:
        super().__init__(endpoints={}, key_id=insurer.KEY_ID, transport=self._post)
        self.codes = frozenset(urls or ())

    @staticmethod
    def _post(url: str, body: bytes, headers: Mapping[str, str]) -> tuple[int, str]:
        return insurer.post(url, body, headers)

    def endpoint_of(self, insurer_code: str) -> Endpoint | None:
        if not insurer_code or insurer_code not in self.codes:
            return None
        path = reverse("sandbox_insurer_claims", kwargs={"insurer_code": insurer_code})
        base = settings.JIAOGUAN_INSURER_CALLBACK_BASE_URL.rstrip("/")
        return Endpoint(base + path.removesuffix("/claims"), insurer.secret())
