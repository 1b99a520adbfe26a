"""What visitors did, without saying who: raw events and their daily totals.

No row holds an IP address, a cookie, an account or any other mark of a
visitor: an event is a kind, a moment, the item it concerns and, for a
search or a click on a result, the query (masked, see content.privacy.masking).
Raw events are kept INSIGHTS_EVENTS_KEEP_DAYS days; the daily totals, which
the insights page sums, for ever.
"""

from datetime import timedelta

from django.db import connections, models
from django.utils import timezone

NO_ITEM = 0
# The (item, query) of a day's row: the day's total of one kind, whatever the
# item or query, so that the page sums a period from one row a day. No event
# has both: views and downloads always name an item, searches and clicks a query.
DAY_ROW = (NO_ITEM, "")


class Kind(models.TextChoices):
    VIEW = "view", "Page view"
    DOWNLOAD = "download", "Download"
    SEARCH = "search", "Search"
    CLICK = "click", "Click on a search result"


class EventQuerySet(models.QuerySet):
    def purge(self, *, days):
        """Remove the events that happened more than `days` days ago; return how many.

        Plain SQL: Django's delete() would first load every row, to send
        post_delete signals nobody needs for them.
        """
        connection = connections[self.db]
        quote = connection.ops.quote_name
        cutoff = connection.ops.adapt_datetimefield_value(timezone.now() - timedelta(days=days))
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {quote(self.model._meta.db_table)} WHERE {quote('at')} < %s",
                [cutoff],
            )
            return cursor.rowcount


class Event(models.Model):
    """One view, download, search or click on a search result."""

    at = models.DateTimeField(db_index=True)
    kind = models.CharField(max_length=10, choices=Kind)
    # A content item's id, kept as a plain number so that history outlives
    # the item; NO_ITEM for a search.
    item = models.PositiveIntegerField(default=NO_ITEM)
    query = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(null=True, blank=True)
    found = models.BooleanField(null=True, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        default_permissions = ()

    def __str__(self):
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"


class DailyTotalQuerySet(models.QuerySet):
    def add(self, rows):
        """Add `rows` of (day, kind, item, query, count, misses, position_sum) to the totals.

        One upsert statement per row, run as one batch: the database adds
        each row to the stored total, so processes flushing at once lose nothing.
        """
        connection = connections[self.db]
        quote = connection.ops.quote_name
        table = quote(self.model._meta.db_table)
        key = ", ".join(quote(name) for name in ("kind", "item", "query", "day"))
        sums = ("count", "misses", "position_sum")
        additions = ", ".join(
            f"{quote(name)} = {table}.{quote(name)} + excluded.{quote(name)}" for name in sums
        )
        sql = (
            f"INSERT INTO {table} ({key}, {', '.join(quote(name) for name in sums)}) "
            f"VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT ({key}) DO UPDATE SET {additions}"
        )
        adapt = connection.ops.adapt_datefield_value
        with connection.cursor() as cursor:
            cursor.executemany(
                sql,
                [
                    (kind, item, query, adapt(day), *counts)
                    for day, kind, item, query, *counts in rows
                ],
            )

    def between(self, start, end, kind):
        """Return the totals of `kind` from the day `start` to the day `end`, both included."""
        return self.filter(kind=kind, day__gte=start, day__lte=end)

    def days(self):
        """Return the day's rows only: one per day and kind, the whole day's total."""
        item, query = DAY_ROW
        return self.filter(item=item, query=query)

    def of_queries(self):
        """Return the rows of one query each (searches and clicks)."""
        return self.exclude(query=DAY_ROW[1])

    def of_items(self):
        """Return the rows of one item each (views, downloads and clicks)."""
        return self.exclude(item=DAY_ROW[0])


class DailyTotal(models.Model):
    """How many events of one kind one item or query had on one day (site time)."""

    day = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind)
    item = models.PositiveIntegerField(default=NO_ITEM)
    query = models.CharField(max_length=200, blank=True, default="")
    count = models.PositiveIntegerField(default=0)
    # Searches that found nothing (searches only).
    misses = models.PositiveIntegerField(default=0)
    # The sum of the clicked results' positions (clicks only), for their mean.
    position_sum = models.PositiveBigIntegerField(default=0)

    objects = DailyTotalQuerySet.as_manager()

    class Meta:
        default_permissions = ()
        permissions = [("view_insights", "Can view the insights page")]
        verbose_name = "insights"
        verbose_name_plural = "insights"
        constraints = [
            # In this order it also finds a kind's day rows (item 0, no query) at once.
            models.UniqueConstraint(
                fields=["kind", "item", "query", "day"], name="insights_one_total_per_day"
            )
        ]
        # The page sums one kind over a range of days, by item or by query,
        # and looks up the clicks of the top queries: each index holds the
        # counts too, so the sums never visit the table.
        indexes = [
            models.Index(fields=["kind", "day", "item", "count"], name="insights_kind_day_item"),
            models.Index(
                fields=["kind", "day", "query", "count", "misses"], name="insights_kind_day_query"
            ),
            models.Index(
                fields=["kind", "query", "day", "count", "position_sum"],
                name="insights_kind_query_day",
            ),
        ]

    def __str__(self):
        return f"{self.day} {self.kind} {self.item or self.query}: {self.count}"
