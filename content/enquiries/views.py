import logging

from django.core import signing
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views.decorators.cache import cache_control, never_cache
from django.views.generic import CreateView, TemplateView

from content.core.ratelimit import client_ip, ratelimit, ratelimit_submission
from content.enquiries.emails import enquiry_emails_send
from content.enquiries.forms import EnquiryForm
from content.enquiries.links import enquiry_for_link, status_path
from content.enquiries.models import Enquiry
from content.search.engine import search
from content.search.query import clean_text

logger = logging.getLogger("hub.security")

# The thank-you page carries the reference, and whether the receipt was
# queued, in a signed token, so that the hub keeps no session for visitors
# and nobody can list enquiries by URL.
RECEIPT_SALT = "enquiries.receipt"
RECEIPT_MAX_AGE = 60 * 60 * 24
# Answers shown under the subject when the person asks for them.
ANSWERS = 3
FILE_NOT_KEPT = (
    "Please choose your file again: a browser never keeps a chosen file when a page is shown again."
)


class ContactView(CreateView):
    """One form for technical support and for getting in touch.

    The "Check for answers" button sends the form too: it shows it again as
    typed, with answers to the subject from the site search, and stores
    nothing. Without JavaScript that is how the form suggests answers.
    """

    form_class = EnquiryForm
    template_name = "enquiries/contact.html"

    def get_initial(self):
        # A search that found nothing links here with its query as the subject.
        topic = self.request.GET.get("topic", "")
        subject = clean_text(self.request.GET.get("subject", ""))
        initial = {"topic": topic} if topic in Enquiry.Topic.values else {}
        return initial | ({"subject": subject} if subject else {})

    def post(self, request, *args, **kwargs):
        if "check" in request.POST:
            return self.check_answers(request)
        return self.send(request, *args, **kwargs)

    # Looking for answers stores and sends nothing: it counts as a search,
    # not against the few enquiries a client may send.
    @method_decorator(ratelimit("search-api"))
    def check_answers(self, request):
        self.object = None
        # Unbound, filled with what was typed: nothing is wrong with a form
        # that is not finished yet, so no errors show.
        form = self.get_form_class()(initial=request.POST.dict())
        subject = clean_text(request.POST.get("subject", ""))
        answers = search(subject, page_size=ANSWERS).hits if subject else []
        file_not_kept = FILE_NOT_KEPT if request.FILES else ""
        return self.render_to_response(
            self.get_context_data(
                form=form,
                checked=True,
                subject=subject,
                answers=answers,
                file_not_kept=file_not_kept,
            )
        )

    @method_decorator(ratelimit("contact", tries=True))
    def send(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        if "attachment" in form.errors:
            refusal = form.errors.as_data()["attachment"][0]
            logger.warning(
                "upload refused",
                extra={
                    "event": "upload-refused",
                    "reason": refusal.code,
                    "ip": client_ip(self.request),
                },
            )
        elif form.files.get("attachment"):
            form.add_error("attachment", FILE_NOT_KEPT)
        return super().form_invalid(form)

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if refusal := ratelimit_submission("contact", self.request, email=email):
            return refusal
        with transaction.atomic():
            enquiry = form.save()
            receipt_queued = enquiry_emails_send(enquiry=enquiry)
        token = signing.dumps([enquiry.reference, receipt_queued], salt=RECEIPT_SALT, compress=True)
        return redirect("enquiries:sent", token=token)


# It names the person and what they sent: no cache may keep it.
@method_decorator(never_cache, name="dispatch")
class EnquirySentView(TemplateView):
    """Thank the person and show the reference of what they sent."""

    template_name = "enquiries/sent.html"

    def get_context_data(self, **kwargs):
        try:
            token = signing.loads(kwargs["token"], salt=RECEIPT_SALT, max_age=RECEIPT_MAX_AGE)
        except signing.BadSignature as error:
            raise Http404("No such enquiry receipt.") from error
        match token:
            case [str() as reference, bool() as receipt_queued]:
                enquiry = Enquiry.objects.filter(reference=reference).first()
            case _:  # signed by the hub, but not a receipt token
                enquiry = None
        if enquiry is None:
            raise Http404("No such enquiry receipt.")
        return super().get_context_data(
            enquiry=enquiry,
            receipt_queued=receipt_queued,
            status_path=status_path(enquiry),
            **kwargs,
        )


# The page is the person's own: no shared cache keeps it, nor the browser.
@method_decorator(cache_control(private=True, no_store=True), name="dispatch")
class EnquiryStatusView(TemplateView):
    """Where an enquiry stands, through the signed link of its receipt: no message text."""

    template_name = "enquiries/status.html"

    def get(self, request, signed):
        try:
            enquiry = enquiry_for_link(signed)
        except signing.SignatureExpired:
            return self.link_problem("expired", 410)
        except signing.BadSignature:
            return self.link_problem("invalid", 400)
        except Enquiry.DoesNotExist:
            return self.link_problem("gone", 404)
        return self.render_to_response(self.get_context_data(enquiry=enquiry))

    def link_problem(self, problem, status):
        return render(
            self.request, "enquiries/link_problem.html", {"problem": problem}, status=status
        )
