"""Certificates of attendance: a one-page PDF (fpdf2) for a person marked attended,
with a signed verification address that anyone can open to confirm it.

The verification address names the registration by its random token, signed
under its own salt and without an expiry: a certificate is checked long after
the day. Once the person's data is removed the page still confirms the
session, but no longer the name.
"""

import io
from pathlib import Path
from zoneinfo import ZoneInfo

import segno
from django.conf import settings
from django.core import signing
from django.urls import reverse

from content.core.links import absolute_url
from content.events.models import Registration

SALT = "content.events.certificate"


def certificate_verify_url(registration):
    """Return the absolute address that confirms `registration`'s certificate."""
    # A plain signature of the token, without signing.dumps()'s timestamp and
    # encoding: the address stays short enough for one printed line.
    signed = signing.Signer(salt=SALT).sign(registration.token.hex)
    return absolute_url(reverse("events:certificate-verify", kwargs={"signed": signed}))


def registration_for_certificate(signed):
    """Return the registration a verification address names; raise
    signing.BadSignature for a changed one, Registration.DoesNotExist for none."""
    token = signing.Signer(salt=SALT).unsign(signed)
    return Registration.objects.select_related("session").get(token=token)


def session_length(session):
    """Say how long `session` lasts: "6 hours", "3 hours 30 minutes", "45 minutes"."""
    minutes = round((session.ends_at - session.starts_at).total_seconds() / 60)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts) or "0 minutes"


def session_when(session):
    """Say the session's date and times in its own zone, as its page does."""
    zone = ZoneInfo(session.time_zone)
    starts, ends = session.starts_at.astimezone(zone), session.ends_at.astimezone(zone)
    if starts.date() == ends.date():
        return f"{starts:%A %-d %B %Y, %H:%M}–{ends:%H:%M} {starts:%Z}"
    return f"{starts:%-d %B %Y, %H:%M %Z} to {ends:%-d %B %Y, %H:%M %Z}"


def _certificate_document():
    """Return an empty landscape A4 document in DejaVu Sans, which prints any name
    (not only Latin-1 ones)."""
    # Imported here, on the first certificate: fpdf brings Pillow and fontTools,
    # whose import would otherwise delay every worker's first request of any page.
    from fpdf import FPDF

    pdf = FPDF(orientation="L", format="A4")
    pdf.set_title("Certificate of attendance")
    pdf.set_author(settings.SITE_NAME)
    pdf.set_auto_page_break(False)
    fonts = Path(settings.CERTIFICATE_FONT_DIR)
    pdf.add_font("DejaVu", "", fonts / "DejaVuSans.ttf")
    pdf.add_font("DejaVu", "B", fonts / "DejaVuSans-Bold.ttf")
    return pdf


def _centred(pdf, text, *, size, style="", height=None, space_after=4):
    pdf.set_font("DejaVu", style, size)
    pdf.multi_cell(0, height or size * 0.5, text, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(space_after)


def certificate_pdf(registration):
    """Return the certificate of the attended `registration` as PDF bytes."""
    session = registration.session
    verify_url = certificate_verify_url(registration)
    pdf = _certificate_document()
    pdf.add_page()
    pdf.set_draw_color(11, 37, 69)
    pdf.set_line_width(1.5)
    pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)
    pdf.set_text_color(11, 37, 69)
    pdf.set_y(28)
    _centred(pdf, "Certificate of attendance", size=30, style="B", space_after=10)
    pdf.set_text_color(27, 31, 36)
    _centred(pdf, "This certifies that", size=14)
    _centred(pdf, registration.name, size=26, style="B", height=14, space_after=6)
    _centred(pdf, "attended the Phish & Chips technical session", size=14)
    _centred(pdf, session.title, size=20, style="B", height=10, space_after=6)
    _centred(pdf, f"{session_when(session)} ({session_length(session)})", size=13)
    place = "Online" if session.is_online else session.place
    _centred(pdf, place, size=13, space_after=10)
    code = io.BytesIO()
    segno.make_qr(verify_url, error="m").save(code, kind="png", scale=4, border=2)
    pdf.image(code, x=(pdf.w - 30) / 2, y=pdf.get_y(), w=30, h=30)
    pdf.set_y(pdf.get_y() + 33)
    _centred(pdf, f"Issued by {settings.SITE_NAME}. To confirm this certificate, visit:", size=10)
    _centred(pdf, verify_url, size=9, space_after=0)
    return bytes(pdf.output())
