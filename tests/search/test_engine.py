"""The behaviour every search engine must have; CI runs this file on SQLite and PostgreSQL."""

from datetime import timedelta

import pytest
from django.utils import timezone

from content.core.models import Content
from content.search import engine
from content.search.engine import search
from content.search.models import PromotedResult, Synonym
from tests.factories import make_area, make_asset, make_question, make_session

pytestmark = pytest.mark.django_db


def titles(results):
    return [hit.item.title for hit in results.hits]


def test_finds_published_items_of_every_kind():
    make_question(title="Directory synchronisation schedule")
    make_asset(title="Synchronisation guide")
    make_session(title="Synchronisation workshop")
    make_question(title="Draft synchronisation", status=Content.Status.DRAFT)
    make_question(title="Future synchronisation", publish_at=timezone.now() + timedelta(days=1))
    results = search("synchronisation")
    assert sorted(titles(results)) == [
        "Directory synchronisation schedule",
        "Synchronisation guide",
        "Synchronisation workshop",
    ]
    assert results.total == 3


def test_title_match_ranks_above_body_match_and_exact_title_first():
    make_question(title="Mail routing", body="Which ports does the gateway use? " * 3)
    make_question(title="Which ports are open for SMTP", body="Port 25.")
    make_question(title="Which ports", body="Inbound and outbound.")
    assert titles(search("which ports")) == [
        "Which ports",
        "Which ports are open for SMTP",
        "Mail routing",
    ]


def test_body_matches_are_ranked_by_where_the_word_is_on_every_page():
    make_question(title="Journal setup", summary="Retention of journalled mail, step by step.")
    make_question(title="Mailbox import", body="Imported mail keeps its retention date.")
    make_question(title="Retention")
    ranked = ["Retention", "Journal setup", "Mailbox import"]
    assert titles(search("retention")) == ranked
    # Page by page, too: the first page holds only the title match.
    pages = [search("retention", page=page, page_size=1) for page in (1, 2, 3)]
    assert [title for page in pages for title in titles(page)] == ranked
    # Narrowed to assets, none of which has the word in its title.
    make_asset(title="Archive guide", summary="Retention and legal hold.")
    make_asset(title="Export guide", body="Exports keep the retention date.")
    assert titles(search("retention", kinds=["asset"], page_size=1)) == ["Archive guide"]


def test_items_with_every_word_come_before_items_with_some():
    make_question(title="Sync times", body="Active Directory sync runs every 15 minutes.")
    make_question(title="Sync errors", body="Azure errors.")
    make_question(title="Unrelated", body="Nothing here.")
    results = search("sync minutes")
    assert titles(results) == ["Sync times", "Sync errors"]
    assert [hit.partial for hit in results.hits] == [False, True]
    assert (results.total, results.complete, results.match_any) == (2, 1, False)


def test_an_answer_missing_one_word_follows_a_weaker_item_with_all_of_them():
    # The case: the answer lacks "configure"; a weaker item has all four words.
    make_question(
        title="Directory sync schedule",
        body="Active Directory synchronisation runs three times a day: 8, 13 and 23 o'clock.",
    )
    make_question(title="Configure things", body="Configure the schedule of directory sync.")
    make_question(title="Sync of calendars", body="Nothing about directories.")
    found = titles(search("configure directory sync schedule"))
    assert found[:2] == ["Configure things", "Directory sync schedule"]
    # An item with fewer and commoner words comes last.
    assert found[2:] == ["Sync of calendars"]


def test_quoted_phrase_and_excluded_word():
    make_question(title="Legal hold", body="Put a mailbox on legal hold.")
    make_question(title="Hold music", body="A legal question about hold music.")
    make_question(title="Legal hold for Azure", body="Azure mailboxes on legal hold.")
    assert sorted(titles(search('"legal hold"'))) == ["Legal hold", "Legal hold for Azure"]
    assert titles(search('"legal hold" -azure')) == ["Legal hold"]
    with_azure = search('"legal hold" azure')
    assert titles(with_azure)[0] == "Legal hold for Azure"
    assert with_azure.complete == 1
    assert titles(search('music "legal question"')) == ["Hold music"]
    # An excluded word anywhere in an item leaves out its title match too.
    make_question(title="Quarantine rules", body="Spam goes here.")
    make_question(title="Quarantine release", body="Released mail keeps its date.")
    assert titles(search("quarantine -spam")) == ["Quarantine release"]


