from django.views.generic import TemplateView


class ContactView(TemplateView):
    template_name = "enquiries/contact.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(topic=self.request.GET.get("topic", ""), **kwargs)
