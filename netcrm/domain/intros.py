"""Suggested introductions: who could help whom, and who would enjoy meeting.

A pair is suggested when one person's ask matches the other's skills or
offers (the same phrase once normalised, or most of the ask's words), or when
they share an interest few others have. Pairs across organisations rank above
pairs across departments, which rank above colleagues from one department;
pairs already introduced are left out. Each suggestion carries its reasons.

It stays fast on 10,000 people because it never looks at all pairs: an
inverted index maps each normalised term to the people who have it, and each
ask only visits the people under its own terms. Very common words and very
common interests say little about a pair, so their lists are not walked
beyond a cap.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from netcrm.domain.lookup import fold
from netcrm.domain.model import Contact, Introduction

STOPWORDS = frozenset(
    "a an and as at for from in into of on or the to with about someone somebody people person "
    "looking need needs help advice intro introduction find finding new good my our their".split()
)
PHRASE = 3.0  # an ask met by the very same phrase
WORDS = 2.0  # an ask met by most of its words (scaled by the share matched)
INTEREST = 1.0  # a shared interest, rarer ones count more
ACROSS_ORGS = 1.5
ACROSS_DEPARTMENTS = 1.3
CAP = 60  # people visited per term, nearest (most recently touched) first
RARE_INTEREST = 40  # shared interests held by more people than this are not a reason


def normalise(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9+#]+", fold(text)))


def stem(word: str) -> str:
    """A crude stemmer: enough for "engineering"/"engineer", "designers"/"design"."""
    for suffix in ("ings", "ing", "ers", "er", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def stems(phrase: str) -> frozenset[str]:
    return frozenset(stem(w) for w in phrase.split() if w not in STOPWORDS and len(w) > 1)


@dataclass(slots=True)
class Suggestion:
    a: Contact
    b: Contact
    score: float
    reasons: list[str] = field(default_factory=list)
    across: str = ""  # "organisations", "departments" or ""


def _pair_key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def across(a: Contact, b: Contact) -> str:
    if a.org and b.org and fold(a.org) != fold(b.org):
        return "organisations"
    if a.department and b.department and fold(a.department) != fold(b.department):
        return "departments"
    return ""


BOOST = {"organisations": ACROSS_ORGS, "departments": ACROSS_DEPARTMENTS, "": 1.0}


@dataclass(slots=True)
class _Index:
    phrases: dict[str, list[tuple[Contact, str, str]]] = field(default_factory=lambda: defaultdict(list))
    words: dict[str, list[tuple[Contact, str, str]]] = field(default_factory=lambda: defaultdict(list))
    interests: dict[str, list[tuple[Contact, str]]] = field(default_factory=lambda: defaultdict(list))
    helper_stems: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)


def _build_index(people: list[Contact]) -> _Index:
    index = _Index()
    for person in people:
        helps = [(raw, "knows") for raw in person.skills] + [(raw, "offers") for raw in person.offers]
        for raw, verb in helps:
            phrase = normalise(raw)
            if not phrase:
                continue
            index.phrases[phrase].append((person, raw, verb))
            words = stems(phrase)
            index.helper_stems[(person.id, raw)] = words
            for word in words:
                index.words[word].append((person, raw, verb))
        for raw in person.interests:
            phrase = normalise(raw)
            if phrase:
                index.interests[phrase].append((person, raw))
    return index


def suggest(
    contacts: Iterable[Contact],
    introductions: Iterable[Introduction] = (),
    limit: int = 20,
    per_person: int = 3,
) -> list[Suggestion]:
    """The best `limit` pairs, at most `per_person` suggestions naming any one person."""
    people = [c for c in contacts if not c.archived]
    # Nearest first: people you are in touch with are the ones you can introduce.
    people.sort(key=lambda c: (c.last_touch is None, -(c.last_touch.timestamp() if c.last_touch else 0), c.id))
    done = {_pair_key(x.a, x.b) for x in introductions}
    index = _build_index(people)
    pairs: dict[tuple[str, str], Suggestion] = {}

    def add(a: Contact, b: Contact, score: float, reason: str) -> None:
        if a.id == b.id:
            return
        key = _pair_key(a.id, b.id)
        if key in done:
            return
        found = pairs.get(key)
        if found is None:
            side = across(a, b)
            found = pairs[key] = Suggestion(a, b, 0.0, [], side)
        if reason not in found.reasons:
            found.score += score * BOOST[found.across]
            found.reasons.append(reason)

    for asker in people:
        for ask in asker.asks:
            _match_ask(asker, ask, index, add)
    for phrase, holders in index.interests.items():
        if 1 < len(holders) <= RARE_INTEREST:
            weight = INTEREST * (1 + 1 / len(holders))
            for i, (a, raw) in enumerate(holders):
                for b, _ in holders[i + 1 :]:
                    add(a, b, weight, f"both into {raw}")
    ranked = sorted(pairs.values(), key=lambda s: (-s.score, s.a.name.casefold(), s.b.name.casefold()))
    chosen: list[Suggestion] = []
    named: dict[str, int] = defaultdict(int)
    for s in ranked:
        if named[s.a.id] >= per_person or named[s.b.id] >= per_person:
            continue
        named[s.a.id] += 1
        named[s.b.id] += 1
        chosen.append(s)
        if len(chosen) >= limit:
            break
    return chosen


def _match_ask(asker: Contact, ask: str, index: _Index, add) -> None:  # noqa: ANN001 - a local closure
    phrase = normalise(ask)
    if not phrase:
        return
    matched: set[str] = set()
    for helper, raw, verb in index.phrases.get(phrase, ())[:CAP]:
        if helper.id != asker.id and helper.id not in matched:
            matched.add(helper.id)
            add(asker, helper, PHRASE, f"{_first(asker)} asks for {ask}; {_first(helper)} {verb} {raw}")
    wanted = stems(phrase)
    if not wanted:
        return
    # Anyone sharing `need` of the ask's words has one of its (len - need + 1) rarest words:
    # walking only those lists finds them all.
    need = max(1, -(-len(wanted) * 2 // 3))
    rarest = sorted(wanted, key=lambda w: (len(index.words.get(w, ())), w))[: len(wanted) - need + 1]
    for word in rarest:
        for helper, raw, verb in index.words.get(word, ())[:CAP]:
            if helper.id == asker.id or helper.id in matched:
                continue
            shared = len(wanted & index.helper_stems[(helper.id, raw)])
            if shared >= need:
                matched.add(helper.id)
                reason = f"{_first(asker)} asks for {ask}; {_first(helper)} {verb} {raw}"
                add(asker, helper, WORDS * shared / len(wanted), reason)


def _first(contact: Contact) -> str:
    return contact.name.split()[0] if contact.name.split() else contact.name
