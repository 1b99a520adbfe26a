from itertools import groupby

from django.views.generic import DetailView, ListView

from content.faq.models import Question


class QuestionListView(ListView):
    template_name = "faq/question_list.html"
    context_object_name = "questions"
    # Every answer is on the page, so a long FAQ is split into pages.
    paginate_by = 50

    def get_queryset(self):
        return Question.objects.published().select_related("area")

    def get_context_data(self, **kwargs):
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
