"""Does a skill meet an ask? Phrases, not loose words, weighed by how rare their words are.

"system design interviews" is not met by "design systems" (the same words in
another order name another thing), "data visualisation" does not meet
"senior data engineer" on "data" alone (a common word says little), and
"contracts" meets "contracts review" (the whole skill is the rare heart of
the ask). A word's weight is its rarity in English from `wordfreq` (Zipf
scale: 7 for "the", about 2 for "kubernetes"), so no hand-made stop list
decides what counts; only the words people use to frame a request ("help",
"someone", "looking for") are dropped first. The word list is package data
that `wordfreq` loads once, on first use.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from netcrm.domain.lookup import fold

# Framing, not content: "looking for someone to help with X", "a mentor for X", "learn X" ask for X.
FRAMING = frozenset(
    "a an and the for of on with to in into about at as or my our their me us "
    "someone somebody people person looking need needs needed want wants help helping advice "
    "intro introduction introductions find finding get getting new good learn "
    "expert experts mentor contact partner buddy specialist".split()
)
COMMON_ZIPF = 7.0  # a word this frequent weighs nothing
RAREST = 5.5  # a word too rare for the list (jargon, a product name) weighs as if zipf 1.5
SPECIFIC = 2.0  # what a match must weigh at least: "data" alone (1.7) is not specific enough
MOST = 0.66  # a skill that covers this share of the ask's weight meets it
WHOLE = 0.5  # a skill made only of the ask's words ("contracts" for "contracts review") needs this share...
ALONE = 2.35  # ...and must be rarer than everyday words: "strategy" (2.26) for "sales strategy" is not enough
SHARED_PHRASE = 0.5  # two or more words in order that are half the skill ("system design" in both)...
PHRASE_COVER = 0.33  # ...and a third of the ask


class Terms(NamedTuple):
    phrase: str  # normalised text: "data engineering"
    stems: tuple[str, ...]  # content words in order, crudely stemmed
    weights: tuple[float, ...]
    total: float
    words: frozenset[str]  # the stems as a set, for quick checks
    weight_of: dict[str, float]
    by_weight: tuple[tuple[str, float], ...]  # (stem, weight), heaviest (rarest) first, ties by stem
    bigrams: frozenset[tuple[str, str]]  # stems side by side: no bigram in common, no run of two
    # As an ask: can one of its words, inside a skill of two words or more, meet it? Usually not
    # ("kubernetes" is not most of "kubernetes cost tuning"): such skills must share a run of two.
    word_alone: bool


@functools.lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """Lower case, accents off, punctuation gone: "Data-Engineering!" -> "data engineering"."""
    return " ".join(re.findall(r"[a-z0-9+#]+", text.lower() if text.isascii() else fold(text)))


def stem(word: str) -> str:
    """A crude stemmer: enough for "engineering"/"engineer", "designers"/"design", "systems"/"system"."""
    for suffix in ("ings", "ing", "ers", "er", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


@functools.lru_cache(maxsize=65536)
def weight(word: str) -> float:
    """How much a word says: rare words a lot, everyday words little."""
    from wordfreq import zipf_frequency

    zipf = zipf_frequency(word, "en", wordlist="small")
    return RAREST if zipf == 0 else max(0.2, min(RAREST, COMMON_ZIPF - zipf))


@functools.lru_cache(maxsize=65536)
def _stem_of(word: str) -> str | None:
    """The stem of a word that says what is asked for; None for framing and stray letters."""
    if word in FRAMING or (len(word) < 2 and not word.isdigit()):
        return None
    return stem(word)


@functools.lru_cache(maxsize=65536)
def _content(word: str) -> tuple[str, float] | None:
    """(stem, weight) of a word that says what is asked for; None for framing and stray letters."""
    found = _stem_of(word)
    return None if found is None else (found, weight(word))


@functools.cache  # one entry per skill phrase of the network, like `terms`
def gist(raw: str) -> tuple[str, tuple[str, ...]]:
    """The normalised phrase and its stems, unweighed: enough to tell that a skill shares no word
    with any ask (most skills of a network), without looking words up in the frequency list.
    Tuples, not sets: a tuple of strings drops out of the garbage collector's sight, and a
    network's worth of sets kept in sight made the first suggestions twice as slow."""
    phrase = normalise(raw)
    return phrase, tuple(found for found in map(_stem_of, phrase.split()) if found is not None)


