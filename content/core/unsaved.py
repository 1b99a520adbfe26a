"""Keep what a member of staff typed when their session ended before they saved.

A staff session ends after STAFF_SESSION_IDLE_SECONDS without a request, so
someone who writes for longer than that is signed out when they press Save,
and the admin sends them to sign in again. UnsavedWorkMiddleware keeps the
form they sent in the (new, anonymous) session; signing in keeps the
session's data; and when the admin opens the same form again, the admin's
`UnsavedWorkMixin` fills it with what they typed. Nothing is saved until they
press Save again.

Only admins that set `keeps_unsaved_work` take part: the content kinds and
areas, whose forms hold no personal data, since a session can live in the
shared cache. Uploaded files cannot be kept; the message says so.
"""

from django import forms
from django.contrib import messages
from django.http import QueryDict

SESSION_KEY = "unsaved_admin_form"


class UnsavedWorkMiddleware:
    """Keep the form of an add or change page sent by someone no longer signed in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        model_admin = getattr(view_func, "model_admin", None)
        if (
            request.method != "POST"
            or not getattr(model_admin, "keeps_unsaved_work", False)
            or not request.resolver_match.url_name.endswith(("_add", "_change"))
            or request.user.is_authenticated
        ):
            return None
        request.session[SESSION_KEY] = {
            "path": request.get_full_path(),
            "data": {
                name: request.POST.getlist(name)
                for name in request.POST
                if name != "csrfmiddlewaretoken"
            },
        }
        lost_files = " Files you chose to upload are not kept." if request.FILES else ""
        messages.warning(
            request,
            "You were signed out after a while without activity, so nothing was saved. "
            f"Sign in again and what you typed comes back in the form.{lost_files}",
        )
        return None


class UnsavedWorkMixin:
    """For a ModelAdmin: open an add or change form filled with the work kept for it."""

    keeps_unsaved_work = True

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "GET" and request.session.get(SESSION_KEY, {}).get("path") == (
            request.get_full_path()
        ):
            request.unsaved_work = request.session.pop(SESSION_KEY)["data"]
            messages.warning(
                request,
                "What you typed before you were signed out is back in the form. "
                "It is not saved yet: check it, then save.",
            )
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        kept = getattr(request, "unsaved_work", None)
        if kept is None:
            return form_class
        data = QueryDict(mutable=True)
        for name, values in kept.items():
            data.setlist(name, values)

        class FilledForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if self.is_bound:
                    return
                for name, field in self.fields.items():
                    # A file input can only be filled by the person choosing the file.
                    if not isinstance(field, forms.FileField):
                        widget = field.widget
                        self.initial[name] = widget.value_from_datadict(
                            data, {}, self.add_prefix(name)
                        )

        return FilledForm
