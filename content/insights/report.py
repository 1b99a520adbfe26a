"""The figures of the insights page for one period, next to the period before it.

Searches, clicks, views and downloads come from the daily totals only (a
year of traffic is a few hundred thousand rows, not millions of events);
feedback, registrations and enquiries are few enough to count where they live.
"""

import statistics
import zoneinfo
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from functools import cached_property

from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, localize
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from content.core.models import Content
from content.enquiries.models import Enquiry
from content.events.models import Registration, Session, registration_count
from content.faq.models import Feedback as FaqFeedback
from content.insights.charts import Chart
from content.insights.models import DailyTotal, Kind

TOP = 10
LISTED = 20
# A day's totals stop changing soon after it ends (a process flushes within
# INSIGHTS_FLUSH_SECONDS, and at exit), so the sums by query and by item of
# the days before yesterday are kept in the cache for an hour, under their
# dates; yesterday and today are summed from the database on every request.
# They are counts per masked query or item id, nothing about a visitor, and
# they are read only after the page has checked the permission.
LIVE_DAYS = 2
SETTLED_SECONDS = 60 * 60


@dataclass
class Figure:
    """A headline number beside the same number for the previous period."""

    label: str
    value: float | None
    previous: float | None
    unit: str = ""

    @property
    def change(self):
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


@dataclass
class Section:
    title: str
    slug: str
    figures: list = field(default_factory=list)
    charts: list = field(default_factory=list)
    tables: list = field(default_factory=list)
    # Queries that found nothing, each with links that fix it (search only).
    gaps: list = field(default_factory=list)


@dataclass
class Table:
    """A table that is no chart: headings, rows of cells, and an optional note."""

    title: str
    headings: list
    rows: list
    note: str = ""

    def body(self):
        """Return the rows as the template's loop wrote them, the first cell of each
        a row heading and a missing value a dash: written here in one pass, since
        the page's tables hold some 400 cells."""
        return mark_safe(
            "\n".join(
                format_html('<tr><th scope="row">{}</th>', localize(row[0]))
                + "".join(
                    f"<td>{linebreaksbr('–' if cell is None else cell)}</td>" for cell in row[1:]
                )
                + "</tr>"
                for row in self.rows
            )
        )


@dataclass
class Period:
    start: object
    end: object

    @property
    def days(self):
        return (self.end - self.start).days + 1

    def previous(self):
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def dates(self):
        return [self.start + timedelta(days=n) for n in range(self.days)]

    @cached_property
    def labelled_dates(self):
        """Return (day, label) of every day: labelled once, for each line that shows them."""
        return [(day, day_label(day)) for day in self.dates()]

    def moments(self):
        """Return the first moment of `start` and of the day after `end`, in the site's zone."""
        zone = timezone.get_current_timezone()
        after = self.end + timedelta(days=1)
        return datetime.combine(self.start, time.min, zone), datetime.combine(after, time.min, zone)

    def __str__(self):
        return f"{day_label(self.start, year=True)} to {day_label(self.end, year=True)}"


def day_label(day, year=False):
    return date_format(day, "j M Y" if year else "j M")


def ratio(part, whole, scale=100):
    return round(part * scale / whole, 1) if whole else None


def insights_report(*, start, end, may_read_comments=False):
    """Return the page's sections for the days `start` to `end`, both included."""
    period = Period(start, end)
    days = DayTotals(period)
    return [
        search_section(period, days),
        content_section(period, days, may_read_comments=may_read_comments),
        events_section(period),
        enquiries_section(period),
    ]


def per_day(period, counts):
    """Return (label, count) for every day of `period`, from {day: count}."""
    return [(label, counts.get(day, 0)) for day, label in period.labelled_dates]


def totals(period, kind):
    return DailyTotal.objects.between(period.start, period.end, kind)


class DayTotals:
    """The day rows of every kind over `period` and the period before it, read
    in one query: the headline sums and the searches per day come from them."""

    def __init__(self, period):
        self.rows = {
            (kind, day): (count, misses, positions)
            for kind, day, count, misses, positions in DailyTotal.objects.days()
            .filter(kind__in=Kind.values, day__gte=period.previous().start, day__lte=period.end)
            .values_list("kind", "day", "count", "misses", "position_sum")
        }

    def sums(self, period, kind):
        """Return (events, misses, position sum) of `kind` over `period`."""
        events = misses = positions = 0
        for day in period.dates():
            count, missed, position_sum = self.rows.get((kind, day), (0, 0, 0))
            events, misses, positions = events + count, misses + missed, positions + position_sum
        return events, misses, positions

    def per_day(self, period, kind):
        """Return {day: events} of `kind` over `period`."""
        return {day: self.rows[kind, day][0] for day in period.dates() if (kind, day) in self.rows}


