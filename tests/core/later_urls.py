"""The site's URLs with one more address under the FAQ, as a later change might add."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import include, path

from content.faq import urls as faq_urls
from content.faq.models import Question
from hub.urls import urlpatterns as site_urlpatterns


def print_view(request, slug):
    question = get_object_or_404(Question.objects.published(), slug=slug)
    return HttpResponse(question.title)


faq_patterns = (
    [*faq_urls.urlpatterns, path("<slug:slug>/print/", print_view, name="print")],
    faq_urls.app_name,
)
urlpatterns = [
    path("faq/", include(faq_patterns)),
    *(pattern for pattern in site_urlpatterns if getattr(pattern, "namespace", None) != "faq"),
]
