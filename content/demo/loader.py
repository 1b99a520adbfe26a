"""Demo content for a fresh hub, written from the facts of the public page.

`load()` creates what is missing and never touches what exists, so running
it twice changes nothing, and an editor's changes to a demo item survive.
"""

import re
import textwrap
import tomllib
import zoneinfo
from datetime import datetime, time, timedelta
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from content.core.models import Content, ProductArea
from content.events.models import Registration, Session
from content.faq.models import Question
from content.library.models import Asset

AREAS = [
    {
        "slug": "human-risk-awareness",
        "name": "Human Risk / Awareness",
        "tagline": "Training modules, phishing simulations and good practice that help people "
        "spot attacks before they turn into incidents.",
        "intro": "Most incidents still start with a person clicking, replying or sharing. "
        "This area gathers the **training modules**, **phishing simulation kits** and "
        "**best practices** that partners use to build a workforce that recognises an attack.",
    },
    {
        "slug": "command-centre",
        "name": "Command Centre",
        "tagline": "Operational guides, dashboard walkthroughs and configuration resources "
        "for the central security management console.",
        "intro": "The Command Centre is where administrators run the platform day to day. "
        "Here you will find **operational guides**, **dashboard walkthroughs** and "
        "**configuration resources** to get the most from it.",
    },
    {
        "slug": "insider-risk",
        "name": "Insider Risk",
        "tagline": "Detection frameworks, policy templates and response playbooks for threats "
        "that start inside the organisation.",
        "intro": "Not every threat comes from outside. Use these **detection frameworks**, "
        "**policy templates** and **response playbooks** to find and contain risk that "
        "begins with people who already have access.",
    },
    {
        "slug": "human-risk-management",
        "name": "Human Risk Management",
        "tagline": "Strategy material on measuring, scoring and lowering human risk across "
        "the whole organisation.",
        "intro": "Human Risk Management brings awareness, behaviour data and controls "
        "together. These resources explain how risk is **measured**, how people are "
        "**scored**, and how the score is brought down over time.",
    },
]

# The FAQ answers and assets are data: one TOML file per kind, beside this
# module, that an editor can extend without reading Python. An asset's
# `type` is an Asset.Type value; a question without a slug takes its title's.
CONTENT = Path(__file__).resolve().parent / "data"


def _read(name, table):
    with open(CONTENT / name, "rb") as file:
        return tomllib.load(file)[table]


QUESTIONS = _read("faq.toml", "question")
ASSETS = _read("assets.toml", "asset")
# Video assets link to where the recording is hosted (the hub never embeds a
# third party); the example.com addresses stand in until an editor sets them.
VIDEO_HOST = "https://videos.example.com/technical-hub/"
SLUG_LENGTH = 80

SESSIONS = [
    {
        "slug": "phish-and-chips-london-deployment-day",
        "title": "Phish & Chips London: deployment deep dive",
        "area": "command-centre",
        "tags": ["phish-and-chips", "routing", "ldap"],
        "summary": "A day on real deployments: routing, directory sync and policy design.",
        "days_ahead": 21,
        "time_zone": "Europe/London",
        "attendance": Session.Attendance.IN_PERSON,
        "venue": "1 Finsbury Avenue",
        "city": "London",
        "capacity": 30,
        "booked": 12,
    },
    {
        "slug": "phish-and-chips-online-awareness",
        "title": "Phish & Chips online: awareness campaigns that work",
        "area": "human-risk-awareness",
        "tags": ["phish-and-chips", "phishing", "simulation"],
        "summary": "Build, run and measure a phishing simulation together, from home.",
        "days_ahead": 10,
        "time_zone": "America/New_York",
        "attendance": Session.Attendance.ONLINE,
        "venue": "",
        "city": "",
        "join_url": "https://meet.example.com/phish-and-chips-online-awareness",
        "capacity": 100,
        "booked": 40,
    },
    {
        "slug": "phish-and-chips-manchester-insider-risk",
        "title": "Phish & Chips Manchester: insider risk in practice",
        "area": "insider-risk",
        "tags": ["phish-and-chips", "insider-risk", "dlp"],
        "summary": "Detection, DLP policies and response playbooks, hands on. Nearly full.",
        "days_ahead": 35,
        "time_zone": "Europe/London",
        "attendance": Session.Attendance.IN_PERSON,
        "venue": "Spinningfields, 3 Hardman Street",
        "city": "Manchester",
        "capacity": 20,
        "booked": 18,
    },
]

# Each kind of day has its own agenda and hours, in the session's time zone.
AGENDAS = {
    Session.Attendance.IN_PERSON: (
        time(9, 30),
        time(16, 30),
        "- **09:30** Arrival and coffee\n"
        "- **10:00** Scenario walkthrough with the technical team\n"
        "- **12:30** Lunch: fish and chips, of course\n"
        "- **13:30** Hands-on lab in your own tenant or ours\n"
        "- **16:00** Open questions and wrap-up\n\n"
        "Bring a laptop. Everything else is provided.",
    ),
    Session.Attendance.ONLINE: (
        time(10, 0),
        time(13, 0),
        "- **10:00** Welcome, and how the session runs: questions in the chat at any time\n"
        "- **10:15** Scenario walkthrough with the technical team, on a shared screen\n"
        "- **11:15** Break\n"
        "- **11:30** Hands-on: build the exercise step by step alongside the team\n"
        "- **12:30** Open questions and wrap-up\n\n"
        "You need a browser and a headset; a second screen helps during the hands-on "
        "part. The join link comes with your confirmation.",
    ),
}


