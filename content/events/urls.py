from django.urls import path

from content.events import views

app_name = "events"
urlpatterns = [
    path("", views.SessionListView.as_view(), name="list"),
    path("<slug:slug>/", views.SessionDetailView.as_view(), name="detail"),
]
