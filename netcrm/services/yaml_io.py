"""The network as a folder of YAML files, for people who keep their data in git.

    DIR/network.yaml          format marker
    DIR/people/<id>.yaml      one person per file
    DIR/touches/<year>.yaml   the timeline, oldest first, one file per year
    DIR/plans.yaml            catch-ups, planned and past
    DIR/introductions.yaml

The files' text and the checks a folder must pass are `formats.yaml_tree`; the export
(incremental, all-or-nothing) is `services.yaml_export`. This module reads a folder back
(`read_folder`, errors naming file and line) and imports it (`import_yaml`): every file is
validated before anything is written, and the import is one transaction.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import msgspec

from netcrm.domain.bounds import MULTILINE, TOUCH_SKEW, BoundsError, check_dates, clean_record, year_range
from netcrm.domain.model import Contact, Interaction, Introduction, Plan, Record
from netcrm.domain.text import has_controls
from netcrm.errors import NetcrmError
from netcrm.formats import yaml_records, yaml_subset
from netcrm.formats.yaml_tree import (
    DERIVED,
    FORMAT,
    Bundle,
    check_references,
    clean_bundle,
    contact_yaml,
    render,
    with_last_touches,
)
from netcrm.services import yaml_files
from netcrm.services.autolog import collector_paused
from netcrm.services.email_check import EmailCheck
from netcrm.services.workspace import Workspace

__all__ = [
    "DERIVED", "FORMAT", "Bundle", "ImportReport", "check_references", "clean_bundle", "contact_yaml",
    "import_yaml", "read_folder", "render", "with_last_touches",
]

R = TypeVar("R", bound=Record)

def read_folder(folder: Path, now: dt.datetime | None = None) -> Bundle:
    """Parse and validate a whole export; the first problem stops it, naming file and field.
    Given `now`, every date must also be in range (1900 to a hundred years ahead; touches not ahead)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise NetcrmError(f"{folder}: no such folder")
    from netcrm.services.yaml_export import pending

    if pending(folder):
        raise NetcrmError(f"{folder}: an export into it was interrupted; run `netcrm export yaml {folder}` to finish it")
    marker = folder / "network.yaml"
    if not marker.exists():
        raise NetcrmError(f"{folder}: no network.yaml; not a netcrm YAML export")
    meta = _load(marker, folder) or {}
    if not isinstance(meta, dict) or meta.get("netcrm") != FORMAT:
        raise NetcrmError(f"{marker}: netcrm: expected format {FORMAT}, got {meta!r}")
    bundle = Bundle(meta=meta)
    _read_people(folder, now, bundle)
    for path in sorted(folder.glob("touches/*.yaml")):
        bundle.interactions += _records(path, folder, Interaction, now, bundle.clean)
    bundle.plans = _records(folder / "plans.yaml", folder, Plan, now, bundle.clean)
    bundle.introductions = _records(folder / "introductions.yaml", folder, Introduction, now, bundle.clean)
    check_references(bundle)
    return bundle


def _read_people(folder: Path, now: dt.datetime | None, bundle: Bundle) -> None:
    """Every person's file, in name order. Files as the export writes them are read fast and
    made records in batches (one decode, one check of each e-mail domain); any other file is
    read the careful way, after the batch before it, so the first problem reported is the
    same as when reading one file after another."""
    prefix = _rel(folder / "people" / "-", folder)[:-1]  # names computed once, not per file
    batch: list[tuple[str, str, dict[str, Any]]] = []
    for name, regular in _people_files(folder / "people"):
        path = folder / "people" / name
        where = prefix + name
        text = _plain_file_text(path) if regular else None
        data = yaml_records.mapping_data(text, Contact, MULTILINE) if text else None
        if data is not None and text is not None:
            batch.append((where, text, data))
            continue
        _add_people(batch, now, bundle)
        batch = []
        _add_person(bundle, text or _text(path, folder), where, now)
    _add_people(batch, now, bundle)


