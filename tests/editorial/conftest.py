import pytest
from django.test import Client

from tests.helpers import FormParser


def form_values(page, form_with="title"):
    """Return the data a browser would send from the form of `page` that has `form_with`."""
    parser = FormParser()
    parser.feed(page.text)
    form = next(form for form in parser.forms if form_with in dict(form["fields"]))
    data = {}
    for name, value in form["fields"]:
        data.setdefault(name, []).append(value)
    return data


def change_url(item):
    meta = item._meta
    return f"/admin/{meta.app_label}/{meta.model_name}/{item.pk}/change/"


@pytest.fixture
def staff(django_user_model):
    """Return a function giving a client signed in as a new superuser with a full name."""

    def sign_in(username, first_name="", last_name=""):
        user = django_user_model.objects.create_superuser(
            username, f"{username}@example.com", "x", first_name=first_name, last_name=last_name
        )
        client = Client()
        client.force_login(user)
        client.user = user
        return client

    return sign_in