# --- Search ---------------------------------------------------------------


def search_section(period, days):
    searches, misses, _ = days.sums(period, Kind.SEARCH)
    clicks, _, positions = days.sums(period, Kind.CLICK)
    before_searches, before_misses, _ = days.sums(period.previous(), Kind.SEARCH)
    before_clicks, _, before_positions = days.sums(period.previous(), Kind.CLICK)
    section = Section("Search", "search")
    section.figures = [
        Figure("Searches", searches, before_searches),
        Figure(
            "Searches with no result",
            ratio(misses, searches),
            ratio(before_misses, before_searches),
            "%",
        ),
        Figure(
            "Click-through rate",
            ratio(clicks, searches),
            ratio(before_clicks, before_searches),
            "%",
        ),
        Figure(
            "Mean position of the clicked result",
            ratio(positions, clicks, 1),
            ratio(before_positions, before_clicks, 1),
        ),
    ]
    section.charts.append(
        Chart(
            "searches-per-day",
            "Searches per day",
            "line",
            "Day",
            "Searches",
            "searches",
            per_day(period, days.per_day(period, Kind.SEARCH)),
        )
    )
    # Every query of the period in one pass; the top ones and the gaps are picked here.
    queries = [
        {"query": query, "n": n, "missed": missed}
        for query, (n, missed) in summed_by(period, Kind.SEARCH, "query", "count", "misses").items()
    ]
    top = sorted(queries, key=lambda row: (-row["n"], row["query"]))[:LISTED]
    section.charts.append(
        Chart(
            "top-queries",
            "Top queries",
            "bar",
            "Query",
            "Searches",
            "searches",
            [(row["query"], row["n"]) for row in top[:TOP]],
        )
    )
    clicked = {
        row["query"]: row
        for row in totals(period, Kind.CLICK)
        .filter(query__in=[row["query"] for row in top])
        .values("query")
        .annotate(n=Sum("count"), positions=Sum("position_sum"))
        .order_by()
    }
    section.tables.append(
        Table(
            "Top queries: clicks and position",
            [
                "Query",
                "Searches",
                "With no result",
                "Clicks",
                "Click-through rate (%)",
                "Mean position",
            ],
            [
                [
                    row["query"],
                    row["n"],
                    row["missed"],
                    clicked.get(row["query"], {}).get("n", 0),
                    ratio(clicked.get(row["query"], {}).get("n", 0), row["n"]),
                    ratio(
                        clicked.get(row["query"], {}).get("positions", 0),
                        clicked.get(row["query"], {}).get("n", 0),
                        1,
                    ),
                ]
                for row in top
            ],
        )
    )
    missed = [
        {"query": row["query"], "n": row["missed"]}
        for row in sorted(queries, key=lambda row: (-row["missed"], row["query"]))[:LISTED]
        if row["missed"]
    ]
    section.charts.append(
        Chart(
            "no-result-queries",
            "Queries with no result",
            "bar",
            "Query",
            "Searches with no result",
            "searches",
            [(row["query"], row["n"]) for row in missed[:TOP]],
            note=f"{ratio(misses, searches) or 0}% of all searches found nothing.",
        )
    )
    fix = fixes()
    section.gaps = [
        {
            "query": row["query"],
            "count": row["n"],
            "share": ratio(row["n"], searches),
            **fix(row["query"]),
        }
        for row in missed
    ]
    return section


def fixes():
    """Return a function that gives the admin links answering a query nobody found
    anything for (the three addresses are reversed once, not once per query)."""
    synonym = reverse("admin:search_synonym_add")
    pin = reverse("admin:search_promotedresult_add")
    answer = reverse("admin:faq_question_add")
    return lambda query: {
        "synonym_url": f"{synonym}?{urlencode({'term': query})}",
        "pin_url": f"{pin}?{urlencode({'query': query})}",
        "answer_url": f"{answer}?{urlencode({'title': query})}",
    }


# --- Content --------------------------------------------------------------


def counts_by_item(period, kind):
    """Return {item: events} of `kind` over `period`."""
    return {item: n for item, (n,) in summed_by(period, kind, "item", "count").items()}


def summed_by(period, kind, by, *fields):
    """Return {query or item: (the sum of each of `fields`)} of `kind` over `period`,
    the settled days' sums from the cache (see LIVE_DAYS)."""
    last_settled = timezone.localdate() - timedelta(days=LIVE_DAYS)
    settled = Period(period.start, min(period.end, last_settled))
    live = Period(max(period.start, last_settled + timedelta(days=1)), period.end)
    sums = {}
    if settled.days > 0:
        key = f"insights:{kind}:{by}:{'+'.join(fields)}:{settled.start}:{settled.end}"
        sums = cache.get(key)
        if sums is None:
            sums = grouped(settled, kind, by, fields)
            cache.set(key, sums, SETTLED_SECONDS)
    if live.days > 0:
        for name, values in grouped(live, kind, by, fields).items():
            before = sums.get(name, (0,) * len(fields))
            sums[name] = tuple(a + b for a, b in zip(before, values, strict=True))
    return sums


