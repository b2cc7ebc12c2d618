"""Fixed-window rate limits on the shared cache (Redis in production)."""

from django.core.cache import cache


def within_limit(scope: str, key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt of ``key`` in ``scope``; False once ``limit`` attempts were made in
    the current window. ``cache.add`` then ``incr`` keeps the count atomic on Redis."""
    if not key:
        return True
    name = f"ratelimit:{scope}:{key}"
    counted = getattr(cache, "count_in_window", None)  # Redis: one round trip
    if counted is not None:
        return counted(name, window_seconds) <= limit
    cache.add(name, 0, window_seconds)
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.add(name, 1, window_seconds)
        count = 1
    return count <= limit
