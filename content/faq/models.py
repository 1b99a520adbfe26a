from django.db import models
from django.utils.text import slugify

from content.core.models import AbstractFeedback, Content


class Question(Content):
    """A frequently asked question; the Markdown body is its answer."""

    KIND = "faq"
    detail_url_name = "faq:detail"

    topic = models.CharField(
        max_length=100,
        help_text="Questions are grouped under their topic on the FAQ page, e.g. 'Policies'.",
    )
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Position within the topic, from the lowest number up."
    )

    class Meta:
        verbose_name = "FAQ question"
        ordering = ["topic", "order", "title"]

    @property
    def topic_anchor(self):
        return slugify(self.topic)


class Feedback(AbstractFeedback):
    """One browser's answer to "Was this helpful?" on one FAQ answer."""

    item_field = "question"

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="feedback")

    class Meta(AbstractFeedback.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["question", "browser"], name="one_answer_per_browser_per_question"
            ),
        ]
