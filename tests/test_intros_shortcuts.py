"""The shortcuts that keep intros fast give the same answers as the plain rules.

`fit` follows shared runs only from where they start, and skips the search
when no two words sit side by side in both phrases; suggestions skip `fit`
for skills that `cannot_fit` or that share one word with the ask (judged once
per shape). Each shortcut is checked against the plain computation on phrases
drawn from words of every weight, repeats and framing words included.
"""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from netcrm.domain.intros import suggest
from netcrm.domain.phrases import Terms, _heaviest_run, cannot_fit, fit, terms
from tests.practice_data import person

WORDS = ["data", "design", "systems", "system", "kubernetes", "cost", "tuning", "python", "pricing", "saas",
         "contracts", "review", "interviews", "engineering", "engineer", "the", "for", "help", "strategy", "sales"]
phrase = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join)


def plain_run(ask: Terms, skill: Terms) -> tuple[float, int]:
    """The heaviest shared run as first written: every pair of start positions, no shortcut."""
    a, s = ask.stems, skill.stems
    best, best_len = 0.0, 0
    for i in range(len(a)):
        for j in range(len(s)):
            k, w = 0, 0.0
            while i + k < len(a) and j + k < len(s) and a[i + k] == s[j + k]:
                w += ask.weights[i + k]
                k += 1
            if w > best:
                best, best_len = w, k
    return best, best_len


@settings(max_examples=500, deadline=None)
@given(phrase, phrase)
def test_the_run_search_and_the_quick_no_agree_with_the_plain_rule(ask_text, skill_text):
    ask, skill = terms(ask_text), terms(skill_text)
    shared = ask.words & skill.words
    assert _heaviest_run(ask, skill) == plain_run(ask, skill)
    if len(shared) > 1 and ask.bigrams.isdisjoint(skill.bigrams):  # fit's shortcut: runs of one word
        assert plain_run(ask, skill) == (max(ask.weight_of[w] for w in shared), 1)
    if cannot_fit(ask, skill):
        assert fit(ask, skill) == 0.0


def shape(ask: Terms, skill: Terms) -> tuple[bool, bool]:
    return skill.stems == ask.stems, len(skill.stems) == 1


@settings(max_examples=300, deadline=None)
@given(phrase, st.data())
def test_skills_sharing_one_word_of_one_shape_meet_an_ask_alike(ask_text, data):
    ask = terms(ask_text)
    assume(ask.stems)
    word = data.draw(st.sampled_from(ask_text.split()))
    assume(terms(word).stems)  # not a framing word
    others = [w for w in WORDS if not terms(w).words & ask.words]
    extra = st.lists(st.sampled_from(others), max_size=3)
    x, y = (terms(" ".join(data.draw(st.permutations([word, *data.draw(extra)])))) for _ in range(2))
    assume(shape(ask, x) == shape(ask, y))
    assert fit(ask, x) == fit(ask, y)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(phrase, phrase), min_size=2, max_size=12))
def test_every_suggestion_is_a_pair_fit_accepts(profiles):
    people = [person(f"P{n} Q", id=f"p{n:02d}", org=f"Org {n}", asks=[ask], skills=[skill])
              for n, (ask, skill) in enumerate(profiles)]
    by_id = {p.id: p for p in people}
    for s in suggest(people, limit=50, per_person=50):
        a, b = by_id[s.a.id], by_id[s.b.id]
        assert any(fit(terms(x.asks[0]), terms(y.skills[0])) or terms(x.asks[0]).phrase == terms(y.skills[0]).phrase
                   for x, y in ((a, b), (b, a)))  # the skill meets the ask, or is the very phrase asked for


def test_a_weak_need_still_ranks_above_many_shared_hobbies():
    # Three rare hobbies across organisations once added up to more than a need met by a
    # skill that covers only part of it; a real need now always comes first.
    hobbies = ["bouldering", "calligraphy", "sailing", "origami"]
    a = person("Ann Lee", org="Acme", interests=hobbies)
    b = person("Ben Ode", org="Beta", interests=hobbies)
    c = person("Cy Day", org="Acme", department="Sales", asks=["kubernetes cost tuning for startups"])
    d = person("Di Fox", org="Acme", department="Sales", skills=["kubernetes cost"])
    need, hobby = suggest([a, b, c, d])
    assert {need.a.name, need.b.name} == {"Cy Day", "Di Fox"} and {hobby.a.name, hobby.b.name} == {"Ann Lee", "Ben Ode"}
    assert need.reasons == ["Cy asks for kubernetes cost tuning for startups; Di knows kubernetes cost"]
    assert hobby.score > need.score  # the order is not by score alone: a need comes first
