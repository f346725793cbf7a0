"""`netcrm doctor`: what in the database folder needs the user, and the safe repairs.

The files are read directly, not through the repository, because opening the
repository repairs things on the way (it finishes an interrupted change and
migrates an old single file): a check must change nothing unless asked to fix.
The repairs offered are the safe ones only (permissions, finishing a journal
entry or a migration, which every write would do anyway); nothing is deleted.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import msgspec

from netcrm.domain.model import Contact, Interaction, Introduction, Plan, Record
from netcrm.errors import NetcrmError
from netcrm.services.config import load_config
from netcrm.storage.journal import Journal
from netcrm.storage.layout import META, SCHEMA, new_table
from netcrm.storage.migrate import building_folder, schema_of
from netcrm.storage.paths import default_config_path, default_db_path
from netcrm.storage.repository import TABLES, Repository

PRIVATE_FOLDER, PRIVATE_FILE = 0o700, 0o600
SINGULAR = {"people": "person", "touches": "touch", "plans": "plan", "introductions": "introduction"}


@dataclass(frozen=True)
class Finding:
    """One thing worth saying about the database: where, what, and what to do about it."""

    where: str
    problem: str
    advice: str = ""
    repair: Callable[[], None] | None = field(default=None, compare=False)
    """The safe repair `--fix` applies (None: only the user can decide)."""
    needs_user: bool = True
    """False for a note (nothing is wrong); any finding that needs the user makes the exit status 2."""

    def line(self) -> str:
        return f"{self.where}: {self.problem}" + (f"; {self.advice}" if self.advice else "")


@dataclass
class Checkup:
    db: Path
    findings: list[Finding] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def healthy(self) -> bool:
        return not any(f.needs_user for f in self.findings)

    def summary(self) -> str:
        if not self.db.exists():
            return f"{self.db}: no database yet; `netcrm init` or `netcrm add NAME` starts one"
        what = ", ".join(f"{n} {kind if n != 1 else SINGULAR[kind]}" for kind, n in self.counts.items())
        return f"{self.db}: {'healthy' if self.healthy else 'needs you'}" + (f" ({what})" if what else "")


def database_path(db: Path | None) -> Path:
    """The database the other commands would open (a symlink is followed, as they do)."""
    path = db or default_db_path()
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def examine(db: Path | None = None, config: Path | None = None) -> Checkup:
    """Every finding about the database at `db` and the config at `config`; writes nothing."""
    path = database_path(db)
    checkup = Checkup(path)
    checkup.findings += _config(config or default_config_path())
    checkup.findings += _layout(path)
    if path.is_dir() and not (path / META).exists() and any(path.iterdir()):
        # Not ours (`--db ~` by mistake): say so and look no further, least of all into every file below.
        checkup.findings.append(Finding(str(path), "is a folder that is not a netcrm database",
                                        "check --db / NETCRM_DB"))
        return checkup
    if path.is_dir() and not _old_folder(path):  # an older folder is read once it is moved
        checkup.findings += _journal(path)
        records, unreadable, findings = _records(path)
        checkup.findings += findings
        checkup.findings += _references(records, unreadable)
        checkup.counts = {
            "people": len(records[Contact]),
            "touches": len(records[Interaction]),
            "plans": len(records[Plan]),
            "introductions": len(records[Introduction]),
        }
    checkup.findings += _permissions(path)
    checkup.findings += _backups(path)
    return checkup


def fix(db: Path | None = None, config: Path | None = None) -> tuple[list[str], list[str], Checkup]:
    """Apply every safe repair: what was repaired, what could not be, and the checkup after.

    The layout and the journal go first: finishing a migration moves files, so their
    permissions are looked at again afterwards."""
    done: list[str] = []
    failed: list[str] = []
    for _ in range(2):
        checkup = examine(db, config)
        for finding in checkup.findings:
            if finding.repair is None:
                continue
            try:
                finding.repair()
            except (OSError, NetcrmError) as exc:
                failed.append(f"{finding.line()} (not repaired: {getattr(exc, 'strerror', None) or exc})")
            else:
                done.append(f"{finding.where}: {finding.problem}")
    return done, failed, examine(db, config)


# The checks ---------------------------------------------------------------------------
def _config(path: Path) -> list[Finding]:
    try:
        load_config(path)
    except NetcrmError as exc:
        where, problem = _split(str(exc), str(path))
        return [Finding(where, problem, "every command refuses to run until it is fixed")]
    except OSError as exc:
        return [Finding(str(path), f"cannot read the config ({exc.strerror or exc})")]
    return []


def _layout(path: Path) -> list[Finding]:
    """An old single file or folder not yet moved, or a move that was interrupted."""
    found = []
    if path.is_file():
        found.append(Finding(str(path), "the old single-file layout",
                             "the next write moves it to the faster folder layout, keeping a backup "
                             "(doctor --fix does it now)", _open(path), needs_user=False))
    elif path.is_dir() and _old_folder(path):
        found.append(Finding(str(path), "the older folder layout (one file of people, touches by year)",
                             "the next command moves it to the faster layout, keeping the old folder as a backup "
                             "(doctor --fix does it now)", _open(path), needs_user=False))
    elif path.exists() and not path.is_dir():
        found.append(Finding(str(path), "is not a file or a folder netcrm can use"))
    if building_folder(path).exists():
        found.append(Finding(str(building_folder(path)), "a move to the folder layout was interrupted",
                             "doctor --fix finishes it (or removes the unfinished copy)", _open(path)))
    return found


def _old_folder(path: Path) -> bool:
    try:
        schema = schema_of(path)
    except NetcrmError:
        return False  # said by the records check (every command refuses it)
    return schema is not None and schema < SCHEMA


def _journal(path: Path) -> list[Finding]:
    unfinished = Journal(path).unfinished()
    return [
        Finding(str(slot.path), f"a change that was interrupted ({slot.state})",
                "doctor --fix (or the next write) finishes it", _open(path))
        for slot in unfinished
    ]


Records = dict[type[Record], dict[str, Record]]


def _records(path: Path) -> tuple[Records, set[str], list[Finding]]:
    """Every readable record by kind, the ids of people set aside, and what could not be read."""
    records: Records = {}
    unreadable_people: set[str] = set()
    found = []
    for kind, name in TABLES.items():
        table = new_table(kind, path)
        try:
            records[kind] = dict(table.records())
        except NetcrmError as exc:
            records[kind] = {}
            where, problem = _split(str(exc), str(path / name))
            found.append(Finding(where, problem,
                                 "commands that read it refuse to run until it is fixed (it was left as it is)"))
            continue
        for aside in table.set_aside.values():
            rid = _id_of(aside.raw)
            which = f"record {aside.doc_id}" + (f" (id {rid})" if rid else "")
            found.append(Finding(f"{aside.path} {which}", f"cannot be read: {aside.error}",
                                 "netcrm leaves it out and keeps it in the file as it is; fix it there "
                                 "and it is read again"))
            if rid and kind is Contact:
                unreadable_people.add(rid)  # unreadable, but there: not a dangling reference
        for rid, here, there in table.misplaced():
            found.append(Finding(f"{here} id {rid}", f"is in the wrong file: netcrm looks for it by id in {there}",
                                 "move the document there, or change the record (e.g. netcrm edit) and "
                                 "netcrm moves it"))
    return records, unreadable_people, found


def _references(records: Records, unreadable_people: set[str]) -> Iterator[Finding]:
    """Touches, plans, introductions and introducers naming a person who is not in the database."""
    people = records[Contact].keys() | unreadable_people
    for touch in records[Interaction].values():
        assert isinstance(touch, Interaction)
        for missing in _missing(touch.contacts, people):
            yield Finding(f"touch {touch.id} ({touch.at:%Y-%m-%d} {touch.kind})",
                          f"names {missing}, who is not in the database",
                          f"`netcrm touch edit {touch.id} --with NAME...` names the right people")
    for plan in records[Plan].values():
        assert isinstance(plan, Plan)
        for missing in _missing(plan.contacts, people):
            yield Finding(f"catch-up {plan.id} ({plan.start:%Y-%m-%d})", f"names {missing}, who is not in the database",
                          f"`netcrm plan edit {plan.id} --with NAME...` names the right people")
    for intro in records[Introduction].values():
        assert isinstance(intro, Introduction)
        for missing in _missing((intro.a, intro.b), people):
            yield Finding(f"introduction {intro.id} ({intro.at:%Y-%m-%d})", f"names {missing}, who is not in the database",
                          "it stays in the history as it is; remove it from introductions.json if it is wrong")
    for contact in records[Contact].values():
        assert isinstance(contact, Contact)
        if contact.introduced_by and contact.introduced_by not in people:
            yield Finding(f"person {contact.id}", f"introduced by {contact.introduced_by}, who is not in the database",
                          f"`netcrm edit {contact.id}` corrects or clears introduced_by")


def _missing(ids: Iterable[str], people: set[str]) -> list[str]:
    return [i for i in ids if i not in people]


def _permissions(path: Path) -> list[Finding]:
    """The database and the files netcrm keeps beside it (lock, sync state, backups) are the user's only."""
    found = []
    for item in _owned_paths(path):
        try:
            mode = stat.S_IMODE(item.lstat().st_mode)
        except OSError:
            continue
        if item.is_symlink():
            continue
        want = PRIVATE_FOLDER if item.is_dir() else PRIVATE_FILE
        if mode & 0o077:
            found.append(Finding(str(item), f"others may read it (mode {mode:04o})",
                                 f"doctor --fix makes it {want:04o}", _chmod(item, want)))
    return found


