"""Per-client rate limits, counted in the database.

Counts are `Counter` rows, so every worker and every app server shares them,
and no flood of cached pages can evict them. A window is fixed: it runs from
one multiple of the period to the next. RATELIMIT_ENABLE=0 turns all limits
off.
"""

import functools
import ipaddress
import logging
import time

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render

from content.core.models import Counter

logger = logging.getLogger("hub.security")


def network_of(ip, *, ipv4_prefix=24):
    """Return the network one place is likely to hold: the /24 of an IPv4 address (or
    `ipv4_prefix`; 32 keeps the address itself), the /64 of an IPv6 one, since an ISP
    hands a home or an office a whole /64. `::ffff:a.b.c.d` is taken as `a.b.c.d`."""
    try:
        address = ipaddress.ip_interface(ip).ip
    except ValueError:
        return ip
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    prefix = ipv4_prefix if address.version == 4 else 64
    network = ipaddress.ip_network(f"{address}/{prefix}", strict=False)
    return str(network.network_address) if network.num_addresses == 1 else str(network)


def client_ip(request):
    """Return the client's IP address, or the /64 of an IPv6 client.

    One IPv6 client holds a whole /64, so counting single addresses would let
    it change address with every request. X-Forwarded-For is only believed
    when RATELIMIT_TRUSTED_PROXIES says how many proxies in front of the hub
    append to it; otherwise anyone could send a new address with every request.
    """
    ip = request.META.get("REMOTE_ADDR", "")
    proxies = settings.RATELIMIT_TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            ip = hops[-proxies]
    return network_of(ip, ipv4_prefix=32)


def parse_rate(rate):
    """Return (count, seconds) for a rate such as "10/m" or "100/h"."""
    count, period = rate.split("/")
    return int(count), {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[0]]


def hit(scope, request):
    """Count one request of this client in `scope`; return seconds to wait, or 0."""
    if not settings.RATELIMIT_ENABLE:
        return 0
    limit, period = parse_rate(settings.RATELIMITS[scope])
    window = int(time.time() // period)
    key = f"ratelimit:{scope}:{client_ip(request)}:{window}"
    count = Counter.objects.increment(key, period + 1)
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
