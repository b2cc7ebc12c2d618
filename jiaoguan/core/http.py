"""The client's address, as audit events and rate limits need it."""

from django.conf import settings


def client_address(request) -> str | None:
    """The address of the client that made ``request``.

    Behind ``JIAOGUAN_TRUSTED_PROXIES`` reverse proxies (each appending to X-Forwarded-For),
    the client is that many entries from the right of the header; anything further left was
    written by the client and is not trusted.
    """
    proxies = settings.JIAOGUAN_TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR")
