"""The reach-out habit: the streak, reach-outs against the goal, touches per week.

A reach-out is one person you contacted (an outbound touch) on one day; two
emails to the same person on one day are one reach-out, a message to three
people is three. The streak counts consecutive work days with at least one
reach-out; days off neither add to it nor break it, and today only breaks it
once it is over. The goal is `daily_target` reach-outs per work day. A touch's
day is its date in the offset it was recorded with (as for warmth), which
keeps one pass over 100,000 touches cheap (see ledger.py). Pure: the day is a parameter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from netcrm.domain.ledger import Ledger, ledger
from netcrm.domain.model import Interaction

WEEKS = 52


@dataclass(frozen=True, slots=True)
class Period:
    """Reach-outs in one period against the goal for all of it and for its work days so far."""

    name: str  # "week", "month", "year"
    start: dt.date
    end: dt.date  # inclusive
    done: int
    goal: int
    goal_to_date: int

    @property
    def on_track(self) -> bool:
        return self.done >= self.goal_to_date


@dataclass(frozen=True, slots=True)
class Habit:
    streak: int
    best_streak: int
    today_done: int
    work_day: bool
    periods: tuple[Period, ...]
    weekly: tuple[tuple[dt.date, int], ...]  # (Monday, touches that week), oldest first


def weekly(book: Ledger, today: dt.date, weeks: int = WEEKS) -> list[tuple[dt.date, int]]:
    """Real touches (both directions) per calendar week, the last `weeks` weeks up to this one."""
    first = today - dt.timedelta(days=today.weekday(), weeks=weeks - 1)
    counts = [0] * weeks
    for day, n in book.touches.items():
        if first <= day <= today:
            counts[(day - first).days // 7] += n
    return [(first + dt.timedelta(weeks=i), counts[i]) for i in range(weeks)]


def streak(active: set[dt.date] | Mapping[dt.date, object], today: dt.date, work_days: frozenset[int]) -> int:
    """Consecutive work days with a reach-out, counting back from today (or yesterday, if today is not over)."""
    if not work_days:
        return 0
    day, count = today, 0
    if day not in active:
        day -= dt.timedelta(days=1)
    while True:
        if day.weekday() in work_days:
            if day not in active:
                return count
            count += 1
        day -= dt.timedelta(days=1)


def best_streak(active: set[dt.date] | Mapping[dt.date, object], work_days: frozenset[int]) -> int:
    """The longest run of work days with a reach-out among `active` days."""
    best = run = 0
    previous: dt.date | None = None
    for day in sorted(d for d in active if d.weekday() in work_days):
        if previous is not None and work_days_between(previous, day, work_days) == 0:
            run += 1
        else:
            run = 1
        best = max(best, run)
        previous = day
    return best


def work_days_between(start: dt.date, end: dt.date, work_days: frozenset[int]) -> int:
    """Work days strictly between two dates."""
    return work_days_in(start + dt.timedelta(days=1), end - dt.timedelta(days=1), work_days)


def work_days_in(start: dt.date, end: dt.date, work_days: frozenset[int]) -> int:
    """Work days from `start` to `end`, both included (0 when end < start)."""
    if end < start:
        return 0
    days = (end - start).days + 1
    full, rest = divmod(days, 7)
    count = full * len(work_days)
    for offset in range(rest):
        if (start + dt.timedelta(days=full * 7 + offset)).weekday() in work_days:
            count += 1
    return count


def _period(name: str, start: dt.date, end: dt.date, today: dt.date, by_day: dict[dt.date, set[str]],
            work_days: frozenset[int], target: int) -> Period:
    done = sum(len(people) for day, people in by_day.items() if start <= day <= today)
    return Period(name, start, end, done, target * work_days_in(start, end, work_days),
                  target * work_days_in(start, today, work_days))


def periods(
    by_day: dict[dt.date, set[str]], today: dt.date, work_days: frozenset[int], target: int
) -> tuple[Period, ...]:
    week = today - dt.timedelta(days=today.weekday())
    month = today.replace(day=1)
    next_month = (month + dt.timedelta(days=32)).replace(day=1)
    year = today.replace(month=1, day=1)
    return (
        _period("week", week, week + dt.timedelta(days=6), today, by_day, work_days, target),
        _period("month", month, next_month - dt.timedelta(days=1), today, by_day, work_days, target),
        _period("year", year, year.replace(month=12, day=31), today, by_day, work_days, target),
    )


def habit_since(today: dt.date) -> dt.date:
    """The first day the habit looks at: this year and the weekly chart's year."""
    return min(today.replace(month=1, day=1), today - dt.timedelta(days=today.weekday(), weeks=WEEKS - 1))


def habit(interactions: Iterable[Interaction], today: dt.date, work_days: frozenset[int], target: int) -> Habit:
    return habit_of(ledger(interactions, habit_since(today), today), today, work_days, target)


def habit_of(book: Ledger, today: dt.date, work_days: frozenset[int], target: int) -> Habit:
    """Streaks, progress against the goal this week/month/year, and touches per week."""
    by_day = book.reached
    return Habit(
        streak=streak(by_day, today, work_days),
        best_streak=best_streak(by_day, work_days),
        today_done=len(by_day.get(today, ())),
        work_day=today.weekday() in work_days,
        periods=periods(by_day, today, work_days, target),
        weekly=tuple(weekly(book, today)),
    )
