"""How django-allauth works in the hub: visitors without passwords, mail
through the task queue, organisations joined at sign-in."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.contrib.auth import get_user_model
from django.shortcuts import render
from django.urls import reverse

from content.accounts.models import email_domain, memberships_sync
from content.core.mail import email_queue

SIGN_IN_MESSAGES = {"account/messages/logged_in.txt", "account/messages/email_confirmed.txt"}


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """Render allauth's mail as it would, then queue it like every mail of the hub."""
        message = self.render_mail(template_prefix, email, {"email": email, **context})
        html = next(
            (body for body, kind in getattr(message, "alternatives", []) if kind == "text/html"),
            "",
        )
        email_queue(subject=message.subject, to=message.to, text=message.body, html=html)

    def format_email_subject(self, subject):
        return subject

    def get_login_redirect_url(self, request):
        return reverse("accounts:profile")

    def get_signup_redirect_url(self, request):
        return reverse("accounts:profile")

    def get_logout_redirect_url(self, request):
        # The sign-in page shows "You have signed out"; a message left unread
        # would keep its cookie, and a visitor with cookies gets no cached pages.
        return reverse("account_request_login_code")

    def add_message(self, request, level, message_template=None, *args, **kwargs):
        # Signing in from a teaser goes back to the item, and no public page
        # shows messages: "Signed in as ...", "You have confirmed ..." would
        # stay in a cookie, and a visitor with any cookie but the session's
        # gets no stored pages. The account page says who is signed in anyway.
        if message_template in SIGN_IN_MESSAGES:
            return
        super().add_message(request, level, message_template, *args, **kwargs)

    def post_login(self, request, user, **kwargs):
        verified = EmailAddress.objects.filter(user=user, verified=True)
        memberships_sync(user=user, verified_emails=verified.values_list("email", flat=True))
        return super().post_login(request, user, **kwargs)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on: an organisation's provider vouches for addresses at its
    own domains only, never for a staff account; a first sign-in makes the
    account with no form to fill."""

    def is_auto_signup_allowed(self, request, sociallogin):
        return True

    def pre_social_login(self, request, sociallogin):
        allowed = set(sociallogin.provider.app.settings.get("domains", []))
        emails = [address.email for address in sociallogin.email_addresses]
        outside = not emails or any(email_domain(email) not in allowed for email in emails)
        staff = get_user_model().objects.filter(email__in=emails, is_staff=True).exists()
        if outside or staff:
            raise ImmediateHttpResponse(
                render(
                    request,
                    "accounts/sso_refused.html",
                    {"provider": sociallogin.provider.name, "staff": staff},
                    status=403,
                )
            )