def test_a_phrase_of_three_words_finds_them_side_by_side_only():
    make_question(title="Nightly job", body="Run the legal hold export every night.")
    make_question(title="Legal team", body="Legal teams hold the export for a year.")
    make_question(title="Gaps", body="The legal hold of the export is checked.")
    # Every pair of the phrase is here, but not the three words in a row.
    make_question(title="Two steps", body="Legal hold. Hold export runs later.")
    assert titles(search('"legal hold export"')) == ["Nightly job"]
    assert sorted(titles(search('"legal hold" -"legal hold export"'))) == ["Gaps", "Two steps"]
    # Words the engine skips ("of the") still keep their places.
    assert titles(search('"legal hold of the export"')) == ["Gaps"]


def test_a_phrase_with_a_word_the_engine_skips_still_finds_the_item():
    make_question(title="Release", body="Release the quarantine before noon.")
    make_question(title="Hold", body="Keep the mailbox on hold.")
    # PostgreSQL skips "the": the phrase has no pair of words to look up.
    assert titles(search('"the quarantine"')) == ["Release"]


def test_every_match_is_ranked_and_the_oldest_best_match_comes_first():
    best = make_question(
        title="Mail retention",
        summary="Retention of archived mail: the retention period of each policy.",
        body="Retention starts when mail is archived.",
    )
    # More newer title matches than a search lists, each a weaker match.
    newer = Content.objects.bulk_create(
        Content(
            kind="faq",
            title=f"Retention note {number}",
            slug=f"retention-note-{number}",
            summary="A note.",
            body="Mail retention.",
            status=Content.Status.PUBLISHED,
            publish_at=timezone.now() - timedelta(minutes=1),
        )
        for number in range(engine.CANDIDATES + 10)
    )
    engine.index_items([item.pk for item in newer])
    results = search("retention")
    assert titles(results)[0] == best.title
    # Past the cap, both engines list as many as it: "500+".
    assert (results.total, results.total_capped) == (engine.CANDIDATES, True)
    assert not search("retention", kinds=["asset"]).total_capped


def test_title_matches_fill_the_list_before_better_body_matches(monkeypatch):
    monkeypatch.setattr(engine, "CANDIDATES", 3)
    for number in range(3):
        make_question(title=f"Quarantine note {number}", body="Notes.")
    # Newer, and better matches over the whole item, but not in the title.
    for number in range(4):
        make_asset(
            title=f"Release guide {number}",
            summary="Quarantine release: the quarantine.",
            body="Quarantine, quarantine and quarantine again.",
        )
    results = search("quarantine")
    assert sorted(titles(results)) == [f"Quarantine note {number}" for number in range(3)]
    assert results.total_capped


def test_the_best_shown_match_is_found_behind_many_better_drafts(monkeypatch):
    monkeypatch.setattr(engine, "CANDIDATES", 2)
    make_question(title="Gateway", body="A relay note.")
    # Better matches of the word, none of them shown.
    for number in range(6):
        make_question(
            title=f"Draft {number}",
            body="Relay relay relay relay.",
            status=Content.Status.DRAFT,
        )
    assert titles(search("relay")) == ["Gateway"]


def test_among_equal_matches_the_newest_shown_ones_come_first(monkeypatch):
    monkeypatch.setattr(engine, "CANDIDATES", 3)
    for number in range(6):
        status = Content.Status.DRAFT if number >= 4 else Content.Status.PUBLISHED
        make_question(title=f"Relay note {number}", body="Notes.", status=status)
        make_question(title=f"Gateway note {number}", body="A relay.", status=status)
    assert titles(search("relay")) == ["Relay note 3", "Relay note 2", "Relay note 1"]
    assert titles(search("gateway")) == ["Gateway note 3", "Gateway note 2", "Gateway note 1"]


def test_narrowing_keeps_the_order_of_what_is_left():
    # Narrowing is no part of the ranking: an item with many tags ranks as
    # it would without them.
    for number in range(30):
        make_asset(title=f"Archive note {number}", body="Notes.")
    make_question(title="Alpha", body="Mailbox mailbox mailbox.", tags=[f"t{n}" for n in range(8)])
    make_question(title="Beta", body="Mailbox rules.")
    assert titles(search("mailbox")) == ["Alpha", "Beta"]
    assert titles(search("mailbox", kinds=["faq"])) == ["Alpha", "Beta"]
    assert titles(search("mailbox", tags=["t1"])) == ["Alpha"]


def test_narrowed_by_a_tag_the_exact_title_match_still_comes_first(monkeypatch):
    monkeypatch.setattr(engine, "CANDIDATES", 2)
    make_question(title="Legal hold", body="What it keeps.", tags=["archive"])  # the oldest
    for number in range(3):
        make_asset(title=f"Archive note {number}", body="Mailbox on legal hold.", tags=["archive"])
    make_asset(title="Hold note", body="Mailbox on legal hold.")  # the newest, untagged
    found = titles(search("legal hold", tags=["archive"]))
    assert found == ["Legal hold", "Archive note 2"]


