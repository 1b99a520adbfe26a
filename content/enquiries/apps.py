from django.apps import AppConfig


class EnquiriesConfig(AppConfig):
    name = "content.enquiries"
    label = "enquiries"
    verbose_name = "Enquiries"
