"""Turn the vCards real programs write into clean vCard 3.0 text that vobject reads reliably.

Phones and address books write vCard 2.1, 3.0 and 4.0 with quirks no strict
parser accepts: CR CR LF line ends, QUOTED-PRINTABLE values with soft line
breaks, per-property CHARSET (Shift_JIS on Japanese phones), base64 photos
whose continuation lines are not indented, "#" comment lines, AGENT cards nested
inside cards, bare 2.1 parameters (`TEL;CELL;PREF:`). This module works on
bytes, one card at a time, and keeps only the properties netcrm uses, each
decoded to Unicode and escaped the 3.0 way. What it cannot repair it reports
for that card only, so one bad card never stops a file.
"""

from __future__ import annotations

import codecs
import quopri
import re
from dataclasses import dataclass, field

# The properties netcrm reads; everything else (photos, keys, sounds, X- noise) is dropped
# before parsing, so a malformed photo or agent can never break a card or reach the notes.
KEPT = frozenset({"FN", "N", "EMAIL", "TEL", "ORG", "TITLE", "NOTE", "URL", "BDAY", "UID", "ADR", "X-ABLABEL"})
STRUCTURED = frozenset({"N", "ADR", "ORG"})
# One text value each: a bare comma (Gmail writes them in FN) is part of the text, not a list.
SINGLE_TEXT = frozenset({"FN", "TITLE", "NOTE"})
_BARE_COMMA = re.compile(r"(?<!\\),")
_PROPERTY = re.compile(rb"^([A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)[;:]")
_BEGIN = re.compile(rb"^\s*BEGIN\s*:\s*VCARD\s*$", re.IGNORECASE)
_END = re.compile(rb"^\s*END\s*:\s*VCARD\s*$", re.IGNORECASE)
_AGENT_CARD = re.compile(rb"^AGENT[;:].*BEGIN\s*:\s*VCARD\s*$", re.IGNORECASE)


@dataclass
class RawCard:
    """The lines of one card as found in the file, with where it starts (for messages)."""

    number: int
    line: int
    lines: list[bytes] = field(default_factory=list)
    complete: bool = False


@dataclass
class CleanCard:
    number: int
    line: int
    text: str = ""
    version: str = "3.0"
    problem: str = ""


def split_cards(data: bytes) -> list[RawCard]:
    """The cards of a file; nested AGENT cards stay inside their parent, text between cards is ignored."""
    lines = normalise_newlines(data).split(b"\n")
    cards: list[RawCard] = []
    current: RawCard | None = None
    depth = 0
    for number, line in enumerate(lines, start=1):
        if current is None:
            if _BEGIN.match(line):
                current = RawCard(len(cards) + 1, number)
                depth = 1
            continue
        if _BEGIN.match(line) or _AGENT_CARD.match(line):
            depth += 1
        elif _END.match(line):
            depth -= 1
            if depth == 0:
                current.complete = True
                cards.append(current)
                current = None
                continue
        current.lines.append(line)
    if current is not None:
        cards.append(current)
    return cards


def normalise_newlines(data: bytes) -> bytes:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        data = data.decode("utf-16").encode("utf-8")
    elif data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    return data.replace(b"\r\r\n", b"\n").replace(b"\r\n", b"\n").replace(b"\r", b"\n")


def logical_lines(raw: list[bytes]) -> list[bytes]:
    """Unfold: indented continuations, QUOTED-PRINTABLE soft breaks; drop stray and binary lines."""
    out: list[bytes] = []
    in_binary = False
    for line in raw:
        if not line.strip():
            in_binary = False  # a blank line ends a 2.1 base64 value, or a QP one left dangling
            if out and _is_soft_break(out[-1]):
                out[-1] = out[-1][:-1]
            continue
        if out and _is_soft_break(out[-1]):
            # After a QUOTED-PRINTABLE soft break ("=" at the end) the next line is the value
            # going on, spaces included: "come=" + " to the aid" is "come to the aid".
            out[-1] = out[-1][:-1] + line
            continue
        if line[:1] in (b" ", b"\t"):
            if out and not in_binary:
                out[-1] += line[1:]
            continue
        if not _PROPERTY.match(line) or (in_binary and b":" not in line):
            continue  # base64 of a 2.1 photo, or a "#" comment some phones write
        in_binary = _is_binary(line)
        out.append(line)
    return out


def _head(line: bytes) -> bytes:
    return line.split(b":", 1)[0].upper()