@pytest.mark.parametrize("query", ["mailbox", '"legal hold"'])
def test_narrowing_reaches_past_the_best_matches_and_follows_a_move(monkeypatch, query):
    monkeypatch.setattr(engine, "CANDIDATES", 3)
    insider = make_area(name="Insider Risk", slug="insider-risk")
    centre = make_area(name="Command Centre", slug="command-centre")
    old = make_question(
        title="Checklist", area=insider, body="Mailbox on legal hold.", tags=["e-discovery"]
    )
    # As good matches, and newer: the oldest is past the cap.
    for number in range(4):
        make_asset(title=f"Archive note {number}", area=centre, body="Mailbox on legal hold.")
    assert "Checklist" not in titles(search(query))
    assert titles(search(query, kinds=["faq"])) == ["Checklist"]
    assert titles(search(query, area=insider)) == ["Checklist"]
    assert titles(search(query, tags=["e-discovery"])) == ["Checklist"]
    old.area = centre
    old.save()
    assert titles(search(query, area=insider)) == []
    assert titles(search(query, kinds=["faq"], area=centre)) == ["Checklist"]


def test_prefix_of_the_last_word_while_typing():
    make_question(title="Directory synchronisation")
    assert titles(search("synchro")) == ["Directory synchronisation"]
    assert titles(search("directory synchro")) == ["Directory synchronisation"]


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        ("sychronisation", "Directory synchronisation"),  # a missing letter
        ("phising simulation", "Phishing simulation kit"),  # a missing letter
        ("digset", "Weekly digest settings"),  # two letters swapped
        ("synchronisattion", "Directory synchronisation"),  # an extra letter
        ("phishung", "Phishing simulation kit"),  # a wrong letter
    ],
)
def test_one_typo_in_a_long_word_still_finds_the_item(typed, title):
    make_question(title="Directory synchronisation", body="Runs every 15 minutes.")
    make_asset(title="Phishing simulation kit", body="Templates and landing pages.")
    make_question(title="Weekly digest settings", body="Where to change the digest.")
    results = search(typed)
    assert titles(results) == [title]


def test_short_words_are_not_corrected():
    make_question(title="Port numbers")
    assert search("pirt").total == 0


def test_numbers_are_never_corrected_as_typos():
    make_question(title="Release 24118 notes")
    assert titles(search("24118")) == ["Release 24118 notes"]
    assert search("24119").total == 0


def test_synonyms_apply_both_ways_at_query_time():
    Synonym.objects.update_or_create(term="AD", defaults={"equivalents": "Active Directory"})
    Synonym.objects.update_or_create(term="DLP", defaults={"equivalents": "data leak prevention"})
    make_question(title="Sync with Active Directory")
    make_asset(title="DLP policy template")
    assert titles(search("AD")) == ["Sync with Active Directory"]
    assert titles(search("ad sync")) == ["Sync with Active Directory"]
    assert titles(search("data leak prevention")) == ["DLP policy template"]
    assert titles(search("dlp")) == ["DLP policy template"]


def test_the_hub_ships_with_synonyms_people_type_on_day_one():
    make_question(title="When does Active Directory synchronisation run?", body="Three times.")
    assert titles(search("AD sync times")) == ["When does Active Directory synchronisation run?"]


def test_snippet_marks_matched_words():
    make_question(title="Ports", body="Inbound SMTP uses port 25 from the gateway.")
    (hit,) = search("gateway").hits
    assert "<mark>gateway</mark>" in hit.snippet


def test_snippet_never_lets_content_or_query_become_html():
    make_question(
        title="Escaping", body="Type `<img src=x onerror=alert(1)>` into the gateway field."
    )
    for query in ["gateway", "<img onerror>"]:
        (hit,) = search(query).hits
        assert "<img" not in hit.snippet
        assert "&lt;" in hit.snippet
        assert "onerror=alert(1)&gt;" in hit.snippet.replace("<mark>", "").replace("</mark>", "")


def test_facets_count_kinds_areas_and_tags_and_narrow():
    insider = make_area(name="Insider Risk", slug="insider-risk")
    centre = make_area(name="Command Centre", slug="command-centre")
    make_question(title="Policy scope", area=insider, tags=["policies"])
    make_asset(title="Policy template", area=insider, tags=["policies", "templates"])
    make_asset(title="Policy guide", area=centre, tags=["templates"])
    results = search("policy")
    assert {(f.value, f.count) for f in results.kinds} == {("faq", 1), ("asset", 2)}
    assert {(f.value, f.count) for f in results.areas} == {
        ("insider-risk", 2),
        ("command-centre", 1),
    }
    assert {(f.value, f.count) for f in results.tags} == {("policies", 2), ("templates", 2)}

    narrowed = search("policy", kinds=["asset"], area=insider)
    assert titles(narrowed) == ["Policy template"]
    assert narrowed.total == 1
    # Each facet still counts what choosing another value would give.
    assert {(f.value, f.count) for f in narrowed.kinds} == {("faq", 1), ("asset", 1)}
    assert {(f.value, f.count) for f in narrowed.areas} == {
        ("insider-risk", 1),
        ("command-centre", 1),
    }
    assert titles(search("policy", tags=["templates", "policies"])) == ["Policy template"]


