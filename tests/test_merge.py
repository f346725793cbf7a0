"""Merge rules (pure) and `netcrm merge A B` (timelines, plans, introductions re-pointed)."""

from __future__ import annotations

import datetime as dt
import json

import msgspec
import pytest

from netcrm.domain.merge import MatchIndex, job_change, merge_contacts, same_org, url_key
from netcrm.domain.model import Contact, Interaction, Introduction
from netcrm.services.merge_people import merge_people
from netcrm.services.people import add_contact
from netcrm.services.touches import log_touch


def test_merge_never_drops_what_the_user_had():
    mine = Contact(
        id="a",
        name="Ann Lee",
        org="Acme",
        emails=["Ann@Acme.com"],
        tags=["mentor"],
        notes="likes tea",
        cadence=30,
        stage="active",
    )
    theirs = Contact(
        id="b",
        name="Ann Lee",
        org="Globex",
        title="CTO",
        emails=["ann@acme.com", "ann@home.org"],
        tags=["board"],
        notes="two kids",
        stage="new",
        birthday="--04-16",
    )
    merged = merge_contacts(mine, theirs)
    assert merged.id == "a" and merged.org == "Acme"  # scalar: the user's value stays
    assert merged.title == "CTO" and merged.birthday == "--04-16"  # empty scalars are filled
    assert merged.emails == ["Ann@Acme.com", "ann@home.org"]  # lists united, same address once
    assert merged.tags == ["mentor", "board"]
    assert merged.notes == "likes tea\n\ntwo kids"
    assert (merged.cadence, merged.stage) == (30, "active")


def test_merging_the_same_thing_twice_changes_nothing():
    a = Contact(id="a", name="Ann", emails=["a@x.org"], notes="n")
    once = merge_contacts(a, Contact(id="b", name="Ann", emails=["a@x.org"], notes="n", phones=["1"]))
    assert merge_contacts(once, Contact(id="b", name="Ann", phones=["1"])) == once


def test_matching_prefers_identity_over_names():
    ann = Contact(id="ann", name="Ann Lee", emails=["ann@x.org"])
    other_ann = Contact(id="ann2", name="Ann Lee", links=["https://linkedin.com/in/ann-2"])
    index = MatchIndex(
        [
            ann,
            Contact(id="bo", name="Bo Ek", links=["https://www.linkedin.com/in/bo/"]),
            Contact(id="cy", name="Cy", external_ids=["vcard:U1"]),
        ]
    )
    assert index.match(Contact(id="?", name="A. Lee", emails=["ANN@x.org "]))[0].id == "ann"
    shared = index.match(Contact(id="?", name="Someone", emails=["ANN@x.org "]))  # a shared address
    assert shared.contact is None and [c.id for c, _ in shared.apart] == ["ann"]
    assert index.match(Contact(id="?", name="B", links=["http://linkedin.com/in/bo?trk=x"]))[0].id == "bo"
    assert index.match(Contact(id="?", name="C", external_ids=["vcard:U1"]))[0].id == "cy"
    assert index.match(Contact(id="?", name="ANN LEE"))[0].id == "ann"
    index.add(other_ann)
    assert index.match(Contact(id="?", name="Ann Lee"))[0] is None  # two people by that name: no guess
    lone = MatchIndex([other_ann])
    assert lone.match(Contact(id="?", name="Ann Lee", links=["https://linkedin.com/in/ann-9"]))[0] is None


def test_job_change_wording_and_company_spellings():
    assert job_change("Acme", "Analyst", "Initech", "Lead") == "Moved from Acme to Initech as Lead"
    assert job_change("Globex Corp", "Engineer", "Globex", "Principal") == "New role: Principal at Globex Corp"
    assert job_change("", "", "Acme", "CTO") == ""  # first news about someone is not a change
    assert job_change("Acme", "CTO", "ACME Inc.", "CTO") == ""
    assert same_org("The Acme Company", "acme") and not same_org("Acme", "Initech")
    assert url_key("https://www.LinkedIn.com/in/x/?a=1") == "linkedin.com/in/x"


