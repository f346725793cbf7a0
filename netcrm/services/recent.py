"""A person's recent touches, read from the newest month files only.

On years of history (a million touches) every touches file read stays in the repository's
memory (~30 MB a year at 30k people / 1M touches): the app's person pane shows the last
year of a timeline and reads month files newest first only as far as the first older
touch; someone not talked to in that time costs no read at all.
"""

from __future__ import annotations

import datetime as dt
import itertools

from netcrm.domain.model import Contact, Interaction
from netcrm.services.workspace import Workspace


def recent_touches(ws: Workspace, contact: Contact, days: int) -> list[Interaction]:
    """`contact`'s timeline entries of the last `days` days, newest first."""
    since = ws.now() - dt.timedelta(days=days)
    if contact.last_touch is None or not _at_or_after(contact.last_touch, since):
        return []  # nothing to talk about in the window: no file is read
    return list(itertools.takewhile(lambda item: _at_or_after(item.at, since), ws.repo.newest_touches(contact.id, since)))


def _at_or_after(moment: dt.datetime, since: dt.datetime) -> bool:
    """A time written without a zone (by hand) is read as UTC, as the month files file it."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)) >= since
