"""The habit: streaks over work days only, reach-outs against the goal, touches per week."""

from __future__ import annotations

import datetime as dt

from netcrm.domain.funnel import funnel
from netcrm.domain.habit import habit, streak, weekly, work_days_in
from netcrm.domain.ledger import ledger
from tests.practice_data import MONDAY, days_ago, person, touch

WEEKDAYS = frozenset(range(5))
ANN, BOB, CAT = person("Ann"), person("Bob"), person("Cat")


def test_weekends_do_not_break_the_streak():
    # Thu, Fri before the weekend, then Monday: three work days in a row.
    active = {days_ago(4), days_ago(3), MONDAY}
    assert streak(active, MONDAY, WEEKDAYS) == 3


def test_a_missed_work_day_breaks_it():
    active = {days_ago(4), MONDAY}  # Thursday, (Friday missed), Monday
    assert streak(active, MONDAY, WEEKDAYS) == 1


def test_today_is_not_over_yet():
    active = {days_ago(4), days_ago(3)}  # Thu and Fri; nothing yet on Monday morning
    assert streak(active, MONDAY, WEEKDAYS) == 2


def test_custom_work_days():
    sunday = MONDAY - dt.timedelta(days=1)
    assert streak({sunday, days_ago(2)}, MONDAY, frozenset({5, 6})) == 2


def test_progress_against_the_goal():
    items = [touch(ANN, MONDAY), touch([BOB, CAT], MONDAY), touch(ANN, MONDAY, kind="call"),
             touch(ANN, days_ago(7)), touch(BOB, days_ago(2), inbound=True),
             touch(CAT, days_ago(1), kind="milestone", summary="New role")]
    h = habit(items, MONDAY, WEEKDAYS, target=2)
    week, month, year = h.periods
    assert (week.done, week.goal, week.goal_to_date) == (3, 10, 2)
    assert (month.done, month.goal) == (4, 2 * 21)
    assert year.goal == 2 * 261
    assert h.today_done == 3
    assert h.streak == 1


def test_touches_per_week_covers_a_year_oldest_first():
    items = [touch(ANN, MONDAY), touch(BOB, days_ago(1), inbound=True), touch(ANN, days_ago(8)),
             touch(ANN, days_ago(400))]
    weeks = weekly(ledger(items, MONDAY - dt.timedelta(weeks=52), MONDAY), MONDAY)
    assert len(weeks) == 52
    assert weeks[-1] == (MONDAY, 1)
    assert weeks[-2] == (MONDAY - dt.timedelta(weeks=1), 1)
    assert weeks[-3] == (MONDAY - dt.timedelta(weeks=2), 1)
    assert sum(n for _, n in weeks) == 3


def test_work_days_in():
    assert work_days_in(MONDAY, MONDAY + dt.timedelta(days=6), WEEKDAYS) == 5
    assert work_days_in(MONDAY, MONDAY - dt.timedelta(days=1), WEEKDAYS) == 0


def test_funnel_counts_reached_responded_solid():
    solid = person("Sol Id", stage="solid")
    items = [
        touch(ANN, days_ago(30)), touch(ANN, days_ago(29), inbound=True),  # responded
        touch(BOB, days_ago(20), inbound=True), touch(BOB, days_ago(10)),  # inbound only before: no reply
        touch(CAT, days_ago(5)),  # no reply yet
        touch(solid, days_ago(50)), touch(solid, days_ago(40), kind="coffee", inbound=True),
        touch(person("Old"), days_ago(500)),  # outside the period
    ]
    f = funnel([ANN, BOB, CAT, solid], items, days_ago(364), MONDAY)
    assert (f.reached, f.responded, f.solid) == (4, 2, 1)
    assert f.response_rate == 0.5
    assert f.text() == "4 reached, 2 responded (50%), 1 solid (25%)"


def test_a_reply_the_same_day_counts_only_after_the_outbound_touch():
    early_reply = [touch(ANN, MONDAY, inbound=True, hour=9), touch(ANN, MONDAY, hour=11)]
    late_reply = [touch(BOB, MONDAY, hour=9), touch(BOB, MONDAY, inbound=True, hour=15)]
    f = funnel([ANN, BOB], [*early_reply, *late_reply], days_ago(30), MONDAY)
    assert (f.reached, f.responded) == (2, 1)
