from django.core import signing
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import CreateView, TemplateView

from content.core.ratelimit import ratelimit, ratelimit_submission
from content.enquiries.emails import enquiry_emails_send
from content.enquiries.forms import EnquiryForm
from content.enquiries.models import Enquiry

# The thank-you page carries the reference, and whether the receipt was
# queued, in a signed token, so that the hub keeps no session for visitors
# and nobody can list enquiries by URL.
RECEIPT_SALT = "enquiries.receipt"
RECEIPT_MAX_AGE = 60 * 60 * 24


@method_decorator(ratelimit("contact", tries=True), name="dispatch")
class ContactView(CreateView):
    """One form for technical support and for getting in touch."""

    form_class = EnquiryForm
    template_name = "enquiries/contact.html"

    def get_initial(self):
        topic = self.request.GET.get("topic", "")
        return {"topic": topic} if topic in Enquiry.Topic.values else {}

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
        return super().get_context_data(enquiry=enquiry, receipt_queued=receipt_queued, **kwargs)
