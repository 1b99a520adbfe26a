"""How a typed query is read: words, phrases, exclusions, prefixes, synonyms, typos."""

from content.search.query import Phrase, deletions, one_edit_apart, parse_query


def alternatives(parsed):
    return [[phrase.text for phrase in group.alternatives] for group in parsed.groups]


def test_words_phrases_and_exclusions():
    parsed = parse_query('ldap "directory sync" -azure')
    assert alternatives(parsed) == [["ldap"], ["directory sync"], ["azure"]]
    assert [group.excluded for group in parsed.groups] == [False, False, True]


def test_only_the_last_word_is_a_prefix():
    parsed = parse_query("directory synchro")
    assert [group.alternatives[0].prefix for group in parsed.groups] == [False, True]
    assert not parse_query('"directory synchro"').groups[-1].alternatives[0].prefix


def test_characters_with_meaning_to_engines_are_dropped():
    parsed = parse_query("a&b | (c) : * ' \\ NEAR")
    assert [phrase.words for group in parsed.groups for phrase in group.alternatives] == [
        ("a", "b"),
        ("c",),
        ("near",),
    ]
    assert parse_query("& | ! ( ) : * ' \\").is_empty


def test_unbalanced_quote_reads_to_the_end():
    assert alternatives(parse_query('"legal hold')) == [["legal hold"]]


def test_nul_bytes_and_length_are_tamed():
    assert parse_query("a\x00b").text == "ab"
    assert len(parse_query("x " * 1000).text) == 200


def test_synonyms_join_a_run_of_words_into_one_group():
    synonyms = {
        ("ad",): [("active", "directory")],
        ("active", "directory"): [("ad",)],
    }
    assert alternatives(parse_query("ad sync", synonyms)) == [["ad", "active directory"], ["sync"]]
    assert alternatives(parse_query("active directory sync", synonyms)) == [
        ["active directory", "ad"],
        ["sync"],
    ]
    assert alternatives(parse_query('"active directory"', synonyms)) == [["active directory", "ad"]]


def test_one_edit_apart():
    assert one_edit_apart("phising", "phishing")
    assert one_edit_apart("digset", "digest")
    assert one_edit_apart("sychronisation", "synchronisation")
    assert one_edit_apart("phishung", "phishing")
    assert not one_edit_apart("phish", "phishing")
    assert not one_edit_apart("same", "same")


def test_a_word_and_its_typo_share_a_deletion_key():
    assert deletions("digset") & deletions("digest")
    assert deletions("phising") & deletions("phishing")
    assert Phrase(("a", "b")).text == "a b"
