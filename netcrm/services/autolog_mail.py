"""`import mail`: e-mails with people in the network become touches, from headers only.

One touch per person, thread, day and direction: a morning of back-and-forth
is one touch each way, and their reply to my message shows as "responded" in
the funnel. Mailing lists, bulk mail and no-reply robots never make touches.
Bodies are never read: an mbox is split and only header blocks are parsed.
"""

from __future__ import annotations

import datetime as dt
import mmap
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import msgspec

from netcrm.domain.model import Interaction
from netcrm.errors import NetcrmError
from netcrm.formats.mail_headers import MailHeader, header_block, mbox_messages, parse_header_block
from netcrm.services.autolog import (
    AutologResult,
    Directory,
    Known,
    Progress,
    collector_paused,
    commit,
    no_progress,
    since_from,
    stable_id,
)
from netcrm.services.workspace import Workspace

# A Maildir message or an .eml file needs no more than this to hold its headers.
HEAD_BYTES = 256 * 1024
ME_HINT = "add `me: {emails: [you@example.org]}` to the config"


@dataclass(frozen=True, slots=True)
class Suggestion:
    address: str
    name: str
    count: int


def mail_sources(path: Path) -> list[tuple[Path, str]]:
    """(file, "mbox" | "message") for a file, a Maildir or a folder of .eml files and mboxes."""
    if not path.exists():
        raise NetcrmError(f"{path}: no such file or folder")
    if path.is_file():
        return [(path, "mbox" if _looks_like_mbox(path) else "message")]
    found: list[tuple[Path, str]] = []
    for file in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
        in_maildir = file.parent.name in {"cur", "new"}
        if in_maildir or file.suffix.lower() == ".eml":
            found.append((file, "message"))
        elif file.suffix.lower() == ".mbox" or (file.suffix == "" and _looks_like_mbox(file)):
            found.append((file, "mbox"))
    return found


def _looks_like_mbox(file: Path) -> bool:
    with file.open("rb") as handle:
        return handle.read(5) == b"From "


# Where a message is: the file, and in an mbox its number and byte offset (0, 0 for a file of its own).
Place = tuple[Path, int, int]


def place_text(place: Place) -> str:
    file, number, offset = place
    return f"{file}: message {number} at byte {offset}" if number else str(file)


def read_headers(
    path: Path, problems: list[str], progress: Progress = no_progress
) -> Iterator[tuple[Place, MailHeader]]:
    """Every readable message header under `path`, with its place; unreadable ones are named in `problems`."""
    sources = mail_sources(path)
    if not sources:
        raise NetcrmError(f"{path}: no mail here (an mbox file, a Maildir with cur/ and new/, or .eml files)")
    messages = [s for s in sources if s[1] == "message"]
    done, total = 0, len(messages)
    for file, form in sources:
        try:
            if form == "mbox":
                yield from _mbox(file, problems, progress)
                continue
            with file.open("rb") as handle:
                block = header_block(handle.read(HEAD_BYTES))
        except OSError as exc:
            raise NetcrmError(f"{file}: cannot read: {exc.strerror or exc}") from None
        try:
            yield (file, 0, 0), parse_header_block(block)
        except ValueError as exc:
            problems.append(f"{file}: {exc}")
        done += 1
        progress(done, total)


def _mbox(file: Path, problems: list[str], progress: Progress) -> Iterator[tuple[Place, MailHeader]]:
    with file.open("rb") as handle:
        if file.stat().st_size == 0:
            return
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            blocks = list(mbox_messages(data))
            for number, (offset, block) in enumerate(blocks, 1):
                try:
                    yield (file, number, offset), parse_header_block(block)
                except ValueError as exc:
                    problems.append(f"{place_text((file, number, offset))}: {exc}")
                progress(number, len(blocks))


def import_mail(
    ws: Workspace,
    path: Path,
    since: dt.datetime | None = None,
    dry_run: bool = False,
    progress: Progress = no_progress,
) -> AutologResult:
    book = MailBook(ws, since_from(ws, since, None))
    with collector_paused():
        for where, header in read_headers(path, book.result.problems, progress):
            book.add(header, where)
    book.result.logged = sorted(book.touches.values(), key=lambda i: i.at)
    commit(ws, book.result, dry_run)
    return book.result


