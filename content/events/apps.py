from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "content.events"
    label = "events"
    verbose_name = "Phish & Chips"

    def ready(self):
        from content.core.models import CardFacts, Content
        from content.events.models import Session

        # A session's card in search results says when it is and how many seats are left.
        Content.card_facts[Session.KIND] = CardFacts(
            template="events/includes/card_facts.html",
            rows=lambda: Session.objects.with_seat_counts(),
        )
