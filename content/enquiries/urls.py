from django.urls import path

from content.enquiries import views

app_name = "enquiries"
urlpatterns = [
    path("", views.ContactView.as_view(), name="contact"),
    path("sent/<str:token>/", views.EnquirySentView.as_view(), name="sent"),
    path("status/<str:signed>/", views.EnquiryStatusView.as_view(), name="status"),
]
