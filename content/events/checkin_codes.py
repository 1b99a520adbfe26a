"""The signed check-in address each confirmed person carries, and its QR code.

A check-in address names a registration by its random token, signed with
SECRET_KEY under its own salt: a manage link checks nobody in, and a check-in
address manages nothing. Only staff who may change registrations act on it
(content.events.checkin_views); to anyone else it is a sign-in page.
"""

import io

import segno
from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.safestring import mark_safe

from content.core.links import absolute_url, signed_value
from content.events.models import Registration

SALT = "content.events.checkin"


def checkin_signed(registration):
    """Return the signed part of `registration`'s check-in address, freshly signed."""
    return signing.dumps(str(registration.token), salt=SALT)


def checkin_url(registration):
    """Return the absolute check-in address: what the QR code says."""
    return absolute_url(reverse("events:checkin", kwargs={"signed": checkin_signed(registration)}))


def checkin_code_url(registration):
    """Return the absolute address of the QR code as PNG, for emails."""
    signed = checkin_signed(registration)
    return absolute_url(reverse("events:checkin-code", kwargs={"signed": signed}))


def checkin_token(signed):
    """Return the registration token a check-in address's signed part carries.

    Raise signing.BadSignature (SignatureExpired for an old one) when it was
    not made by checkin_path().
    """
    return signed_value(signed, salt=SALT, max_age_days=settings.EVENTS_MANAGE_LINK_MAX_AGE_DAYS)


def registration_for_checkin(signed):
    """Return the registration a check-in address names.

    Raise signing.BadSignature for a changed or old address and
    Registration.DoesNotExist once its data was removed.
    """
    return Registration.objects.select_related("session").get(
        token=checkin_token(signed), purged_at=None
    )


def checkin_qr(signed):
    """Return the QR code (a segno.QRCode) of the check-in address whose signed part is `signed`.

    Error correction M survives a cracked phone screen or a crumpled print-out
    and keeps the code small enough to scan from across a desk.
    """
    url = absolute_url(reverse("events:checkin", kwargs={"signed": signed}))
    return segno.make_qr(url, error="m")


def checkin_qr_svg(signed):
    """Return the QR code as an <svg> element for a page: no style attribute, so
    the strict CSP holds, and a title for screen readers."""
    svg = checkin_qr(signed).svg_inline(
        scale=5, omitsize=True, title="QR code for checking in at the door", svgclass="qr-code"
    )
    # segno writes the markup from the hub's own address: nothing anyone typed.
    return mark_safe(svg)


def checkin_qr_png(signed):
    """Return the QR code as PNG bytes, for email clients that show no inline SVG."""
    out = io.BytesIO()
    checkin_qr(signed).save(out, kind="png", scale=6)
    return out.getvalue()
