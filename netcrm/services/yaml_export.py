"""`export yaml DIR`, incremental and all-or-nothing.

Incremental: what each file was made from (a digest of its records) and its size
and mtime are remembered beside the database (`sync_state`), so a re-export
renders only the files whose records changed, and writes only those whose bytes
differ; a file edited or damaged by hand is noticed by its size or mtime and
rewritten. A git diff after one change shows just the files it touched.

All-or-nothing (`services.yaml_commit`): a first export into an empty folder is
written into a staging folder and moved into place at once; a re-export writes
its changed files as temp files; either way a journal is the commit point, and an
interrupted export leaves the old tree or is finished by the next one. `import
yaml` refuses a folder with a pending journal rather than read half of each.
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import msgspec

from netcrm.domain.model import Contact, Interaction
from netcrm.errors import NetcrmError
from netcrm.formats.yaml_tree import contact_yaml
from netcrm.formats.yaml_writer import dump_records, dump_touches
from netcrm.services import yaml_files
from netcrm.services.autolog import collector_paused
from netcrm.services.sync_state import load_state, save_state, state_path
from netcrm.services.workspace import Workspace
from netcrm.services.yaml_commit import FOLDERS, NewTree, commit_tree, finish_interrupted, ours, pending

__all__ = ["YamlExport", "check_folder", "export_yaml", "finish_interrupted", "manifest_path", "pending"]
FORMAT = 1


@dataclass
class YamlExport:
    """What an export did, in numbers and in words (the git commit message)."""

    people: int = 0
    touches: int = 0
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    message: str = ""
    committed: bool = False


def manifest_path(ws: Workspace, folder: Path) -> Path:
    path = state_path(ws.repo.path, folder)
    return path.with_name(path.stem + ".yaml-export.json")


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _render_touches_in_order(items: list[Interaction]) -> str:
    return _render_touches(_in_order(items))


def _render_records(records: list[Any]) -> str:
    return dump_records([yaml_files.to_data(x) for x in records])


_ENCODE = msgspec.json.Encoder().encode


class _Digests:
    """Digests kept from one export to the next in the same process (the app's `auto_export_yaml`).

    Records are immutable and the repository hands out the same objects until they
    change, so a re-export after one logged touch hashes only what changed: a person
    whose record is the same object as last time, or a year whose list of touches is
    (a C-speed identity check), keeps its digest. Each entry holds its record, so an
    id() is never reused while it is remembered; only the last export's are kept.
    The digests are the ones earlier versions wrote in the manifest."""

    def __init__(self) -> None:
        self.people: dict[int, tuple[Contact, str]] = {}
        self.lists: dict[str, tuple[list[Any], str]] = {}

    def clear(self) -> None:
        self.people, self.lists = {}, {}

    def people_of(self, contacts: list[Contact]) -> list[str]:
        known, seen = self.people, {}
        out = []
        for contact in contacts:
            found = known.get(id(contact))
            if found is None or found[0] is not contact:
                # last_touch is derived (rebuilt on import): a touch alone does not change the file.
                found = (contact, _digest(_ENCODE(msgspec.structs.replace(contact, last_touch=None))))
            seen[id(contact)] = found
            out.append(found[1])
        self.people = seen
        return out

    def of_list(self, items: list[Any], name: str = "") -> str:
        memo = self.lists.get(name) if name else None
        if memo is not None and memo[0] == items:
            return memo[1]
        digest = _digest(_ENCODE(items))
        if name:
            self.lists[name] = (list(items), digest)
        return digest


_DIGESTS = _Digests()


def forget_digests() -> None:
    """Drop the last export's records kept for the next one (a process done exporting, a benchmark:
    110,000 live records make every later cyclic garbage collection in the process walk them)."""
    _DIGESTS.clear()


@dataclass
class _Snapshot:
    """The records one export is made from, read once."""

    contacts: list[Contact]
    years: dict[str, list[Interaction]]  # "touches/2026.yaml" -> its touches, in the database's order
    plans: list[Any]
    introductions: list[Any]


def _snapshot(ws: Workspace) -> _Snapshot:
    repo = ws.repo
    by_year: dict[int, list[Interaction]] = defaultdict(list)
    for item in repo.interactions():
        by_year[item.at.year].append(item)
    return _Snapshot(
        contacts=repo.contacts(),
        years={f"touches/{year}.yaml": items for year, items in by_year.items()},
        plans=sorted(repo.plans(), key=lambda p: (p.start, p.id)),
        introductions=sorted(repo.introductions(), key=lambda x: (x.at, x.id)),
    )


def _sources(snap: _Snapshot) -> dict[str, tuple[str, Callable[[], str]]]:
    """Relative path -> (digest of its records, how to render it)."""
    sources: dict[str, tuple[str, Callable[[], str]]] = {
        "network.yaml": (str(FORMAT), lambda: yaml_files.dump({"netcrm": FORMAT}))
    }
    for contact, digest in zip(snap.contacts, _DIGESTS.people_of(snap.contacts)):
        sources[f"people/{contact.id}.yaml"] = (digest, partial(contact_yaml, contact))  # written without last_touch
    for rel, items in snap.years.items():
        # Digested in the database's order (stable), sorted only when the file is written.
        sources[rel] = (_DIGESTS.of_list(items, rel), partial(_render_touches_in_order, items))
    for rel, ordered in (("plans.yaml", snap.plans), ("introductions.yaml", snap.introductions)):
        if ordered:
            sources[rel] = (_DIGESTS.of_list(ordered, rel), partial(_render_records, ordered))
    return sources


def _in_order(items: list[Interaction]) -> list[Interaction]:
    return sorted(items, key=lambda i: (i.at, i.id))


def _render_touches(items: list[Interaction]) -> str:
    return dump_touches(items)


def _ordered_digest(items: list[Interaction]) -> str:
    """What a year file's touches were, in file order: an append is safe only if they still are."""
    return _DIGESTS.of_list(items)


