"""Read what a person typed into a search box, whatever they typed.

`parse_query` turns the text into groups of alternatives: every group must
match, and a group matches when any of its alternatives does. Quoted text is
a phrase, a leading minus excludes, and the last word is also a prefix (the
person may still be typing it). Only runs of letters and digits ever reach an
engine, so characters that mean something to SQL, FTS5 or tsquery (& | ! ( ) :
* ' \\ and quotes) can never change the query's shape.
"""

import re
from dataclasses import dataclass, field

MAX_QUERY_LENGTH = 200
# Typo tolerance applies to words at least this long: shorter words have too
# many neighbours one letter away ("port" and "post", "sort", "part").
TYPO_MIN_LENGTH = 5
PREFIX_MIN_LENGTH = 2

# Words that say nothing about what a person looks for: PostgreSQL's English
# stop words (its tsearch_data/english.stop, frozen here so that SQLite drops
# the same ones) and the helpers of a question. A query keeps them only for
# the exact title match: "how do I configure DMARC" looks for configure and
# DMARC, and "what is the" for nothing, on both engines.
FILLER_WORDS = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom
    this that these those am is are was were be been being have has had having do does did
    doing a an the and but if or because as until while of at by for with about against
    between into through during before after above below to from up down in out on off over
    under again further then once here there when where why how all any both each few more
    most other some such no nor not only own same so than too very s t can will just don
    should now could would might must shall may please also
"""
FILLER = frozenset(FILLER_WORDS.split())

WORD = re.compile(r"[^\W_]+")
CHUNK = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')


@dataclass(frozen=True)
class Phrase:
    """Words that must appear together and in order; `prefix` lets the last one be unfinished."""

    words: tuple
    prefix: bool = False

    @property
    def text(self):
        return " ".join(self.words)


@dataclass
class Group:
    """Alternatives of which one must match (or, when `excluded`, none may)."""

    alternatives: list
    excluded: bool = False
    # The word as typed, when the group is one word: typo corrections apply to it.
    word: str = ""


@dataclass
class ParsedQuery:
    text: str
    groups: list = field(default_factory=list)
    # When no item has every word, a search may settle for items with any.
    match_any: bool = False

    # Words of the query left out as filler (see FILLER), in order.
    filler: tuple = ()

    @property
    def required(self):
        return [group for group in self.groups if not group.excluded]

    @property
    def excluded(self):
        return [group for group in self.groups if group.excluded]

    @property
    def is_empty(self):
        return not self.required

    @property
    def title_key(self):
        """Return the query as `normalise` writes titles, to spot an exact title match."""
        return normalise(self.text)


def clean_text(text):
    """Return `text` without NUL and control characters, trimmed to a sane length."""
    text = "".join(ch for ch in str(text or "") if ch >= " " or ch in "\t\n")
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def normalise(text):
    """Return the words of `text`, lower case, one space apart: the key for gaps and pins."""
    return " ".join(words_of(text))


def words_of(text):
    return [word.lower() for word in WORD.findall(text or "")]


def parse_query(text, synonyms=None):
    """Return the `ParsedQuery` for `text`, expanded with `synonyms`.

    `synonyms` maps a phrase (a tuple of lower-case words) to the phrases that
    mean the same; see `content.search.models.Synonym`.
    """
    text = clean_text(text)
    synonyms = synonyms or {}
    groups, filler = [], ()
    chunks = list(CHUNK.finditer(text))
    for index, chunk in enumerate(chunks):
        quoted = chunk.group(2) is not None
        excluded = bool(chunk.group(1) if quoted else chunk.group(3))
        words = tuple(words_of(chunk.group(2) if quoted else chunk.group(4)))
        if not words:
            continue
        if all(word in FILLER for word in words):
            filler += words
            continue
        last = index == len(chunks) - 1
        if quoted or len(words) > 1:
            # "ad-hoc" and "don't" are one chunk of several words: a phrase.
            groups.append(Group([Phrase(words)], excluded=excluded))
            continue
        groups.append(
            Group(
                [
                    Phrase(
                        words, prefix=last and not excluded and len(words[0]) >= PREFIX_MIN_LENGTH
                    )
                ],
                excluded=excluded,
                word=words[0],
            )
        )
    return ParsedQuery(text=text, groups=apply_synonyms(groups, synonyms), filler=filler)


def apply_synonyms(groups, synonyms):
    """Merge runs of one-word groups that spell a synonym into one group of alternatives."""
    if not synonyms:
        return groups
    longest = max(len(phrase) for phrase in synonyms)
    merged = []
    index = 0
    while index < len(groups):
        group = groups[index]
        for size in range(min(longest, len(groups) - index), 0, -1):
            run = groups[index : index + size]
            if any(item.excluded != group.excluded or not item.word for item in run):
                continue
            key = tuple(item.word for item in run)
            if key in synonyms:
                alternatives = [Phrase(key)] + [Phrase(words) for words in synonyms[key]]
                if size == 1:
                    alternatives = group.alternatives + alternatives[1:]
                merged.append(
                    Group(
                        alternatives, excluded=group.excluded, word=group.word if size == 1 else ""
                    )
                )
                index += size
                break
        else:
            phrase = group.alternatives[0].words
            if not group.word and phrase in synonyms:
                # A quoted phrase such as "active directory" also finds "AD".
                group = Group(
                    group.alternatives + [Phrase(words) for words in synonyms[phrase]],
                    excluded=group.excluded,
                )
            merged.append(group)
            index += 1
    return merged


def may_have_typo(word):
    """Say whether `word` is long enough, and all letters, to be corrected.

    Numbers are never typos: port 8443 is not a misspelt 8433.
    """
    return len(word) >= TYPO_MIN_LENGTH and word.isalpha()


def deletions(word):
    """Return `word` and every string one letter shorter: the keys of the typo index."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def one_edit_apart(first, second):
    """Return whether one letter changed, added or removed, or two swapped, turn `first`
    into `second`."""
    if first == second or abs(len(first) - len(second)) > 1:
        return False
    if len(first) == len(second):
        differences = [i for i, (a, b) in enumerate(zip(first, second, strict=True)) if a != b]
        if len(differences) == 1:
            return True
        return (
            len(differences) == 2
            and differences[1] == differences[0] + 1
            and first[differences[0]] == second[differences[1]]
            and first[differences[1]] == second[differences[0]]
        )
    shorter, longer = sorted((first, second), key=len)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


def with_corrections(parsed, corrections):
    """Add each word's corrections (a dict word -> words) as alternatives of its group."""
    for group in parsed.groups:
        for correction in corrections.get(group.word, ()):
            group.alternatives.append(Phrase((correction,)))
    return parsed
