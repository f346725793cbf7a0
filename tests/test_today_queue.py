"""Today's queue: who is chosen, why, and that it holds still for the whole day."""

from __future__ import annotations

import datetime as dt

import msgspec

from netcrm.domain.birthdays import on_or_after as next_birthday
from netcrm.domain.today import build_queue
from netcrm.domain.warmth import Cadences
from tests.practice_data import MONDAY, at, days_ago, person, touch

CAD = Cadences()


def with_last(contact, items):
    latest = max((i.at for i in items if contact.id in i.contacts and i.kind != "milestone"), default=None)
    return msgspec.structs.replace(contact, last_touch=latest)


def queue(contacts, items, today=MONDAY, **kw):
    contacts = [with_last(c, items) for c in contacts]
    return build_queue(contacts, items, today, CAD, **kw)


def test_most_overdue_is_chosen_with_its_reason_and_a_starter():
    ann = person("Ann Lee", circle="internal", family=["Mia", "Leo"], asks=["a data engineer"])
    bob = person("Bob Ray", circle="internal")
    items = [touch(ann, days_ago(94), summary="budget season"), touch(bob, days_ago(40))]
    q = queue([ann, bob], items)
    assert [e.contact.name for e in q.entries] == ["Ann Lee"]
    entry = q.entries[0]
    assert entry.reasons == ["cold: 94 days, cadence 30"]
    assert "ask Ann how Mia and Leo are doing" in entry.starter
    assert "Ann was looking for a data engineer" in entry.starter
    assert q.waiting == 1


def test_daily_target_sets_how_many():
    people = [person(f"P{i}", circle="internal") for i in range(5)]
    items = [touch(p, days_ago(40 + i)) for i, p in enumerate(people)]
    assert len(queue(people, items, target=3).entries) == 3


def test_birthday_new_role_and_never_contacted_are_reasons():
    bday = person("Cat Day", birthday="--11-27")  # the Friday after MONDAY
    mover = person("Dan Fox")
    new = person("Eve New", met_on=days_ago(21))
    warm = [touch(bday, days_ago(2)), touch(mover, days_ago(3)),
            touch(mover, days_ago(5), kind="milestone", summary="New role at Acme")]
    q = queue([bday, mover, new], warm, target=3)
    reasons = {e.contact.name: e.reasons for e in q.entries}
    assert reasons["Cat Day"] == ["birthday Friday"]
    assert reasons["Dan Fox"] == ["new role at Acme"]
    assert reasons["Eve New"] == ["never contacted, met 3 weeks ago"]
    starters = {e.contact.name: e.starter for e in q.entries}
    assert starters["Cat Day"].startswith("wish Cat a happy birthday")
    assert starters["Dan Fox"].startswith("congratulate Dan on the new role")


def test_old_job_news_and_far_birthdays_are_not_reasons():
    far = person("Far Bday", birthday="1990-12-25")
    old = person("Old News")
    items = [touch(far, days_ago(1)), touch(old, days_ago(1)),
             touch(old, days_ago(45), kind="milestone", summary="Moved to Beta")]
    assert queue([far, old], items).entries == []


def test_resting_people_are_left_out():
    snoozed = person("Sno Zed", circle="internal", snoozed_until=MONDAY + dt.timedelta(days=3))
    archived = person("Arc Hived", circle="internal", archived=True)
    planned = person("Plan Ned", circle="internal")
    items = [touch(p, days_ago(90)) for p in (snoozed, archived, planned)]
    assert queue([snoozed, archived, planned], items, planned={"plan-ned"}).entries == []


def test_queue_is_stable_across_calls_and_ties_change_with_the_day():
    people = [person(f"Tie {i}", circle="internal") for i in range(30)]
    items = [touch(p, days_ago(60)) for p in people]  # all exactly as overdue
    first = [e.contact.id for e in queue(people, items, target=3).entries]
    again = [e.contact.id for e in queue(list(reversed(people)), list(reversed(items)), target=3).entries]
    assert first == again
    tomorrow = MONDAY + dt.timedelta(days=1)
    later = [e.contact.id for e in queue(people, items, today=tomorrow, target=3).entries]
    assert later != first


def test_someone_reached_today_stays_listed_as_done():
    ann = person("Ann Lee", circle="internal")
    bob = person("Bob Ray", circle="internal")
    before = [touch(ann, days_ago(94)), touch(bob, days_ago(50))]
    morning = queue([ann, bob], before)
    assert [e.contact.name for e in morning.entries] == ["Ann Lee"]
    after = queue([ann, bob], [*before, touch(ann, MONDAY, kind="message")])
    assert [(e.contact.name, e.done, e.reasons) for e in after.entries] == [
        ("Ann Lee", True, ["cold: 94 days, cadence 30"])]
    assert after.done == 1


def test_skipped_people_make_room_for_the_next():
    ann = person("Ann Lee", circle="internal")
    bob = person("Bob Ray", circle="internal")
    items = [touch(ann, days_ago(94)), touch(bob, days_ago(50))]
    q = queue([ann, bob], items, skipped={"ann-lee"})
    assert [e.contact.name for e in q.entries] == ["Bob Ray"]
    assert q.skipped == 1


def test_leap_day_birthdays_fall_on_the_28th():
    assert next_birthday("2000-02-29", dt.date(2027, 1, 10)) == dt.date(2027, 2, 28)
    assert next_birthday("--02-29", dt.date(2028, 1, 10)) == dt.date(2028, 2, 29)
    assert next_birthday("--01-05", dt.date(2026, 12, 30)) == dt.date(2027, 1, 5)


def test_last_touch_summary_is_a_starter():
    ann = person("Ann Lee", circle="internal")
    items = [touch(ann, days_ago(70), kind="coffee", summary="asked about the reorg")]
    entry = queue([ann], items).entries[0]
    assert "last time (coffee, 2 months ago): asked about the reorg" in entry.starter
    assert at(MONDAY).date() == MONDAY
