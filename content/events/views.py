from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import SimpleLazyObject
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView, TemplateView

from content.accounts.models import BOOKING_DETAILS
from content.core.models import ProductArea, visitor_of
from content.core.ratelimit import client_ip, ratelimit, ratelimit_submission
from content.core.views import AudienceMixin, PreviewMixin, SharedListMixin
from content.events.booking import (
    AlreadyRegistered,
    RegistrationClosed,
    promotions_record,
    registration_cancel,
    registration_create,
    registration_forget,
    registration_network_take,
)
from content.events.calendar import (
    calendar_links,
    registration_calendar,
    session_calendar,
    sessions_calendar,
    subscription_url,
)
from content.events.checkin_codes import checkin_qr_svg, checkin_signed
from content.events.emails import registration_link_resend
from content.events.followup import followup_path
from content.events.forms import BookingLinkForm, RegistrationForm, SessionFilterForm
from content.events.links import manage_path, manage_url, registration_for_link, venue_map_url
from content.events.models import Registration, Session
from content.pagecache import visitor_details

# Said instead of "we have emailed you" when the address has had its share of
# mails today (content.core.mail): a page never claims a mail it did not queue.
NOT_EMAILED = (
    "We could not email you this time: your address has had as many emails from "
    "us as we send in a day. Keep this page's address to manage your registration."
)


NETWORK_FULL = (
    "This session has had as many registrations from your network as we take from one "
    "place. If your colleagues need more seats, please contact us."
)


def registered_message(registration):
    emailed = "We have emailed you." if registration.emailed else NOT_EMAILED
    if registration.status == Registration.Status.WAITLISTED:
        return f"You are on the waitlist. {emailed}"
    return f"Thank you for registering. {emailed}"


class SessionListView(SharedListMixin, ListView):
    template_name = "events/session_list.html"
    context_object_name = "sessions"
    paginate_by = 20
    past = False

    def get_queryset(self):
        sessions = Session.objects.published(visitor_of(self.request))
        sessions = sessions.past() if self.past else sessions.upcoming()
        self.filters = SessionFilterForm(self.request.GET, sessions=sessions)
        sessions = self.filters.filter(sessions)
        return sessions.with_seat_counts().select_related("area").prefetch_related("areas")

    def get_context_data(self, **kwargs):
        if not self.past:
            kwargs["subscriptions"] = self.subscriptions()
        return super().get_context_data(past=self.past, filters=self.filters, **kwargs)

    def subscriptions(self):
        """Return (label, webcal: address) of the calendars to subscribe to: every
        session, and the product area the list is filtered by, if any."""
        feeds = [("All Phish & Chips sessions", subscription_url())]
        slug = self.filters.cleaned_data.get("area")
        if slug:
            # The filter's choices hold the areas' names already: no query.
            name = dict(self.filters.fields["area"].choices)[slug]
            feeds.append((f"{name} sessions", subscription_url(area_slug=slug)))
        return feeds

    def render_to_response(self, context, **response_kwargs):
        # Filters that are not understood are left out, and the page says so.
        status = 400 if self.filters.errors else 200
        return super().render_to_response(context, status=status, **response_kwargs)


class PastSessionListView(SessionListView):
    past = True


