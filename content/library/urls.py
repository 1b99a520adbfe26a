from django.urls import path

from content.library import views

app_name = "library"
urlpatterns = [
    path("", views.AssetListView.as_view(), name="list"),
    path("<slug:slug>/", views.AssetDetailView.as_view(), name="detail"),
]