class MailBook:
    """Sorts messages into new touches, touches stored before, and skips."""

    def __init__(self, ws: Workspace, start: dt.datetime | None) -> None:
        self.people = Directory(ws)
        if not self.people.me:
            raise NetcrmError(f"import mail needs your own addresses: {ME_HINT}")
        self.known = Known(ws)
        self.start = start
        self.now = ws.now()
        self.tz = ws.config.tzinfo()
        self.result = AutologResult()
        self.touches: dict[str, Interaction] = {}
        self.messages: set[str] = set()
        self.counted: set[str] = set()  # touches stored before, counted once however many messages they hold

    def add(self, header: MailHeader, where: Place) -> None:
        if header.message_id in self.messages:
            return
        self.messages.add(header.message_id)
        reason = _skip_reason(header, self.start, self.now)
        if reason:
            self.result.skipped[reason] += 1
            if header.at is None and not header.bulk:  # a malformed message, not just one to leave out
                self.result.problems.append(f"{place_text(where)}: no readable Date header")
            return
        assert header.at is not None
        outbound = header.sender[1] in self.people.me
        addresses = [a for _, a in header.recipients] if outbound else [header.sender[1]]
        contacts = list(dict.fromkeys(c for c in map(self.people.person, addresses) if c))
        if not contacts:
            self.result.skipped["messages with nobody in your network"] += 1
            return
        direction = "outbound" if outbound else "inbound"
        day = header.at.astimezone(self.tz).date().isoformat()  # my day, whatever the sender's zone
        for cid in contacts:
            self.touch(f"mail:{header.thread}|{day}|{cid}|{direction}", cid, header, direction)

    def touch(self, source: str, cid: str, header: MailHeader, direction: str) -> None:
        assert header.at is not None
        if source in self.counted:
            return
        if source in self.touches:
            self.widen(source, header.at)
        elif source in self.known.touches:
            self.counted.add(source)
            self.result.known += 1
        else:
            self.touches[source] = Interaction(
                id=stable_id("t", source),
                contacts=[cid],
                at=header.at,
                kind="email",
                direction=direction,  # type: ignore[arg-type]  # direction is a str chosen from the two Literal values above
                summary=header.subject,
                source=source,
            )

    def widen(self, source: str, at: dt.datetime) -> None:
        """Another message of a touch: an outbound touch keeps the day's first message, an inbound one the
        last, so their reply after my message on the same day reads as "responded" in the funnel."""
        touch = self.touches[source]
        if (at < touch.at) if touch.direction == "outbound" else (at > touch.at):
            self.touches[source] = msgspec.structs.replace(touch, at=at)


def _skip_reason(header: MailHeader, start: dt.datetime | None, now: dt.datetime) -> str:
    if header.bulk:
        return header.bulk
    if header.at is None:
        return "messages without a readable date"
    if start is not None and header.at < start:
        return "messages before --since"
    if header.at > now + dt.timedelta(minutes=5):
        return "messages dated in the future"
    return ""


def suggest(ws: Workspace, path: Path, at_least: int = 3, progress: Progress = no_progress) -> list[Suggestion]:
    """Addresses not in the network that I wrote to at least `at_least` times, most written to first."""
    people = Directory(ws)
    if not people.me:
        raise NetcrmError(f"--suggest needs your own addresses: {ME_HINT}")
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    seen: set[str] = set()
    for _, header in read_headers(path, [], progress):
        if header.message_id in seen or header.bulk or header.sender[1] not in people.me:
            continue
        seen.add(header.message_id)
        for address, name in {a: n for n, a in header.recipients}.items():
            if address in people.me or address in people.by_email:
                continue
            counts[address] += 1
            if name and not names.get(address):
                names[address] = name
    return [
        Suggestion(address, names.get(address, ""), n)
        for address, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        if n >= at_least
    ]