@method_decorator(ratelimit("registration", tries=True), name="post")
class SessionDetailView(AudienceMixin, PreviewMixin, DetailView):
    """The session page, with the registration form."""

    template_name = "events/session_detail.html"
    context_object_name = "session"

    def get_queryset(self):
        return (
            Session.objects.listed(visitor_of(self.request))
            .with_seat_counts()
            .for_listing()
            .prefetch_related("areas")
        )

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.form())
        return super().get_context_data(
            preparation=SimpleLazyObject(self.object.preparation),
            map_url=venue_map_url(self.object),
            **kwargs,
        )

    def form(self, data=None):
        # A signed-in visitor finds their details filled in, by the page cache
        # as the page is sent, so that the page stays their audience's.
        initial = {}
        if visitor_of(self.request).signed_in:
            initial = {name: visitor_details.mark(name) for name in BOOKING_DETAILS}
        return RegistrationForm(data, waitlist=not self.object.seats_left(), initial=initial)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        email = form.cleaned_data["email"]
        if refusal := ratelimit_submission("registration", request, email=email):
            return refusal
        if not registration_network_take(session=self.object, ip=client_ip(request)):
            form.add_error(None, NETWORK_FULL)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        registration = form.save(commit=False)
        registration.session = self.object
        try:
            registration_create(registration=registration)
        except RegistrationClosed:
            form.add_error(None, "Registration for this session is closed.")
        except AlreadyRegistered:
            form.add_error(
                "email",
                "This email address is already registered for this session, so we have "
                "sent nothing new. The email we sent you then has a link to manage it.",
            )
            # The way out: have that link sent again, to that address only.
            return self.render_to_response(
                self.get_context_data(form=form, booking_link_email=registration.email)
            )
        else:
            messages.success(request, registered_message(registration))
            return redirect(manage_path(registration))
        return self.render_to_response(self.get_context_data(form=form))


def calendar_response(content, *, filename, disposition="attachment"):
    response = HttpResponse(content, content_type="text/calendar")
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


# Calendar applications drop an entry that leaves a subscription: an ended
# session stays in it this long, so that last week's day stays in people's calendars.
SUBSCRIPTION_KEEPS_ENDED = timedelta(days=30)


class SessionsCalendarView(View):
    """The calendar subscription of upcoming sessions, of all areas or of one.

    A changed session keeps its entry with a higher SEQUENCE and a cancelled
    one stays, marked cancelled, so subscribed calendars follow both.
    """

    def get(self, request, area=None):
        since = timezone.now() - SUBSCRIPTION_KEEPS_ENDED
        sessions = Session.objects.published().filter(ends_at__gte=since)
        name = "Phish & Chips"
        if area is not None:
            area = get_object_or_404(ProductArea, slug=area)
            sessions = sessions.filter(Q(area=area) | Q(areas=area)).distinct()
            name = f"Phish & Chips: {area.name}"
        content = sessions_calendar(sessions=sessions.order_by("starts_at", "pk"), name=name)
        filename = f"phish-and-chips-{area.slug}.ics" if area else "phish-and-chips.ics"
        return calendar_response(content, filename=filename, disposition="inline")


class SessionCalendarView(View):
    """The public calendar file of a session: no join link, nobody's name."""

    def get(self, request, slug):
        session = get_object_or_404(Session.objects.published(visitor_of(request)), slug=slug)
        return calendar_response(session_calendar(session=session), filename=f"{session.slug}.ics")


