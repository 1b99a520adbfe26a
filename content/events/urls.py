from django.urls import path

from content.events import views

app_name = "events"
urlpatterns = [
    path("", views.SessionListView.as_view(), name="list"),
    path("past/", views.PastSessionListView.as_view(), name="past"),
    path("calendar.ics", views.SessionsCalendarView.as_view(), name="subscription"),
    path(
        "calendar/<slug:area>.ics",
        views.SessionsCalendarView.as_view(),
        name="area-subscription",
    ),
    path("manage/<str:signed>/", views.ManageView.as_view(), name="manage"),
    path("manage/<str:signed>/cancel/", views.CancelView.as_view(), name="cancel"),
    path("manage/<str:signed>/forget/", views.ForgetView.as_view(), name="forget"),
    path(
        "manage/<str:signed>/calendar.ics",
        views.RegistrationCalendarView.as_view(),
        name="registration-calendar",
    ),
    path("<slug:slug>/", views.SessionDetailView.as_view(), name="detail"),
    path("<slug:slug>/calendar.ics", views.SessionCalendarView.as_view(), name="calendar"),
    path("<slug:slug>/booking-link/", views.BookingLinkView.as_view(), name="booking-link"),
]
