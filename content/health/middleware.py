from content.health import views


class HealthMiddleware:
    """Answer /healthz and /readyz before the Host header is checked.

    Load balancers and Docker's HEALTHCHECK call each app server by its own
    address over plain HTTP, which ALLOWED_HOSTS would rightly refuse for any
    other page (SECURE_REDIRECT_EXEMPT spares them the HTTPS redirect). The
    middleware above this one still adds the security headers.
    """

    checks = {"/healthz": views.healthz, "/readyz": views.readyz}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        check = self.checks.get(request.path_info)
        if check is None:
            return self.get_response(request)
        return check(request)
