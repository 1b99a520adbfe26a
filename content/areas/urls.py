from django.urls import path

from content.areas import views

app_name = "areas"
urlpatterns = [
    path("", views.AreaListView.as_view(), name="list"),
    path("<slug:slug>/", views.AreaDetailView.as_view(), name="detail"),
]
