"""Fill the bench database with a realistic amount of content, fast.

10,000 assets, 2,000 FAQ questions, 500 sessions with 20,000 registrations,
the 4 areas and 300 tags, in bulk: Markdown is rendered once per distinct
body, content rows go in with bulk_create, and tags through taggit's through
model. Seeded, so every run makes the same data.
"""

import itertools
import random
import sys
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from content.core.markdown import render_markdown
from content.core.models import Content, ProductArea
from content.demo.loader import AREAS
from content.events.models import Registration, Session
from content.faq.models import Question
from content.library.models import Asset

COUNTS = {"assets": 10_000, "questions": 2_000, "sessions": 500, "registrations": 20_000}
TAG_COUNT = 300
BATCH = 500

SUBJECTS = [
    "policy scoping", "directory sync", "mail routing", "SMTP relay", "LDAP connector",
    "impersonation protection", "URL rewriting", "attachment sandboxing", "DLP rules",
    "phishing simulation", "awareness campaign", "risk scoring", "insider alerts",
    "audit logging", "dashboard widgets", "API keys", "SAML single sign-on", "journaling",
    "quarantine review", "TLS enforcement", "spam thresholds", "leaver offboarding",
]  # fmt: skip
OPENINGS = [
    "How to set up", "Troubleshooting", "A walkthrough of", "Best practice for",
    "Getting started with", "Tuning", "Checklist:", "What changed in", "Planning",
]  # fmt: skip
TOPICS = [
    "Administration", "Policies", "Mail routing", "Directory synchronisation", "Network",
    "Reporting", "Awareness training", "Insider risk", "Accounts", "Integrations",
]  # fmt: skip
TAG_WORDS = [
    "ldap", "smtp", "policies", "sync", "dlp", "saml", "api", "tls", "dmarc", "spf",
    "dkim", "quarantine", "awareness", "phishing", "risk", "audit", "routing", "archive",
    "journaling", "sandbox", "url", "attachments", "leavers", "alerts", "reports",
    "dashboards", "roles", "mfa", "ports", "onboarding",
]  # fmt: skip
TIME_ZONES = ["Europe/London", "Europe/Paris", "America/New_York", "Asia/Singapore"]
CITIES = ["London", "Leeds", "Manchester", "Dublin", "Paris", "New York", "Singapore"]


class Progress:
    """A one-line progress bar on stderr."""

    def __init__(self, total, width=40):
        self.total, self.done, self.width = total, 0, width

    def advance(self, count, label):
        self.done += count
        filled = self.width * self.done // self.total
        bar = "#" * filled + "." * (self.width - filled)
        percent = 100 * self.done // self.total
        sys.stderr.write(f"\r[{bar}] {percent:3d}% {label:<24}")
        if self.done >= self.total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def bodies(rng, count):
    """Return `count` distinct Markdown bodies with their rendered HTML."""
    result = []
    for number in range(count):
        subject = rng.choice(SUBJECTS)
        steps = "\n".join(
            f"{step}. Check the {rng.choice(SUBJECTS)} settings." for step in (1, 2, 3)
        )
        body = (
            f"This note covers **{subject}** (variant {number}).\n\n"
            f"## Before you start\n\nMake sure the {subject} prerequisites are met "
            "and that you hold an administrator role.\n\n"
            f"## Steps\n\n{steps}\n\n"
            "## Good to know\n\nChanges can take up to 30 minutes to apply. "
            "Port 25 must be open for inbound SMTP; see `policy` scoping for details.\n"
        )
        result.append((body, render_markdown(body)))
    return result


def visibility(rng, now, index):
    """Return (status, publish_at): mostly published over three years, a few drafts
    and a few scheduled."""
    if index % 50 == 7:
        return Content.Status.DRAFT, now - timedelta(days=rng.randint(0, 30))
    if index % 50 == 13:
        return Content.Status.PUBLISHED, now + timedelta(days=rng.randint(1, 60))
    return Content.Status.PUBLISHED, now - timedelta(minutes=rng.randint(60, 3 * 365 * 24 * 60))


def bulk_create_kind(model, items, progress, label):
    """Insert `items` of a Content kind: parent rows with bulk_create, then child rows.

    bulk_create refuses multi-table children, so the child rows go in through
    the batched insert that bulk_create itself uses, with the parents' keys.
    """
    parent_fields = [field for field in Content._meta.concrete_fields if not field.primary_key]
    child_fields = model._meta.local_concrete_fields
    for start in range(0, len(items), BATCH):
        batch = items[start : start + BATCH]
        parents = Content.objects.bulk_create(
            [
                Content(**{field.attname: getattr(item, field.attname) for field in parent_fields})
                for item in batch
            ]
        )
        for item, parent in zip(batch, parents, strict=True):
            item.content_ptr_id = item.pk = parent.pk
        model._base_manager.all()._batched_insert(batch, fields=child_fields, batch_size=None)
        progress.advance(len(batch), label)