@method_decorator(ratelimit("registration"), name="post")
class BookingLinkView(TemplateView):
    """Email the manage link of a registration again, to the address it was made with.

    The answer is the same whether or not the address is registered, and the
    mail counts towards the address's daily share (content.core.mail).
    """

    template_name = "events/booking_link.html"

    def dispatch(self, request, *args, **kwargs):
        self.session = get_object_or_404(
            Session.objects.published(visitor_of(request)), slug=kwargs["slug"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", BookingLinkForm())
        return super().get_context_data(session=self.session, **kwargs)

    def post(self, request, slug):
        form = BookingLinkForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        registration_link_resend(session=self.session, email=form.cleaned_data["email"])
        return self.render_to_response(
            self.get_context_data(form=form, asked_for=form.cleaned_data["email"])
        )


# A signed link's pages show one person's details (and the join link): no
# cache may keep them, the hub's page cache included, which leaves alone any
# response with a Cache-Control of its own.
@method_decorator(never_cache, name="dispatch")
class SignedLinkMixin:
    """Find the registration a signed manage link names, or answer with a clear 4xx."""

    def dispatch(self, request, *args, **kwargs):
        try:
            self.registration = self.registration_for(kwargs["signed"])
        except signing.SignatureExpired:
            return self.link_problem(request, "expired", 410)
        except signing.BadSignature:
            return self.link_problem(request, "invalid", 400)
        except Registration.DoesNotExist:
            return self.link_problem(request, "gone", 404)
        return super().dispatch(request, *args, **kwargs)

    def registration_for(self, signed):
        """Return the registration `signed` names; other signed links override this."""
        return registration_for_link(signed)

    def link_problem(self, request, problem, status):
        return render(request, "events/link_problem.html", {"problem": problem}, status=status)

    def get_context_data(self, **kwargs):
        registration = self.registration
        session = registration.session
        return super().get_context_data(
            registration=registration,
            session=session,
            waitlist_place=registration.waitlist_place(),
            join_url=registration.join_url,
            join_url_due=registration.join_url_due,
            can_cancel=not session.is_cancelled
            and registration.status
            in (Registration.Status.CONFIRMED, Registration.Status.WAITLISTED),
            purge_days=settings.EVENTS_PURGE_AFTER_DAYS,
            **kwargs,
        )


class ManageView(SignedLinkMixin, TemplateView):
    """What a registration holds, with the ways to add it to a calendar, cancel it or remove it."""

    template_name = "events/manage.html"

    def get_context_data(self, **kwargs):
        registration = self.registration
        if (
            registration.status == Registration.Status.CONFIRMED
            and not registration.session.is_cancelled
        ):
            kwargs["calendar"] = calendar_links(session=registration.session)
        if (
            registration.status in Registration.SEATED_STATUSES
            and not registration.session.has_ended
            and not registration.session.is_cancelled
        ):
            kwargs["checkin_qr"] = checkin_qr_svg(checkin_signed(registration))
        if registration.status == Registration.Status.ATTENDED:
            kwargs["followup_path"] = followup_path(registration)
        return super().get_context_data(**kwargs)


@method_decorator(never_cache, name="dispatch")
class RegistrationCalendarView(SignedLinkMixin, View):
    """The calendar entry of a confirmed seat, as the confirmation email attaches it."""

    def get(self, request, signed):
        registration = self.registration
        if registration.status != Registration.Status.CONFIRMED:
            raise Http404("Only a confirmed seat has a calendar entry.")
        # A cancelled session's file withdraws the entry, as its email did.
        content = registration_calendar(
            registration=registration,
            manage_url=manage_url(registration),
            cancel=registration.session.is_cancelled,
        )
        return calendar_response(content, filename="phish-and-chips.ics")


@method_decorator(ratelimit("manage", tries=True), name="post")
class CancelView(SignedLinkMixin, TemplateView):
    """Ask to confirm, then cancel on POST."""

    template_name = "events/cancel_confirm.html"

    def post(self, request, signed):
        if refusal := ratelimit_submission("manage", request):
            return refusal
        waitlisted = self.registration.status == Registration.Status.WAITLISTED
        promoted = registration_cancel(registration=self.registration)
        if promoted is not None:
            promotions_record(promoted, reason="an attendee cancelled through their link")
            left = (
                "You have left the waitlist." if waitlisted else "Your registration is cancelled."
            )
            messages.success(request, left)
        return redirect("events:manage", signed=signed)


@method_decorator(ratelimit("manage", tries=True), name="post")
class ForgetView(SignedLinkMixin, TemplateView):
    """Ask to confirm, then cancel and remove the person's data on POST."""

    template_name = "events/forget_confirm.html"

    def post(self, request, signed):
        if refusal := ratelimit_submission("manage", request):
            return refusal
        session = self.registration.session
        promoted = registration_forget(registration=self.registration)
        promotions_record(promoted, reason="an attendee removed their booking through their link")
        return render(request, "events/forgotten.html", {"session": session})
