from django.urls import path

from content.areas import views

app_name = "areas"
urlpatterns = [
    path("<slug:slug>/", views.AreaDetailView.as_view(), name="detail"),
]