def content_fields(rng, now, index, kind, body_pool, areas):
    opening, subject = rng.choice(OPENINGS), rng.choice(SUBJECTS)
    title = f"{opening} {subject} ({kind} {index})"
    body, body_html = body_pool[index % len(body_pool)]
    status, publish_at = visibility(rng, now, index)
    return {
        "title": title,
        "slug": slugify(title),
        "summary": f"{opening} {subject}: what to check, in what order, and why.",
        "body": body,
        "body_html": body_html,
        "area": areas[index % len(areas)],
        "status": status,
        "publish_at": publish_at,
    }


def generate(seed=8):
    """Create the whole data set in one transaction, with a progress bar."""
    rng = random.Random(seed)
    now = timezone.now()
    total = sum(COUNTS.values()) + TAG_COUNT + len(AREAS)
    progress = Progress(total)
    with transaction.atomic():
        areas = []
        for order, data in enumerate(AREAS, start=1):
            area = ProductArea(**data, order=order)
            area.save()
            areas.append(area)
        progress.advance(len(areas), "areas")

        names = [f"{word}-{number}" for word, number in itertools.product(TAG_WORDS, range(10))]
        tags = Tag.objects.bulk_create(
            [Tag(name=name, slug=name) for name in names[:TAG_COUNT]], batch_size=BATCH
        )
        progress.advance(len(tags), "tags")

        body_pool = bodies(rng, 60)
        asset_types = list(Asset.Type)
        assets = [
            Asset(
                **content_fields(rng, now, index, "asset", body_pool, areas),
                asset_type=rng.choice(asset_types),
                external_url=f"https://docs.example.com/asset/{index}",
                format=rng.choice(["PDF", "Video", "Slides", "Web page"]),
                duration_minutes=rng.choice([None, 5, 12, 30, 45]),
            )
            for index in range(COUNTS["assets"])
        ]
        bulk_create_kind(Asset, assets, progress, "assets")

        questions = [
            Question(
                **content_fields(rng, now, index, "question", body_pool, areas),
                topic=rng.choice(TOPICS),
                order=index // len(TOPICS),
            )
            for index in range(COUNTS["questions"])
        ]
        bulk_create_kind(Question, questions, progress, "questions")

        sessions = []
        for index in range(COUNTS["sessions"]):
            starts = now + timedelta(days=rng.randint(-60, 365), hours=rng.randint(0, 8))
            online = index % 4 == 0
            sessions.append(
                Session(
                    **content_fields(rng, now, index, "session", body_pool, areas),
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=6),
                    time_zone=rng.choice(TIME_ZONES),
                    attendance=Session.Attendance.ONLINE
                    if online
                    else Session.Attendance.IN_PERSON,
                    venue="" if online else "1 Example Street",
                    city="" if online else rng.choice(CITIES),
                    join_url=f"https://meet.example.com/{index}" if online else "",
                    capacity=rng.randint(20, 50),
                )
            )
        bulk_create_kind(Session, sessions, progress, "sessions")

        tagged = []
        for model, items in ((Asset, assets), (Question, questions), (Session, sessions)):
            content_type = ContentType.objects.get_for_model(model)
            for item in items:
                tagged.extend(
                    TaggedItem(tag=tag, content_type=content_type, object_id=item.pk)
                    for tag in rng.sample(tags, rng.randint(1, 4))
                )
        TaggedItem.objects.bulk_create(tagged, batch_size=BATCH)

        per_session = COUNTS["registrations"] // COUNTS["sessions"]
        for start in range(0, len(sessions), BATCH // per_session or 1):
            batch = []
            for session in sessions[start : start + BATCH // per_session]:
                for seat in range(per_session):
                    if seat < session.capacity:
                        status = Registration.Status.CONFIRMED
                    else:
                        status = Registration.Status.WAITLISTED
                    if seat % 15 == 14:
                        status = Registration.Status.CANCELLED
                    batch.append(
                        Registration(
                            session=session,
                            name=f"Attendee {seat}",
                            email=f"attendee{seat}@example{session.pk}.com",
                            company="Example Ltd",
                            job_title="Security engineer",
                            consent=True,
                            status=status,
                        )
                    )
            Registration.objects.bulk_create(batch)
            progress.advance(len(batch), "registrations")
    # bulk_create sends no signals, so the search index is built in one go.
    call_command("rebuild_search_index")
    # Planner statistics, as PostgreSQL's autovacuum would gather after a load;
    # without them SQLite looks a slug up through the visibility index.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def is_generated():
    return Asset.objects.count() >= COUNTS["assets"]
