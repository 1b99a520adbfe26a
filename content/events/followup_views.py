"""After the day: an attendee's materials and survey page (from a signed link),
their certificate from the manage page, and the public page that confirms a
certificate. Pages that show a person are never cached."""

from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.text import slugify
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from content.core.ratelimit import ratelimit, ratelimit_submission
from content.core.uploads import stored_file_response
from content.events.certificates import (
    certificate_pdf,
    registration_for_certificate,
    session_length,
    session_when,
)
from content.events.followup import registration_for_followup, session_materials, survey_answer_save
from content.events.followup_forms import SurveyForm
from content.events.links import manage_path
from content.events.models import Registration, SurveyAnswer
from content.events.views import SignedLinkMixin


class FollowUpLinkMixin(SignedLinkMixin):
    """Find the attended registration a follow-up link names, or answer with a clear 4xx."""

    def registration_for(self, signed):
        return registration_for_followup(signed)


@method_decorator(ratelimit("manage", tries=True), name="post")
class FollowUpView(FollowUpLinkMixin, TemplateView):
    """The session's materials and slides, the survey, and the way to the certificate."""

    template_name = "events/followup.html"

    def get_context_data(self, **kwargs):
        registration = self.registration
        existing = SurveyAnswer.objects.filter(registration=registration).first()
        kwargs.setdefault("form", SurveyForm(instance=existing))
        kwargs.setdefault("signed", self.kwargs["signed"])
        return super().get_context_data(
            materials=session_materials(registration.session),
            answered=existing is not None,
            manage_path=manage_path(registration),
            **kwargs,
        )

    def post(self, request, signed):
        if refusal := ratelimit_submission("manage", request):
            return refusal
        form = SurveyForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        survey_answer_save(
            registration=self.registration,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
        )
        messages.success(request, "Thank you: your answer is saved. You can change it below.")
        return redirect("events:followup", signed=signed)


class FollowUpSlidesView(FollowUpLinkMixin, View):
    """The session's slides, for the people who attended it."""

    def get(self, request, signed):
        session = self.registration.session
        return stored_file_response(session.slides, filename=f"{slugify(session.title)}-slides")


@method_decorator(never_cache, name="dispatch")
class CertificateView(SignedLinkMixin, View):
    """The certificate of attendance as a PDF, from the manage page of someone who attended."""

    def get(self, request, signed):
        registration = self.registration
        if registration.status != Registration.Status.ATTENDED:
            raise Http404("Only people marked attended have a certificate.")
        response = HttpResponse(certificate_pdf(registration), content_type="application/pdf")
        filename = f"certificate-{slugify(registration.session.title)}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


@method_decorator(never_cache, name="dispatch")
class CertificateVerifyView(View):
    """Confirm a certificate: who attended which session, when and for how long."""

    def get(self, request, signed):
        try:
            registration = registration_for_certificate(signed)
        except (signing.BadSignature, Registration.DoesNotExist):
            return render(request, "events/certificate_verify.html", {"valid": False}, status=404)
        session = registration.session
        context = {
            "valid": registration.status == Registration.Status.ATTENDED,
            "registration": registration,
            "session": session,
            "when": session_when(session),
            "length": session_length(session),
        }
        return render(request, "events/certificate_verify.html", context)
