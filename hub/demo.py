"""Demo content for a fresh hub, written from the facts of the public page.

`load()` creates what is missing and never touches what exists, so running
it twice changes nothing, and an editor's changes to a demo item survive.
"""

import zoneinfo
from datetime import datetime, time, timedelta

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

QUESTIONS = [
    {
        "slug": "who-holds-an-administrator-role",
        "title": "How do I find out who holds an administrator role in my organisation?",
        "topic": "Administration",
        "area": "command-centre",
        "tags": ["administration", "roles"],
        "summary": "Administrator roles and their members are listed under Account, Roles.",
        "body": "Open the Administration Console and go to **Account | Roles**. Every "
        "administrator role in your organisation is listed there. Select a role to see "
        "the people who belong to it.",
    },
    {
        "slug": "troubleshooting-policy-configuration",
        "title": "A policy does not apply the way I expected. What should I check?",
        "topic": "Policies",
        "area": "command-centre",
        "tags": ["policies", "troubleshooting"],
        "summary": "Work through scope, default policies, the definition and precedence.",
        "body": "When a message is not handled as you expected, go through these checks:\n\n"
        "1. **Scope.** Check the policy's scope, including whether it matches on the "
        "envelope or the header address.\n"
        "2. **Default policies.** Make sure nobody has added IP addresses to a default "
        "policy.\n"
        "3. **Definition.** Confirm that the definition the policy uses holds the values "
        "you expect.\n"
        "4. **All inbound mail.** A policy meant for every inbound message should be scoped "
        '"From Everyone, To Internal". Impersonation Protect is the exception: scope it '
        '"External to Internal".\n'
        "5. **Precedence.** Look for another policy that is more specific and wins.",
    },
    {
        "slug": "inbound-mail-not-routed-as-expected",
        "title": "Why is our inbound mail not routed the way we expect?",
        "topic": "Mail routing",
        "area": "command-centre",
        "tags": ["routing", "smtp", "firewall"],
        "summary": "Check the firewall, test the delivery route, scope policies and recalculate.",
        "body": "Start with your own firewall: it must accept connections from the platform. "
        "Then:\n\n"
        "- use the **test delivery route** option in your Delivery Routing Definitions;\n"
        "- check that routing policies are scoped correctly (Everyone to Internal for all "
        "inbound mail);\n"
        "- if you changed a policy, **recalculate delivery**.\n\n"
        "The **Monitoring | Delivery** page of the Administration Console shows the detail "
        "of each delivery attempt.",
    },
    {
        "slug": "policies-and-sub-groups",
        "title": "Can a policy on a group leave out the group's sub-groups?",
        "topic": "Policies",
        "area": "command-centre",
        "tags": ["policies", "groups"],
        "summary": "No: a group's policy always covers its sub-groups. Move the sub-group instead.",
        "body": "No. A policy applied to a group also applies to every sub-group below it in "
        "the hierarchy, and that cannot be switched off. If a sub-group must not get the "
        "policy, move it up so that it sits at the same level as the group, or higher.",
    },
    {
        "slug": "spam-false-positives",
        "title": "Legitimate mail was marked as spam. How do we fix it?",
        "topic": "Spam",
        "area": "human-risk-awareness",
        "tags": ["spam", "support"],
        "summary": "Escalate to support with an original copy of the message.",
        "body": "Raise it with the support team and include an original copy of the message "
        "whenever you can. Put the message in a **password-protected zip** so that it "
        "reaches support intact rather than being filtered again. The *Misreported Spam "
        "Messages* page explains the process in full.",
    },
    {
        "slug": "stop-users-sending-outbound-spam",
        "title": "How do we stop particular users from sending spam out?",
        "topic": "Spam",
        "area": "insider-risk",
        "tags": ["spam", "smtp", "outbound"],
        "summary": "Turn off SMTP submission for the user and block the sender for now.",
        "body": "Make sure the user does **not** have SMTP submission enabled, and put a "
        "block on the sender until the cause has been dealt with inside your organisation.",
    },
    {
        "slug": "several-content-examination-policies",
        "title": "Can several Content Examination policies act on the same message?",
        "topic": "Policies",
        "area": "insider-risk",
        "tags": ["policies", "dlp", "content-examination"],
        "summary": "Yes: triggering one policy does not stop the others from running.",
        "body": "Yes. Content Examination policies, like Targeted Threat Protection "
        "policies, keep processing a message after one of them has triggered.\n\n"
        "Say one policy holds outbound messages that contain `CC#`, and another sends "
        'outbound messages securely when they contain "DRUG CODE". A message with both is '
        "first held by the first policy; once released, the second policy sends it "
        "through Secure Messaging.",
    },
    {
        "slug": "digest-set-notifications",
        "title": "Users are not getting their digest notifications. What can we check?",
        "topic": "Notifications",
        "area": "human-risk-awareness",
        "tags": ["digest", "notifications"],
        "summary": "Check the schedule and its time zone, held mail, and the archive.",
        "body": "- **Schedule.** Check the schedule in *Configuring Digest Set Emails*, and "
        "mind the time zone: the Administration Console works in the time of your "
        "account's data centre.\n"
        "- **Held mail.** A digest only goes out when the user has had mail held since the "
        "last one.\n"
        "- **Archive.** Search the archive for the digest's subject, such as \"messages on "
        'hold for", to see whether one was sent to that user.',
    },
    {
        "slug": "port-numbers",
        "title": "Which port numbers does the platform use?",
        "topic": "Network",
        "area": "command-centre",
        "tags": ["ports", "smtp", "ldap", "firewall"],
        "summary": "SMTP on 25; LDAP on 636 (secure) and 389.",
        "body": "| Service | Port |\n|---|---|\n| SMTP | 25 |\n| LDAP over TLS | 636 |\n"
        "| LDAP | 389 |\n\nOpen these in your firewall for the platform's address ranges.",
    },
    {
        "slug": "active-directory-synchronisation-times",
        "title": "When does Active Directory synchronisation run?",
        "topic": "Directory synchronisation",
        "area": "command-centre",
        "tags": ["ldap", "active-directory", "synchronisation"],
        "summary": "Three times a day: 8 a.m., 1 p.m. and 11 p.m., grid local time.",
        "body": "Active Directory synchronisation runs on its own **three times a day**: at "
        "8 a.m., 1 p.m. and 11 p.m., in the local time of the grid that hosts your account.\n\n"
        "**Azure Active Directory** synchronisations start inside a window, so that requests "
        "are spread out: between 8 and 11 a.m., between 1 and 4 p.m., and between midnight "
        "and 3 a.m., again in the grid's local time.\n\n"
        "With the **Synchronisation Engine**, the times follow the clock of the server the "
        "Engine is installed on.",
    },
    {
        "slug": "what-is-phish-and-chips",
        "title": "What happens at a Phish & Chips technical day?",
        "topic": "Training",
        "area": "human-risk-awareness",
        "tags": ["training", "phish-and-chips"],
        "summary": "Hands-on sessions on deployment scenarios, capability and open discussion.",
        "body": "Phish & Chips days go further than standard enablement. Expect real "
        "deployment scenarios, a close look at what the products can do, and plenty of time "
        "for open technical questions. Seats are limited; register on the session's page.",
    },
]

