"""Message headers from an mbox, a Maildir file or an .eml file; never the body.

Bytes in, plain `MailHeader` records out. Speed matters (a Google Takeout
mbox holds 100,000 messages), so an mbox is split on its "From " lines with
one regular-expression pass, only each message's header block is unfolded,
and only the dozen headers a touch needs are decoded, with the standard
library's own rules for addresses, encoded words (`=?UTF-8?...?=`) and dates.
"""

from __future__ import annotations

import datetime as dt
import email.errors
import email.header
import email.utils
import functools
import hashlib
import itertools
import mmap
import re
from collections.abc import Iterator
from dataclasses import dataclass

# A message in an mbox starts at a line "From SENDER Www Mmm DD ..." (the asctime date every mbox writer
# uses); asking for the date keeps an unquoted "From time to time" in a body from splitting the message.
MBOX_SEPARATOR = re.compile(rb"^From \S+ +[A-Z][a-z]{2},? +[A-Z][a-z]{2} +\d", re.MULTILINE)
HEADER_END = re.compile(rb"\r?\n\r?\n")
WANTED = frozenset(
    {
        "from", "to", "cc", "bcc", "date", "subject", "message-id", "in-reply-to", "references",
        "list-id", "list-unsubscribe", "precedence", "auto-submitted", "x-gm-thrid",
    }
)  # fmt: skip
# Senders no person reads: no-reply and notification robots, bounces.
ROBOT = re.compile(
    r"^(no[-_.]?reply|do[-_.]?not[-_.]?reply|notifications?|mailer-daemon|postmaster|bounces?)([-+_.].*)?$",
    re.IGNORECASE,
)
MESSAGE_ID = re.compile(r"<([^<>\s]+)>")


@dataclass(frozen=True, slots=True)
class MailHeader:
    """What a touch needs from one message."""

    message_id: str  # without angle brackets; a digest of the headers when the message has none
    thread: str  # Gmail's thread id, else the first of References / In-Reply-To, else the message id
    at: dt.datetime | None  # None when the Date header cannot be read
    sender: tuple[str, str]  # (name, address) with the address in lower case
    recipients: tuple[tuple[str, str], ...]  # To, Cc and Bcc (a sent folder keeps Bcc)
    subject: str
    bulk: str = ""  # why this is list or robot mail ("List-Id", "Precedence: bulk", "no-reply sender"), else ""


def mbox_messages(data: bytes | memoryview | mmap.mmap) -> Iterator[tuple[int, bytes]]:
    """(byte offset, header block) of each message in an mbox."""
    starts = [m.start() for m in MBOX_SEPARATOR.finditer(data)]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    starts.append(len(data))
    for begin, end in itertools.pairwise(starts):
        yield begin, header_block(data[begin:end])


def header_block(message: bytes | memoryview) -> bytes:
    """The headers of a message (without the mbox "From " line): everything before the first blank line."""
    found = HEADER_END.search(message)
    block = bytes(message[: found.start()] if found else message)
    if block.startswith(b"From "):
        newline = block.find(b"\n")
        block = block[newline + 1 :] if newline >= 0 else b""
    return block


def headers(block: bytes) -> dict[str, str]:
    """The wanted headers, unfolded, first occurrence wins (undecoded text)."""
    found: dict[str, str] = {}
    text = block.decode("utf-8", "surrogateescape")
    name = ""
    parts: list[str] = []
    for line in text.split("\n"):  # not splitlines(): a form feed inside a subject is no line break
        line = line.removesuffix("\r")
        if line[:1] in (" ", "\t"):
            if name:
                parts.append(line.strip())
            continue
        if name and name not in found:
            found[name] = " ".join(parts)
        key, colon, value = line.partition(":")
        name = key.strip().lower() if colon and key.strip().lower() in WANTED else ""
        parts = [value.strip()]
    if name and name not in found:
        found[name] = " ".join(parts)
    return found


