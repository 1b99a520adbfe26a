"""Ask "Was this helpful?" on a detail page of any kind.

A kind that asks has a model extending AbstractFeedback, and its detail view
takes FeedbackMixin. Each browser gets a random id in a signed cookie and has
one answer per item, which the page shows again so that it can be changed.
The cookie is sent back to the item's own page only (its path), so that every
other page stays cached for the browser that answered.

The page cache serves no page to a visitor with that cookie
(content.pagecache.middleware.PublicPageCacheMiddleware: applies_to and
is_audience_page), so nobody gets another
visitor's answer; without the cookie there is no answer to show, and the
page stays cacheable.
"""

import uuid

from django.conf import settings
from django.forms import modelform_factory
from django.http import HttpResponseRedirect
from django.utils.cache import patch_cache_control

from content.core.forms import FeedbackForm
from content.core.ratelimit import ratelimit_submission

BROWSER_COOKIE = "hub_browser"
BROWSER_COOKIE_AGE = 60 * 60 * 24 * 365


class FeedbackMixin:
    """Show this browser's answer on a DetailView, and save it on POST."""

    feedback_model = None

    def browser_id(self):
        return self.request.get_signed_cookie(BROWSER_COOKIE, default="")

    def saved_feedback(self):
        """Return this browser's answer on the item, or None (without a query when it has no id)."""
        browser = self.browser_id()
        if not browser:
            return None
        model = self.feedback_model
        return model.objects.filter(**{model.item_field: self.object, "browser": browser}).first()

    def feedback_form(self, *args, **kwargs):
        return modelform_factory(self.feedback_model, form=FeedbackForm)(*args, **kwargs)

    def get_context_data(self, **kwargs):
        if "feedback_form" not in kwargs:
            kwargs["feedback_form"] = self.feedback_form(instance=self.saved_feedback())
        kwargs["feedback_sent"] = self.request.GET.get("feedback") == "sent"
        return super().get_context_data(**kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.browser_id():
            # The page shows this browser's own answer.
            patch_cache_control(response, private=True)
        return response

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.feedback_form(request.POST, instance=self.saved_feedback())
        if not form.is_valid():
            context = self.get_context_data(feedback_form=form)
            return self.render_to_response(context, status=400)
        if refusal := ratelimit_submission("feedback", request):
            return refusal
        browser = self.browser_id() or uuid.uuid4().hex
        setattr(form.instance, self.feedback_model.item_field, self.object)
        form.instance.browser = browser
        form.save()
        response = HttpResponseRedirect(f"{self.object.get_absolute_url()}?feedback=sent#feedback")
        response.set_signed_cookie(
            BROWSER_COOKIE,
            browser,
            max_age=BROWSER_COOKIE_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
            path=self.object.get_absolute_url(),
        )
        return response