def _appended(path: Path, entry: dict[str, Any] | None, now: list[int] | None, items: list[Interaction] | None,
              old_ids: list[str] | None) -> bytes | None:
    """A year of touches that only grew at its end (the usual: you logged today's call) is the
    old file plus the new touches, rendered alone: re-exporting costs what was added. The
    touches already in the file must be unchanged too (a merge re-points old touches and adds
    a milestone at the end: that year is rendered again)."""
    if not (entry and now and items and old_ids) or entry["stat"] != now or len(items) <= len(old_ids):
        return None
    if any(item.id != old for item, old in zip(items, old_ids)):
        return None
    if entry.get("ordered") != _ordered_digest(items[: len(old_ids)]):
        return None
    old = path.read_bytes()
    new = _render_touches(items[len(old_ids) :])
    if old.endswith(b"\n...\n") or new.endswith("\n...\n") or old.startswith(b"[]"):
        return None  # a document that must end where it does: render the whole year
    return old + new.encode("utf-8")


def _existing(folder: Path) -> set[str]:
    found: set[str] = set()
    for sub in ("", *FOLDERS):
        try:
            names = os.listdir(os.path.join(folder, sub))
        except (FileNotFoundError, NotADirectoryError):
            continue
        found |= {f"{sub}/{n}" if sub else n for n in names if n.endswith(".yaml") and not n.startswith(".")}
    return found


def check_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise NetcrmError(f"{folder}: exists and is not a folder")
    if folder.is_dir() and not (folder / "network.yaml").exists() and not pending(folder) and any(
        name != ".git" and not ours(name) for name in os.listdir(folder)
    ):
        raise NetcrmError(f"{folder}: not empty and not a netcrm export; choose an empty folder")


# The share of the touches rendered with the people, by the process writing them (see NewTree).
HANDED_SHARE = 0.4


def _handed(snap: _Snapshot) -> list[str]:
    """The oldest years, up to HANDED_SHARE of the touches: rendered and written with the people."""
    total = sum(len(items) for items in snap.years.values())
    handed, count = [], 0
    for rel in sorted(snap.years):
        count += len(snap.years[rel])
        if count > HANDED_SHARE * total:
            break
        handed.append(rel)
    return handed


def _people_files(snap: _Snapshot, handed: list[str]) -> Iterator[tuple[str, bytes]]:
    """The people's files, then the handed years: pure rendering, safe in a forked copy."""
    for contact in snap.contacts:
        yield f"people/{contact.id}.yaml", contact_yaml(contact).encode("utf-8")
    for rel in handed:
        yield rel, _render_touches_in_order(snap.years[rel]).encode("utf-8")


