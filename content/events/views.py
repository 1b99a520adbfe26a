from django.views.generic import DetailView, ListView

from content.events.models import Session


class SessionListView(ListView):
    template_name = "events/session_list.html"
    context_object_name = "sessions"
    paginate_by = 20

    def get_queryset(self):
        return Session.objects.published().upcoming().with_seat_counts().select_related("area")


class SessionDetailView(DetailView):
    template_name = "events/session_detail.html"
    context_object_name = "session"

    def get_queryset(self):
        return Session.objects.published().with_seat_counts().for_listing()
