"""An FAQ answer's page: when it was last updated, related answers and
material, and "Was this helpful?"."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from content.core.models import Content
from content.faq.models import Feedback
from tests.factories import make_area, make_asset, make_question, make_session
from tests.helpers import feedback_shown, get_counting_queries

pytestmark = pytest.mark.django_db


def test_the_answer_says_when_it_was_last_updated(client):
    question = make_question(title="Which ports does mail use?")
    html = client.get(question.get_absolute_url()).text
    date = question.updated.strftime("%Y-%m-%d")
    assert re.search(rf'Last updated <time datetime="{date}T[^"]+">\d+ \w+ \d{{4}}</time>', html)


def test_related_answers_and_material_share_tags_or_the_area(client):
    area, other_area = make_area(name="Insider Risk"), make_area(name="Command Centre")
    question = make_question(title="Which ports?", tags=["smtp"], area=other_area)
    make_question(title="Relay limits", tags=["smtp"])
    make_question(title="Same area answer", area=other_area)
    make_question(title="Unrelated answer", tags=["ldap"], area=area)
    make_question(title="Draft answer", tags=["smtp"], status=Content.Status.DRAFT)
    make_asset(title="SMTP routing guide", tags=["smtp"], asset_type="policy-template")
    make_asset(title="LDAP guide", tags=["ldap"])
    html = client.get(question.get_absolute_url()).text
    answers = html.split('id="related-answers-heading"')[1].split("</section>")[0]
    material = html.split('id="related-material-heading"')[1].split("</section>")[0]
    assert "Relay limits" in answers
    assert "Same area answer" in answers
    assert "SMTP routing guide" in material
    assert "Policy template" in material
    for absent in ("Which ports?", "Unrelated answer", "Draft answer", "LDAP guide"):
        assert absent not in answers + material


def test_the_page_runs_as_many_queries_with_much_related_material_as_with_little(client):
    question = make_question(tags=["smtp"])
    client.post(question.get_absolute_url(), {"helpful": "yes"})
    make_question(tags=["smtp"])
    make_asset(tags=["smtp"])
    _, few = get_counting_queries(client, question.get_absolute_url())
    for _ in range(6):
        make_question(tags=["smtp"])
        make_asset(tags=["smtp"])
        make_session(tags=["smtp"])
    _, many = get_counting_queries(client, question.get_absolute_url())
    assert few == many


def test_was_this_helpful_is_saved_shown_again_and_listed_for_staff(client, staff_client):
    question = make_question(title="Which ports?")
    sent = client.post(question.get_absolute_url(), {"helpful": "no", "comment": "Name 587."})
    assert sent["Location"] == f"{question.get_absolute_url()}?feedback=sent#feedback"
    page = client.get(sent["Location"]).text
    assert "your answer has been saved" in page
    assert feedback_shown(page) == ("no", "Name 587.")
    assert feedback_shown(client.get(question.get_absolute_url()).text) == ("no", "Name 587.")
    assert feedback_shown(Client().get(question.get_absolute_url()).text) == (None, "")
    client.post(question.get_absolute_url(), {"helpful": "yes", "comment": ""})
    assert list(Feedback.objects.values_list("question", "helpful")) == [(question.pk, True)]
    Client().post(question.get_absolute_url(), {"helpful": "no", "comment": "Needs IPv6"})
    listing = staff_client.get(reverse("admin:faq_feedback_changelist"), {"q": "Which ports"})
    assert "Needs IPv6" in listing.text


def test_a_missing_answer_is_a_400_that_keeps_the_comment(client):
    question = make_question()
    response = client.post(question.get_absolute_url(), {"comment": "Half typed"})
    assert response.status_code == 400
    assert "Choose yes or no." in response.text
    assert feedback_shown(response.text) == (None, "Half typed")
    assert not Feedback.objects.exists()


def test_content_editors_read_the_faq_feedback_and_cannot_change_it(client, client_in_group):
    question = make_question(title="Which ports?")
    client.post(question.get_absolute_url(), {"helpful": "no", "comment": "Name 587."})
    editor = client_in_group("Content editors")
    assert "Name 587." in editor.get(reverse("admin:faq_feedback_changelist")).text
    answer = Feedback.objects.get()
    change = editor.post(reverse("admin:faq_feedback_change", args=[answer.pk]), {"comment": "x"})
    assert change.status_code == 403
    assert Feedback.objects.get().comment == "Name 587."
