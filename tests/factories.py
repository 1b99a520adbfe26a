"""Small factories: each makes one valid, published object, overridable by keyword."""

import itertools
from datetime import timedelta

from django.utils import timezone

from content.core.models import Content, ProductArea
from content.events.models import Registration, Session
from content.faq.models import Question
from content.insights.models import DAY_ROW, DailyTotal
from content.library.models import Asset

_numbers = itertools.count(1)


def make_area(**fields):
    number = next(_numbers)
    values = {
        "name": f"Area {number}",
        "slug": f"area-{number}",
        "tagline": f"Tagline of area {number}",
        "order": number,
    }
    return ProductArea.objects.create(**(values | fields))


def _content_fields(prefix, fields):
    number = next(_numbers)
    values = {
        "title": f"{prefix} {number}",
        "slug": f"{prefix.lower().replace(' ', '-')}-{number}",
        "summary": f"Summary of {prefix.lower()} {number}",
        "body": f"Body of {prefix.lower()} {number}",
        "status": Content.Status.PUBLISHED,
        "publish_at": timezone.now() - timedelta(hours=1),
    }
    return values | fields


def _create(model, prefix, tags, fields):
    item = model.objects.create(**_content_fields(prefix, fields))
    if tags:
        item.tags.set(tags)
    return item


def make_question(tags=(), **fields):
    return _create(Question, "Question", tags, {"topic": "General"} | fields)


def make_asset(tags=(), **fields):
    return _create(Asset, "Asset", tags, {"asset_type": Asset.Type.IMPLEMENTATION_GUIDE} | fields)


def make_session(tags=(), **fields):
    starts = timezone.now() + timedelta(days=7)
    values = {
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=6),
        "capacity": 10,
        "attendance": Session.Attendance.IN_PERSON,
        "venue": "1 Example Street",
        "city": "London",
    }
    return _create(Session, "Session", tags, values | fields)


def _registration_fields(number):
    return {
        "name": f"Person {number}",
        "email": f"person{number}@example.com",
        "company": "Example Ltd",
        "job_title": "Engineer",
        "consent": True,
    }


def new_registration(session, number=0, **fields):
    """Return an unsaved registration, as the booking form builds it."""
    return Registration(session=session, **(_registration_fields(number) | fields))


def make_registration(session, **fields):
    """Return a saved registration, confirmed unless `fields` say otherwise."""
    values = _registration_fields(next(_numbers)) | {"status": Registration.Status.CONFIRMED}
    return Registration.objects.create(session=session, **(values | fields))


def add_total(days_ago, kind, count, *, item=0, query="", misses=0, position_sum=0):
    """Add insights events to the totals of the day `days_ago` days before today
    (site time): the item's or query's row and the day's row, as a flush does."""
    day = timezone.localdate() - timedelta(days=days_ago)
    sums = (count, misses, position_sum)
    DailyTotal.objects.add([(day, kind, item, query, *sums), (day, kind, *DAY_ROW, *sums)])
