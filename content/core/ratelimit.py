"""Per-client rate limits, counted in the cache.

Counts live in the default cache, so with REDIS_URL set every app server
shares them. A window is fixed: the first request of a client opens it, and
the count resets when it expires. RATELIMIT_ENABLE=0 turns all limits off.
"""

import functools
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import render

logger = logging.getLogger("hub.security")


def client_ip(request):
    """Return the client's IP address.

    X-Forwarded-For is only believed when RATELIMIT_TRUSTED_PROXIES says how
    many proxies in front of the hub append to it; otherwise anyone could
    send a new address with every request.
    """
    proxies = settings.RATELIMIT_TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def parse_rate(rate):
    """Return (count, seconds) for a rate such as "10/m" or "100/h"."""
    count, period = rate.split("/")
    return int(count), {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[0]]


def cache_increment(key, timeout):
    """Add one to the counter at `key`, created to live `timeout` seconds; return it."""
    # add() then incr() is atomic on Redis and within one process on locmem.
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # the key expired between add() and incr()
        cache.add(key, 1, timeout=timeout)
        return 1


def hit(scope, request):
    """Count one request of this client in `scope`; return seconds to wait, or 0."""
    if not settings.RATELIMIT_ENABLE:
        return 0
    limit, period = parse_rate(settings.RATELIMITS[scope])
    window = int(time.time() // period)
    count = cache_increment(f"ratelimit:{scope}:{client_ip(request)}:{window}", period + 1)
    if count <= limit:
        return 0
    wait = period - int(time.time()) % period
    if count == limit + 1:
        logger.warning(
            "rate limit reached",
            extra={"event": "ratelimit", "scope": scope, "ip": client_ip(request)},
        )
    return max(wait, 1)


def too_many_requests(request, wait, *, as_json=False):
    if as_json:
        message = f"Too many requests. Try again in {wait} seconds."
        response = JsonResponse({"error": message}, status=429)
    else:
        response = render(request, "429.html", {"wait_seconds": wait}, status=429)
    response["Retry-After"] = str(wait)
    return response


def ratelimit(scope, methods=("POST",), *, as_json=False):
    """Limit how often one client may call the view with `methods`.

    An API sets `as_json`, so that its clients get the refusal as JSON too.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                wait = hit(scope, request)
                if wait:
                    return too_many_requests(request, wait, as_json=as_json)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
