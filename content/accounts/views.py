"""Signing in with an emailed code, signing out everywhere, and "My account"."""

from allauth.account import views as allauth_views
from allauth.account.forms import RequestLoginCodeForm
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView, View

from content.accounts import signin
from content.accounts.forms import ProfileForm
from content.accounts.models import Profile
from content.core.ratelimit import email_hit, hit, too_many_requests
from content.events.booking import person_forget
from content.events.links import manage_path
from content.events.models import Registration


@method_decorator(never_cache, name="dispatch")
class RequestCodeView(allauth_views.RequestLoginCodeView):
    """allauth's "send me a code", counted per client and per address in the database."""

    template_name = "accounts/request_code.html"

    def get_context_data(self, **kwargs):
        providers = [(provider["id"], provider["name"]) for provider in settings.ACCOUNTS_SSO]
        return super().get_context_data(sso_providers=providers, **kwargs)

    def post(self, request, *args, **kwargs):
        wait = hit("login-code", request)
        if wait:
            return too_many_requests(request, wait, scope="login-code")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: RequestLoginCodeForm):
        email = form.cleaned_data["email"]
        wait = email_hit("login-code", self.request, email)
        if wait:
            return too_many_requests(self.request, wait, scope="login-code")
        form._user = signin.visitor_account_for_code(
            request=self.request, email=email, found=form._user
        )
        return super().form_valid(form)


class SignOutEverywhereView(LoginRequiredMixin, View):
    """End every session of the account, this one included."""

    def post(self, request):
        user = request.user
        # Sessions carry a hash of the password field; a new random unusable
        # password ends every one of them at its next request.
        user.set_unusable_password()
        user.save(update_fields=["password"])
        logout(request)
        messages.success(request, "You are signed out on every device.")
        return redirect("account_request_login_code")


@method_decorator(never_cache, name="dispatch")
class ProfileView(LoginRequiredMixin, TemplateView):
    """The visitor's details, organisations and sign-out buttons."""

    template_name = "accounts/profile.html"

    def profile(self):
        return Profile.objects.get_or_create(user=self.request.user)[0]

    def get_context_data(self, form=None, **kwargs):
        user = self.request.user
        registrations = (
            Registration.objects.with_email(user.email)
            .filter(purged_at=None)
            .select_related("session")
            .order_by("-session__starts_at")
        )
        return super().get_context_data(
            form=form or ProfileForm(instance=self.profile()),
            organisations=user.organisations.filter(memberships__active=True),
            registrations=[
                (registration, manage_path(registration)) for registration in registrations
            ],
            **kwargs,
        )

    def post(self, request):
        form = ProfileForm(request.POST, instance=self.profile())
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        form.save()
        messages.success(request, "Your details are saved.")
        return redirect("accounts:profile")


class AccountDeleteView(LoginRequiredMixin, TemplateView):
    """Delete the account and the personal data of its registrations."""

    template_name = "accounts/delete.html"

    @method_decorator(never_cache)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def post(self, request):
        user = request.user
        if user.is_staff:  # staff accounts are closed by a superuser, in the admin
            return self.render_to_response(self.get_context_data(staff=True), status=403)
        with transaction.atomic():
            person_forget(email=user.email)
            logout(request)
            user.delete()
        return redirect("accounts:deleted")


class AccountDeletedView(TemplateView):
    template_name = "accounts/deleted.html"
