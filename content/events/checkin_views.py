"""The door: staff check people in from their QR code or from the session's list.

These pages show people's names, so only staff who may change registrations
open them; every opening is recorded (content.privacy) and no cache keeps them.
Forms are plain POSTs: the list works without JavaScript, which only keeps
its counts fresh.
"""

from functools import wraps
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db.models.functions import Lower
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from content.accounts.second_factor import second_factor_due, second_factor_redirect
from content.events.booking import AlreadyRegistered, SessionFull, registration_unmark_attended
from content.events.checkin import (
    CheckInNotOpen,
    Outcome,
    check_in_counts,
    check_in_opens,
    check_in_refusal,
    registration_check_in,
    walk_in_create,
)
from content.events.checkin_codes import checkin_qr_png, checkin_token, registration_for_checkin
from content.events.checkin_forms import PersonSearchForm, WalkInForm
from content.events.models import Registration, Session
from content.privacy.admin import personal_data_opened

PERMISSION = "events.change_registration"


def staff_at_the_door(view):
    """Let in only staff who may change registrations: others sign in first, or get a 403."""

    @wraps(view)
    def check(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        # The list names attendees: as in the admin, a second factor first.
        if second_factor_due(request):
            return second_factor_redirect(request)
        return view(request, *args, **kwargs)

    return never_cache(check)


def local_time(moment, session):
    return moment.astimezone(ZoneInfo(session.time_zone)) if moment else None


def _log(request, registration, action, message):
    LogEntry.objects.log_actions(request.user.pk, [registration], action, message)


@method_decorator(staff_at_the_door, name="dispatch")
class CheckInCodeView(View):
    """What a phone's camera opens from a person's QR code: check them in, and say so."""

    # Opening the address checks the person in: a phone's camera app can only
    # open it, and the door needs one look, not a second tap. Only signed-in
    # staff with the permission get this far, and an undo is on the page.
    def get(self, request, signed):
        try:
            registration = registration_for_checkin(signed)
        except signing.BadSignature:
            reason = "This code was not made by the hub, or was changed."
            return self.answer(request, None, reason=reason, status=400)
        except Registration.DoesNotExist:
            reason = "This registration no longer exists: its data was removed."
            return self.answer(request, None, reason=reason, status=404)
        personal_data_opened(
            request=request,
            model=Registration,
            what=f"registration {registration.pk} (check-in code)",
            rows=1,
            object_id=registration.pk,
        )
        outcome = registration_check_in(registration=registration)
        if outcome == Outcome.CHECKED_IN:
            _log(request, registration, CHANGE, "Checked in at the door.")
        reason = check_in_refusal(registration) if outcome == Outcome.NOT_VALID else ""
        return self.answer(request, registration, outcome=outcome, reason=reason)

    def answer(self, request, registration, *, outcome=Outcome.NOT_VALID, reason="", status=200):
        context = {
            "registration": registration,
            "session": registration.session if registration else None,
            "outcome": outcome,
            "reason": reason,
        }
        return render(request, "events/checkin/code.html", context, status=status)


@method_decorator(staff_at_the_door, name="dispatch")
class CheckInListView(View):
    """A session's confirmed people: find by name, check in or undo, take walk-ins."""

    def dispatch(self, request, *args, **kwargs):
        self.session = get_object_or_404(Session, slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, slug, walk_in_form=None, status=200):
        session = self.session
        search = PersonSearchForm(request.GET)
        people = list(search.filter(session.registrations.seated()).order_by(Lower("name"), "pk"))
        personal_data_opened(
            request=request,
            model=Registration,
            what=f"check-in list of {session.title} (session {session.pk})",
            rows=len(people),
        )
        context = {
            "session": session,
            "people": people,
            "search": search,
            "query": search.cleaned_data.get("q", "").strip() if search.is_valid() else "",
            "counts": check_in_counts(session),
            "opens": check_in_opens(session),
            "walk_in_form": walk_in_form or WalkInForm(),
        }
        return render(request, "events/checkin/list.html", context, status=status)

    def post(self, request, slug):
        if request.POST.get("action") == "walk-in":
            return self.walk_in(request)
        registration = self.session.registrations.filter(pk=request.POST.get("registration") or 0)
        registration = registration.select_related("session").first()
        if registration is None or request.POST.get("action") not in ("check-in", "undo"):
            return HttpResponse(
                "That person is not registered for this session. Go back and reload the list.",
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        if request.POST["action"] == "undo":
            self.undo(request, registration)
        else:
            self.check_in(request, registration)
        return self.back_to_list(request.POST.get("q", ""), registration)

    def check_in(self, request, registration):
        outcome = registration_check_in(registration=registration)
        at = local_time(registration.checked_in_at, self.session)
        if outcome == Outcome.CHECKED_IN:
            _log(request, registration, CHANGE, "Checked in at the door.")
            messages.success(request, f"{registration.name} is checked in ({at:%H:%M}).")
        elif outcome == Outcome.ALREADY:
            messages.info(request, f"{registration.name} was already checked in at {at:%H:%M}.")
        else:
            messages.warning(request, f"{registration.name}: {check_in_refusal(registration)}")

    def undo(self, request, registration):
        if registration_unmark_attended(registration=registration):
            _log(request, registration, CHANGE, "Check-in undone at the door.")
            messages.success(request, f"Check-in of {registration.name} undone.")
        else:
            messages.info(request, f"{registration.name} was not checked in.")

    def walk_in(self, request):
        form = WalkInForm(request.POST)
        if not form.is_valid():
            return self.get(request, self.session.slug, walk_in_form=form, status=400)
        registration = form.save(commit=False)
        registration.session = self.session
        try:
            walk_in_create(registration=registration)
        except SessionFull:
            form.add_error(None, "No seat is left: walk-ins take only free seats.")
        except AlreadyRegistered:
            form.add_error(
                "email",
                "This email address is already registered for this session: find the "
                "person in the list above.",
            )
        except CheckInNotOpen:
            form.add_error(
                None, f"Check-in opens at {check_in_opens(self.session):%H:%M %Z on %-d %B}."
            )
        else:
            _log(request, registration, ADDITION, "Walked in: registered and checked in.")
            messages.success(request, f"{registration.name} is registered and checked in.")
            return self.back_to_list("", registration)
        return self.get(request, self.session.slug, walk_in_form=form, status=409)

    def back_to_list(self, query, registration):
        """Go back to the list as it was searched, at the person's row."""
        url = reverse("events:checkin-list", kwargs={"slug": self.session.slug})
        query = query.strip()[:200]
        search = f"?{urlencode({'q': query})}" if query else ""
        return redirect(f"{url}{search}#person-{registration.pk}")


@method_decorator(staff_at_the_door, name="dispatch")
class CheckInCountsView(View):
    """The door's counts as JSON, for the list page's script to keep them fresh."""

    def get(self, request, slug):
        return JsonResponse(check_in_counts(get_object_or_404(Session, slug=slug)))


@method_decorator(never_cache, name="dispatch")
class CheckInCodeImageView(View):
    """The QR code as PNG, for the confirmation email: the image holds only the address."""

    def get(self, request, signed):
        try:
            checkin_token(signed)
        except signing.BadSignature:
            return HttpResponse(
                "This is not a check-in code.", status=400, content_type="text/plain"
            )
        return HttpResponse(checkin_qr_png(signed), content_type="image/png")
