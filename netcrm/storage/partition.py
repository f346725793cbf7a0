"""How one kind of record is split into files: which file a record goes in.

A table is one file (`plans.json`), or a folder of files each holding part of
it: the people in shards by a stable hash of their id (`contacts/07.json`),
so finding an id reads one shard and changing a person rewrites one shard;
the touches by the month of their time (`touches/2026-11.json`), so logging a
touch rewrites this month and a timeline can stop at the first months it needs.
Every file is still TinyDB's `{table: {doc_id: doc}}`: a user can read any of
them, and stock TinyDB can open each.

A partition answers three questions for its table: the key (file) of a record,
the keys on disk, and which keys can hold an id or a time (None: any).
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from pathlib import Path
from typing import Any

SHARDS = 16  # contacts/00.json .. contacts/15.json; changing it is a new schema
_MONTH = re.compile(r"\d{4}-\d{2}")
NO_MONTH = "0000-00"  # a document without a readable time (set aside when read) in the layout


class Partition:
    """One file: `<name>.json`, key ""."""

    timed = False  # keys are spans of time (records have `at`; touches are read by person and time)
    several = False  # a folder of files, which another process may add to

    def path(self, folder: Path, name: str, key: str) -> Path:
        return folder / f"{name}.json"

    def keys_on_disk(self, folder: Path, name: str) -> set[str]:
        return {""}

    def key_of(self, record: Any) -> str:
        return ""

    def key_of_id(self, record_id: str) -> str | None:
        """The one file a record with this id can be in; None: any of them."""
        return ""

    def may_hold_after(self, key: str, instant: dt.datetime) -> bool:
        """Can file `key` hold a record at or after `instant`?"""
        return True


class _Folder(Partition):
    """A folder `<name>/` of files `<key>.json`."""

    several = True

    def path(self, folder: Path, name: str, key: str) -> Path:
        return folder / name / f"{key}.json"

    def keys_on_disk(self, folder: Path, name: str) -> set[str]:
        return {p.stem for p in (folder / name).glob("*.json") if self.is_key(p.stem)}

    def is_key(self, stem: str) -> bool:
        raise NotImplementedError


class Shards(_Folder):
    """People by a stable hash of their id: `contacts/00.json` .. `contacts/15.json`."""

    def __init__(self, count: int = SHARDS) -> None:
        self.count = count
        self._names = {f"{n:02d}" for n in range(count)}

    def is_key(self, stem: str) -> bool:
        return stem in self._names

    def key_of(self, record: Any) -> str:
        rid: str = record.id
        return self.key_of_id(rid)

    def key_of_id(self, record_id: str) -> str:
        return f"{zlib.crc32(record_id.encode('utf-8', 'surrogatepass')) % self.count:02d}"


class Months(_Folder):
    """Touches by the month of `at` as stored (the person's local time): `touches/2026-11.json`."""

    timed = True

    def is_key(self, stem: str) -> bool:
        return _MONTH.fullmatch(stem) is not None

    def key_of(self, record: Any) -> str:
        at: dt.datetime = record.at
        return f"{at.year:04d}-{at.month:02d}"

    def key_of_id(self, record_id: str) -> None:
        return None

    def may_hold_after(self, key: str, instant: dt.datetime) -> bool:
        """A month file holds touches by their local month, and a local time is at most a day
        behind UTC, so all of them are before the 2nd of the next month, UTC."""
        year, month = int(key[:4]), int(key[5:])
        if not 1 <= month <= 12 or not 1 <= year < dt.MAXYEAR:
            return True  # the file of unreadable times, or the end of the calendar
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        end = dt.datetime(year, month, 2, tzinfo=dt.UTC if instant.tzinfo else None)
        return end > instant


def month_of_text(at: str) -> str:
    """The month key of a time as stored (ISO 8601 text), without decoding it."""
    return at[:7] if _MONTH.fullmatch(at[:7]) and int(at[5:7]) in range(1, 13) else NO_MONTH
