"""Today's reach-out queue over the workspace, and acting on it: done, skip, snooze.

Skips are stored (one small record per person and day) so a skipped person
stays out of the queue all day, in the app and the CLI alike; yesterday's
skips are cleared when the next one is written.
"""

from __future__ import annotations

import datetime as dt

from netcrm.domain.lookup import resolve
from netcrm.domain.model import Contact, Interaction, Skip
from netcrm.domain.today import DUE_TABLE, NEW_ROLE_WINDOW, DayOptions, DayQueue, build_queue, due_id, fill, rank
from netcrm.errors import NotFound
from netcrm.services.workspace import Workspace

SNOOZE_DAYS = 7


def skipped_today(ws: Workspace) -> set[str]:
    today = ws.today()
    return {s.contact for s in ws.repo.skips() if s.day == today}


def today_queue(ws: Workspace, extra: int = 0) -> DayQueue:
    """The day's queue; `extra` more people than the daily target once it is met and you want more.

    When the people are not decoded yet (a command), every person is read through `Due`,
    the ten fields ranking needs, and only the few shown are decoded in full: about a
    third of decoding everyone. In the app, which holds everyone, the records it has."""
    today = ws.today()
    config = ws.config
    month_ago = ws.now() - dt.timedelta(days=NEW_ROLE_WINDOW + 1)
    recent = ws.repo.interactions_since(month_ago)
    options: DayOptions = {
        "target": config.daily_target + extra,
        "work_day": today.weekday() in config.work_day_numbers(),
        "planned": ws.planned_ids(),
        "skipped": skipped_today(ws),
    }
    timeline_of = ws.repo.newest_touches
    light = ws.repo.contacts_through(DUE_TABLE, due_id)
    if light is not None:
        ranking = rank(light, recent, today, ws.cadences(), timeline_of=timeline_of, **options)
        shown = {due.id: ws.repo.contact(due.id) for _, due, _ in ranking.chosen}
        whole = {cid: c for cid, c in shown.items() if c is not None}
        if len(whole) == len(shown):
            return fill(ranking, whole, timeline_of)
        # Someone chosen is not a valid record as a whole (set aside, and said): rank the valid ones.
    return build_queue(ws.repo.contacts(), recent, today, ws.cadences(), timeline_of=timeline_of, **options)


def in_queue(ws: Workspace, queue: DayQueue, name: str) -> Contact:
    """The queued person `name` names (an id or part of a name)."""
    try:
        return resolve([e.contact for e in queue.entries], name)
    except NotFound:
        raise NotFound(f"{name!r} is not in today's queue (see `netcrm today`)") from None


def mark_done(ws: Workspace, contact: Contact, *, kind: str = "message", note: str = "") -> Interaction:
    """Log the reach-out as an outbound touch now."""
    from netcrm.services.touches import log_touch

    return log_touch(ws, [contact], kind=kind, summary=note)


def skip(ws: Workspace, contact: Contact) -> Skip:
    """Leave `contact` out of today's queue; the next person moves up."""
    today = ws.today()
    record = Skip(id=f"{today.isoformat()}:{contact.id}", contact=contact.id, day=today)
    with ws.repo.transaction():
        stale = [s.id for s in ws.repo.skips() if s.day < today]
        if stale:
            ws.repo.delete(Skip, stale)
        ws.repo.put(record)
    return record


def snooze_week(ws: Workspace, contact: Contact, *, days: int = SNOOZE_DAYS) -> Contact:
    from netcrm.services.people import snooze

    return snooze(ws, contact, until=ws.today() + dt.timedelta(days=days))
