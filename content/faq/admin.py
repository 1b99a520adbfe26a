from django.contrib import admin

from content.core.admin import ContentAdmin, publishing
from content.faq.models import Question


@admin.register(Question)
class QuestionAdmin(ContentAdmin):
    kind_fields = ["topic", "order"]
    list_display = ["title", "topic", "area", publishing, "publish_at"]
    list_filter = ["topic", *ContentAdmin.list_filter]