def grouped(period, kind, by, fields):
    """Return {query or item: (the sum of each of `fields`)} of `kind` over `period`."""
    rows = totals(period, kind)
    rows = rows.of_queries() if by == "query" else rows.of_items()
    sums = {f"{name}_sum": Sum(name) for name in fields}
    return {
        name: tuple(values)
        for name, *values in rows.values(by).annotate(**sums).order_by().values_list(by, *sums)
    }


def content_section(period, days, *, may_read_comments):
    views = counts_by_item(period, Kind.VIEW)
    downloads = counts_by_item(period, Kind.DOWNLOAD)
    before_views, _, _ = days.sums(period.previous(), Kind.VIEW)
    before_downloads, _, _ = days.sums(period.previous(), Kind.DOWNLOAD)
    section = Section("Content", "content")
    section.figures = [
        Figure("Views", sum(views.values()), before_views),
        Figure("Downloads", sum(downloads.values()), before_downloads),
    ]
    # Every item's name and area in one plain read: most items have views in
    # 90 days, and binding their ids into an IN list costs more than the rows.
    items = {
        pk: (title, area)
        for pk, title, area in Content.objects.order_by().values_list("pk", "title", "area__name")
    }

    def name(pk):
        return items[pk][0] if pk in items else f"Deleted item {pk}"

    per_area_views, per_area_downloads = {}, {}
    for counts, per_area in ((views, per_area_views), (downloads, per_area_downloads)):
        for pk, n in counts.items():
            area = items.get(pk, (None, None))[1] or "No area"
            per_area[area] = per_area.get(area, 0) + n
    ranked = sorted(views.items(), key=lambda pair: (-pair[1], name(pair[0])))
    section.charts += [
        Chart(
            "views-per-area",
            "Views per product area",
            "bar",
            "Product area",
            "Views",
            "views",
            sorted(per_area_views.items(), key=lambda pair: -pair[1]),
        ),
        Chart(
            "most-viewed",
            "Most viewed items",
            "bar",
            "Item",
            "Views",
            "views",
            [(name(pk), n) for pk, n in ranked[:TOP]],
        ),
        Chart(
            "downloads-per-item",
            "Most downloaded items",
            "bar",
            "Item",
            "Downloads",
            "downloads",
            [
                (name(pk), n)
                for pk, n in sorted(downloads.items(), key=lambda p: (-p[1], name(p[0])))[:TOP]
            ],
        ),
        Chart(
            "downloads-per-area",
            "Downloads per product area",
            "bar",
            "Product area",
            "Downloads",
            "downloads",
            sorted(per_area_downloads.items(), key=lambda pair: -pair[1]),
        ),
    ]
    least = ranked[::-1][:TOP]
    section.tables.append(
        Table(
            "Least viewed items (viewed at least once)",
            ["Item", "Views"],
            [[name(pk), n] for pk, n in least],
        )
    )
    # The published items left out of `views`, in Python: NOT IN a list of
    # every viewed id would bind thousands of parameters, twice (rows and count).
    never = [
        [title, kind]
        for pk, title, kind in Content.objects.published()
        .order_by("title")
        .values_list("pk", "title", "kind")
        if pk not in views
    ]
    section.tables.append(
        Table(
            "Items never viewed in the period",
            ["Item", "Kind"],
            never[:LISTED],
            note=f"{len(never)} published item(s) had no view.",
        )
    )
    section.tables.append(faq_votes(period, may_read_comments=may_read_comments))
    return section


def faq_votes(period, *, may_read_comments):
    first, after = period.moments()
    answers = (
        FaqFeedback.objects.filter(updated__gte=first, updated__lt=after)
        .values("question_id", "question__title")
        .annotate(
            votes_for=Count("pk", filter=Q(helpful=True)),
            votes_against=Count("pk", filter=Q(helpful=False)),
        )
        .order_by("-votes_against", "-votes_for", "question__title")[:LISTED]
    )
    comments = {}
    if may_read_comments:
        for question, helpful, comment in (
            FaqFeedback.objects.filter(
                updated__gte=first,
                updated__lt=after,
                question_id__in=[a["question_id"] for a in answers],
            )
            .exclude(comment="")
            .values_list("question_id", "helpful", "comment")[:200]
        ):
            comments.setdefault(question, []).append(
                ("Helpful: " if helpful else "Not helpful: ") + comment
            )
    headings = ["FAQ answer", "Helpful", "Not helpful"] + (
        ["Comments"] if may_read_comments else []
    )
    rows = [
        [answer["question__title"], answer["votes_for"], answer["votes_against"]]
        + (["\n".join(comments.get(answer["question_id"], []))] if may_read_comments else [])
        for answer in answers
    ]
    note = "" if may_read_comments else "Comments are shown to staff who may read feedback."
    return Table("FAQ answers by votes", headings, rows, note=note)


