"""Count views, downloads, searches and clicks without slowing any page.

`record()` appends an event to a list in this process's memory: no database,
no cache, no lock held for longer than an append. After a response has gone
out (Django's request_finished), `flush_if_due()` writes the waiting events
in one batch once INSIGHTS_FLUSH_EVENTS have gathered or the oldest has
waited INSIGHTS_FLUSH_SECONDS: raw events with one bulk insert, and their
daily totals with one batch of upserts. A process that exits flushes what it
holds. A database that fails keeps the events waiting (up to
INSIGHTS_MAX_WAITING) for the next flush; past that they are dropped, and
only the count is logged: counting must never break a page.

Items are named by their page's address (kind and slug), which is all a page
served from the page cache knows; the flush turns them into ids with one query.
"""

import logging
import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone

from content.core.models import Content
from content.insights.models import DAY_ROW, NO_ITEM, DailyTotal, Event, Kind
from content.privacy.masking import mask_query

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Pending:
    at: float
    kind: str
    page: tuple = ()  # (content kind, slug) of the item, if any
    query: str = ""
    position: int | None = None
    found: bool | None = None


_waiting = []
_lock = threading.Lock()


def record(kind, *, page=(), query="", position=None, found=None):
    """Count one event now; it reaches the database with the next flush."""
    event = Pending(time.time(), kind, page, mask_query(query) if query else "", position, found)
    with _lock:
        _waiting.append(event)


def waiting():
    """Return how many events wait for a flush in this process."""
    return len(_waiting)


def discard():
    """Forget the waiting events (tests start from none)."""
    with _lock:
        _waiting.clear()


def flush_if_due(**kwargs):
    """Flush when enough events wait, or the oldest has waited long enough."""
    if not _waiting:
        return
    full = len(_waiting) >= settings.INSIGHTS_FLUSH_EVENTS
    if full or time.time() - _waiting[0].at >= settings.INSIGHTS_FLUSH_SECONDS:
        flush()


def flush():
    """Write every waiting event and add it to the daily totals; return how many."""
    with _lock:
        events = _waiting[:]
        _waiting.clear()
    if not events:
        return 0
    try:
        ids = item_ids({event.page for event in events if event.page})
        rows = [as_event(event, ids) for event in events]
        # A view or download of an item deleted before the flush counts for nothing.
        rows = [row for row in rows if row.item or row.kind not in (Kind.VIEW, Kind.DOWNLOAD)]
        with transaction.atomic():
            Event.objects.bulk_create(rows, batch_size=500)
            DailyTotal.objects.add(daily_totals(rows))
    except DatabaseError:
        with _lock:
            room = max(0, settings.INSIGHTS_MAX_WAITING - len(_waiting))
            _waiting[:0] = events[-room:] if room else []
        logger.warning(
            "insights events not written; kept for the next flush",
            extra={"events": len(events), "kept": min(room, len(events))},
            exc_info=True,
        )
        return 0
    return len(rows)


def item_ids(pages):
    """Return {(kind, slug): id} of the content items at `pages`."""
    if not pages:
        return {}
    by_kind = {}
    for kind, slug in pages:
        by_kind.setdefault(kind, set()).add(slug)
    match = Q()
    for kind, slugs in by_kind.items():
        match |= Q(kind=kind, slug__in=slugs)
    found = Content.objects.filter(match).values_list("kind", "slug", "pk")
    return {(kind, slug): pk for kind, slug, pk in found}


def as_event(event, ids):
    return Event(
        at=datetime.fromtimestamp(event.at, tz=UTC),
        kind=event.kind,
        item=ids.get(event.page, NO_ITEM),
        query=event.query,
        position=event.position,
        found=event.found,
    )


def daily_totals(events):
    """Return the rows DailyTotal.objects.add() takes: one per day, kind, item and
    query, and the day's row of each kind (see DailyTotal.DAY)."""
    counts, misses, positions = Counter(), Counter(), Counter()
    for event in events:
        day = timezone.localdate(event.at)
        for key in ((day, event.kind, event.item, event.query), (day, event.kind, *DAY_ROW)):
            counts[key] += 1
            misses[key] += event.found is False
            positions[key] += event.position or 0
    return [(*key, count, misses[key], positions[key]) for key, count in counts.items()]
