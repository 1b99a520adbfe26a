"""Demo content for a fresh hub, written from the facts of the public page.

`load()` creates what is missing and never touches what exists, so running
it twice changes nothing, and an editor's changes to a demo item survive.
"""

import re
import textwrap
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
# Video assets link to where the recording is hosted (the hub never embeds a
# third party); the example.com addresses stand in until an editor sets them.
VIDEO_HOST = "https://videos.example.com/technical-hub/"
ASSETS = [
    {
        "area": "human-risk-awareness",
        "type": T.TRAINING_MODULE,
        "title": "Security awareness starter module",
        "summary": "A twenty-minute module that teaches the five signs of a phishing email.",
        "tags": ["training", "phishing"],
        "format": "Video",
        "minutes": 20,
        "body": "## What the module shows\n\n"
        "- **0–4 min** Why attackers write to people rather than break into systems: "
        "one convincing message is cheaper than any exploit.\n"
        "- **4–12 min** The five signs, each on an example message: a display name that "
        "does not match the address behind it; urgency or a threat; a request for a "
        "password, a payment or a file; a link whose address differs from its text; an "
        "attachment nobody was expecting.\n"
        "- **12–17 min** What to do instead of clicking: report the message, and check "
        "with the sender through a channel you already know.\n"
        "- **17–20 min** A short quiz on five messages, with the answers explained.\n\n"
        "Give it to new starters before their first simulated phishing campaign.",
    },
    {
        "area": "human-risk-awareness",
        "type": T.SIMULATION_KIT,
        "title": "Invoice fraud phishing simulation kit",
        "summary": "Templates, landing pages and a debrief for a realistic invoice-fraud campaign.",
        "tags": ["phishing", "simulation"],
        "format": "ZIP",
        "body": "## In the kit\n\n"
        "- Three email templates of rising difficulty: a supplier announcing new bank "
        "details, a reminder about an overdue invoice, and a link to a shared invoice.\n"
        "- A landing page that tells the person, in plain words, which signs they "
        "missed.\n"
        "- A debrief for team leads, with the questions people usually ask.\n\n"
        "## Before you send\n\n"
        "Agree the campaign with HR and with finance: invoice lures land in finance's "
        "inboxes first, and a look-alike of a real supplier can cause a real payment "
        "query.",
    },
    {
        "area": "human-risk-awareness",
        "type": T.BEST_PRACTICE,
        "title": "Running your first phishing simulation",
        "summary": "How to plan, announce, run and learn from a first simulated phishing campaign.",
        "tags": ["phishing", "simulation", "best-practice"],
        "format": "PDF",
        "body": "## Plan\n\n"
        "Choose one result you will measure, such as how many people report the message, "
        "not only how many click. Agree the dates with HR and the service desk.\n\n"
        "## Announce\n\n"
        "Tell everyone that simulations will happen, without saying when. People who know "
        "the exercise exists report more and resent it less.\n\n"
        "## Run\n\n"
        "Send in small waves over several days, so that word of mouth does not spoil the "
        "result, and keep the service desk ready for reports.\n\n"
        "## Learn\n\n"
        "Share results by team, never by name. Offer a short training module to those who "
        "clicked, and thank those who reported.",
    },
    {
        "area": "human-risk-awareness",
        "type": T.TECHNICAL_UPDATE,
        "title": "Digest notifications run on your data centre's clock",
        "summary": "When users miss a digest, start with the time zone: schedules follow the "
        "account's data centre.",
        "tags": ["digest", "notifications"],
        "format": "Web page",
        "body": "Digest Set notifications go out on the schedule set on the *Configuring "
        "Digest Set Emails* page. The Administration Console keeps the time of the data "
        "centre that hosts your account, which may not be yours: a digest set for 8:00 "
        "goes out at 8:00 there.\n\n"
        "When a user says a digest never came:\n\n"
        "1. Work out the schedule in the data centre's time.\n"
        "2. Check that the user has had mail held since their last digest: without held "
        "mail, none is sent.\n"
        '3. Search the archive for the digest\'s subject, such as "messages on hold for", '
        "to see whether one went to that user.",
    },
    {
        "area": "command-centre",
        "type": T.DEMO_WALKTHROUGH,
        "title": "Command Centre dashboard walkthrough",
        "summary": "A guided tour of the Administration Console tasks that come up most: "
        "roles, routing and delivery.",
        "tags": ["dashboard", "demo"],
        "format": "Video",
        "minutes": 15,
        "body": "## What the walkthrough shows\n\n"
        "- **0–3 min** Finding who holds an administrator role: **Account | Roles**, then "
        "a role to list its members.\n"
        "- **3–8 min** Checking inbound routing with the test delivery route option in "
        "Delivery Routing Definitions, and recalculating delivery after a policy change.\n"
        "- **8–12 min** Reading **Monitoring | Delivery** to follow each delivery "
        "attempt.\n"
        "- **12–15 min** Why a policy on a group reaches its sub-groups, and how moving a "
        "sub-group in the hierarchy changes that.",
    },
    {
        "area": "command-centre",
        "type": T.IMPLEMENTATION_GUIDE,
        "title": "Directory synchronisation implementation guide",
        "summary": "Connect Active Directory or Azure AD, know when synchronisation runs, and "
        "check the first one.",
        "tags": ["ldap", "active-directory", "synchronisation"],
        "format": "PDF",
        "body": "## Before you start\n\n"
        "Directory connections use LDAP: port 636 over TLS, or port 389. Open the one you "
        "use in your firewall for the platform's address ranges; prefer 636.\n\n"
        "## When synchronisation runs\n\n"
        "- Active Directory: by itself three times a day, at 8 a.m., 1 p.m. and 11 p.m., "
        "in the local time of the grid that hosts your account.\n"
        "- Azure Active Directory: inside windows that spread the requests out, between "
        "8 and 11 a.m., 1 and 4 p.m., and midnight and 3 a.m., again grid time.\n"
        "- Synchronisation Engine: the clock of the server it is installed on.\n\n"
        "## After the first run\n\n"
        "Check that groups and sub-groups landed where you expect: a policy on a group "
        "also applies to every sub-group below it.",
    },
    {
        "area": "command-centre",
        "type": T.CONFIGURATION_RESOURCE,
        "title": "Delivery routing configuration checklist",
        "summary": "Every setting to check before you switch inbound mail over.",
        "tags": ["routing", "smtp", "firewall"],
        "format": "PDF",
        "body": "Tick each line before you point your MX records at the platform.\n\n"
        "- Your firewall accepts SMTP connections (port 25) from the platform.\n"
        "- Each of your mail servers has a delivery route, and the test delivery route "
        "option in Delivery Routing Definitions succeeds for each one.\n"
        "- Routing policies meant for all inbound mail are scoped Everyone to Internal.\n"
        "- Nobody has added IP addresses to a default policy.\n"
        "- Delivery has been recalculated after the last policy change.\n"
        "- Everyone on call knows where to look when mail goes astray: **Monitoring | "
        "Delivery** in the Administration Console.",
    },
    {
        "area": "command-centre",
        "type": T.TECHNICAL_UPDATE,
        "title": "Five checks when a policy does not apply",
        "summary": "Scope, default policies, definitions, inbound scoping and precedence, in "
        "the order support goes through them.",
        "tags": ["policies", "troubleshooting"],
        "format": "Web page",
        "body": 'Most policies that "do not work" are working as configured. Before you '
        "open a case, go through these in order:\n\n"
        "1. **Scope.** Does it match on the envelope address or the header address, and "
        "is that the one the message carries?\n"
        "2. **Default policies.** Has anyone added IP addresses to one?\n"
        "3. **Definition.** Does the definition the policy points to hold the values you "
        "think it does?\n"
        '4. **Inbound scope.** A policy for all inbound mail needs "From Everyone, To '
        'Internal"; Impersonation Protect is the exception, with "External to '
        'Internal".\n'
        "5. **Precedence.** Is a more specific policy winning?",
    },
    {
        "area": "insider-risk",
        "type": T.DETECTION_FRAMEWORK,
        "title": "Insider threat detection framework",
        "summary": "Signals, thresholds and triage steps for spotting risky behaviour from within.",
        "tags": ["insider-risk", "detection", "dlp"],
        "format": "PDF",
        "body": "## Signals\n\n"
        "- **Data leaving:** more outbound mail with attachments than usual, mail to "
        "personal addresses, content your data leak prevention policies match.\n"
        "- **Access:** systems used outside a person's role, or at unusual hours.\n"
        "- **Context:** notice given, a dispute, a change of role.\n\n"
        "## Thresholds\n\n"
        "Compare each person with their own past and with their team, not with one "
        "figure for everybody, and only act when signals from two groups coincide.\n\n"
        "## Triage\n\n"
        "1. Confirm the signal is real and not a new business process.\n"
        "2. Bring in HR and legal before anyone speaks to the person.\n"
        "3. Contain: when mail is the channel, turn off SMTP submission for the user and "
        "block the sender until the matter is resolved.",
    },
    {
        "area": "insider-risk",
        "type": T.POLICY_TEMPLATE,
        "title": "Data leak prevention policy template",
        "summary": "A ready-to-adapt set of Content Examination policies for outbound data.",
        "tags": ["dlp", "policies", "content-examination"],
        "format": "DOCX",
        "body": "## What the template sets up\n\n"
        "Two outbound Content Examination policies that show how such policies work "
        "together:\n\n"
        "- **Hold** messages to external addresses that contain a marker such as `CC#`.\n"
        "- **Send securely**, through Secure Messaging, external messages that contain a "
        'marker such as "DRUG CODE".\n\n'
        "One policy triggering does not stop the others: a message with both markers is "
        "held first and, once released, leaves through Secure Messaging.\n\n"
        "## Adapting it\n\n"
        "Swap the markers for the words and patterns your own data carries, and try the "
        "policies on a small group before applying them to everyone.",
    },
    {
        "area": "insider-risk",
        "type": T.RESPONSE_PLAYBOOK,
        "title": "Departing employee response playbook",
        "summary": "What to watch, who to tell and how to act when a leaver moves data.",
        "tags": ["insider-risk", "playbook"],
        "format": "PDF",
        "body": "## When notice is given\n\n"
        "Agree with HR the day access ends, and list what the person can reach today.\n\n"
        "## During the notice period\n\n"
        "Watch for mail to personal addresses and for large attachments leaving, and "
        "compare with the person's usual pattern.\n\n"
        "## If data is moving\n\n"
        "1. Keep the evidence: search the archive for the messages concerned.\n"
        "2. Contain: turn off SMTP submission for the account and block the sender.\n"
        "3. Tell HR, legal and the owner of the data, and decide the next step together.\n\n"
        "## On the last day\n\n"
        "Remove access, hand the mailbox to the new owner and write down what was done.",
    },
    {
        "area": "human-risk-management",
        "type": T.TECHNICAL_BLOG,
        "title": "Measuring human risk: what the score means",
        "summary": "What a human risk score measures, and how teams use one to decide where "
        "to act.",
        "tags": ["risk-score", "metrics"],
        "format": "Web page",
        "body": "A human risk score gathers many small signs of how people handle mail and "
        "data into one figure that a team can follow over time.\n\n"
        "The figure on its own says little. It becomes useful when you compare it with "
        "itself: is this team's score falling after the last round of training, or "
        "rising since a new kind of lure appeared?\n\n"
        "Three habits make scores work for you rather than against you:\n\n"
        "- explain the score to the people it describes;\n"
        "- act on teams and trends, not on one person's bad week;\n"
        "- pair every high score with help, such as training, never with blame.",
    },
    {
        "area": "human-risk-management",
        "type": T.IMPLEMENTATION_GUIDE,
        "title": "Human risk programme rollout guide",
        "summary": "A staged plan for bringing risk scoring to a whole organisation.",
        "tags": ["risk-score", "best-practice"],
        "format": "PDF",
        "body": "## Stage 1: a baseline\n\n"
        "Give everyone the starter awareness module and one simulated phishing campaign, "
        "so that you know where you start.\n\n"
        "## Stage 2: a pilot\n\n"
        "Pick one department with a willing lead. Share its scores with that lead every "
        "month and agree one action each time.\n\n"
        "## Stage 3: everyone\n\n"
        "Extend to the whole organisation once the pilot's reports are read and acted "
        "on, not merely produced.\n\n"
        "## Stage 4: review\n\n"
        "Every quarter, check which actions moved the scores, and stop the ones that did "
        "not.",
    },
    {
        "area": "human-risk-management",
        "type": T.BEST_PRACTICE,
        "title": "Reporting human risk to leadership",
        "summary": "Which figures to show, how often, and how to turn them into decisions.",
        "tags": ["risk-score", "metrics", "best-practice"],
        "format": "Web page",
        "body": "Leadership needs few figures, shown the same way each time:\n\n"
        "- the trend of the organisation's score over the last four quarters;\n"
        "- the share of simulated phishing messages that were reported, next to the share "
        "that were clicked;\n"
        "- the three teams whose scores moved most, up or down, with the reason.\n\n"
        "End every report with one decision you need from them, such as time for "
        "training or a change of process. A report that asks for nothing is soon not "
        "read.",
    },
]

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
        _, created = _create(
            Question, data.pop("slug"), {**data, "area": area, "order": order}, tags
        )
        added += created

    for age, data in enumerate(ASSETS):
        slug = slugify(data["title"])
        asset, created = _create(
            Asset,
            slug,
            {
                "title": data["title"],
                "summary": data["summary"],
                "body": data["body"],
                "area": areas[data["area"]],
                "asset_type": data["type"],
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
