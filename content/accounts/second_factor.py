"""A second factor for the staff who reach personal data (allauth's MFA: TOTP
with recovery codes).

Superusers and members of ADMIN_SECOND_FACTOR_GROUPS sign in to the admin
with their password as before (rate-limited and locked out by django-axes),
then, before any admin page, type a code from their authenticator app or one
of their recovery codes. The first time, they set the app up. The session
remembers the second factor until it ends.
"""

from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret, validate_totp_code
from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

SESSION_KEY = "staff_second_factor"
SECRET_KEY = "staff_second_factor_secret"


def needs_second_factor(user):
    """Say whether `user` must pass a second factor to reach the admin."""
    if not (user.is_active and user.is_staff):
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=settings.ADMIN_SECOND_FACTOR_GROUPS).exists()


def passed(request):
    return request.session.get(SESSION_KEY) == request.user.pk


def totp_of(user):
    instance = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return TOTP(instance) if instance else None


def setup_secret(request):
    """Return the secret being set up in this session (made on first use)."""
    secret = request.session.get(SECRET_KEY)
    if not secret:
        secret = request.session[SECRET_KEY] = generate_totp_secret()
    return secret


def setup_picture(user, secret):
    """Return the QR code, as SVG, of the otpauth:// address of `secret`."""
    adapter = get_mfa_adapter()
    return adapter.build_totp_svg(adapter.build_totp_url(user, secret))


def second_factor_activate(*, request, code):
    """Turn on the authenticator being set up if `code` fits it; return the
    recovery codes to show once, or None."""
    secret = setup_secret(request)
    if not validate_totp_code(secret, code):
        return None
    with transaction.atomic():
        TOTP.activate(request.user, secret)
        codes = RecoveryCodes.activate(request.user).generate_codes()
    del request.session[SECRET_KEY]
    request.session[SESSION_KEY] = request.user.pk
    return codes


def second_factor_verify(*, request, code):
    """Say whether `code` is a fresh authenticator code or an unused recovery
    code of the user; mark the session when it is."""
    user = request.user
    totp = totp_of(user)
    recovery = Authenticator.objects.filter(
        user=user, type=Authenticator.Type.RECOVERY_CODES
    ).first()
    with transaction.atomic():
        valid = bool(totp and totp.validate_code(code)) or bool(
            recovery and RecoveryCodes(recovery).validate_code(code)
        )
    if valid:
        request.session.cycle_key()
        request.session[SESSION_KEY] = user.pk
    return valid


def second_factor_due(request):
    """Say whether the signed-in member of staff must type a second factor first."""
    return (
        settings.ADMIN_SECOND_FACTOR and needs_second_factor(request.user) and not passed(request)
    )


def second_factor_redirect(request):
    """Send the person to the second factor, and back to this page after it."""
    target = reverse("accounts:second-factor")
    return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")


class StaffSecondFactorMiddleware:
    """Send staff who need a second factor to it before any admin page."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.ADMIN_URL
        # The admin, and the staff-only pages beside it: previews of drafts
        # and the local outbox, which holds the mails people were sent.
        self.guarded_prefixes = (self.admin_prefix, "/preview/", "/dev/outbox/")
        self.open_paths = {self.admin_prefix + "login/", self.admin_prefix + "logout/"}

    def __call__(self, request):
        if self.guarded(request):
            return second_factor_redirect(request)
        return self.get_response(request)

    def guarded(self, request):
        if not request.path.startswith(self.guarded_prefixes) or request.path in self.open_paths:
            return False
        # No session cookie: nobody is signed in, and the session stays unread.
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return False
        return second_factor_due(request)
