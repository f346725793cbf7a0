"""Reading vCard files (a file, or the .vcf files of a folder) into people to import.

Each card is read by `formats.vcard_people`; a card that cannot be read is
skipped with a message naming the file and the card, and the rest of the file
still imports.
"""

from __future__ import annotations

from pathlib import Path

from netcrm.errors import NetcrmError
from netcrm.formats.candidates import Parsed, Progress
from netcrm.formats.vcard_people import card_candidate
from netcrm.formats.vcard_repair import RawCard, split_cards


def vcard_files(path: Path) -> list[Path]:
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in (".vcf", ".vcard") and p.is_file())
        if not files:
            raise NetcrmError(f"{path}: no .vcf files in this folder")
        return files
    if not path.exists():
        raise NetcrmError(f"{path}: no such file or folder")
    return [path]


def read_vcards(path: Path, progress: Progress | None = None) -> Parsed:
    """Every card of a file or of the .vcf files in a folder; `progress(done, total)` per card."""
    path = Path(path)
    found: list[tuple[str, list[RawCard]]] = []
    parsed = Parsed()
    for file in vcard_files(path):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise NetcrmError(f"{file}: cannot read ({exc.strerror})") from None
        cards = split_cards(data)
        if not cards and not path.is_dir():
            raise NetcrmError(f"{file}: no BEGIN:VCARD found; not a vCard file")
        if not cards:
            parsed.skipped.append(f"{file.name}: no BEGIN:VCARD found; not a vCard file")
        found.append((file.name, cards))
    total, done = sum(len(cards) for _, cards in found), 0
    for where, cards in found:
        for raw in cards:
            _read_card(raw, where, parsed)
            done += 1
            if progress is not None:
                progress(done, total)
    return parsed


def _read_card(raw: RawCard, where: str, parsed: Parsed) -> None:
    label = f"{where} card {raw.number} (line {raw.line})"
    try:
        candidate = card_candidate(raw)
    except Exception as exc:  # noqa: BLE001 - any parser failure skips just this card
        parsed.skipped.append(f"{label}: unreadable ({_short(exc)})")
        return
    if isinstance(candidate, str):
        parsed.skipped.append(f"{label}: {candidate}")
    else:
        candidate.source = label
        parsed.candidates.append(candidate)


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]
