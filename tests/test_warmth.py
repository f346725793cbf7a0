"""Who is going cold, against the fixed clock (today is Sunday 2026-11-22 in Berlin)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import NOW
from hypothesis import given
from hypothesis import strategies as st

from netcrm.domain.model import Contact, Plan
from netcrm.domain.warmth import Cadences, going_cold, warmth, warmths
from netcrm.services.config import Config

TODAY = NOW.date()
CADENCES = Cadences(by_circle={"internal": 30, "external": 60}, by_tag={"mentor": 14, "client": 21, "vip": 7})


def person(cid: str, days_ago: int | None = None, **fields) -> Contact:
    last = NOW - dt.timedelta(days=days_ago) if days_ago is not None else None
    return Contact(id=cid, name=fields.pop("name", cid.title()), last_touch=last, **fields)


@pytest.mark.parametrize(
    ("days", "band"),
    [(0, "warm"), (7, "warm"), (8, "due"), (9, "due"), (10, "overdue"), (19, "overdue"), (20, "cold"), (400, "cold")],
)
def test_bands_follow_days_over_cadence(days, band):
    w = warmth(person("ann", days, cadence=10), TODAY, CADENCES)
    assert (w.band, w.days, w.cadence, w.touched) == (band, days, 10, True)
    assert w.overdue_days == days - 10


def test_cadence_comes_from_the_contact_then_the_shortest_tag_then_the_circle():
    assert CADENCES.for_contact(person("a", cadence=5, tags=["mentor"], circle="internal")) == 5
    assert CADENCES.for_contact(person("b", tags=["client", "mentor", "other"], circle="internal")) == 14
    assert CADENCES.for_contact(person("c", tags=["other"], circle="internal")) == 30
    assert CADENCES.for_contact(person("d")) == 60  # external by default


def test_config_cadences_override_the_circle_defaults():
    cadences = Config(cadence={"external": 90}, tag_cadence={"vip": 7}).cadences()
    assert cadences.for_contact(person("a")) == 90
    assert cadences.for_contact(person("b", circle="internal")) == 30
    assert cadences.for_contact(person("c", tags=["vip"])) == 7


def test_someone_never_touched_counts_from_when_you_met_or_added_them():
    met = warmth(person("a", met_on=TODAY - dt.timedelta(days=90), created=NOW), TODAY, CADENCES)
    assert (met.days, met.touched, met.band) == (90, False, "overdue")
    added = warmth(person("b", created=NOW - dt.timedelta(days=3)), TODAY, CADENCES)
    assert (added.days, added.band) == (3, "warm")
    assert warmth(person("c"), TODAY, CADENCES).days == 0


def test_a_touch_later_today_is_not_negative_days():
    assert warmth(person("a", -1), TODAY, CADENCES).days == 0


def test_resting_people_are_not_going_cold():
    people = [
        person("cold", 200),
        person("archived", 200, archived=True),
        person("snoozed", 200, snoozed_until=TODAY + dt.timedelta(days=1)),
        person("snooze-over", 200, snoozed_until=TODAY),  # the snooze ends today: back on the list
        person("planned", 200),
        person("warm", 1),
    ]
    found = [w.contact.id for w in going_cold(people, TODAY, CADENCES, planned={"planned"})]
    assert sorted(found) == ["cold", "snooze-over"]


def test_going_cold_is_ordered_by_how_overdue_relative_to_cadence():
    people = [
        person("b-twice", 60, cadence=30),  # ratio 2.0
        person("thrice", 21, tags=["vip"]),  # 3.0
        person("a-twice", 60, cadence=30, name="Anna"),  # 2.0, same days: by name
        person("long", 100, cadence=50),  # 2.0, more days first
        person("just", 60),  # 1.0 (external, 60)
        person("not-yet", 59),  # 0.98: due, not listed
    ]
    order = [w.contact.id for w in going_cold(people, TODAY, CADENCES)]
    assert order == ["thrice", "long", "a-twice", "b-twice", "just"]


def test_list_cold_json_orders_and_explains(ws, cli):
    with ws.repo.transaction():
        ws.repo.put_many(
            [
                person("ann", 90, circle="internal", name="Ann Lee"),  # 3.0
                person("bo", 70, name="Bo Chen"),  # 70/60
                person("cy", 200, name="Cy Diaz", archived=True),
                person("dee", 300, name="Dee Eng", snoozed_until=TODAY + dt.timedelta(days=5)),
                person("eve", 100, name="Eve Fox"),
                person("fay", 2, name="Fay Gil"),
            ]
        )
        ws.repo.put(Plan(id="p-1", contacts=["eve"], start=NOW + dt.timedelta(days=2)))
        ws.repo.put(Plan(id="p-2", contacts=["bo"], start=NOW - dt.timedelta(days=2)))  # already over
        ws.repo.put(Plan(id="p-3", contacts=["ann"], start=NOW + dt.timedelta(days=2), status="cancelled"))
    result = cli("list", "--cold", "--json")
    assert result.code == 0
    rows = json.loads(result.out)
    assert [r["id"] for r in rows] == ["ann", "bo"]
    assert rows[0] | {"band": "cold", "days_since_touch": 90, "cadence": 30, "overdue_days": 60} == rows[0]
    assert rows[1]["band"] == "overdue" and rows[1]["overdue_ratio"] == round(70 / 60, 3)


def test_list_cold_text_and_filters(ws, cli, tmp_path):
    (tmp_path / "config.yaml").write_text("timezone: Europe/Berlin\ntag_cadence:\n  mentor: 14\n")
    with ws.repo.transaction():
        ws.repo.put_many(
            [person("ann", 90, circle="internal", tags=["mentor"], name="Ann Lee"), person("bo", 70, name="Bo Chen")]
        )
    text = cli("list", "--cold").out
    assert text.index("Ann Lee") < text.index("Bo Chen")
    assert "90 days ago +76d" in text  # against the mentor tag's 14 days from the config file
    assert [r["id"] for r in json.loads(cli("list", "--cold", "--json", "--circle", "external").out)] == ["bo"]
    assert [r["id"] for r in json.loads(cli("list", "--cold", "--json", "--tag", "mentor").out)] == ["ann"]


def test_nobody_cold_says_so(ws, cli):
    with ws.repo.transaction():
        ws.repo.put(person("fay", 1, name="Fay Gil"))
    assert cli("list", "--cold").out.strip() == "no one is going cold"


_moments = st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2030, 1, 1),
                        timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=14)), dt.timezone(dt.timedelta(hours=-12))]))


@given(
    people=st.lists(st.builds(
        Contact,
        id=st.just("p"), name=st.just("P"),
        circle=st.sampled_from(["internal", "external"]),
        tags=st.lists(st.sampled_from(["mentor", "peer", "vip", "other"]), max_size=3),
        cadence=st.none() | st.integers(1, 3650),
        met_on=st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1)),
        created=st.none() | _moments,
        last_touch=st.none() | _moments,
    ), max_size=8),
    today=st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1)),
    by_tag=st.dictionaries(st.sampled_from(["mentor", "peer", "vip"]), st.integers(1, 400), max_size=3),
    by_circle=st.dictionaries(st.sampled_from(["internal", "external"]), st.integers(1, 400), max_size=2),
)
def test_warmth_of_many_at_once_is_warmth_of_each(people, today, by_tag, by_circle):
    """`warmths` (one loop, for the list and the app's first frame) answers as `warmth` does:
    touched or not, cadence from the person, the shortest tag or the circle, days never negative."""
    cadences = Cadences(by_circle=by_circle, by_tag=by_tag, fallback=45)
    assert warmths(people, today, cadences) == [warmth(c, today, cadences) for c in people]
