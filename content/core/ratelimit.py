"""Rate limits per client and per email address, counted in the database.

Counts are `Counter` rows, so every worker and every app server shares them,
and no flood of cached pages can evict them. A public form counts twice:
every try against a loose limit, RATELIMIT_TRIES_FACTOR times the scope's
(`ratelimit(scope, tries=True)`), and each accepted submission, once the form
is valid, against the scope's limit per client and per email address
(`ratelimit_submission`). A typing
mistake costs nothing, and colleagues behind one office address do not share
one small limit. RATELIMIT_ENABLE=0 turns all limits off.
"""

import datetime
import functools
import ipaddress
import logging
import math

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.crypto import salted_hmac

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


def window_hit(key, limit, period, *, scope, request):
    """Count one hit at `key` against `limit` per `period` seconds; return
    seconds to wait, or 0.

    A window opens at the first hit and lasts `period` (a Counter's window),
    so no edge of the clock splits two hits a moment apart.
    """
    count = Counter.objects.increment(key, period)
    if count <= limit:
        return 0
    if count == limit + 1:
        logger.warning(
            "rate limit reached",
            extra={"event": "ratelimit", "scope": scope, "ip": client_ip(request)},
        )
    return Counter.objects.seconds_left(key)


def hit(scope, request, *, tries=False):
    """Count one request of this client in `scope`; return seconds to wait, or 0.

    `tries` counts every try at a form, against RATELIMIT_TRIES_FACTOR times
    the scope's limit.
    """
    if not settings.RATELIMIT_ENABLE:
        return 0
    limit, period = parse_rate(settings.RATELIMITS[scope])
    if tries:
        limit *= settings.RATELIMIT_TRIES_FACTOR
    key = f"ratelimit:{scope}:{'tries:' if tries else ''}{client_ip(request)}"
    return window_hit(key, limit, period, scope=scope, request=request)


def email_hit(scope, request, email):
    """Count one accepted submission from `email` in `scope`; return seconds to wait, or 0."""
    rate = settings.RATELIMITS_PER_EMAIL.get(scope)
    if not (settings.RATELIMIT_ENABLE and rate and email):
        return 0
    # A keyed hash: the database never holds the address itself.
    digest = salted_hmac("ratelimit.email", email.strip().lower(), algorithm="sha256")
    key = f"ratelimit:{scope}:email:{digest.hexdigest()}"
    return window_hit(key, *parse_rate(rate), scope=scope, request=request)


def too_many_requests(request, wait, *, scope="", as_json=False):
    if as_json:
        message = f"Too many requests. Try again in {wait} seconds."
        response = JsonResponse({"error": message}, status=429)
    else:
        context = {
            "wait_seconds": wait,
            "wait_minutes": math.ceil(wait / 60),
            "try_again_at": timezone.localtime() + datetime.timedelta(seconds=wait),
            "scope": scope,
            "team_email": settings.TEAM_EMAIL,
        }
        response = render(request, "429.html", context, status=429)
    response["Retry-After"] = str(wait)
    return response


def ratelimit(scope, methods=("POST",), *, as_json=False, tries=False):
    """Limit how often one client may call the view with `methods`.

    An API sets `as_json`, so that its clients get the refusal as JSON too.
    A form sets `tries`: every try counts against RATELIMIT_TRIES_FACTOR
    times the scope's limit, and the view counts what it accepts with
    `ratelimit_submission`.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                wait = hit(scope, request, tries=tries)
                if wait:
                    return too_many_requests(request, wait, scope=scope, as_json=as_json)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def ratelimit_submission(scope, request, *, email=""):
    """Count one accepted submission of this client (and of `email`) in
    `scope`; return the 429 page when over a limit, else None."""
    wait = max(hit(scope, request), email_hit(scope, request, email))
    return too_many_requests(request, wait, scope=scope) if wait else None