def test_pages_hold_page_size_results():
    for number in range(25):
        make_question(title=f"Quarantine release {number}")
    first = search("quarantine", page_size=10)
    last = search("quarantine", page=3, page_size=10)
    beyond = search("quarantine", page=99, page_size=10)
    assert (first.total, first.num_pages, len(first.hits)) == (25, 3, 10)
    assert len(last.hits) == 5
    assert beyond.page == 3
    assert not set(titles(first)) & set(titles(last))


def test_promoted_item_comes_first_for_its_query():
    guide = make_asset(title="Getting started guide", body="Everything about ports.")
    make_question(title="Which ports", body="Port 25.")
    PromotedResult.objects.create(query="Which Ports?", content=guide)
    results = search("which ports")
    assert titles(results)[0] == "Getting started guide"
    assert results.hits[0].promoted
    assert results.total == 2
    assert titles(search("ports"))[0] == "Which ports"


def test_draft_promoted_item_stays_hidden():
    draft = make_asset(title="Secret draft", status=Content.Status.DRAFT)
    PromotedResult.objects.create(query="ports", content=draft)
    assert "Secret draft" not in titles(search("ports"))


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "x" * 1000,
        "émoji 😀 ünïcödé 中文",
        "nul\x00byte",
        "& | ! ( ) : * ' \\",
        "a & b | c ! (d) :e *f 'g' \\h",
        '"unbalanced quote',
        'phrase" with "odd quotes"" "',
        "-",
        "-only -excluded",
        "NEAR(a b) AND OR NOT",
        "title:secret {title}: x ^y",
        "%_%",
        "''; DROP TABLE core_content; --",
    ],
)
def test_any_input_gives_results_or_none_never_an_error(query):
    make_question(title="Directory synchronisation", body="Runs every 15 minutes.")
    results = search(query)
    assert results.total >= 0
    assert Content.objects.count() == 1


def test_when_no_item_has_every_word_items_with_some_of_them_are_shown():
    make_question(title="Which ports does the gateway use?", body="SMTP uses port 25.")
    make_question(title="Unrelated", body="Nothing here.")
    results = search("which ports does smtp use over ipv6")
    assert results.match_any
    assert titles(results) == ["Which ports does the gateway use?"]
    assert not search("which ports").match_any


@pytest.mark.parametrize("query", ["the", "how to", "what is the", '"how do I"'])
def test_a_query_of_filler_words_alone_finds_nothing_and_is_no_gap(query):
    make_question(title="How to read the logs", body="What is the log? How do I read it?")
    results = search(query)
    assert (results.total, results.searched, results.is_gap) == (0, False, False)
    assert results.filler


def test_filler_words_never_make_a_match_and_a_word_found_nowhere_is_a_gap():
    make_question(title="How do I configure routing?", body="Configure the delivery route.")
    make_question(title="How do I read the logs?", body="Open the log viewer.")
    results = search("how do I configure DMARC")
    # Only the item with one of the words that mean something is listed,
    # after saying DMARC is found nowhere: editors hear of it.
    assert titles(results) == ["How do I configure routing?"]
    assert results.match_any and results.missing == ["dmarc"] and results.is_gap
    make_question(title="DMARC", body="Domain-based message authentication.")
    assert not search("how do I configure DMARC").is_gap


def test_a_quoted_phrase_never_runs_from_one_field_into_the_next():
    make_question(title="Data leak", summary="Prevention of loss.", body="Guide.")
    make_question(title="Other", summary="Leak prevention in outbound mail.")
    assert titles(search('"leak prevention"')) == ["Other"]
    make_asset(title="Legal", body="Hold the mailbox.", tags=["hold"])
    assert titles(search('"legal hold"')) == []


def test_a_misspelt_word_found_nowhere_gets_a_suggestion_from_the_index():
    make_question(title="DMARC reports", body="Read the aggregate reports.")
    # Four letters: too short to correct on its own, but worth offering.
    results = search("dmrc reports")
    assert results.missing == ["dmrc"]
    assert results.suggestion == "dmarc reports"
    assert search("dmarc reports").suggestion == ""
