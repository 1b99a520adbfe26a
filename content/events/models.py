import uuid
import zoneinfo
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Avg, Case, Count, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone

from content.core.markdown import render_markdown
from content.core.models import Content, ContentQuerySet, ProductArea
from content.core.uploads import private_storage
from content.events.slides import SlidesValidator, slides_upload_to


@cache
def time_zone_choices():
    # A callable, so that migrations refer to it instead of copying the list;
    # kept, because listing the zones reads the whole zone directory each time.
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


class SessionQuerySet(ContentQuerySet):
    def upcoming(self):
        """Return sessions that have not ended yet, soonest first."""
        return self.filter(ends_at__gte=timezone.now()).order_by("starts_at")

    def past(self):
        """Return sessions that have ended, latest first."""
        return self.filter(ends_at__lt=timezone.now()).order_by("-starts_at")

    def starting_within(self, within):
        """Return sessions that start between now and `within` (a timedelta) from now."""
        now = timezone.now()
        return self.filter(starts_at__gt=now, starts_at__lte=now + within)

    def not_cancelled(self):
        return self.filter(cancelled_at=None)

    def joinable(self):
        """Return sessions attendees can join: in person, or online with their join link."""
        return self.exclude(attendance=Session.Attendance.ONLINE, join_url="")

    def with_outcomes(self):
        """Annotate each session with who came (attended), who did not (no-shows: seats
        still confirmed once it ended) and its survey's count and average rating."""
        ended = Q(ends_at__lt=timezone.now())
        return self.annotate(
            attended_count=registration_count(status=Registration.Status.ATTENDED),
            no_show_count=Case(
                When(ended, then=registration_count(status=Registration.Status.CONFIRMED)),
                default=0,
            ),
            survey_count=Coalesce(survey_subquery(Count("pk")), 0),
            survey_average=survey_subquery(Avg("rating")),
        )

    def with_seat_counts(self):
        """Annotate each session with its seated (confirmed or attended) and waitlisted counts."""
        # One indexed subquery per session shown: a join would first group
        # every upcoming session by all its columns (300 ms at 20,000
        # registrations on SQLite, against 1 ms).
        return self.annotate(
            confirmed_count=registration_count(status__in=Registration.SEATED_STATUSES),
            waitlisted_count=registration_count(status=Registration.Status.WAITLISTED),
        )


def survey_subquery(aggregate):
    """Return a subquery of `aggregate` over the survey answers of the outer session."""
    answers = (
        SurveyAnswer.objects.filter(registration__session=OuterRef("pk"))
        .order_by()
        .values("registration__session")
    )
    return Subquery(answers.annotate(value=aggregate).values("value"))


def registration_count(**filters):
    """Return a subquery counting the registrations of the outer session that match `filters`."""
    registrations = (
        Registration.objects.filter(session=OuterRef("pk"), **filters).order_by().values("session")
    )
    return Coalesce(Subquery(registrations.annotate(total=Count("pk")).values("total")), 0)