# --- Phish & Chips ---------------------------------------------------------


def created_per_day(queryset, period):
    first, after = period.moments()
    rows = (
        queryset.filter(created__gte=first, created__lt=after)
        .annotate(day=TruncDate("created", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["day"]: row["n"] for row in rows}


def created_figure(label, queryset, period):
    """Return ({day: rows created}, a Figure of their total beside the previous period's)."""
    counts = created_per_day(queryset, period)
    first, after = period.previous().moments()
    before = queryset.filter(created__gte=first, created__lt=after).count()
    return counts, Figure(label, sum(counts.values()), before)


def events_section(period):
    first, after = period.moments()
    registrations, figure = created_figure("Registrations", Registration.objects.all(), period)
    section = Section("Phish & Chips", "events")
    section.figures = [figure]
    section.charts.append(
        Chart(
            "registrations-per-day",
            "Registrations per day",
            "line",
            "Day",
            "Registrations",
            "registrations",
            per_day(period, registrations),
        )
    )
    sessions = (
        Session.objects.filter(
            Q(starts_at__gte=first, starts_at__lt=after)
            | Q(
                pk__in=Registration.objects.filter(created__gte=first, created__lt=after).values(
                    "session"
                )
            )
        )
        .with_seat_counts()
        .annotate(attended_count=registration_count(status=Registration.Status.ATTENDED))
        .order_by("starts_at")[:LISTED]
    )
    rows = []
    for session in sessions:
        # The day it starts where it is held, as its own page says it.
        starts = session.starts_at.astimezone(zoneinfo.ZoneInfo(session.time_zone))
        rows.append(
            [
                session.title,
                date_format(starts, "j M Y"),
                session.capacity,
                session.confirmed_count,
                session.waitlisted_count,
                ratio(session.confirmed_count, session.capacity),
                session.attended_count if session.has_ended else "not held yet",
            ]
        )
    section.charts.append(
        Chart(
            "fill-rate",
            "Fill rate per session",
            "bar",
            "Session",
            "Seats taken",
            "% of capacity",
            [(row[0], row[5] or 0) for row in rows],
        )
    )
    section.tables.append(
        Table(
            "Sessions: seats, waitlist and attendance",
            [
                "Session",
                "Starts",
                "Capacity",
                "Confirmed",
                "Waitlisted",
                "Fill rate (%)",
                "Attended",
            ],
            rows,
            note="Sessions starting in the period or taking registrations in it.",
        )
    )
    return section


# --- Enquiries -------------------------------------------------------------


def median_hours(period):
    first, after = period.moments()
    waits = [
        (answered - created).total_seconds() / 3600
        for created, answered in Enquiry.objects.filter(
            created__gte=first, created__lt=after, first_response_at__isnull=False
        ).values_list("created", "first_response_at")
    ]
    return round(statistics.median(waits), 1) if waits else None


def enquiries_section(period):
    first, after = period.moments()
    per_day_counts, figure = created_figure("Enquiries", Enquiry.objects.all(), period)
    section = Section("Enquiries", "enquiries")
    section.figures = [
        figure,
        Figure(
            "Median time to first response",
            median_hours(period),
            median_hours(period.previous()),
            "hours",
        ),
    ]
    section.charts.append(
        Chart(
            "enquiries-per-day",
            "Enquiries per day",
            "line",
            "Day",
            "Enquiries",
            "enquiries",
            per_day(period, per_day_counts),
        )
    )
    grid = (
        Enquiry.objects.filter(created__gte=first, created__lt=after)
        .values("topic", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {(row["topic"], row["status"]): row["n"] for row in grid}
    by_topic = [
        (label, sum(counts.get((topic, status), 0) for status in Enquiry.Status.values))
        for topic, label in Enquiry.Topic.choices
    ]
    section.charts.append(
        Chart(
            "enquiries-by-kind",
            "Enquiries by kind",
            "bar",
            "Kind",
            "Enquiries",
            "enquiries",
            by_topic,
        )
    )
    section.tables.append(
        Table(
            "Enquiries by kind and status",
            ["Kind", *Enquiry.Status.labels],
            [
                [label, *(counts.get((topic, status), 0) for status in Enquiry.Status.values)]
                for topic, label in Enquiry.Topic.choices
            ],
        )
    )
    return section