def _write_everything(folder: Path, snap: _Snapshot, ids: dict[str, list[str]], ordered: dict[str, str],
                      ) -> tuple[dict[str, tuple[str, Callable[[], str]]], dict[str, list[int]]]:
    """A first export into `folder`: the people (and the oldest years) are handed on first, so
    they are rendered and written meanwhile, while the digests and the other files are made here."""
    handed = _handed(snap)
    with NewTree(folder, len(snap.contacts), _people_files(snap, handed)) as tree:
        sources = _sources(snap)
        for rel, (_, render) in sources.items():
            if rel.startswith("people/"):
                continue
            year = snap.years.get(rel)
            if year is None:
                tree.write(rel, render().encode("utf-8"))
                continue
            year = _in_order(year)
            ids[rel] = [i.id for i in year]
            ordered[rel] = _ordered_digest(year)
            if rel not in handed:
                tree.write(rel, _render_touches(year).encode("utf-8"))
    return sources, tree.stats


def _changes(folder: Path, manifest: dict[str, Any], sources: dict[str, tuple[str, Callable[[], str]]],
             years: dict[str, list[Interaction]], ids: dict[str, list[str]], ordered: dict[str, str],
             ) -> tuple[dict[str, list[int]], dict[str, bytes]]:
    """In an existing export: the stat of each file left as it is, and the new bytes of each
    file that changed (rendered only when its records did, or the file was touched by hand)."""
    known: dict[str, Any] = manifest.get("files", {})
    old_ids: dict[str, list[str]] = manifest.get("touch_ids", {})
    changed: dict[str, bytes] = {}
    stats: dict[str, list[int]] = {}
    root = str(folder)
    for rel, (digest, render) in sources.items():
        path = os.path.join(root, rel)
        try:
            st = os.stat(path)
            now = [st.st_size, st.st_mtime_ns]
        except FileNotFoundError:
            now = None
        entry = known.get(rel)
        year = years.get(rel)
        if entry and now and entry["source"] == digest and entry["stat"] == now:
            stats[rel] = now
            if year is not None:
                ids[rel] = old_ids.get(rel) or [i.id for i in _in_order(year)]
                ordered[rel] = entry.get("ordered") or _ordered_digest(_in_order(year))
            continue
        if year is not None:
            year = _in_order(year)
            ids[rel] = [i.id for i in year]
            ordered[rel] = _ordered_digest(year)
            data = _appended(Path(path), entry, now, year, old_ids.get(rel)) or _render_touches(year).encode("utf-8")
        else:
            data = render().encode("utf-8")
        if now and now[0] == len(data) and Path(path).read_bytes() == data:
            stats[rel] = now
        else:
            changed[rel] = data
    return stats, changed


def export_yaml(ws: Workspace, folder: Path, git: bool = False) -> YamlExport:
    from netcrm.services import yaml_git

    folder = Path(folder).expanduser()
    check_folder(folder)
    if git:
        yaml_git.require_repo(folder)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    finish_interrupted(folder)
    with collector_paused():  # 110,000 records stay alive: walking them again and again cost ~40% of the CPU
        result = _export(ws, folder)
    if git:
        result.committed = yaml_git.commit(folder, result.message)
    return result


def _export(ws: Workspace, folder: Path) -> YamlExport:
    from netcrm.services import yaml_git

    mpath = manifest_path(ws, folder)
    manifest = load_state(mpath)
    snap = _snapshot(ws)
    ids: dict[str, list[str]] = {}
    ordered: dict[str, str] = {}
    if not os.path.lexists(folder / "network.yaml"):  # nothing exported here yet: write it all at once
        sources, stats = _write_everything(folder, snap, ids, ordered)
        written, removed = sorted(stats), []
    else:
        sources = _sources(snap)
        stats, changed = _changes(folder, manifest, sources, snap.years, ids, ordered)
        removed = sorted(_existing(folder) - sources.keys())
        commit_tree(folder, changed, removed)
        for rel in changed:
            st = (folder / rel).stat()
            stats[rel] = [st.st_size, st.st_mtime_ns]
        written = sorted(changed)
    result = YamlExport(
        people=len(snap.contacts),
        touches=sum(len(v) for v in ids.values()),
        written=written,
        removed=removed,
    )
    result.message = yaml_git.describe(ws, manifest, ids, result)
    files = {rel: {"source": sources[rel][0], "stat": stats[rel]} for rel in sources}
    for rel, digest in ordered.items():
        files[rel]["ordered"] = digest
    save_state(mpath, {"format": FORMAT, "files": files, "touch_ids": ids})
    return result


def contact_names(ws: Workspace, ids: list[str]) -> list[str]:
    out = []
    for cid in ids:
        contact: Contact | None = ws.repo.contact(cid)
        out.append(contact.name if contact else cid)
    return out