def _add_person(bundle: Bundle, text: str, where: str, now: dt.datetime | None) -> None:
    """One person's file read the careful way: any problem raised names the file and line."""
    data, clean = _parse(text, where, one=True)
    contact = _checked(yaml_files.to_record(data, Contact, where, text), now, where, text, [])
    bundle.contacts.append(contact)
    if clean:
        bundle.clean.add(id(contact))


def _add_people(batch: list[tuple[str, str, dict[str, Any]]], now: dt.datetime | None, bundle: Bundle) -> None:
    contacts = yaml_records.decode_all([data for _, _, data in batch], Contact) if batch else []
    if contacts is None:  # one of them does not validate: the careful way says which, and where
        for where, text, _ in batch:
            _add_person(bundle, text, where, now)
        return
    emails = EmailCheck()
    for (where, text, _), contact in zip(batch, contacts):
        # The fast reader puts no line break in a one-line field: no control in the text, none in a value.
        clean = not has_controls(text, multiline=True)
        if not emails.keeps_the_rules(contact if clean else clean_record(contact)[0]):
            _add_person(bundle, text, where, now)  # raises, naming the rule and the line
            continue
        bundle.contacts.append(_checked(contact, now, where, text, []))
        if clean:
            bundle.clean.add(id(bundle.contacts[-1]))


def _text(path: Path, folder: Path) -> str:
    """A file of the export; a link out of the folder is refused before it is read, so no
    line of someone else's file (~/.ssh/config) can reach an error message."""
    where = _rel(path, folder)
    if path.is_symlink() and not path.resolve().is_relative_to(folder.resolve()):
        raise yaml_files.YamlError(f"{where}: a link to a file outside {folder}; copy the file in instead")
    return yaml_files.read_text(path, where)


def _people_files(people: Path) -> list[tuple[str, bool]]:
    """(name, a regular file?) of every people/*.yaml in name order, as `sorted(glob())` finds
    them (hidden ones and folders too), from one listing: no stat per file."""
    try:
        with os.scandir(people) as found:
            return sorted((e.name, _regular(e)) for e in found if e.name.endswith(".yaml"))
    except OSError:  # no such folder, or not one: no people (as glob finds none)
        return []


