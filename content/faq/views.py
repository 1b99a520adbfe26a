from itertools import groupby

from django.views.generic import DetailView, ListView

from content.faq.models import Question
from content.search.engine import search
from content.search.models import SearchGap
from content.search.query import clean_text

# The FAQ is short: one page holds every question that matches.
MAX_MATCHES = 50


class QuestionListView(ListView):
    """The FAQ grouped by topic, or, with ?q=, the questions that match with answers highlighted."""

    template_name = "faq/question_list.html"
    context_object_name = "questions"

    def get_queryset(self):
        return Question.objects.published().select_related("area")

    def get_context_data(self, **kwargs):
        query = clean_text(self.request.GET.get("q", ""))
        if query:
            results = search(query, kinds=[Question.KIND], page_size=MAX_MATCHES, whole=True)
            if not results.total:
                SearchGap.record(query)
            # ListView evaluates object_list for context; a search needs none of it.
            self.object_list = self.object_list.none()
            return super().get_context_data(query=query, results=results, **kwargs)
        context = super().get_context_data(**kwargs)
        context["topics"] = [
            (topic, list(questions))
            for topic, questions in groupby(context["questions"], key=lambda q: q.topic)
        ]
        return context


class QuestionDetailView(DetailView):
    template_name = "faq/question_detail.html"
    context_object_name = "question"

    def get_queryset(self):
        return Question.objects.published().for_listing()