T = Asset.Type
ASSETS = [
    ("human-risk-awareness", T.TRAINING_MODULE, "Security awareness starter module",
     "A twenty-minute module that teaches the five signs of a phishing email.",
     ["training", "phishing"], "Video", 20),
    ("human-risk-awareness", T.SIMULATION_KIT, "Invoice fraud phishing simulation kit",
     "Templates, landing pages and a debrief for a realistic invoice-fraud campaign.",
     ["phishing", "simulation"], "ZIP", None),
    ("human-risk-awareness", T.BEST_PRACTICE, "Running your first phishing simulation",
     "How to plan, announce, run and learn from a first simulated phishing campaign.",
     ["phishing", "simulation", "best-practice"], "PDF", None),
    ("human-risk-awareness", T.TECHNICAL_UPDATE, "New training modules on QR-code phishing",
     "Two new modules cover quishing: phishing through QR codes in mail and print.",
     ["phishing", "training"], "Web page", None),
    ("command-centre", T.DEMO_WALKTHROUGH, "Command Centre dashboard walkthrough",
     "A guided tour of the main dashboard: threat summary, queues and health.",
     ["dashboard", "demo"], "Video", 15),
    ("command-centre", T.IMPLEMENTATION_GUIDE, "Directory synchronisation implementation guide",
     "Connect Active Directory or Azure AD, choose a schedule and check the first sync.",
     ["ldap", "active-directory", "synchronisation"], "PDF", None),
    ("command-centre", T.CONFIGURATION_RESOURCE, "Delivery routing configuration checklist",
     "Every setting to check before you switch inbound mail over.",
     ["routing", "smtp", "firewall"], "PDF", None),
    ("command-centre", T.TECHNICAL_UPDATE, "Console update: faster message tracking",
     "Message tracking now searches a day of mail in seconds and exports to CSV.",
     ["dashboard", "monitoring"], "Web page", None),
    ("insider-risk", T.DETECTION_FRAMEWORK, "Insider threat detection framework",
     "Signals, thresholds and triage steps for spotting risky behaviour from within.",
     ["insider-risk", "detection", "dlp"], "PDF", None),
    ("insider-risk", T.POLICY_TEMPLATE, "Data leak prevention policy template",
     "A ready-to-adapt set of Content Examination policies for outbound data.",
     ["dlp", "policies", "content-examination"], "DOCX", None),
    ("insider-risk", T.RESPONSE_PLAYBOOK, "Departing employee response playbook",
     "What to watch, who to tell and how to act when a leaver moves data.",
     ["insider-risk", "playbook"], "PDF", None),
    ("human-risk-management", T.TECHNICAL_BLOG, "Measuring human risk: what the score means",
     "How behaviour, training and exposure combine into one human risk score.",
     ["risk-score", "metrics"], "Web page", None),
    ("human-risk-management", T.IMPLEMENTATION_GUIDE, "Human risk programme rollout guide",
     "A staged plan for bringing risk scoring to a whole organisation.",
     ["risk-score", "best-practice"], "PDF", None),
    ("human-risk-management", T.TECHNICAL_UPDATE, "Risk scores now feed adaptive policies",
     "High-risk users can now get stricter mail policies automatically.",
     ["risk-score", "policies"], "Web page", None),
]  # fmt: skip

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

