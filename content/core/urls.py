from django.urls import path

from content.core import views

app_name = "tags"
urlpatterns = [
    path("<str:slug>/", views.TagDetailView.as_view(), name="detail"),
]
