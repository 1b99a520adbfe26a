from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "content.events"
    label = "events"
    verbose_name = "Phish & Chips"

    def ready(self):
        from django.db.models import Min, Q

        from content.core import changes
        from content.core.models import CardFacts, Content
        from content.events.models import Session

        # Registrations change the seats left that session pages show.
        changes.shows("events.Session", "events.Registration")

        @changes.changes_at
        def next_session_moment(now):
            moments = Session.objects.aggregate(
                **{
                    field: Min(field, filter=Q(**{f"{field}__gt": now}))
                    for field in (
                        "starts_at",
                        "ends_at",
                        "registration_opens_at",
                        "registration_closes_at",
                    )
                }
            )
            return min((moment for moment in moments.values() if moment), default=None)

        # A session's card in search results says when it is and how many seats are left.
        Content.card_facts[Session.KIND] = CardFacts(
            template="events/includes/card_facts.html",
            rows=lambda: Session.objects.with_seat_counts(),
        )
