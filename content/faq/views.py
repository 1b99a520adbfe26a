from itertools import groupby

from django.utils.decorators import method_decorator
from django.utils.functional import SimpleLazyObject
from django.views.generic import DetailView, ListView

from content.core.feedback import FeedbackMixin
from content.core.models import Content, visitor_of
from content.core.ratelimit import ratelimit
from content.core.views import AudienceMixin, PreviewMixin, SharedListMixin
from content.faq.models import Feedback, Question
from content.search.engine import search
from content.search.query import clean_text
from content.search.views import RecordsGapsMixin

# The FAQ is short: one page holds every question that matches.
MAX_MATCHES = 50
RELATED_ANSWERS = 4
RELATED_MATERIAL = 4


class QuestionListView(RecordsGapsMixin, SharedListMixin, ListView):
    """The FAQ grouped by topic, or, with ?q=, the questions that match with answers highlighted."""

    template_name = "faq/question_list.html"
    context_object_name = "questions"
    # Every answer is on the page, so a long FAQ is split into pages.
    paginate_by = 50

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.query = clean_text(request.GET.get("q", ""))

    def get_queryset(self):
        if self.query:  # the search below finds the questions
            return Question.objects.none()
        return Question.objects.published(visitor_of(self.request)).select_related("area")

    def get_paginate_by(self, queryset):
        return None if self.query else self.paginate_by

    def get_context_data(self, **kwargs):
        if self.query:
            results = search(
                self.query,
                kinds=[Question.KIND],
                page_size=MAX_MATCHES,
                whole=True,
                visitor=visitor_of(self.request),
            )
            if results.is_gap:
                self.record_gap(self.query)
            return super().get_context_data(query=self.query, results=results, **kwargs)
        context = super().get_context_data(**kwargs)
        # Lazy: where the page's {% remember %} part is kept, nothing is read.
        context["topics"] = SimpleLazyObject(
            lambda: [
                (topic, list(questions))
                for topic, questions in groupby(context["questions"], key=lambda q: q.topic)
            ]
        )
        return context


@method_decorator(ratelimit("feedback", tries=True), name="dispatch")
class QuestionDetailView(AudienceMixin, FeedbackMixin, PreviewMixin, DetailView):
    """An answer's page, with related answers and material of other kinds;
    a POST is a "Was this helpful?" answer."""

    template_name = "faq/question_detail.html"
    context_object_name = "question"
    feedback_model = Feedback

    def get_queryset(self):
        return Question.objects.listed(visitor_of(self.request)).for_listing()

    def get_context_data(self, **kwargs):
        question = self.object
        visitor = visitor_of(self.request)
        return super().get_context_data(
            related_answers=SimpleLazyObject(
                lambda: (
                    Question.objects.published(visitor)
                    .select_related("area")
                    .related_to(question, RELATED_ANSWERS)
                )
            ),
            # Other kinds through the one content model: the FAQ knows no kind but its own.
            related_material=SimpleLazyObject(
                lambda: (
                    Content.objects.published(visitor)
                    .exclude(kind=Question.KIND)
                    .select_related("area")
                    .with_kinds()
                    .related_to(question, RELATED_MATERIAL)
                )
            ),
            **kwargs,
        )