def parse_header_block(block: bytes) -> MailHeader:
    """A `MailHeader` from a raw header block; raises ValueError when it is not a message at all."""
    raw = headers(block)
    if "from" not in raw:
        raise ValueError("no From header")
    senders = addresses(raw.get("from", ""))
    sender = senders[0] if senders else ("", "")
    if not sender[1]:
        raise ValueError(f"unreadable From header {decode(raw['from'])[:80]!r}")
    message_id = first_id(raw.get("message-id", ""))
    if not message_id:
        digest = hashlib.blake2b(block, digest_size=12).hexdigest()
        message_id = f"{digest}@netcrm.invalid"
    references = MESSAGE_ID.findall(raw.get("references", ""))
    thread = raw.get("x-gm-thrid", "").strip() or (references[0] if references else "")
    thread = thread or first_id(raw.get("in-reply-to", "")) or message_id
    return MailHeader(
        message_id=message_id,
        thread=thread,
        at=parse_date(raw.get("date", "")),
        sender=sender,
        recipients=addresses(raw.get("to", "")) + addresses(raw.get("cc", "")) + addresses(raw.get("bcc", "")),
        subject=" ".join(decode(raw.get("subject", "")).split()),
        bulk=bulk_reason(raw, sender[1]),
    )


def bulk_reason(raw: dict[str, str], sender: str) -> str:
    if raw.get("list-id"):
        return "mailing list (List-Id)"
    precedence = raw.get("precedence", "").strip().lower()
    if precedence in {"bulk", "list", "junk"}:
        return f"bulk (Precedence: {precedence})"
    auto = raw.get("auto-submitted", "").strip().lower()
    if auto and auto != "no":
        return "automatic (Auto-Submitted)"
    if ROBOT.match(sender.partition("@")[0]):
        return "no-reply sender"
    if raw.get("list-unsubscribe"):
        return "bulk (List-Unsubscribe)"
    return ""


@functools.lru_cache(maxsize=8192)
def decode(value: str) -> str:
    """Encoded words (RFC 2047) decoded; undecodable bytes replaced, never raised."""
    if "=?" not in value:
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    try:
        return str(email.header.make_header(email.header.decode_header(value)))
    except (LookupError, ValueError, UnicodeError, email.errors.HeaderParseError):
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


# The shapes nearly every address takes ("Name <a@b>", "a@b"): read without the full RFC 5322 parser.
_ADDR = r"[^<>\s\"(),;:@]+@[^<>\s\"(),;:@]+"
SIMPLE_ADDRESS = re.compile(rf"^\s*(?:([^<>\"(),;:\\]*?)\s*<({_ADDR})>|({_ADDR}))\s*$")


@functools.lru_cache(maxsize=8192)
def addresses(value: str) -> tuple[tuple[str, str], ...]:
    """(name, lower-case address) pairs of an address header, names decoded.

    Mailboxes repeat the same headers (your own address above all), hence the cache; simple
    lists take a fast path, anything with quotes, comments or groups goes to `email.utils`."""
    if not value:
        return ()
    if '"' not in value and "(" not in value:
        parts = [part for part in value.split(",") if part.strip()]
        found = [m for m in (SIMPLE_ADDRESS.match(part) for part in parts) if m is not None]
        if len(found) == len(parts):
            return tuple(
                (" ".join(decode(m.group(1) or "").split()), (m.group(2) or m.group(3)).lower()) for m in found
            )
    pairs = email.utils.getaddresses([value])
    return tuple((" ".join(decode(name).split()), addr.strip().lower()) for name, addr in pairs if "@" in addr)


def parse_date(value: str) -> dt.datetime | None:
    """The Date header as an aware datetime (no zone given means UTC); None when unreadable."""
    value = value.strip()
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def first_id(value: str) -> str:
    found = MESSAGE_ID.search(value)
    if found:
        return found.group(1)
    return value.strip().strip("<>") if "@" in value and " " not in value.strip() else ""
