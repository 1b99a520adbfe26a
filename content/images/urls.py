from django.urls import path

from content.images import views

app_name = "images"
urlpatterns = [
    path("<int:pk>/<int:width>.<str:extension>", views.image_file, name="file"),
]