AGENDA = (
    "- **09:30** Arrival and coffee\n"
    "- **10:00** Scenario walkthrough with the technical team\n"
    "- **12:30** Lunch: fish and chips, of course\n"
    "- **13:30** Hands-on lab in your own tenant or ours\n"
    "- **16:00** Open questions and wrap-up\n\n"
    "Bring a laptop. Everything else is provided."
)


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
        _, created = _create(
            Question, data.pop("slug"), {**data, "area": area, "order": order}, tags
        )
        added += created

    for age, (area, asset_type, title, summary, tags, file_format, minutes) in enumerate(ASSETS):
        body = (
            f"{summary}\n\n## What you will find\n\n"
            "- Step-by-step instructions with screenshots\n"
            "- The settings to check before you go live\n"
            "- Links to the matching FAQ answers\n"
        )
        asset, created = _create(
            Asset,
            slugify(title),
            {
                "title": title,
                "summary": summary,
                "body": body,
                "area": areas[area],
                "asset_type": asset_type,
                "format": file_format,
                "duration_minutes": minutes,
                "publish_at": now - timedelta(days=age * 3),
            },
            tags,
        )
        if created and file_format == "PDF":
            asset.file.save(f"{slugify(title)}.pdf", ContentFile(_demo_pdf(title)))
        added += created

    for data in SESSIONS:
        data = dict(data)
        tags, booked = data.pop("tags"), data.pop("booked")
        day = (now + timedelta(days=data.pop("days_ahead"))).date()
        zone = data["time_zone"]
        session, created = _create(
            Session,
            data.pop("slug"),
            {
                **data,
                "area": areas[data.pop("area")],
                "body": AGENDA,
                "starts_at": _at(day, time(9, 30), zone),
                "ends_at": _at(day, time(16, 30), zone),
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


def _demo_pdf(title):
    """Return a one-page PDF that says `title`, so the demo has files to download."""
    text = title.replace("\\", "").replace("(", "").replace(")", "")
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
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
