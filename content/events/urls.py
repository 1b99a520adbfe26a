from django.urls import path

from content.events import checkin_views, followup_views, views

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
    path(
        "manage/<str:signed>/certificate.pdf",
        followup_views.CertificateView.as_view(),
        name="certificate",
    ),
    path("after/<str:signed>/", followup_views.FollowUpView.as_view(), name="followup"),
    path(
        "after/<str:signed>/slides/",
        followup_views.FollowUpSlidesView.as_view(),
        name="followup-slides",
    ),
    path(
        "certificates/<str:signed>/",
        followup_views.CertificateVerifyView.as_view(),
        name="certificate-verify",
    ),
    path("check-in/<str:signed>/", checkin_views.CheckInCodeView.as_view(), name="checkin"),
    path(
        "check-in/<str:signed>/code.png",
        checkin_views.CheckInCodeImageView.as_view(),
        name="checkin-code",
    ),
    path("<slug:slug>/", views.SessionDetailView.as_view(), name="detail"),
    path("<slug:slug>/calendar.ics", views.SessionCalendarView.as_view(), name="calendar"),
    path("<slug:slug>/check-in/", checkin_views.CheckInListView.as_view(), name="checkin-list"),
    path(
        "<slug:slug>/check-in/counts.json",
        checkin_views.CheckInCountsView.as_view(),
        name="checkin-counts",
    ),
    path("<slug:slug>/booking-link/", views.BookingLinkView.as_view(), name="booking-link"),
]