@functools.cache  # unbounded (a network's phrases): a bounded LRU's bookkeeping was a third of the index time
def terms(raw: str) -> Terms:
    return _terms(normalise(raw))


@functools.lru_cache(maxsize=65536)
def _terms(phrase: str) -> Terms:
    """Built once per normalised phrase: "Budget roadmap." and "budget, roadmap" share it."""
    parts = [part for part in map(_content, phrase.split()) if part is not None]
    if len(parts) == 1:  # the usual skill: one word, built without sorting or pairing
        ((word, heft),) = parts
        return Terms(phrase, (word,), (heft,), heft, frozenset(parts[0][:1]), {word: heft}, (parts[0],), _NO_PAIRS,
                     heft >= max(SPECIFIC, MOST * heft))
    stems = tuple(part[0] for part in parts)
    weights = tuple(part[1] for part in parts)
    weight_of = dict(parts)
    by_weight = tuple(sorted(weight_of.items(), key=lambda item: (-item[1], item[0])))
    total = sum(weights)
    word_alone = bool(weights) and max(weights) >= max(SPECIFIC, MOST * total)
    bigrams = frozenset(zip(stems, stems[1:]))
    return Terms(phrase, stems, weights, total, frozenset(stems), weight_of, by_weight, bigrams, word_alone)


_NO_PAIRS: frozenset[tuple[str, str]] = frozenset()


def needed(ask: Terms) -> float:
    """The least a skill's shared words must weigh to meet this ask."""
    return max(SPECIFIC, PHRASE_COVER * ask.total)


def _heaviest_run(ask: Terms, skill: Terms) -> tuple[float, int]:
    """The weight and length of the heaviest run of words the two share, in order, side by side.

    Only where a run starts is it followed: a run that starts one word earlier in both is
    longer and (every word weighing something) heavier, and it was found first."""
    a, s, weights, in_skill = ask.stems, skill.stems, ask.weights, skill.words
    n, m = len(a), len(s)
    best, best_len = 0.0, 0
    for i, word in enumerate(a):
        if word not in in_skill:
            continue
        for j in range(m):
            if s[j] != word or (i and j and a[i - 1] == s[j - 1]):
                continue
            k, w = 1, weights[i]
            while i + k < n and j + k < m and a[i + k] == s[j + k]:
                w += weights[i + k]
                k += 1
            if w > best:
                best, best_len = w, k
    return best, best_len


def cannot_fit(ask: Terms, skill: Terms) -> bool:
    """A quick no, without `fit`: a skill of two words or more that shares no two words side by
    side with the ask meets it only through one word weighing most of the ask (`word_alone`)."""
    return not ask.word_alone and len(skill.stems) > 1 and ask.bigrams.isdisjoint(skill.bigrams)


def fit(ask: Terms, skill: Terms) -> float:
    """How much of the ask the skill covers (0 when it does not meet it).

    The words must appear in the same order, side by side (the heaviest such run
    counts), and weigh enough: most of the ask; or all of the skill, if it is not an
    everyday word, and half the ask; or a phrase of two words or more that is half the skill.
    """
    a, s = ask.stems, skill.stems
    if not a or not s:
        return 0.0
    if a == s:
        return 1.0
    # No run of shared words can weigh more than all shared words: most pairs stop here.
    weight_of = ask.weight_of
    shared = ask.words & skill.words
    if len(shared) == 1:  # the usual case: the run is that one word
        (word,) = shared
        best, best_len = weight_of[word], 1
    else:
        if sum(weight_of[word] for word in shared) < needed(ask):
            return 0.0
        if ask.bigrams.isdisjoint(skill.bigrams):  # no two words side by side in both: runs of one
            best, best_len = max(weight_of[word] for word in shared), 1
        else:
            best, best_len = _heaviest_run(ask, skill)
    if best < SPECIFIC:
        return 0.0
    cover = best / ask.total
    if (
        cover >= MOST
        or (best_len == len(s) and cover >= WHOLE and best >= ALONE)
        or (best_len >= 2 and cover >= PHRASE_COVER and best >= SHARED_PHRASE * sum(skill.weight_of[w] for w in s))
    ):
        return round(cover, 3)
    return 0.0


def cache_clear() -> None:
    """Forget every phrase and word seen (benchmarks measure the first look with it)."""
    for cached in (normalise, weight, _stem_of, _content, gist, terms, _terms):
        cached.cache_clear()
