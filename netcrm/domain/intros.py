"""Suggested introductions: who could help whom, and who would enjoy meeting.

A pair is suggested when one person's ask is met by the other's skill or
offer (`phrases.fit`: the same phrase, or a run of its words in order that
weighs most of the ask, rare words counting more), or when they share an
interest few others have. A real need met by a skill always ranks above pairs
who only share hobbies, however many; pairs across organisations rank above
pairs across departments, which rank above colleagues from one department.
Pairs already introduced, and pairs the user dismissed, are left out. Each
suggestion says why in words.

It stays fast on 10,000 people because it never looks at all pairs: an
inverted index maps each word somebody asks for to the people whose skills or
offers have it, and each ask only visits the people under its rarest words,
nearest (most recently in touch) first, stopping after a few helpers. Asks
are taken from the people you were in touch with most recently (the ones you
can make an introduction for), and so are pairs who share an interest;
helpers can be anyone. Interests held by many people are not a reason.
Most skills are turned down without `fit`: one set check when they share only
a light word, or no two words side by side (`phrases.cannot_fit`); pairs with
only hobbies in common are built only when the needs leave room.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import attrgetter

from netcrm.domain.model import Contact, Introduction
from netcrm.domain.names import call_name
from netcrm.domain.phrases import Terms, fit, gist, needed, normalise, terms

ASK = 4.0  # any ask met by a skill starts here: above the best shared interest
COVER = 4.0  # plus this much for covering all of the ask
INTEREST = 1.0  # a shared interest (rarer among your people: a little more), at most 2
ACROSS_ORGS = 1.5
ACROSS_DEPARTMENTS = 1.3
BOOST = {"organisations": ACROSS_ORGS, "departments": ACROSS_DEPARTMENTS, "": 1.0}
PER_ASK = 3  # helpers considered per ask: the ones you were in touch with most recently
WALK = 20  # entries of one word's list looked at per ask, nearest first
ASKERS = 1500  # asks looked at: from the people you were in touch with most recently
_NEVER = dt.datetime.min  # the sort key for "no last touch"; the sorted people all have one
RARE_INTEREST = 40  # shared interests held by more people than this are not a reason
PER_INTEREST = 8  # holders of one interest paired up, nearest first

__all__ = ["Suggestion", "across", "normalise", "suggest"]


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


# What someone can help with: (person, the phrase as written, "knows"/"offers", its terms).
Help = tuple[Contact, str, str, Terms]


@dataclass(slots=True)
class _Index:
    phrases: dict[str, list[Help]] = field(default_factory=dict)  # nearest first
    words: dict[str, list[Help]] = field(default_factory=dict)  # nearest first
    interests: dict[str, list[tuple[Contact, str]]] = field(default_factory=dict)


def _build_index(people: list[Contact], askers: list[Contact]) -> _Index:
    """Only the phrases and words somebody asks for are indexed: the rest cannot match."""
    asked = {(t := terms(ask)).phrase: t for asker in askers for ask in asker.asks}
    # Phrases and words whose lists still have room. People come nearest first and an ask
    # only ever looks at the first few entries of a list, so a full list is closed: longer
    # lists would be built for nothing, and once the everyday words' lists are full most
    # skills are passed over with one set check.
    open_phrases = set(asked) - {""}
    open_words = set().union(*(t.words for t in asked.values()))
    index = _Index()
    phrases, words, interests = index.phrases, index.words, index.interests
    for person in people:
        if not open_words and not open_phrases:
            break
        for verb, raws in (("knows", person.skills), ("offers", person.offers)):
            for raw in raws:
                # Most skills touch no list with room: told from their words alone, never weighed.
                phrase, stems = gist(raw)
                if phrase in open_phrases:
                    listed = phrases.setdefault(phrase, [])
                    listed.append((person, raw, verb, terms(raw)))
                    if len(listed) > PER_ASK:
                        open_phrases.discard(phrase)
                if not open_words.isdisjoint(stems):
                    found = terms(raw)
                    entry = (person, raw, verb, found)
                    for word in open_words.intersection(found.words):
                        listed = words.setdefault(word, [])
                        listed.append(entry)
                        if len(listed) >= WALK:
                            open_words.discard(word)
    for person in askers:  # shared interests: among the people you are in touch with
        for raw in person.interests:
            phrase = normalise(raw)
            if phrase:
                interests.setdefault(phrase, []).append((person, raw))
    return index


class _Pairs:
    """Pairs found so far, each scored once per distinct reason."""

    def __init__(self, left_out: set[tuple[str, str]]) -> None:
        self.left_out = left_out
        self.found: dict[tuple[str, str], _Pair] = {}
        self.places: dict[str, tuple[str, str]] = {}

    def add(self, a: Contact, b: Contact, score: float, reason: Reason) -> None:
        key = (a.id, b.id) if a.id < b.id else (b.id, a.id)
        pair = self.found.get(key)
        if pair is None:
            if key in self.left_out:
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
    dismissed: Iterable[tuple[str, str]] = (),
) -> list[Suggestion]:
    """The best `limit` pairs, at most `per_person` suggestions naming any one person.

    `dismissed`: (id, id) pairs the user never wants suggested."""
    people = [c for c in contacts if not c.archived]
    # Nearest first: people you were in touch with lately are the ones you can introduce.
    people.sort(key=lambda c: c.id)
    never = [c for c in people if c.last_touch is None]
    people = sorted((c for c in people if c.last_touch is not None), key=lambda c: c.last_touch or _NEVER, reverse=True) + never
    left_out = {(x.a, x.b) if x.a < x.b else (x.b, x.a) for x in introductions}
    left_out |= {(a, b) if a < b else (b, a) for a, b in dismissed}
    pairs = _Pairs(left_out)
    askers = people[:ASKERS]
    index = _build_index(people, askers)
    memo: dict[str, list[tuple[Contact, str, str, float]]] = {}
    for asker in askers:
        for ask in asker.asks:
            _match_ask(asker, ask, index, pairs, memo)
    # A need met by a skill ranks above any number of shared hobbies. Shared interests add to
    # those pairs; pairs with only hobbies in common are found only if the needs leave room.
    _share_interests(index, pairs, new=False)
    named: dict[str, int] = {}
    chosen = _choose(pairs.found.values(), limit, per_person, named)
    if len(chosen) < limit:
        hobbies = _Pairs(left_out | pairs.found.keys())
        _share_interests(index, hobbies, new=True)
        chosen += _choose(hobbies.found.values(), limit - len(chosen), per_person, named)
    return chosen


def _share_interests(index: _Index, pairs: _Pairs, new: bool) -> None:
    """Pairs who share an interest few others have; `new`: make pairs, else add to those found."""
    found = pairs.found
    for holders in index.interests.values():
        if 1 < len(holders) <= RARE_INTEREST:
            weight = INTEREST * (1 + 1 / len(holders))
            nearest = holders[:PER_INTEREST]
            for i, (a, raw) in enumerate(nearest):
                for b, _ in nearest[i + 1 :]:
                    if a.id != b.id and (new or ((a.id, b.id) if a.id < b.id else (b.id, a.id)) in found):
                        pairs.add(a, b, weight, (raw,))


def _choose(found: Iterable[_Pair], limit: int, per_person: int, named: dict[str, int]) -> list[Suggestion]:
    """The best pairs, at most `per_person` naming anyone (counted in `named`, across calls)."""
    # Best first; equal scores keep the order found (nearest people first), which is deterministic.
    ranked = sorted(found, key=attrgetter("score"), reverse=True)
    chosen: list[Suggestion] = []
    for p in ranked:
        if len(chosen) >= limit:
            break
        if named.get(p.a.id, 0) >= per_person or named.get(p.b.id, 0) >= per_person:
            continue
        named[p.a.id] = named.get(p.a.id, 0) + 1
        named[p.b.id] = named.get(p.b.id, 0) + 1
        names = {p.a.id: call_name(p.a), p.b.id: call_name(p.b)}
        chosen.append(Suggestion(p.a, p.b, p.score, [_say(r, names) for r in p.reasons], p.across))
    return chosen


# An ask that starts with one of these is something to do, not something to get.
DOING = frozenset("learn find get meet hire improve understand build move become practice explore start".split())


def _say(reason: Reason, names: dict[str, str]) -> str:
    """In words a person would use: "Dan wants to learn python; Liam knows python"."""
    if len(reason) == 1:
        return f"both into {reason[0]}"
    asker, ask, helper, verb, what = reason
    first = ask.split(maxsplit=1)[0].casefold() if ask.strip() else ""
    wants = f"wants to {ask}" if first in DOING else f"asks for {ask}"
    return f"{names[asker]} {wants}; {names[helper]} {verb} {what}"


def _helpers(ask: Terms, index: _Index) -> list[tuple[Contact, str, str, float]]:
    """The nearest people whose skills or offers meet the ask, with how well (PER_ASK + 1 at most)."""
    found: list[tuple[Contact, str, str, float]] = []
    seen: set[str] = set()
    for helper, raw, verb, _ in index.phrases.get(ask.phrase, ())[: PER_ASK + 1]:
        if helper.id not in seen:
            seen.add(helper.id)
            found.append((helper, raw, verb, ASK + COVER))
    if len(found) > PER_ASK or not ask.stems:
        return found
    # Rarest words first, WALK entries each, nearest people first; once the words left
    # weigh too little to meet the ask on their own, a helper must have had one of those seen.
    fits: dict[str, float] = {}
    left, need = ask.total, needed(ask)
    word_alone, bigrams = ask.word_alone, ask.bigrams
    for word, weight in ask.by_weight:
        if left < need:
            break
        left -= weight
        # Most skills share only this word with the ask. Then whether they meet it depends only
        # on whether the skill is the ask itself and whether it is one word (see `fit`): judged
        # once per shape, and not at all when the word alone weighs too little.
        light, others = weight < need, ask.words - {word}
        alone: dict[int, float] = {}
        for helper, raw, verb, skill in index.words.get(word, ()):
            if skill.words.isdisjoint(others):
                if light:
                    continue
                shape = 2 * (skill.stems == ask.stems) + (len(skill.stems) == 1)
                cover = alone.get(shape)
                if cover is None:
                    cover = alone[shape] = fit(ask, skill)
            elif not word_alone and len(skill.stems) > 1 and bigrams.isdisjoint(skill.bigrams):
                continue  # `phrases.cannot_fit`, inlined: most of the longer skills end here
            else:
                cover = fits.get(skill.phrase)
                if cover is None:  # one skill phrase is held by many people: judge it once per ask
                    cover = fits[skill.phrase] = fit(ask, skill)
            if cover and helper.id not in seen:
                seen.add(helper.id)
                found.append((helper, raw, verb, ASK + COVER * cover))
                if len(found) > PER_ASK:
                    return found
    return found


def _match_ask(asker: Contact, ask: str, index: _Index, pairs: _Pairs, memo: dict[str, list[tuple[Contact, str, str, float]]]) -> None:
    wanted = terms(ask)
    if not wanted.phrase:
        return
    helpers = memo.get(wanted.phrase)
    if helpers is None:  # many people ask for the same thing: find its helpers once
        helpers = memo[wanted.phrase] = _helpers(wanted, index)
    taken = 0
    for helper, raw, verb, score in helpers:
        if helper.id != asker.id and taken < PER_ASK:
            taken += 1
            pairs.add(asker, helper, score, (asker.id, ask, helper.id, verb, raw))