class Session(Content):
    """A Phish & Chips technical day; the Markdown body is its agenda."""

    KIND = "session"
    detail_url_name = "events:detail"

    class Attendance(models.TextChoices):
        IN_PERSON = "in-person", "In person"
        ONLINE = "online", "Online"

    starts_at = models.DateTimeField("starts at")
    ends_at = models.DateTimeField("ends at")
    time_zone = models.CharField(
        max_length=64,
        choices=time_zone_choices,
        default="Europe/London",
        help_text="Times are shown to visitors in this zone, and calendar files use it.",
    )
    attendance = models.CharField(max_length=10, choices=Attendance, default=Attendance.IN_PERSON)
    venue = models.CharField(max_length=200, blank=True, help_text="Building and street.")
    city = models.CharField(max_length=100, blank=True)
    join_url = models.URLField(
        "join link",
        blank=True,
        help_text="For online sessions. Only confirmed attendees ever see it.",
    )
    join_url_due = models.DateField(
        "join link follows by",
        null=True,
        blank=True,
        help_text="For an online session published before its join link exists: the date "
        "by which attendees get it. The session page and the confirmation say so; the "
        "reminder the day before carries the link, and waits for it.",
    )
    capacity = models.PositiveIntegerField(
        help_text="Seats available; past this, a waitlist. Raising it gives the new seats "
        "to the waitlist, oldest first."
    )
    areas = models.ManyToManyField(
        ProductArea,
        blank=True,
        related_name="+",
        verbose_name="other product areas",
        help_text="Further product areas the session covers, besides its main one.",
    )
    registration_opens_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty: open as soon as the session is published."
    )
    registration_closes_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty: open until the session starts."
    )
    # Cancelling is a state: the page stays and says so, the registrations stay
    # as they were, and every calendar entry of it is withdrawn (content.events.updates).
    cancelled_at = models.DateTimeField("cancelled at", null=True, blank=True, editable=False)
    # The revision of the session's calendar entries (RFC 5545 SEQUENCE): raised
    # by every change attendees are told of, so that calendars replace the entry.
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)
    # After the day (content.events.followup): what attendees are sent.
    materials = models.ManyToManyField(
        Content,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "asset"},
        verbose_name="materials",
        help_text="Library assets sent to attendees the day after the session.",
    )
    slides = models.FileField(
        upload_to=slides_upload_to,
        storage=private_storage,
        max_length=200,
        blank=True,
        validators=[SlidesValidator()],
        help_text="The session's slides, PDF or PPTX: only attendees can download them, "
        "from the link in the email they get the day after.",
    )

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = "Phish & Chips session"
        ordering = ["starts_at"]

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "The session must end after it starts."})
        if self.is_online and not self.join_url:
            self._clean_join_link_promise()

    def _clean_join_link_promise(self):
        """Refuse to publish an online session that gives attendees no way to join."""
        if self.status == self.Status.PUBLISHED and not self.join_url_due:
            raise ValidationError(
                {
                    "join_url": "An online session needs its join link before it is published, "
                    "or a date in “join link follows by” that its page and emails can promise."
                }
            )
        if self.join_url_due and self.starts_at:
            day = self.starts_at.astimezone(zoneinfo.ZoneInfo(self.time_zone)).date()
            if self.join_url_due >= day:
                raise ValidationError(
                    {
                        "join_url_due": "The join link must follow before the day of the "
                        f"session ({day:%-d %B %Y}), so that the reminder can carry it."
                    }
                )

    @property
    def is_online(self):
        return self.attendance == self.Attendance.ONLINE

    @property
    def place(self):
        """Return where an in-person session happens: venue and city, as far as known."""
        return (
            ", ".join(part for part in [self.venue, self.city] if part) or "Venue to be announced"
        )

    @property
    def covered_areas(self):
        """Return the main product area, then the others the session covers."""
        others = [area for area in self.areas.all() if area.pk != self.area_id]
        return [self.area, *others] if self.area else others

    @property
    def registration_opens(self):
        return self.registration_opens_at or self.publish_at

    @property
    def registration_is_open(self):
        closes = self.registration_closes_at or self.starts_at
        return not self.is_cancelled and self.registration_opens <= timezone.now() < closes

    @property
    def is_cancelled(self):
        return self.cancelled_at is not None

    @property
    def has_ended(self):
        return self.ends_at < timezone.now()

    @property
    def registration_is_upcoming(self):
        return timezone.now() < self.registration_opens

    def preparation(self, limit=4):
        """Return published assets to prepare with: same tags or same product area.

        It goes through Content, so that events never imports the library.
        """
        # tags.all() is prefetched on the detail page: no query for the ids.
        match = Q(tags__in=[tag.pk for tag in self.tags.all()])
        if self.area_id:
            match |= Q(area_id=self.area_id)
        assets = Content.objects.published().filter(match, kind="asset").distinct()
        return assets.select_related("area").with_kinds().order_by("-publish_at")[:limit]

    def seats_left(self):
        """Return free seats; uses the with_seat_counts() annotation when present."""
        confirmed = getattr(self, "confirmed_count", None)
        if confirmed is None:
            confirmed = self.registrations.seated().count()
        return max(self.capacity - confirmed, 0)


class RegistrationQuerySet(models.QuerySet):
    def live(self):
        """Return registrations that hold a seat or a place in the waitlist."""
        return self.filter(status__in=Registration.LIVE_STATUSES)

    def seated(self):
        """Return registrations that take a seat: confirmed or attended."""
        return self.filter(status__in=Registration.SEATED_STATUSES)

    def waitlisted(self):
        """Return the waitlist, oldest first: the order in which seats are offered."""
        return self.filter(status=Registration.Status.WAITLISTED).order_by("created", "pk")

    def no_shows(self):
        """Return confirmed seats of sessions that have ended: people who never checked in."""
        return self.filter(
            status=Registration.Status.CONFIRMED, session__ends_at__lt=timezone.now()
        )

    def with_email(self, email):
        """Return registrations of `email`, compared as the unique constraint does."""
        return self.alias(email_lower=Lower("email")).filter(email_lower=email.lower())


