"""Suggested introductions: who could help whom, and who would enjoy meeting.

A pair is suggested when one person's ask matches the other's skills or
offers (the same phrase once normalised, most of the ask's words, or a skill
made only of the ask's words: "contracts" for "contracts review"), or when
they share an interest few others have. Pairs across organisations rank above
pairs across departments, which rank above colleagues from one department;
pairs already introduced are left out. Each suggestion carries its reasons.

It stays fast on 10,000 people because it never looks at all pairs: an
inverted index maps each normalised term to the people who have it, and each
ask only visits the people under its own terms, nearest (most recently in
touch) first, stopping after a few helpers. Asks are taken from the people
you were in touch with most recently (the ones you can make an introduction
for), and so are pairs who share an interest; helpers can be anyone.
Interests held by many people say little about a pair and are not a reason.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import attrgetter

from netcrm.domain.lookup import fold
from netcrm.domain.model import Contact, Introduction

STOPWORDS = frozenset(
    ["a", "an", "and", "as", "at", "for", "from", "in", "into", "of", "on", "or", "the", "to", "with", "about", "someone", "somebody", "people", "person", "looking", "need", "needs", "help", "advice", "intro", "introduction", "find", "finding", "new", "good", "my", "our", "their"]
)
PHRASE = 3.0  # an ask met by the very same phrase
WORDS = 2.0  # an ask met by most of its words (scaled by the share matched)
INTEREST = 1.0  # a shared interest, rarer ones count more
ACROSS_ORGS = 1.5
ACROSS_DEPARTMENTS = 1.3
BOOST = {"organisations": ACROSS_ORGS, "departments": ACROSS_DEPARTMENTS, "": 1.0}
PER_ASK = 3  # helpers considered per ask: the ones you were in touch with most recently
WALK = 40  # entries of one word's list looked at per ask, nearest first
ASKERS = 1500  # asks looked at: from the people you were in touch with most recently
RARE_INTEREST = 40  # shared interests held by more people than this are not a reason
PER_INTEREST = 8  # holders of one interest paired up, nearest first


@functools.lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """Lower case, accents off, punctuation gone: "Data-Engineering!" -> "data engineering"."""
    return " ".join(re.findall(r"[a-z0-9+#]+", text.lower() if text.isascii() else fold(text)))


def stem(word: str) -> str:
    """A crude stemmer: enough for "engineering"/"engineer", "designers"/"design"."""
    for suffix in ("ings", "ing", "ers", "er", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


@functools.lru_cache(maxsize=65536)
def stems(phrase: str) -> frozenset[str]:
    return frozenset(stem(w) for w in phrase.split() if w not in STOPWORDS and len(w) > 1)


@functools.lru_cache(maxsize=65536)
def terms(raw: str) -> tuple[str, frozenset[str]]:
    """A skill or offer as its normalised phrase and its words (one cache lookup per phrase)."""
    phrase = normalise(raw)
    return phrase, stems(phrase)


@dataclass(slots=True)
class Suggestion:
    a: Contact
    b: Contact
    score: float
    reasons: list[str] = field(default_factory=list)
    across: str = ""  # "organisations", "departments" or ""


def across(a: Contact, b: Contact) -> str:
    return _across(_place(a), _place(b))


def _place(contact: Contact) -> tuple[str, str]:
    return (normalise(contact.org) if contact.org else "", normalise(contact.department) if contact.department else "")


def _across(a: tuple[str, str], b: tuple[str, str]) -> str:
    if a[0] and b[0] and a[0] != b[0]:
        return "organisations"
    if a[1] and b[1] and a[1] != b[1]:
        return "departments"
    return ""


# A reason kept as data until it is shown: (asker id, ask, helper id, verb, what) or (interest,).
Reason = tuple[str, ...]


@dataclass(slots=True)
class _Pair:
    a: Contact
    b: Contact
    across: str
    score: float = 0.0
    reasons: list[Reason] = field(default_factory=list)


# What someone can help with: (person, the phrase as written, "knows"/"offers", its words).
Help = tuple[Contact, str, str, frozenset[str]]


@dataclass(slots=True)
class _Index:
    phrases: dict[str, list[Help]] = field(default_factory=dict)  # nearest first
    words: dict[str, list[Help]] = field(default_factory=dict)  # nearest first
    interests: dict[str, list[tuple[Contact, str]]] = field(default_factory=dict)


def _build_index(people: list[Contact], askers: list[Contact]) -> _Index:
    """Only the phrases and words somebody asks for are indexed: the rest cannot match."""
    asked = {normalise(ask) for asker in askers for ask in asker.asks} - {""}
    asked_words = set().union(*(stems(phrase) for phrase in asked))
    index = _Index()
    phrases, words, interests = index.phrases, index.words, index.interests
    for person in people:
        for verb, raws in (("knows", person.skills), ("offers", person.offers)):
            for raw in raws:
                phrase, found = terms(raw)
                if phrase in asked or not asked_words.isdisjoint(found):
                    entry = (person, raw, verb, found)
                    if phrase in asked:
                        phrases.setdefault(phrase, []).append(entry)
                    for word in found & asked_words:
                        words.setdefault(word, []).append(entry)
    for person in askers:  # shared interests: among the people you are in touch with
        for raw in person.interests:
            phrase = normalise(raw)
            if phrase:
                interests.setdefault(phrase, []).append((person, raw))
    return index


class _Pairs:
    """Pairs found so far, each scored once per distinct reason."""

    def __init__(self, introduced: set[tuple[str, str]]) -> None:
        self.introduced = introduced
        self.found: dict[tuple[str, str], _Pair] = {}
        self.places: dict[str, tuple[str, str]] = {}

    def add(self, a: Contact, b: Contact, score: float, reason: Reason) -> None:
        key = (a.id, b.id) if a.id < b.id else (b.id, a.id)
        pair = self.found.get(key)
        if pair is None:
            if key in self.introduced:
                return
            places = self.places
            pa = places.get(a.id) or places.setdefault(a.id, _place(a))
            pb = places.get(b.id) or places.setdefault(b.id, _place(b))
            pair = self.found[key] = _Pair(a, b, _across(pa, pb))
        if reason not in pair.reasons:
            pair.score += score * BOOST[pair.across]
            pair.reasons.append(reason)


def suggest(
    contacts: Iterable[Contact],
    introductions: Iterable[Introduction] = (),
    limit: int = 20,
    per_person: int = 3,
) -> list[Suggestion]:
    """The best `limit` pairs, at most `per_person` suggestions naming any one person."""
    people = [c for c in contacts if not c.archived]
    # Nearest first: people you were in touch with lately are the ones you can introduce.
    people.sort(key=lambda c: c.id)
    never = [c for c in people if c.last_touch is None]
    people = sorted((c for c in people if c.last_touch is not None), key=lambda c: c.last_touch, reverse=True) + never
    pairs = _Pairs({(x.a, x.b) if x.a < x.b else (x.b, x.a) for x in introductions})
    askers = people[:ASKERS]
    index = _build_index(people, askers)
    memo: dict[str, list] = {}
    for asker in askers:
        for ask in asker.asks:
            _match_ask(asker, ask, index, pairs, memo)
    for holders in index.interests.values():
        if 1 < len(holders) <= RARE_INTEREST:
            weight = INTEREST * (1 + 1 / len(holders))
            nearest = holders[:PER_INTEREST]
            for i, (a, raw) in enumerate(nearest):
                for b, _ in nearest[i + 1 :]:
                    if a.id != b.id:
                        pairs.add(a, b, weight, (raw,))
    # Best first; equal scores keep the order found (nearest people first), which is deterministic.
    ranked = sorted(pairs.found.values(), key=attrgetter("score"), reverse=True)
    chosen: list[Suggestion] = []
    named: dict[str, int] = {}
    for p in ranked:
        if named.get(p.a.id, 0) >= per_person or named.get(p.b.id, 0) >= per_person:
            continue
        named[p.a.id] = named.get(p.a.id, 0) + 1
        named[p.b.id] = named.get(p.b.id, 0) + 1
        names = {p.a.id: _first(p.a), p.b.id: _first(p.b)}
        chosen.append(Suggestion(p.a, p.b, p.score, [_say(r, names) for r in p.reasons], p.across))
        if len(chosen) >= limit:
            break
    return chosen


def _say(reason: Reason, names: dict[str, str]) -> str:
    if len(reason) == 1:
        return f"both into {reason[0]}"
    asker, ask, helper, verb, what = reason
    return f"{names[asker]} asks for {ask}; {names[helper]} {verb} {what}"


def _helpers(phrase: str, index: _Index) -> list[tuple[Contact, str, str, float]]:
    """The nearest people whose skills or offers meet `phrase`, with how well (PER_ASK + 1 at most)."""
    found: list[tuple[Contact, str, str, float]] = []
    seen: set[str] = set()
    for helper, raw, verb, _ in index.phrases.get(phrase, ())[: PER_ASK + 1]:
        if helper.id not in seen:
            seen.add(helper.id)
            found.append((helper, raw, verb, PHRASE))
    wanted = stems(phrase)
    if len(found) > PER_ASK or not wanted:
        return found
    # A helper matches with most of the ask's words, or with a phrase made only of the ask's
    # words ("contracts" for "contracts review"). Rarest words first, WALK entries each.
    need = max(1, -(-len(wanted) * 2 // 3))
    for word in sorted(wanted, key=lambda w: (len(index.words.get(w, ())), w)):
        for helper, raw, verb, words in index.words.get(word, ())[:WALK]:
            if helper.id in seen:
                continue
            shared = len(wanted & words)
            if shared >= need or words <= wanted:
                seen.add(helper.id)
                found.append((helper, raw, verb, WORDS * shared / len(wanted)))
                if len(found) > PER_ASK:
                    return found
    return found


def _match_ask(asker: Contact, ask: str, index: _Index, pairs: _Pairs, memo: dict[str, list]) -> None:
    phrase = normalise(ask)
    if not phrase:
        return
    helpers = memo.get(phrase)
    if helpers is None:  # many people ask for the same thing: find its helpers once
        helpers = memo[phrase] = _helpers(phrase, index)
    taken = 0
    for helper, raw, verb, score in helpers:
        if helper.id != asker.id and taken < PER_ASK:
            taken += 1
            pairs.add(asker, helper, score, (asker.id, ask, helper.id, verb, raw))


def _first(contact: Contact) -> str:
    words = contact.name.split()
    return words[0] if words else contact.name
