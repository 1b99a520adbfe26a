"""How django-allauth works in the hub: visitors without passwords, mail
through the task queue, organisations joined at sign-in."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.urls import reverse

from content.accounts.models import memberships_sync
from content.core.mail import email_queue


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

    def get_logout_redirect_url(self, request):
        # The sign-in page shows "You have signed out"; a message left unread
        # would keep its cookie, and a visitor with cookies gets no cached pages.
        return reverse("account_request_login_code")

    def post_login(self, request, user, **kwargs):
        verified = EmailAddress.objects.filter(user=user, verified=True)
        memberships_sync(user=user, verified_emails=verified.values_list("email", flat=True))
        return super().post_login(request, user, **kwargs)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on makes an account on a first sign-in, with no form to fill."""

    def is_auto_signup_allowed(self, request, sociallogin):
        return True