def _regular(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file(follow_symlinks=False)
    except OSError:
        return False  # `_text` reads it and explains


def _plain_file_text(path: Path) -> str | None:
    """A regular file's UTF-8 text in one read; None for anything `_text` must judge
    (bytes that are not UTF-8, an error), which it then explains."""
    try:
        with open(path, "rb") as fh:
            return fh.read().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _checked(record: R, now: dt.datetime | None, where: str, text: str, steps: list[str | int]) -> R:
    """`record` with dates in range (checked when `now` is given), else a YamlError at its line."""
    if now is None:
        return record
    try:
        check_dates(record, now)
    except BoundsError as exc:
        line = yaml_files.line_of(text, [*steps, exc.field or ""])
        at = f": line {line}" if line else ""
        raise yaml_files.YamlError(f"{where}{at}: {exc}") from None
    return record


def _rel(path: Path, folder: Path) -> str:
    return str(path.relative_to(folder.parent)) if folder.parent != path else str(path)


def _parse(text: str, where: str, one: bool) -> tuple[object, bool]:
    """The data of a file, and whether its text is free of control characters. Read by
    the reader for what `export yaml` writes; anything else by the strict loader (same
    data, or the error with file and line)."""
    fast = yaml_subset.read_mapping(text, MULTILINE) if one else yaml_subset.read_list(text, MULTILINE)
    if fast is None:
        return yaml_files.load(text, where), False
    # The fast reader keeps line breaks to the MULTILINE fields and refuses tabs, so no
    # control character anywhere in the text means none in any value.
    return fast, not has_controls(text, multiline=True)


def _load(path: Path, folder: Path) -> object:
    return yaml_files.load(_text(path, folder), _rel(path, folder))


def _records(path: Path, folder: Path, kind: type[Record], now: dt.datetime | None = None,
             clean: set[int] | None = None) -> list:
    if not path.exists() and not path.is_symlink():
        return []
    where = _rel(path, folder)
    text = _text(path, folder)
    records: list[Any] | None = yaml_records.read_records(text, kind, MULTILINE)
    if records is not None:
        is_clean = not has_controls(text, multiline=True)
    else:
        data, is_clean = _parse(text, where, one=False)
        data = data or []
        if not isinstance(data, list):
            raise NetcrmError(f"{where}: expected a list of {kind.__name__.lower()} records")
        try:
            records = msgspec.convert(data, list[kind])  # type: ignore[valid-type]  # a runtime type; msgspec builds it
        except msgspec.ValidationError as exc:
            raise yaml_files.YamlError(yaml_files.explain(exc, data, where, text)) from None
    seen: dict[str, int] = {}
    if now is not None and _all_moments_fine(records, now):
        now = None  # nothing for the per-record check to find
    for index, record in enumerate(records):
        if record.id in seen:
            line = yaml_files.line_of(text, [index, "id"])
            at = f": line {line}" if line else ""
            raise yaml_files.YamlError(f"{where}{at}: id {record.id!r} is used twice (also record {seen[record.id] + 1})")
        seen[record.id] = index
        _checked(record, now, where, text, [index])
    if is_clean and clean is not None:
        clean.update(map(id, records))
    return records


def _all_moments_fine(records: list, now: dt.datetime) -> bool:
    """True when every touch (or introduction) is surely within `check_dates`' range: one pass
    over a year of touches instead of a check per touch. False means "check each one"."""
    if not records or not all(isinstance(r, (Interaction, Introduction)) for r in records[:1]):
        return False
    low, high = year_range(now)
    try:
        years = {r.at.year for r in records}
        latest = max(r.at for r in records)
        return low <= min(years) and max(years) <= high and not latest - now > TOUCH_SKEW
    except (TypeError, OverflowError):  # a time without a zone, or at the calendar's edge: check each one
        return False


@dataclass
class ImportReport:
    created: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    updated: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    unchanged: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    cleaned: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = []
        for label, counts in (("new", self.created), ("updated", self.updated), ("unchanged", self.unchanged)):
            if counts:
                out.append(f"{label}: " + ", ".join(f"{n} {kind}" for kind, n in counts.items()))
        out += [f"cleaned: {where} (control characters removed)" for where in self.cleaned]
        return out or ["nothing to import"]


NAMES = {Contact: "people", Interaction: "touches", Plan: "plans", Introduction: "introductions"}


def import_yaml(ws: Workspace, folder: Path, *, dry_run: bool = False) -> ImportReport:
    """Create or replace records by id, in one write; `dry_run` only reports. Dates out of range are
    refused (file and line); control characters are removed from text and reported."""
    with collector_paused():  # 110,000 records built and kept: nothing for the cyclic collector to find
        return _import(ws, folder, dry_run)


def _import(ws: Workspace, folder: Path, dry_run: bool) -> ImportReport:
    bundle = read_folder(folder, ws.now())
    report = ImportReport(cleaned=clean_bundle(bundle))
    incoming = {i.id for i in bundle.interactions}
    with ws.repo.transaction() if not dry_run else nullcontext():
        repo = ws.repo
        stored_touches = repo.interactions()
        existing_touches = [i for i in stored_touches if i.id not in incoming]
        contacts = with_last_touches(bundle.contacts, [*existing_touches, *bundle.interactions])
        records: list[Contact | Interaction | Plan | Introduction] = [
            *contacts, *bundle.interactions, *bundle.plans, *bundle.introductions
        ]
        # Each table read once (not a lookup per record, which re-lists the folder for touches).
        stored: dict[type, dict[str, Record]] = {
            Contact: {c.id: c for c in repo.contacts()},
            Interaction: {i.id: i for i in stored_touches},
            Plan: {p.id: p for p in repo.plans()},
            Introduction: {x.id: x for x in repo.introductions()},
        }
        for record in records:
            old = stored[type(record)].get(record.id)
            bucket = report.created if old is None else report.updated if old != record else report.unchanged
            bucket[NAMES[type(record)]] += 1
        if not dry_run:
            ws.repo.put_many(records)
    return report
