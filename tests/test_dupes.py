"""Possible duplicates: found by name, email name and phone; merged or told apart for good."""

from __future__ import annotations

import asyncio
import json

from netcrm.domain.dupes import email_name, possible_duplicates
from netcrm.domain.model import Contact
from netcrm.services.dupes import duplicates
from netcrm.services.people import add_contact
from netcrm.ui.screens.dupes import DupesScreen
from netcrm.ui.screens.result import ScreenResult
from tests.practice_ui import ScreenHost


def _pairs(contacts, different=()):
    return [(d.a.id, d.b.id) for d in possible_duplicates(contacts, different)]


def test_likely_pairs_are_found_and_unlikely_ones_are_not():
    people = [
        Contact(id="john", name="John Smith", emails=["john.smith@acme.example"]),
        Contact(id="jon", name="Jon Smith"),  # a typo in the given name
        Contact(id="smyth", name="John Smyth"),  # a typo in the family name
        Contact(id="mai", name="Nguyễn Thị Mai", phones=["+84 90 123 4567"]),
        Contact(id="mai2", name="Mai Nguyen", phones=["090 123 4567 (mobile)"]),  # other order, same phone
        Contact(id="js", name="J Smith", emails=["JSmith+news@other.example"]),
        Contact(id="jane", name="Jane Doe", emails=["team@acme.example"]),
        Contact(id="bob", name="Bob Stone", emails=["team@acme.example"]),  # a shared address, other names
    ]
    found = _pairs(people)
    assert ("john", "jon") in found and ("john", "smyth") in found and ("mai", "mai2") in found
    assert ("john", "js") in found  # an initial fits
    assert not any({"jane", "bob"} == set(p) for p in found)
    assert all(a != b for a, b in found) and len(found) == len(set(found))


def test_namesakes_at_other_companies_are_listed_with_the_reason():
    a = Contact(id="a", name="John Doe", org="Acme", emails=["jd@acme.example"])
    b = Contact(id="b", name="John Doe", org="Initech", phones=["+1 555 0100"])
    [pair] = possible_duplicates([a, b])
    assert pair.reasons == ["same name", "but Acme and Initech"]


def test_a_pair_marked_different_never_comes_back():
    people = [Contact(id="a", name="Ann Lee"), Contact(id="b", name="Ann Lee")]
    assert _pairs(people) == [("a", "b")]
    assert _pairs(people, different=[("b", "a")]) == []


def test_email_name_ignores_dots_tags_and_case():
    assert email_name("J.Smith+news@x.org") == email_name("jsmith@y.org") == "jsmith"


def test_dupes_cli_lists_marks_different_and_merges(cli):
    cli("add", "Ann Lee", "--org", "Acme", "--email", "ann.lee@acme.example")
    cli("add", "Anne Lee", "--email", "annlee@home.example")
    cli("add", "Bo Ek")
    cli("add", "Bo Ek", "--org", "Globex", "--new")
    listed = json.loads(cli("dupes", "--json").out)
    assert [(d["keep"]["id"], d["other"]["id"]) for d in listed] == [("ann-lee", "anne-lee"), ("bo-ek-2", "bo-ek")]
    assert listed[0]["reasons"] == ["names alike (93%)", "same email name 'annlee'"]
    assert cli("dupes", "--different", "bo-ek", "bo-ek-2").code == 0
    assert "Bo Ek" not in cli("dupes").out
    assert "netcrm merge ann-lee anne-lee" in cli("dupes").out
    assert cli("dupes", "--different", "bo-ek", "nobody").code == 1


def test_dupes_screen_merges_with_m_and_separates_with_n(ws):
    add_contact(ws, "Ann Lee", org="Acme")
    add_contact(ws, "Ann Lee", org="Acme", emails=["ann@acme.example"])
    add_contact(ws, "Cy Doe")
    add_contact(ws, "Cy Doe", org="Globex")

    async def drive():
        app = ScreenHost(DupesScreen(ws))
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.screen
            # the record that knows more is the one kept
            assert [(d.a.id, d.b.id) for d in screen.found] == [("ann-lee-2", "ann-lee"), ("cy-doe-2", "cy-doe")]
            await pilot.press("m")
            assert ws.repo.contact("ann-lee") is None
            assert ws.repo.contact("ann-lee-2").emails == ["ann@acme.example"]
            assert [(d.a.id, d.b.id) for d in screen.found] == [("cy-doe-2", "cy-doe")]
            await pilot.press("n")
            assert screen.found == []
            await pilot.press("escape")
        return app.results

    assert asyncio.run(drive()) == [ScreenResult(changed=True)]
    assert duplicates(ws) == []  # remembered in the database
    assert len(ws.repo.contacts()) == 3
