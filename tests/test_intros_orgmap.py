"""The connector's suggestions and the networking map."""

from __future__ import annotations

import datetime as dt

from netcrm.domain.intros import suggest
from netcrm.domain.model import Introduction
from netcrm.domain.orgmap import org_map
from netcrm.domain.warmth import Cadences
from tests.practice_data import MONDAY, at, days_ago, person


def test_an_ask_meets_a_skill_with_the_reason():
    ann = person("Ann Lee", org="Acme", department="Finance", asks=["Data Engineering"])
    ben = person("Ben Ode", org="Beta", skills=["data engineering", "rust"])
    found = suggest([ann, ben])
    assert len(found) == 1
    assert {found[0].a.name, found[0].b.name} == {"Ann Lee", "Ben Ode"}
    assert found[0].reasons == ["Ann asks for Data Engineering; Ben knows data engineering"]
    assert found[0].across == "organisations"


def test_most_of_the_words_is_enough():
    ann = person("Ann Lee", asks=["hiring a senior data engineer"])
    ben = person("Ben Ode", offers=["senior data engineers network"])
    cat = person("Cat Ray", skills=["data visualisation"])
    names = [{s.a.name, s.b.name} for s in suggest([ann, ben, cat])]
    assert names == [{"Ann Lee", "Ben Ode"}]


def test_across_organisations_ranks_above_across_departments_above_same_department():
    asker = person("Ann Asker", org="Acme", department="Sales", asks=["pricing"])
    same = person("Sam Same", org="Acme", department="Sales", skills=["pricing"])
    dept = person("Dee Dept", org="Acme", department="Finance", skills=["pricing"])
    other = person("Oscar Other", org="Beta", department="Sales", skills=["pricing"])
    ranked = [s.b.name if s.a.name == "Ann Asker" else s.a.name for s in suggest([asker, same, dept, other])]
    assert ranked == ["Oscar Other", "Dee Dept", "Sam Same"]


def test_already_introduced_pairs_are_left_out():
    ann = person("Ann Lee", asks=["pricing"])
    ben = person("Ben Ode", skills=["pricing"])
    done = Introduction(id="x1", a="ben-ode", b="ann-lee", why="pricing", at=at(days_ago(3)))
    assert suggest([ann, ben], [done]) == []


def test_rare_shared_interests_count_common_ones_do_not():
    crowd = [person(f"Crowd {i}", interests=["travel"]) for i in range(60)]
    a = person("Ann Lee", interests=["travel", "bouldering"], org="Acme")
    b = person("Ben Ode", interests=["Bouldering"], org="Beta")
    found = suggest([*crowd, a, b])
    assert [(s.reasons, s.across) for s in found] == [(["both into bouldering"], "organisations")]


def test_no_one_is_suggested_too_often():
    asker = person("Ann Asker", asks=["pricing"])
    helpers = [person(f"Helper {i}", skills=["pricing"]) for i in range(10)]
    assert len(suggest([asker, *helpers], per_person=3)) == 3


def test_org_map_flags_departments_with_no_warm_contact():
    today = MONDAY
    warm = dt.datetime.combine(days_ago(3), dt.time(9), dt.UTC)
    cold = dt.datetime.combine(days_ago(200), dt.time(9), dt.UTC)
    people = [
        person("Ann", org="Acme", department="Finance", circle="internal", last_touch=warm, tags=["mentor"]),
        person("Bob", org="ACME", department="Finance", circle="internal", last_touch=cold),
        person("Cat", org="Acme", department="Legal", circle="internal", last_touch=cold, tags=["mentee"]),
        person("Dan", org="Beta", last_touch=cold),
        person("Eve", org="Beta", last_touch=warm),
        person("Fay", org="Gamma", last_touch=cold),
    ]
    m = org_map(people, today, Cadences(), organisation="Acme")
    assert [(g.name, g.known, g.warm) for g in m.departments] == [("Finance", 2, 1), ("Legal", 1, 0)]
    assert m.cold_departments == ["Legal"]
    assert [(g.name, g.known, g.warm, g.no_warm_contact) for g in m.organisations] == [
        ("Beta", 2, 1, False), ("Gamma", 1, 0, True)]
    assert [w.contact.name for w in m.mentors] == ["Ann"]
    assert [(w.contact.name, w.band) for w in m.mentees] == [("Cat", "cold")]


def test_a_skill_made_of_the_asks_words_matches_more_weakly():
    dan = person("Dan Fox", org="Gamma", asks=["contracts review"])
    bob = person("Bob Ray", org="Acme", skills=["contracts"])
    eve = person("Eve Sol", org="Acme", skills=["Contracts review"])
    found = suggest([dan, bob, eve])
    assert [(s.b.name if s.a.name == "Dan Fox" else s.a.name) for s in found] == ["Eve Sol", "Bob Ray"]
    assert found[1].reasons == ["Dan asks for contracts review; Bob knows contracts"]


def test_people_never_contacted_are_not_warm():
    met = person("New Face", org="Delta", met_on=days_ago(3))
    m = org_map([met], MONDAY, Cadences(), organisation="Acme")
    [delta] = m.organisations
    assert (delta.known, delta.warm, delta.never, delta.no_warm_contact) == (1, 0, 1, True)
