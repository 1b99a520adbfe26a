from django.urls import path

from content.outbox import views

urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("<str:email_id>/<int:number>/", views.outbox_attachment, name="outbox-attachment"),
]
