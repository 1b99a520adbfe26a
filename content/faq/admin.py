from django.contrib import admin

from content.core.admin import ContentAdmin, FeedbackAdmin, publishing
from content.faq.models import Feedback, Question


@admin.register(Question)
class QuestionAdmin(ContentAdmin):
    kind_fields = ["topic", "order"]
    list_display = ["title", "topic", "area", publishing, "publish_at"]
    list_filter = ["topic", *ContentAdmin.list_filter]


@admin.register(Feedback)
class QuestionFeedbackAdmin(FeedbackAdmin):
    list_filter = [*FeedbackAdmin.list_filter, "question__topic"]
