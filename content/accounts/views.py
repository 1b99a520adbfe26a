"""Signing in with an emailed code, signing out everywhere, and "My account"."""

from allauth.account import views as allauth_views
from allauth.account.forms import RequestLoginCodeForm
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView, View

from content.accounts import second_factor, signin
from content.accounts.forms import ProfileForm
from content.accounts.models import Profile
from content.core.models import Counter
from content.core.ratelimit import email_hit, hit, too_many_requests, window_hit
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


# Wrong second-factor codes one account may type within the window, whatever its IP.
SECOND_FACTOR_FAILURES = 5
SECOND_FACTOR_WINDOW = 15 * 60


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="Six digits from your authenticator app, or one of your recovery codes.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


@method_decorator(never_cache, name="dispatch")
class SecondFactorView(LoginRequiredMixin, TemplateView):
    """Set up or type the second factor that guards the admin."""

    template_name = "accounts/second_factor.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not second_factor.needs_second_factor(user):
            return redirect("admin:index")
        return super().dispatch(request, *args, **kwargs)

    def next_url(self):
        target = self.request.POST.get("next") or self.request.GET.get("next", "")
        allowed = {self.request.get_host()}
        if url_has_allowed_host_and_scheme(target, allowed_hosts=allowed):
            return target
        return reverse("admin:index")

    def get_context_data(self, form=None, **kwargs):
        setting_up = second_factor.totp_of(self.request.user) is None
        context = {"form": form or SecondFactorForm(), "setting_up": setting_up}
        if setting_up:
            secret = second_factor.setup_secret(self.request)
            picture = second_factor.setup_picture(self.request.user, secret)
            context |= {"secret": secret, "picture": picture}
        return super().get_context_data(next=self.next_url(), **context, **kwargs)

    def post(self, request):
        wait = hit("second-factor", request)
        if wait:
            return too_many_requests(request, wait, scope="second-factor")
        form = SecondFactorForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        code = form.cleaned_data["code"].strip()
        if second_factor.totp_of(request.user) is None:
            codes = second_factor.second_factor_activate(request=request, code=code)
            if codes:
                return render(
                    request,
                    "accounts/recovery_codes.html",
                    {"codes": codes, "next": self.next_url()},
                )
        elif second_factor.second_factor_verify(request=request, code=code):
            return redirect(self.next_url())
        key = f"ratelimit:second-factor:user:{request.user.pk}"
        if window_hit(
            key,
            SECOND_FACTOR_FAILURES,
            SECOND_FACTOR_WINDOW,
            scope="second-factor",
            request=request,
        ):
            return too_many_requests(
                request, Counter.objects.seconds_left(key), scope="second-factor"
            )
        form.add_error(
            "code", "That code is not right. Check your app's clock, or use a recovery code."
        )
        return self.render_to_response(self.get_context_data(form=form), status=400)