def _owned_paths(path: Path) -> Iterator[Path]:
    siblings = sorted(path.parent.glob(f"{path.name}.*")) if path.parent.is_dir() else []
    for top in (path, *siblings):
        if not top.exists():
            continue
        yield top
        if top.is_dir() and not top.is_symlink():
            yield from sorted(top.rglob("*"))


def _backups(path: Path) -> list[Finding]:
    kept = {"v1": "the old single-file database", "v2": "the older database folder"}
    return [
        Finding(str(backup), f"{kept[v]}, kept when it was moved to the faster layout",
                "delete it once you are sure nothing is missing", needs_user=False)
        for v in kept
        for backup in sorted(path.parent.glob(f"{path.name}.{v}-backup*"))
        if path.parent.is_dir()
    ]


# Repairs and helpers ------------------------------------------------------------------
def _open(path: Path) -> Callable[[], None]:
    """Opening the repository finishes an interrupted change or migration (under the write lock)."""

    def run() -> None:
        Repository(path).contacts()

    return run


def _chmod(path: Path, mode: int) -> Callable[[], None]:
    return lambda: os.chmod(path, mode)


def _id_of(raw: bytes) -> str:
    try:
        value = msgspec.json.decode(raw)
    except msgspec.DecodeError:
        return ""
    rid = value.get("id") if isinstance(value, dict) else None
    return rid if isinstance(rid, str) else ""


def _split(message: str, where: str) -> tuple[str, str]:
    """Error messages start with the file they name ("PATH: problem"); a finding names it once."""
    head, sep, rest = message.partition(": ")
    return (head, rest) if sep and head.startswith(where.rsplit(".", 1)[0]) else (where, message)