def _is_soft_break(line: bytes) -> bool:
    return line.endswith(b"=") and b"QUOTED-PRINTABLE" in _head(line)


def _is_binary(line: bytes) -> bool:
    head = _head(line)
    return b"BASE64" in head or b"ENCODING=B" in head


def split_property(line: bytes) -> tuple[str, str, list[tuple[str, str]], bytes]:
    """(group, NAME, [(param, value)], raw value) of one logical line; quotes respected."""
    in_quote = False
    for i, byte in enumerate(line):
        if byte == 0x22:
            in_quote = not in_quote
        elif byte == 0x3A and not in_quote:
            head, value = line[:i].decode("latin-1"), line[i + 1 :]
            break
    else:
        raise ValueError("no ':' in property line")
    parts = _split_params(head)
    name = parts[0]
    group, _, name = name.rpartition(".")
    params = []
    for part in parts[1:]:
        key, eq, val = part.partition("=")
        params.append((key.strip().upper(), val.strip()) if eq else ("TYPE", key.strip()))
    return group, name.upper(), params, value


def _split_params(head: str) -> list[str]:
    parts: list[str] = []
    buf: list[str] = []
    in_quote = False
    for ch in head:
        if ch == '"':
            in_quote = not in_quote
        if ch == ";" and not in_quote:
            parts.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    parts.append("".join(buf))
    return parts


def decode_value(value: bytes, params: list[tuple[str, str]]) -> tuple[str, list[tuple[str, str]], bool]:
    """The value as text (QP and CHARSET undone), the params left, and whether it was QP."""
    charset, qp, kept = "", False, []
    for key, val in params:
        if key == "CHARSET":
            charset = val.strip('"') or charset
        elif (key == "ENCODING" and val.upper() == "QUOTED-PRINTABLE") or (
            key == "TYPE" and val.upper() == "QUOTED-PRINTABLE"
        ):
            qp = True
        elif key == "ENCODING" and val.upper() in ("8BIT", "7BIT"):
            continue
        else:
            kept.append((key, val))
    if qp:
        value = quopri.decodestring(value)
    return _decode(value, charset), kept, qp


def _decode(value: bytes, charset: str) -> str:
    """The declared charset (a broken byte becomes U+FFFD); undeclared: UTF-8, else Windows-1252."""
    if charset:
        try:
            return value.decode(charset, "replace")
        except LookupError:
            pass
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("cp1252", "replace")


def escape_text(text: str) -> str:
    """vCard 3.0 escaping of one text value (or one component of a structured value)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def v21_to_v3(name: str, text: str) -> str:
    """2.1 only escapes ";" (in structured values); everything else is literal."""
    if name in STRUCTURED:
        parts = re.split(r"(?<!\\);", text)
        return ";".join(escape_text(p.replace("\\;", ";")) for p in parts)
    return escape_text(text.replace("\\;", ";"))


def clean_card(raw: RawCard) -> CleanCard:
    """One card as vCard 3.0 text with only the properties netcrm reads."""
    card = CleanCard(raw.number, raw.line)
    if not raw.complete:
        card.problem = "no END:VCARD (file cut short?)"
        return card
    lines = logical_lines(raw.lines)
    version = "3.0"
    for line in lines:
        if _head(line) == b"VERSION":
            version = line.split(b":", 1)[1].strip().decode("latin-1") or version
    card.version = version
    out = ["BEGIN:VCARD", "VERSION:3.0"]
    for line in lines:
        try:
            group, name, params, value = split_property(line)
        except ValueError:
            continue
        if name not in KEPT:
            continue
        text, params, qp = decode_value(value, params)
        if version.startswith("2"):
            text = v21_to_v3(name, text)
        else:
            if qp:
                text = text.replace("\r\n", "\n").replace("\n", "\\n")
            if name in SINGLE_TEXT:
                text = _BARE_COMMA.sub(r"\\,", text)
        head = f"{group}.{name}" if group else name
        head += "".join(f";{key}={val}" for key, val in params if _safe_param(key, val))
        out.append(f"{head}:{text}")
    out.append("END:VCARD")
    card.text = "\r\n".join(out) + "\r\n"
    return card


def _safe_param(key: str, value: str) -> bool:
    """Parameters vobject can read back: names are tokens, values have no stray quotes."""
    return bool(re.fullmatch(r"[A-Z0-9-]+", key)) and (
        value.count('"') in (0, 2) and (not value.count('"') or (value.startswith('"') and value.endswith('"')))
    )
