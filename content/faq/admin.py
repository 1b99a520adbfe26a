from django.contrib import admin

from content.core.admin import ContentAdmin, FeedbackAdmin, FeedbackInline, publishing
from content.faq.models import Feedback, Question


class QuestionFeedbackInline(FeedbackInline):
    model = Feedback


@admin.register(Question)
class QuestionAdmin(ContentAdmin):
    kind_fields = ["topic", "order"]
    list_display = ["title", "topic", "area", publishing, "publish_at"]
    list_filter = ["topic", *ContentAdmin.list_filter]
    inlines = [QuestionFeedbackInline]


@admin.register(Feedback)
class QuestionFeedbackAdmin(FeedbackAdmin):
    list_filter = [*FeedbackAdmin.list_filter, "question__topic"]
