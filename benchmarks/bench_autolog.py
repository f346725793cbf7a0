"""Touches that log themselves: `import mail` on 1k/10k/100k-message mboxes, `import calendar` on 5 years.

Mail: the whole `import_mail` (split, header parsing, matching 2,000 people,
one database write) against Python's own `mailbox.mbox` reading the same
headers of the same file, in the same run, runs interleaved, medians. Target:
<= 2x the baseline at every size, and linear (10x the messages, <= ~10x the time).

Calendar: `import_calendar` of a generated 5-year calendar of 5,000 events
(a quarter of them weekly/monthly series, so far more instances), against
icalendar merely parsing the file. Reported, with the 1,000-event calendar
for linearity.

    python benchmarks/bench_autolog.py [--runs 3] [--sizes 1000,10000,100000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import mailbox
import random
import tempfile
import time
import zoneinfo
from pathlib import Path

import icalendar
from common import interleaved  # benchmarks/ is on the path when a script runs

from netcrm.domain.model import Contact
from netcrm.services.autolog_calendar import import_calendar
from netcrm.services.autolog_mail import import_mail
from netcrm.services.config import Config, Me
from netcrm.services.workspace import Workspace
from netcrm.storage.repository import Repository

NOW = dt.datetime(2026, 11, 22, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Berlin"))
ME = "me@example.org"
PEOPLE = 2_000
HEADERS = ("From", "To", "Cc", "Date", "Subject", "Message-ID", "In-Reply-To", "References", "List-Id", "Precedence")


def person(i: int) -> str:
    return f"person{i}@example.com"


def write_mbox(path: Path, n: int, seed: int = 7) -> Path:
    """`n` messages shaped like a Google Takeout export: Received lines, DKIM, short bodies, threads, lists."""
    rng = random.Random(seed)
    start = NOW - dt.timedelta(days=5 * 365)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for i in range(n):
            at = start + dt.timedelta(seconds=i * (5 * 365 * 86400 // n))
            stamp = at.strftime("%a, %d %b %Y %H:%M:%S %z")
            other = rng.randrange(PEOPLE * 2)  # half of them are not in the network
            mine = rng.random() < 0.4
            sender, to = (ME, person(other)) if mine else (person(other), ME)
            thread = i - rng.randrange(1, 50) if i > 50 and rng.random() < 0.3 else None
            extra = f"In-Reply-To: <m{thread}@x>\nReferences: <m{thread}@x>\n" if thread is not None else ""
            if rng.random() < 0.2:
                extra += "List-Id: <news.lists.example.com>\nPrecedence: list\n"
            out.write(
                f"From {i}@xxx {at:%a %b %d %H:%M:%S +0000 %Y}\n"
                f"X-GM-THRID: {thread if thread is not None else i}\n"
                f"Received: from mail-{i % 97}.example.net (mail.example.net [192.0.2.{i % 250}])\n"
                f"        by mx.google.com with ESMTPS id x{i}\n        for <{ME}>; {stamp}\n"
                f"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.net; s=s1;\n"
                f"        h=from:to:subject:date:message-id; bh={'A' * 44}=;\n        b={'B' * 120}\n"
                f"MIME-Version: 1.0\nFrom: =?UTF-8?Q?P=C3=A9rson_{other}?= <{sender}>\nTo: {to}\n"
                f"Subject: {'Re: ' if thread is not None else ''}Message number {i} about things\n"
                f"Date: {stamp}\nMessage-ID: <m{i}@x>\n{extra}"
                f"Content-Type: text/plain; charset=UTF-8\n\n"
                f"{'Body text line that nobody reads. ' * 8}\nFrom the archive, quoted badly.\n\n"
            )
    return path


def write_calendar(path: Path, events: int, seed: int = 11) -> Path:
    """`events` events over five years; every fourth one a weekly or monthly series with attendees."""
    rng = random.Random(seed)
    start = NOW - dt.timedelta(days=5 * 365)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bench//EN", "X-WR-TIMEZONE:Europe/Berlin"]
    for i in range(events):
        at = (start + dt.timedelta(hours=rng.randrange(5 * 365 * 24))).replace(minute=0, second=0)
        lines += [
            "BEGIN:VEVENT", f"UID:ev{i}@bench", f"DTSTART;TZID=W. Europe Standard Time:{at:%Y%m%dT%H%M%S}",
            f"DTEND;TZID=W. Europe Standard Time:{at + dt.timedelta(minutes=30):%Y%m%dT%H%M%S}",
            f"SUMMARY:Meeting {i}", f"ORGANIZER:mailto:{ME if i % 2 else person(i % (PEOPLE * 2))}",
            f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{person(rng.randrange(PEOPLE * 2))}",
            f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{ME}",
            "LOCATION:https://zoom.us/j/123" if i % 3 == 0 else "LOCATION:Room 4",
        ]  # fmt: skip
        if i % 4 == 0:
            lines.append("RRULE:FREQ=WEEKLY;COUNT=10" if i % 8 == 0 else "RRULE:FREQ=MONTHLY;COUNT=6")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def fresh_workspace(folder: Path) -> tuple[Workspace, list[int]]:
    db = folder / f"run-{time.monotonic_ns()}.json"
    repo = Repository(db)
    with repo.transaction():
        repo.put_many(Contact(id=f"p{i}", name=f"Person {i}", emails=[person(i)]) for i in range(PEOPLE))
    ws = Workspace(repo, Config(timezone="Europe/Berlin", me=Me(emails=[ME])), lambda: NOW)
    writes: list[int] = []
    repo.after_commit.append(lambda r: writes.append(1))
    return ws, writes


def baseline_mailbox(path: Path) -> int:
    """Python's own mailbox module reading the same headers (its documented way: iterate, index)."""
    count = 0
    for msg in mailbox.mbox(path, create=False):
        for name in HEADERS:
            msg[name]
        count += 1
    return count