def _create(model, slug, defaults, tags):
    """Create a published item of `model` unless one with `slug` exists."""
    item, created = model.objects.get_or_create(
        slug=slug, defaults={"status": Content.Status.PUBLISHED, **defaults}
    )
    if created:
        item.tags.set(tags)
    return item, created


@transaction.atomic
def load():
    """Create the demo content that is missing; return how many rows were added."""
    added = 0
    areas = {}
    for order, data in enumerate(AREAS, start=1):
        area, created = ProductArea.objects.get_or_create(
            slug=data["slug"], defaults={**data, "order": order}
        )
        areas[area.slug] = area
        added += created

    now = timezone.now()
    for order, data in enumerate(QUESTIONS):
        data = dict(data)
        tags = data.pop("tags")
        area = areas[data.pop("area")]
        slug = data.pop("slug", None) or slugify(data["title"])[:SLUG_LENGTH]
        _, created = _create(Question, slug, {**data, "area": area, "order": order}, tags)
        added += created

    for age, data in enumerate(ASSETS):
        slug = slugify(data["title"])[:SLUG_LENGTH]
        asset, created = _create(
            Asset,
            slug,
            {
                "title": data["title"],
                "summary": data["summary"],
                "body": data["body"],
                "area": areas[data["area"]],
                "asset_type": Asset.Type(data["type"]),
                "format": data["format"],
                "duration_minutes": data.get("minutes"),
                "external_url": VIDEO_HOST + slug if data["format"] == "Video" else "",
                "publish_at": now - timedelta(days=age * 3),
            },
            data["tags"],
        )
        if created and data["format"] == "PDF":
            asset.file.save(f"{slug}.pdf", ContentFile(_demo_pdf(asset)))
        added += created

    for data in SESSIONS:
        data = dict(data)
        tags, booked = data.pop("tags"), data.pop("booked")
        day = (now + timedelta(days=data.pop("days_ahead"))).date()
        zone = data["time_zone"]
        starts, ends, agenda = AGENDAS[data["attendance"]]
        session, created = _create(
            Session,
            data.pop("slug"),
            {
                **data,
                "area": areas[data.pop("area")],
                "body": agenda,
                "starts_at": _at(day, starts, zone),
                "ends_at": _at(day, ends, zone),
            },
            tags,
        )
        added += created
        if created:
            Registration.objects.bulk_create(
                Registration(
                    session=session,
                    name=f"Demo attendee {number}",
                    email=f"attendee{number}@example.com",
                    company="Example Partner Ltd",
                    job_title="Security engineer",
                    consent=True,
                    status=Registration.Status.CONFIRMED,
                )
                for number in range(1, booked + 1)
            )
    return added


def _pdf_lines(asset):
    """Return the asset as wrapped (font, size, text) lines: title, summary, then the body."""
    blocks = [("F2", 18, asset.title), ("F1", 12, asset.summary), ("F1", 11, "")]
    for block in asset.body.split("\n"):
        text = re.sub(r"\*\*|\*|`", "", block).strip()
        if text.startswith("## "):
            blocks += [("F1", 11, ""), ("F2", 13, text[3:])]
        else:
            blocks.append(("F1", 11, "• " + text[2:] if text.startswith("- ") else text))
    lines = []
    for font, size, text in blocks:
        indent = "   " if text.startswith("• ") else ""
        wrapped = textwrap.wrap(text, width=84 * 11 // size, subsequent_indent=indent)
        lines += [(font, size, line) for line in wrapped or [""]]
    return lines


def _demo_pdf(asset):
    """Return a PDF of the asset's title, summary and body, so demo downloads hold the guide."""
    per_page = 44
    lines = _pdf_lines(asset)
    pages = [lines[start : start + per_page] for start in range(0, len(lines), per_page)]
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>"
    # Objects 1-4: catalog, page tree, two fonts; then a page and its content per page.
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", font % b"Helvetica"]
    objects.append(font % b"Helvetica-Bold")
    kids = []
    for page in pages:
        text = ["BT", "72 740 Td"]
        for name, size, line in page:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            text.append(f"/{name} {size} Tf 0 -{size + 5} Td ({escaped}) Tj")
        text.append("ET")
        stream = "\n".join(text).encode("cp1252", "replace")
        kids.append(b"%d 0 R" % (len(objects) + 1))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources "
            b"<< /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>" % (len(objects) + 2)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    pdf, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    table = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        table,
    )
    return pdf


def _at(day, clock, zone):
    return datetime.combine(day, clock, tzinfo=zoneinfo.ZoneInfo(zone))
