from django.urls import path

from content.library import views

app_name = "library"
urlpatterns = [
    path("", views.AssetListView.as_view(), name="list"),
    path("updates/", views.UpdateListView.as_view(), name="updates"),
    path("<slug:slug>/", views.AssetDetailView.as_view(), name="detail"),
    path("<slug:slug>/download/", views.AssetDownloadView.as_view(), name="download"),
]