def test_merge_people_repoints_timeline_plans_intros_and_references(ws):
    a = add_contact(ws, "Ann Lee", emails=["ann@x.org"])
    b = add_contact(ws, "Annie Lee", org="Acme", emails=["annie@home.org"])
    c = add_contact(ws, "Cy Doe")
    shared = log_touch(ws, [a, b], kind="coffee", at=ws.now() - dt.timedelta(days=3))
    only_b = log_touch(ws, [b, c], kind="call", at=ws.now() - dt.timedelta(days=1))
    with ws.repo.transaction():
        ws.repo.put_many(
            [
                Introduction(id="i1", a=b.id, b=c.id, at=ws.now()),
                Introduction(id="i2", a=a.id, b=b.id, at=ws.now()),
                msgspec.structs.replace(ws.repo.contact(c.id), introduced_by=b.id),
            ]
        )
    result = merge_people(ws, ws.repo.contact(a.id), ws.repo.contact(b.id))
    assert ws.repo.contact(b.id) is None
    kept = ws.repo.contact(a.id)
    assert kept.emails == ["ann@x.org", "annie@home.org"] and kept.org == "Acme"
    assert kept.last_touch == only_b.at
    assert [t.id for t in ws.repo.timeline(a.id)] == [only_b.id, shared.id]
    assert ws.repo.get(Interaction, shared.id).contacts == [a.id]
    assert ws.repo.get(Introduction, "i1").a == a.id
    assert ws.repo.get(Introduction, "i2") is None  # introducing Ann to herself means nothing
    assert ws.repo.contact(c.id).introduced_by == a.id
    assert (result.touches, result.introductions, result.dropped_introductions) == (2, 1, 1)


def test_merge_cli_moves_plans_and_refuses_the_same_person(cli):
    cli("add", "Ann Lee", "--email", "ann@x.org")
    cli("add", "Ann L.", "--tag", "mentor")
    assert cli("plan", "Ann L.", "--at", "tomorrow 10:00").code == 0
    cli("log", "Ann L.", "--kind", "coffee", "--at", "yesterday 15:00")
    result = cli("merge", "ann-lee", "ann-l")
    assert result.code == 0, result.err
    assert "merged Ann L. (ann-l) into Ann Lee (ann-lee)" in result.out
    shown = json.loads(cli("show", "ann-lee", "--json").out)
    assert shown["tags"] == ["mentor"] and shown["timeline"][0]["kind"] == "coffee"
    plans = json.loads(cli("plans", "--json").out)
    assert [p["contacts"] for p in plans] == [["ann-lee"]]
    assert cli("show", "ann-l").code == 1
    same = cli("merge", "ann-lee", "ann-lee")
    assert same.code == 2 and "same record twice" in same.err


def test_merge_cli_says_it_dropped_an_introduction_of_the_two_to_each_other(cli):
    cli("add", "Ann Lee")
    cli("add", "Ann L.")
    cli("add", "Bo Chen")
    cli("intro", "ann-lee", "ann-l", "--why", "namesakes")
    cli("intro", "ann-l", "bo", "--why", "both climb")
    result = cli("merge", "ann-lee", "ann-l")
    assert result.code == 0, result.err
    assert "1 introductions moved" in result.out
    assert "dropped 1 introduction of the two to each other" in result.out
    made = json.loads(cli("intros", "--made", "--json").out)
    assert [(m["a"], m["b"]) for m in made] == [("ann-lee", "bo-chen")]


@pytest.mark.parametrize("args", [("merge", "nobody", "ann"), ("merge", "ann")])
def test_merge_cli_errors_are_one_line(cli, args):
    cli("add", "Ann Lee")
    result = cli(*args)
    assert result.code in (1, 2) and len(result.err.strip().splitlines()) == 1