class Registration(models.Model):
    """A person's place at a session: a seat, a place in the waitlist, or neither."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        WAITLISTED = "waitlisted", "Waitlisted"
        CANCELLED = "cancelled", "Cancelled"
        ATTENDED = "attended", "Attended"

    LIVE_STATUSES = [Status.CONFIRMED, Status.WAITLISTED, Status.ATTENDED]
    SEATED_STATUSES = [Status.CONFIRMED, Status.ATTENDED]
    # Set by booking.registration_create, not stored: whether its email was queued.
    emailed: bool

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(max_length=200)
    email = models.EmailField()
    company = models.CharField(max_length=200)
    job_title = models.CharField("job title", max_length=200)
    notes = models.TextField(blank=True, max_length=2000)
    consent = models.BooleanField(
        "contact me about this session",
        default=False,
        help_text="The person agreed to be contacted about this session.",
    )
    status = models.CharField(max_length=10, choices=Status, editable=False)
    # Random and never shown on its own: it names the registration in signed
    # manage links and is the stable UID of its calendar entries.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reminded_at = models.DateTimeField("reminder sent at", null=True, blank=True, editable=False)
    # Online sessions only: the reminder an hour before, which carries the join link.
    reminded_soon_at = models.DateTimeField(
        "hour-before reminder sent at", null=True, blank=True, editable=False
    )
    checked_in_at = models.DateTimeField("checked in at", null=True, blank=True, editable=False)
    followed_up_at = models.DateTimeField(
        "materials and survey sent at", null=True, blank=True, editable=False
    )
    purged_at = models.DateTimeField(
        "personal data removed at", null=True, blank=True, editable=False
    )
    created = models.DateTimeField(default=timezone.now, editable=False)
    updated = models.DateTimeField(auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(
                "session",
                Lower("email"),
                condition=Q(status__in=["confirmed", "waitlisted", "attended"]),
                name="one_live_registration_per_email",
                violation_error_message="This email address is already registered for this session.",  # noqa: E501
            ),
        ]
        indexes = [models.Index(fields=["session", "status", "created"])]
        # Viewing rows one by one is not downloading them all: exporting attendees
        # is its own permission, given to event managers only.
        permissions = [("export_registration", "Can export registrations with personal data")]

    def __str__(self):
        return f"{self.name} – {self.session}"

    @property
    def join_url(self):
        """Return the session's join link for a confirmed seat, and nothing for anyone else
        (nor once the session was cancelled)."""
        if self.status == self.Status.CONFIRMED and self.session.is_online:
            if self.session.is_cancelled:
                return ""
            return self.session.join_url
        return ""

    @property
    def join_url_due(self):
        """Return the date a confirmed seat gets its join link by, while the link is missing."""
        if self.status == self.Status.CONFIRMED and self.session.is_online:
            return None if self.session.join_url else self.session.join_url_due
        return None

    def waitlist_place(self):
        """Return this registration's place in the waitlist (1 is next), or None."""
        if self.status != self.Status.WAITLISTED:
            return None
        ahead = (
            Registration.objects.waitlisted()
            .filter(session_id=self.session_id)
            .filter(Q(created__lt=self.created) | Q(created=self.created, pk__lt=self.pk))
        )
        return ahead.count() + 1


class SessionMessage(models.Model):
    """A message event managers wrote to some of a session's people (content.events.messaging).

    It is the session's log of what its people were told: nothing here names
    a person, and the deliveries say who had it.
    """

    AUDIENCES = [
        Registration.Status.CONFIRMED,
        Registration.Status.WAITLISTED,
        Registration.Status.ATTENDED,
    ]

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="messages")
    audience = models.JSONField(
        help_text="The statuses of the registrations it goes to: confirmed, waitlisted, attended."
    )
    subject = models.CharField(max_length=150)
    body = models.TextField(
        max_length=10000, help_text="Markdown. Links are kept; scripts and styles are removed."
    )
    body_html = models.TextField(editable=False, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recipients = models.PositiveIntegerField(
        default=0, help_text="How many people it was addressed to when it was sent."
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created"]
        verbose_name = "message to attendees"
        verbose_name_plural = "messages to attendees"

    def __str__(self):
        return self.subject

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)

    def audience_text(self):
        labels = dict(Registration.Status.choices)
        return ", ".join(labels[status].lower() for status in self.audience)

    def addressees(self):
        """Return the registrations it goes to: of the audience, with their data kept."""
        return self.session.registrations.filter(status__in=self.audience, purged_at=None)


class SessionMessageDelivery(models.Model):
    """That one registration was sent one message: a retried job finds it and skips it."""

    message = models.ForeignKey(SessionMessage, on_delete=models.CASCADE, related_name="deliveries")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    queued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["message", "registration"], name="one_delivery_per_person"
            )
        ]

    def __str__(self):
        # No name or address: this row says only that a message reached a registration.
        return f"message {self.message_id} to registration {self.registration_id}"


class SurveyAnswer(models.Model):
    """What one attendee thought of a session: a rating from 1 to 5 and a comment."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="survey_answer"
    )
    rating = models.PositiveSmallIntegerField(
        choices=[(number, str(number)) for number in range(1, 6)],
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    comment = models.TextField(blank=True, max_length=2000)
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="survey_rating_1_to_5"
            )
        ]

    def __str__(self):
        return f"{self.rating}/5 for {self.registration.session}"
