"""An asset's page: its facts, its file or link, related material and "Was this helpful?"."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from content.core.models import Content
from content.library.models import Feedback
from tests.factories import make_area, make_asset, make_question
from tests.helpers import feedback_shown, get_counting_queries
from tests.library.conftest import upload

pytestmark = pytest.mark.django_db


def test_page_shows_title_type_area_tags_date_summary_and_body(client):
    area = make_area(name="Insider Risk")
    asset = make_asset(
        title="DLP policy template",
        asset_type="policy-template",
        area=area,
        summary="Ready-to-adapt policies.",
        body="Start with **monitoring** mode.",
        tags=["dlp"],
    )
    text = client.get(asset.get_absolute_url()).text
    for expected in [
        "DLP policy template",
        "Policy template",
        "Insider Risk",
        'href="/tags/dlp/"',
        "Ready-to-adapt policies.",
        "<strong>monitoring</strong>",
        f'datetime="{timezone.localtime(asset.updated).replace(microsecond=0).isoformat()}"',
    ]:
        assert expected in text, expected


def test_body_is_sanitised(client):
    asset = make_asset(body="Hi <script>alert(1)</script><a href='javascript:x'>x</a>")
    text = client.get(asset.get_absolute_url()).text
    assert "<script>alert(1)" not in text
    assert "javascript:x" not in text


def test_download_shows_file_type_and_size(client):
    asset = make_asset(file=upload("guide.pdf", b"%PDF-1.7" + b"x" * 2040))
    text = client.get(asset.get_absolute_url()).text
    assert f'href="{asset.get_download_url()}"' in text
    assert "PDF, 2.0\xa0KB" in text


def test_external_link_opens_safely(client):
    asset = make_asset(external_url="https://docs.example.com/routing")
    text = client.get(asset.get_absolute_url()).text
    assert 'href="https://docs.example.com/routing" rel="noopener noreferrer"' in text


def test_related_assets_share_tags_or_area_most_tags_first(client):
    area, other_area = make_area(), make_area()
    asset = make_asset(area=area, tags=["ldap", "sync"])
    both_tags = make_asset(title="Both tags", area=other_area, tags=["ldap", "sync"])
    one_tag = make_asset(title="One tag", area=other_area, tags=["sync"])
    same_area = make_asset(title="Same area", area=area)
    make_asset(title="Unrelated", area=other_area, tags=["smtp"])
    make_asset(title="Draft twin", area=area, tags=["ldap"], status=Content.Status.DRAFT)
    make_question(title="A question", area=area, tags=["ldap"])
    response = client.get(asset.get_absolute_url())
    assert [item.title for item in response.context["related"]] == [
        both_tags.title,
        one_tag.title,
        same_area.title,
    ]
    assert "Unrelated" not in response.text
    assert "Draft twin" not in response.text


def test_asset_slug_cannot_take_a_library_page_address():
    asset = make_asset()
    asset.slug = "updates"
    with pytest.raises(Exception, match="already the address of another page"):
        asset.full_clean()


class TestFeedback:
    def test_the_saved_answer_shows_after_sending_and_after_a_reload(self, client):
        asset = make_asset()
        sent = client.post(asset.get_absolute_url(), {"helpful": "no", "comment": "Too short."})
        assert feedback_shown(client.get(sent["Location"]).text) == ("no", "Too short.")
        assert feedback_shown(client.get(asset.get_absolute_url()).text) == ("no", "Too short.")
        client.post(asset.get_absolute_url(), {"helpful": "yes", "comment": ""})
        assert feedback_shown(client.get(asset.get_absolute_url()).text) == ("yes", "")
        # Another browser starts blank, and so does another asset.
        assert feedback_shown(Client().get(asset.get_absolute_url()).text) == (None, "")
        assert feedback_shown(client.get(make_asset().get_absolute_url()).text) == (None, "")

    def test_the_page_cache_never_gives_one_browser_another_ones_answer(self, client, settings):
        settings.PAGE_CACHE = True
        asset = make_asset()
        url = asset.get_absolute_url()
        anonymous = Client()
        anonymous.get(url)
        client.post(url, {"helpful": "no", "comment": "Too short."})
        mine = client.get(url)
        assert feedback_shown(mine.text) == ("no", "Too short.")
        assert "private" in mine["Cache-Control"]
        # Visitors without an answer still get the stored page, without a query.
        theirs, queries = get_counting_queries(anonymous, url)
        assert feedback_shown(theirs.text) == (None, "")
        assert queries == 0
        other = Client()
        other.post(url, {"helpful": "yes", "comment": "Clear."})
        assert feedback_shown(other.get(url).text) == ("yes", "Clear.")
        assert feedback_shown(client.get(url).text) == ("no", "Too short.")

    def test_the_answer_cookie_goes_back_to_its_item_only(self, client):
        """A browser sends it to the item's page alone: every other page stays
        cached for it (a visitor with any other cookie gets pages rendered)."""
        asset = make_asset()
        sent = client.post(asset.get_absolute_url(), {"helpful": "yes"})
        assert sent.cookies["hub_browser"]["path"] == asset.get_absolute_url()

    def test_answer_and_comment_are_stored_and_thanked(self, client):
        asset = make_asset()
        response = client.post(
            asset.get_absolute_url(), {"helpful": "yes", "comment": "Saved me an hour."}
        )
        assert response.status_code == 302
        assert response["Location"] == f"{asset.get_absolute_url()}?feedback=sent#feedback"
        feedback = Feedback.objects.get()
        assert (feedback.asset, feedback.helpful, feedback.comment) == (
            asset,
            True,
            "Saved me an hour.",
        )
        assert "Thank you" in client.get(response["Location"]).text

    def test_comment_is_optional(self, client):
        asset = make_asset()
        client.post(asset.get_absolute_url(), {"helpful": "no"})
        assert Feedback.objects.get().helpful is False

    def test_each_browser_counts_once_and_may_change_its_answer(self, client):
        asset = make_asset()
        client.post(asset.get_absolute_url(), {"helpful": "yes"})
        client.post(asset.get_absolute_url(), {"helpful": "no", "comment": "Out of date."})
        assert list(Feedback.objects.values_list("helpful", "comment")) == [(False, "Out of date.")]
        Client().post(asset.get_absolute_url(), {"helpful": "yes"})
        assert Feedback.objects.count() == 2

    def test_a_browser_answers_each_asset_separately(self, client):
        first, second = make_asset(), make_asset()
        client.post(first.get_absolute_url(), {"helpful": "yes"})
        client.post(second.get_absolute_url(), {"helpful": "yes"})
        assert Feedback.objects.count() == 2

    def test_missing_answer_is_shown_next_to_the_field_keeping_the_comment(self, client):
        asset = make_asset()
        response = client.post(asset.get_absolute_url(), {"comment": "Half a thought"})
        assert response.status_code == 400
        assert "Choose yes or no." in response.text
        assert "Half a thought" in response.text
        assert not Feedback.objects.exists()

    def test_too_long_comment_is_refused(self, client):
        asset = make_asset()
        response = client.post(asset.get_absolute_url(), {"helpful": "yes", "comment": "x" * 501})
        assert response.status_code == 400
        assert "at most 500 characters" in response.text

    def test_honeypot_stops_bots(self, client):
        asset = make_asset()
        response = client.post(
            asset.get_absolute_url(), {"helpful": "yes", "website": "http://spam.example"}
        )
        assert response.status_code == 400
        assert not Feedback.objects.exists()

    def test_drafts_take_no_feedback(self, client):
        asset = make_asset(status=Content.Status.DRAFT)
        assert client.post(asset.get_absolute_url(), {"helpful": "yes"}).status_code == 404

    @override_settings(RATELIMITS={"feedback": "2/h"}, RATELIMIT_ENABLE=True)
    def test_answers_are_rate_limited_per_client(self, client):
        asset = make_asset()
        statuses = [
            client.post(asset.get_absolute_url(), {"helpful": "yes"}).status_code for _ in range(3)
        ]
        assert statuses == [302, 302, 429]
        assert client.get(asset.get_absolute_url()).status_code == 200

    def test_editors_see_counts_and_comments_in_the_admin(self, client, staff_client):
        asset = make_asset(title="Sync guide")
        client.post(asset.get_absolute_url(), {"helpful": "yes", "comment": "Clear steps"})
        Client().post(asset.get_absolute_url(), {"helpful": "no", "comment": "Needs Azure AD"})
        Client().post(asset.get_absolute_url(), {"helpful": "yes"})
        changelist = staff_client.get(reverse("admin:library_asset_changelist")).text
        assert 'class="field-helpful_yes">2<' in changelist
        assert 'class="field-helpful_no">1<' in changelist
        change = staff_client.get(reverse("admin:library_asset_change", args=[asset.pk])).text
        assert "Clear steps" in change
        assert "Needs Azure AD" in change
        feedback_list = staff_client.get(reverse("admin:library_feedback_changelist")).text
        assert "Needs Azure AD" in feedback_list