def bench_mail(folder: Path, sizes: list[int], runs: int) -> bool:
    ok = True
    per_message: dict[int, float] = {}
    for n in sizes:
        box = write_mbox(folder / f"mail-{n}.mbox", n)
        counts: dict[str, float] = {}

        def subject(box: Path = box, counts: dict[str, float] = counts, n: int = n) -> None:
            ws, writes = fresh_workspace(folder)
            cpu = time.process_time()
            result = import_mail(ws, box)
            counts.update(touches=len(result.logged), writes=len(writes), cpu_us=(time.process_time() - cpu) / n * 1e6)
            ws.repo.path.unlink()

        cases = {"mailbox": lambda box=box: baseline_mailbox(box), "import mail": subject}
        medians = interleaved(runs, **cases)
        ratio = medians["import mail"] / medians["mailbox"]
        per_message[n] = medians["import mail"] / n
        ok &= ratio <= 2.0 and counts["writes"] == 1
        print(
            f"mail {n:>7,} msgs ({box.stat().st_size / 1e6:5.1f} MB): import {medians['import mail']:7.2f} s  "
            f"mailbox {medians['mailbox']:7.2f} s  ratio {ratio:4.2f}x (target <= 2x)  "
            f"{counts['touches']:,} touches, {counts['writes']} db write, CPU {counts['cpu_us']:.0f} us/message"
        )
        box.unlink()
    smallest, largest = min(per_message), max(per_message)
    growth = per_message[largest] / per_message[smallest]
    print(f"mail: time per message at {largest:,} vs {smallest:,}: {growth:.2f}x (linear: ~1x)")
    return ok


def bench_calendar(folder: Path, runs: int) -> None:
    for events in (1_000, 5_000):
        path = write_calendar(folder / f"cal-{events}.ics", events)
        counts: dict[str, float] = {}

        def subject(path: Path = path, counts: dict[str, float] = counts, events: int = events) -> None:
            ws, writes = fresh_workspace(folder)
            cpu = time.process_time()
            result = import_calendar(ws, path, since=NOW - dt.timedelta(days=5 * 365 + 30))
            counts.update(touches=len(result.logged), upcoming=len(result.upcoming), writes=len(writes))
            counts.update(cpu_ms=(time.process_time() - cpu) / events * 1e3)
            ws.repo.path.unlink()

        cases = {"parse": lambda path=path: icalendar.Calendar.from_ical(path.read_bytes()), "import calendar": subject}
        medians = interleaved(runs, **cases)
        print(
            f"calendar {events:>5,} events: import {medians['import calendar']:6.2f} s  "
            f"icalendar parse only {medians['parse']:6.2f} s  ratio {medians['import calendar'] / medians['parse']:4.2f}x  "
            f"{counts['touches']:,} touches, {counts['upcoming']} upcoming, {counts['writes']} db write, CPU {counts['cpu_ms']:.2f} ms/event"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="1000,10000,100000")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ok = bench_mail(Path(tmp), [int(s) for s in args.sizes.split(",")], args.runs)
        bench_calendar(Path(tmp), args.runs)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
