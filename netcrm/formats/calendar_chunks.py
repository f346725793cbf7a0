"""Cutting a big iCalendar file into small calendars of whole event series, without parsing it.

A 5-year export holds thousands of events; parsing and expanding it in one go
gives no chance to show progress and lets one broken event spoil the whole
file's expansion. Each chunk is a complete VCALENDAR: the file's calendar
properties (X-WR-TIMEZONE among them) and every VTIMEZONE, then a batch of
VEVENTs in which all events of one UID (a series and its moved instances)
stay together. Anything unexpected returns the file unchanged, as one chunk,
for icalendar to judge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

BEGIN = re.compile(rb"^BEGIN:([A-Za-z-]+)\s*$", re.IGNORECASE)
END = re.compile(rb"^END:([A-Za-z-]+)\s*$", re.IGNORECASE)
UID = re.compile(rb"^UID[:;]", re.IGNORECASE)


@dataclass
class Chunk:
    data: bytes
    events: int  # VEVENTs in it, for progress
    first: int  # position of its first VEVENT in the file, counting from 1


@dataclass
class _Calendar:
    header: list[bytes] = field(default_factory=list)  # properties and VTIMEZONEs
    series: dict[bytes, list[list[bytes]]] = field(default_factory=dict)  # UID -> its VEVENT blocks
    positions: dict[bytes, int] = field(default_factory=dict)  # UID -> position of its first VEVENT


def calendar_chunks(data: bytes, size: int = 250) -> list[Chunk]:
    """`data` as calendars of about `size` events each (whole series kept together)."""
    calendars = _split(data)
    if calendars is None:
        return [Chunk(data, data.count(b"BEGIN:VEVENT"), 1)]
    chunks: list[Chunk] = []
    for calendar in calendars:
        batch: list[bytes] = []
        count, first = 0, 0
        for uid, blocks in calendar.series.items():
            if not batch:
                first = calendar.positions[uid]
            for block in blocks:
                batch += block
            count += len(blocks)
            if count >= size:
                chunks.append(_chunk(calendar.header, batch, count, first))
                batch, count = [], 0
        if batch or not chunks:
            chunks.append(_chunk(calendar.header, batch, count, first or 1))
    return chunks


def _chunk(header: list[bytes], lines: list[bytes], events: int, first: int) -> Chunk:
    body = b"".join(line if line.endswith(b"\n") else line + b"\r\n" for line in [*header, *lines])
    return Chunk(body + b"END:VCALENDAR\r\n", events, first)


def _split(data: bytes) -> list[_Calendar] | None:
    """The calendars in `data`, or None when its structure is not the plain one this expects."""
    calendars: list[_Calendar] = []
    current: _Calendar | None = None
    block: list[bytes] | None = None  # the VEVENT or VTIMEZONE being read
    depth = 0  # components open inside the current VCALENDAR
    uid = b""
    in_uid = False
    position = 0
    for line in data.splitlines(keepends=True):
        begin, end = BEGIN.match(line), END.match(line)
        if current is None:
            if begin and begin.group(1).upper() == b"VCALENDAR":
                current = _Calendar(header=[line])
                calendars.append(current)
            elif line.strip():
                return None  # text outside a calendar
            continue
        if begin:
            depth += 1
            if depth == 1:
                block, uid = [], b""
        if block is None:
            if end and depth == 0:
                if end.group(1).upper() != b"VCALENDAR":
                    return None
                current = None
                continue
            current.header.append(line)
            continue
        block.append(line)
        folded = line[:1] in (b" ", b"\t")
        if depth == 1 and UID.match(line):
            uid, in_uid = line.rstrip(b"\r\n"), True
        elif in_uid and folded:
            uid += line.rstrip(b"\r\n")[1:]  # a folded UID
        elif not folded:
            in_uid = False
        if end:
            depth -= 1
            if depth < 0:
                return None
            if depth == 0:
                kind = BEGIN.match(block[0]).group(1).upper()  # type: ignore[union-attr]  # a block starts with its BEGIN line by construction
                if kind == b"VEVENT":
                    position += 1
                    key = uid.strip() or b"#%d" % position
                    current.series.setdefault(key, []).append(block)
                    current.positions.setdefault(key, position)
                elif kind == b"VTIMEZONE":
                    current.header += block
                block = None
    if current is not None or depth:
        return None  # a calendar that never ends
    return calendars


def locate(data: bytes, uid: str) -> int:
    """The position (from 1) of the first VEVENT with this UID in a whole file; 0 when not found."""
    found = re.search(rb"^UID[^:\r\n]*:" + re.escape(uid.encode()) + rb"\r?$", data, re.MULTILINE)
    return data.count(b"BEGIN:VEVENT", 0, found.start()) if found else 0
