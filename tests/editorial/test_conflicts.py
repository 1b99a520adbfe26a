"""A save that would overwrite a colleague's newer one is refused, and nothing typed is lost."""

import pytest

from content.core.models import ProductArea
from tests.editorial.conftest import change_url, form_values
from tests.factories import make_area, make_asset, make_question, make_session

pytestmark = pytest.mark.django_db


def with_changes(data, **changes):
    return data | {name: [value] for name, value in changes.items()}


@pytest.mark.parametrize("make", [make_question, make_asset, make_session, make_area])
def test_the_second_of_two_saves_is_refused_naming_who_saved_and_what_they_changed(staff, make):
    item = make(
        **({"intro": "Old body words"} if make is make_area else {"body": "Old body words"})
    )
    text_field = "intro" if make is make_area else "body"
    sam = staff("sam", "Sam", "Jones")
    kim = staff("kim", "Kim", "Lee")
    url = change_url(item)
    sam_form = form_values(sam.get(url), "slug")
    kim_form = form_values(kim.get(url), "slug")

    title_field = "name" if make is make_area else "title"
    saved = sam.post(url, with_changes(sam_form, **{text_field: "New body words from Sam"}))
    assert saved.status_code == 302

    kim_typed = {title_field: "Kim's better title", text_field: "Kim rewrote everything"}
    refused = kim.post(url, with_changes(kim_form, **kim_typed))
    assert refused.status_code == 200
    text = refused.text
    assert "Sam Jones saved this item at" in text
    assert "your changes are not saved yet" in text
    # What Sam changed, word by word, from the version Kim opened.
    assert "<del>Old</del>" in text and "<ins>New</ins>" in text
    assert "from Sam</ins>" in text
    # Everything Kim typed is still in the form.
    form = form_values(refused, "slug")
    assert form[title_field] == ["Kim's better title"]
    assert form[text_field] == ["Kim rewrote everything"]
    item.refresh_from_db()
    assert getattr(item, text_field) == "New body words from Sam"

    # Having read Sam's changes, Kim saves again: her version replaces his.
    again = kim.post(url, form)
    assert again.status_code == 302
    item.refresh_from_db()
    assert getattr(item, text_field) == "Kim rewrote everything"


def test_saving_twice_from_one_form_in_a_row_is_not_a_conflict(staff):
    asset = make_asset()
    sam = staff("sam")
    url = change_url(asset)
    first = sam.post(url, with_changes(form_values(sam.get(url)), summary="One"))
    assert first.status_code == 302
    second = sam.post(url, with_changes(form_values(sam.get(url)), summary="Two"))
    assert second.status_code == 302
    asset.refresh_from_db()
    assert asset.summary == "Two"


def test_a_save_that_changed_no_field_in_between_is_not_a_conflict(staff):
    question = make_question()
    sam, kim = staff("sam"), staff("kim")
    url = change_url(question)
    kim_form = form_values(kim.get(url))
    # Sam presses Save without changing anything.
    assert sam.post(url, form_values(sam.get(url))).status_code == 302
    assert kim.post(url, with_changes(kim_form, summary="Kim's")).status_code == 302
    question.refresh_from_db()
    assert question.summary == "Kim's"


def test_a_change_of_tags_in_between_is_named(staff):
    asset = make_asset(tags=["ldap"])
    sam, kim = staff("sam", "Sam", "Jones"), staff("kim")
    url = change_url(asset)
    kim_form = form_values(kim.get(url))
    assert (
        sam.post(url, with_changes(form_values(sam.get(url)), tags="ldap, smtp")).status_code == 302
    )
    refused = kim.post(url, with_changes(kim_form, summary="Kim's"))
    assert refused.status_code == 200
    assert "<dt>Tags</dt>" in refused.text
    assert "smtp</ins>" in refused.text


def test_a_tampered_base_is_not_trusted_but_nothing_breaks(staff):
    area = make_area()
    sam = staff("sam")
    url = change_url(area)
    form = with_changes(form_values(sam.get(url), "slug"), edit_base="forged", tagline="New")
    assert sam.post(url, form).status_code == 302
    assert ProductArea.objects.get(pk=area.pk).tagline == "New"
