from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from content.core.markdown import render_markdown
from content.core.models import Content
from content.faq.models import Question
from tests.factories import make_asset, make_question, make_session

pytestmark = pytest.mark.django_db


class TestPublished:
    def test_published_item_with_past_publish_time_is_visible(self):
        question = make_question()
        assert list(Content.objects.published()) == [question.content_ptr]

    def test_draft_is_not_visible(self):
        make_question(status=Content.Status.DRAFT)
        assert not Content.objects.published().exists()

    def test_scheduled_item_is_hidden_until_its_time(self):
        question = make_question(publish_at=timezone.now() + timedelta(minutes=5))
        assert not Question.objects.published().exists()
        Question.objects.filter(pk=question.pk).update(publish_at=timezone.now())
        assert list(Question.objects.published()) == [question]

    def test_every_kind_shares_the_rule(self):
        make_question(status=Content.Status.DRAFT)
        make_asset(status=Content.Status.DRAFT)
        make_session(publish_at=timezone.now() + timedelta(days=1))
        visible = [make_question(), make_asset(), make_session()]
        assert {item.kind for item in Content.objects.published()} == {"faq", "asset", "session"}
        assert Content.objects.published().count() == len(visible)


class TestKinds:
    def test_base_row_knows_its_kind_and_page(self):
        asset = make_asset(slug="ldap-guide")
        row = Content.objects.get(pk=asset.pk)
        assert row.kind == "asset"
        assert row.kind_label == "Technical asset"
        assert row.get_absolute_url() == "/library/ldap-guide/"

    def test_kind_label_keeps_acronyms_and_names(self):
        rows = Content.objects.filter(pk__in=[make_question().pk, make_session().pk])
        assert {row.kind_label for row in rows} == {"FAQ question", "Phish & Chips session"}

    def test_each_kind_links_to_its_own_section(self):
        assert make_question(slug="q").get_absolute_url() == "/faq/q/"
        assert make_session(slug="s").get_absolute_url() == "/phish-and-chips/s/"


class TestSlugs:
    def test_same_slug_is_allowed_in_different_kinds(self):
        make_question(slug="ports")
        make_asset(slug="ports")
        assert Content.objects.filter(slug="ports").count() == 2

    def test_same_slug_in_one_kind_is_refused_by_the_database(self):
        make_question(slug="ports")
        with pytest.raises(IntegrityError), transaction.atomic():
            make_question(slug="ports")

    def test_same_slug_in_one_kind_is_a_validation_error(self):
        make_question(slug="ports")
        duplicate = Question(title="Ports again", slug="ports", topic="Network")
        with pytest.raises(ValidationError) as error:
            duplicate.full_clean(exclude=["kind"])
        assert "slug" in str(error.value).lower() or "kind" in str(error.value).lower()


class TestMarkdown:
    def test_body_is_rendered_on_save(self):
        question = make_question(body="Use **port 636** for LDAP.")
        assert "<strong>port 636</strong>" in question.body_html

    def test_body_html_follows_edits(self):
        question = make_question(body="old")
        question.body = "*new*"
        question.save()
        assert question.body_html == "<p><em>new</em></p>"

    @pytest.mark.parametrize(
        ("markdown", "forbidden"),
        [
            ("<script>alert(1)</script>", "<script"),
            ('<img src="x.png" onerror="alert(1)">', "onerror"),
            ('<a href="#" onclick="alert(1)">x</a>', "onclick"),
            ("[click](javascript:alert(1))", "javascript:"),
            ('<a href="JaVaScRiPt:alert(1)">x</a>', "javascript:"),
            ("[x](data:text/html;base64,PHNjcmlwdD4=)", "data:"),
            ('<img src="data:image/svg+xml;base64,PHN2Zz4=">', "data:"),
            ('<iframe src="https://example.com"></iframe>', "<iframe"),
            ('<p style="position:fixed">x</p>', "style="),
            ('<svg onload="alert(1)"></svg>', "onload"),
        ],
    )
    def test_dangerous_markup_never_survives(self, markdown, forbidden):
        assert forbidden not in render_markdown(markdown).lower()

    def test_safe_markup_is_kept(self):
        html = render_markdown(
            "## Ports\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[docs](https://example.com)"
        )
        assert "<table>" in html
        assert 'href="https://example.com"' in html
        assert "<h2" in html


class TestLabels:
    def test_a_mixed_list_shows_each_assets_type_without_extra_queries(
        self, django_assert_num_queries
    ):
        make_asset(asset_type="policy-template")
        make_question()
        with django_assert_num_queries(1):
            labels = sorted(row.label for row in Content.objects.published().with_kinds())
        assert labels == ["FAQ question", "Policy template"]

    def test_a_plain_content_row_falls_back_to_its_kind(self, django_assert_num_queries):
        make_asset(asset_type="policy-template")
        row = Content.objects.get()
        with django_assert_num_queries(0):
            assert row.label == "Technical asset"
