"""Introductions that make sense: phrases not loose words, rare words count more, needs above hobbies.

`data/intro_pairs.tsv` holds labelled ask/skill pairs written from realistic
profiles, each with the reason for its label; the matcher is measured on it
(precision and recall of single pairs, and precision of the top 10 when every
pair is put into one network), and on the demo network.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from conftest import NOW

from netcrm.domain.intros import suggest
from netcrm.domain.phrases import fit, terms
from netcrm.services.demo import load_demo
from netcrm.services.people import add_contact
from tests.practice_data import person

PAIRS = Path(__file__).with_name("data") / "intro_pairs.tsv"


def labelled() -> list[dict[str, str]]:
    with open(PAIRS, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def test_the_evaluation_set_is_big_balanced_and_explained():
    rows = labelled()
    assert len(rows) >= 60
    assert {r["label"] for r in rows} == {"match", "no"}
    assert sum(r["label"] == "no" for r in rows) >= 20
    assert all(r["reason"].strip() for r in rows)


def evaluate() -> tuple[float, float]:
    """(precision, recall) of `fit` over the labelled pairs."""
    rows = labelled()
    said = [fit(terms(r["ask"]), terms(r["skill"])) > 0 for r in rows]
    right = [r["label"] == "match" for r in rows]
    hits = sum(s and r for s, r in zip(said, right))
    return hits / sum(said), hits / sum(right)


def test_precision_and_recall_on_the_labelled_pairs():
    precision, recall = evaluate()
    assert precision >= 0.95 and recall >= 0.9, (precision, recall)


def top10_on_the_set() -> float:
    """Every pair as two people in one network; the share of the top 10 that are labelled matches."""
    rows = labelled()
    people, truth = [], {}
    for n, r in enumerate(rows):
        people.append(person(f"Asker {n}", id=f"a{n:02d}", asks=[r["ask"]], org=f"Org {n}"))
        people.append(person(f"Helper {n}", id=f"h{n:02d}", skills=[r["skill"]], org=f"Other {n}"))
        truth[(r["ask"], r["skill"])] = r["label"] == "match"
    by_id = {p.id: p for p in people}
    top = suggest(people, limit=10)
    assert len(top) == 10
    good = 0
    for s in top:
        asker, helper = (s.a, s.b) if s.a.id.startswith("a") else (s.b, s.a)
        pair = (by_id[asker.id].asks[0], by_id[helper.id].skills[0])
        # A pair across two rows is unlabelled; it is right only when it is the very same phrase.
        good += truth.get(pair, terms(pair[0]).stems == terms(pair[1]).stems)
    return good / len(top)


def test_top_ten_on_the_evaluation_network_are_real_matches():
    assert top10_on_the_set() == 1.0


def test_word_order_and_common_words_do_not_make_a_pair():
    liam = person("Liam O'Brien", asks=["pairing on system design interviews"])
    aiko = person("Aiko Tanaka", skills=["design systems"])
    cat = person("Cat Ray", skills=["data visualisation"])
    ann = person("Ann Lee", asks=["hiring a senior data engineer"])
    assert suggest([liam, aiko, cat, ann]) == []


def test_a_need_met_by_a_skill_ranks_above_any_shared_hobbies():
    a = person("Ann Lee", org="Acme", interests=["bouldering", "calligraphy", "sailing"])
    b = person("Ben Ode", org="Beta", interests=["bouldering", "calligraphy", "sailing"])
    c = person("Cy Day", org="Acme", department="Sales", asks=["pricing"])
    d = person("Di Fox", org="Acme", department="Sales", skills=["saas pricing"])
    found = suggest([a, b, c, d])
    assert [{s.a.name, s.b.name} for s in found] == [{"Cy Day", "Di Fox"}, {"Ann Lee", "Ben Ode"}]
    assert found[0].reasons == ["Cy asks for pricing; Di knows saas pricing"]


def test_reasons_read_as_people_talk():
    dan = person("Dan Fox", asks=["learn python for finance"])
    liam = person("Liam Park", skills=["Python"])
    [s] = suggest([dan, liam])
    assert s.reasons == ["Dan wants to learn python for finance; Liam knows Python"]


def test_a_dismissed_pair_is_never_suggested():
    dan = person("Dan Fox", asks=["python"])
    liam = person("Liam Park", skills=["python"])
    assert len(suggest([dan, liam])) == 1
    assert suggest([dan, liam], dismissed=[("liam-park", "dan-fox")]) == []


def test_demo_top_ten_has_no_false_design_pairs_and_needs_come_first():
    top = suggest(load_demo(NOW).contacts, load_demo(NOW).introductions, limit=10)
    reasons = [r for s in top for r in s.reasons]
    assert not any("system design interviews" in r and "design systems" in r for r in reasons)
    assert not any("design systems people" in r and "system design practice" in r for r in reasons)
    kinds = ["hobby" if s.reasons[0].startswith("both into") else "need" for s in top]
    assert kinds == sorted(kinds, key=lambda k: k == "hobby")  # every need above every hobby
    assert kinds.count("need") >= 8


def test_intros_dismiss_cli_remembers_the_pair(cli, ws):
    add_contact(ws, "Dan Fox", org="Gamma", asks=["python"])
    add_contact(ws, "Liam Park", org="Acme", skills=["python"])
    assert len(json.loads(cli("intros", "--json").out)) == 1
    result = cli("intros", "--dismiss", "Liam", "dan")
    assert result.code == 0 and "Liam Park and Dan Fox will not be suggested again" in result.out
    assert json.loads(cli("intros", "--json").out) == []
    assert cli("intros", "--dismiss", "Liam", "nobody").code == 1


def test_x_in_the_intros_screen_dismisses_the_pair_for_good(tmp_path):
    import asyncio

    from netcrm.services.introductions import suggestions
    from netcrm.ui.screens.intros import IntrosScreen
    from netcrm.ui.screens.result import ScreenResult
    from tests.practice_ui import ScreenHost, practice_workspace

    pws = practice_workspace(tmp_path / "netcrm.json")

    async def drive():
        app = ScreenHost(IntrosScreen(pws))
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.screen
            first = screen.found[0]
            await pilot.press("x")
            assert all({s.a.id, s.b.id} != {first.a.id, first.b.id} for s in screen.found)
            await pilot.press("escape")
        return app.results, first

    results, first = asyncio.run(drive())
    assert results == [ScreenResult(changed=True)]
    assert all({s.a.id, s.b.id} != {first.a.id, first.b.id} for s in suggestions(pws, limit=50))
    assert pws.repo.introductions() == []  # dismissing is not introducing
