"""`netcrm init`: a first database (empty, the demo network, or an import) and a commented config.

The command asks; this module decides and writes. Everything that can be
wrong (a bad setting, an unreadable import, a database that already holds
people) is found before the first byte is written.
"""

from __future__ import annotations

import os
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from netcrm.errors import NetcrmError
from netcrm.services.config import parse_config
from netcrm.services.workspace import Workspace, system_clock
from netcrm.storage.atomic import atomic_write
from netcrm.storage.paths import default_config_path, default_db_path
from netcrm.storage.repository import Repository

SOURCES = "empty, demo, a vCard file or folder (.vcf), LinkedIn's Connections.csv, or a folder from `export yaml`"


@dataclass
class Answers:
    """What the user chose; unset fields take the defaults of `Config`."""

    start: str = "empty"
    organisation: str = ""
    emails: list[str] = field(default_factory=list)
    timezone: str = ""
    daily_target: int = 1
    work_days: list[str] = field(default_factory=lambda: ["mon", "tue", "wed", "thu", "fri"])
    cadence: dict[str, int] = field(default_factory=lambda: {"internal": 30, "external": 60})


@dataclass
class Setup:
    """Where init writes, and what is already there."""

    config_path: Path
    db_path: Path
    config_exists: bool
    people: int


def current_setup(db: Path | None = None) -> Setup:
    """Where init would write, and whether a config and people are there already."""
    config_path, db_path = default_config_path(), db or default_db_path()
    people = len(Repository(db_path).contacts()) if db_path.exists() else 0
    return Setup(config_path, db_path, config_path.exists(), people)


def system_timezone() -> str:
    """The IANA name of this machine's zone (`TZ`, else /etc/localtime's link), or "" if unknown."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        target = os.path.realpath("/etc/localtime")
        if "/zoneinfo/" in target:
            candidates.append(target.split("/zoneinfo/", 1)[1])
    except OSError:
        pass
    for name in candidates:
        if name and valid_timezone(name):
            return name
    return ""


def valid_timezone(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def source_kind(start: str) -> str:
    """'empty', 'demo', 'vcard', 'linkedin' or 'yaml': what `start` names."""
    if start in ("empty", "demo"):
        return start
    path = Path(start).expanduser()
    if path.is_file():
        suffix = path.suffix.lower()
        if suffix in (".vcf", ".vcard"):
            return "vcard"
        if suffix == ".csv":
            return "linkedin"
    elif path.is_dir():
        if (path / "network.yaml").is_file() or (path / "people").is_dir():
            return "yaml"
        if any(p.suffix.lower() in (".vcf", ".vcard") for p in path.iterdir()):
            return "vcard"
    elif not path.exists():
        raise NetcrmError(f"--from {start}: no such file or folder (expected {SOURCES})")
    raise NetcrmError(f"--from {start}: cannot tell what this is (expected {SOURCES})")


def demo_organisation() -> str:
    """The demo network's own organisation, so its colleagues count as internal."""
    from netcrm.services.demo import load_demo

    orgs = Counter(c.org for c in load_demo(system_clock()).contacts if c.circle == "internal" and c.org)
    return orgs.most_common(1)[0][0] if orgs else ""


# The file init writes: each setting with a line saying what it does.
TEMPLATE = """\
# netcrm settings, written by `netcrm init`. Every setting is optional:
# delete a line to get its default back. The README ("Where your data lives") lists them all.

# Your organisation: its people are your internal network, everyone else is external.
{organisation}
# Your own email addresses, so imported mail and calendars know which side is you.
{me}
# Default days between touches, per circle (a person's own cadence wins).
{cadence}
# Days between touches for people with a tag, e.g. {{mentor: 45}} (the shortest wins).
{tag_cadence}
# The daily habit: people to reach out to per work day, and which days are work days.
{daily_target}{work_days}
# Your time zone as an IANA name such as Europe/Berlin; '' follows the computer's.
{timezone}
# A calendar file rewritten with your catch-ups after every change ('' is off),
# and whether birthdays go into it too.
{ics_export}{ics_birthdays}"""


def _flow(value: Any) -> str:
    """One YAML value on one line, quoted only where YAML needs it."""
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, sort_keys=False, width=10**6)
    return text.removesuffix("...\n").strip()


def _setting(key: str, value: Any) -> str:
    return f"{key}: {_flow(value)}\n"


def render_config(answers: Answers) -> str:
    """The commented config.yaml for `answers`; it is checked by the same loader netcrm reads it with."""
    text = TEMPLATE.format(
        organisation=_setting("organisation", answers.organisation),
        me="me:\n  " + _setting("emails", answers.emails),
        cadence=_setting("cadence", answers.cadence),
        tag_cadence=_setting("tag_cadence", {}),
        daily_target=_setting("daily_target", answers.daily_target),
        work_days=_setting("work_days", answers.work_days),
        timezone=_setting("timezone", answers.timezone),
        ics_export=_setting("ics_export", ""),
        ics_birthdays=_setting("ics_birthdays", False),
    )
    parse_config(text, "the new config.yaml")
    return text


def check(setup: Setup, kind: str) -> None:
    """Refuse, before writing anything, to pour a network into a database that already has one."""
    if kind != "empty" and setup.people:
        raise NetcrmError(
            f"{setup.db_path} already holds {_people(setup.people)}; init only fills a new database "
            f"(add to it with `netcrm import ...`, or give another with --db)"
        )


def _people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


def read_source(kind: str, start: str) -> Any:
    """Parse the import before anything is written: a broken file leaves no half-made setup behind."""
    path = Path(start).expanduser()
    if kind == "vcard":
        from netcrm.services.vcard import read_vcards

        return read_vcards(path)
    if kind == "linkedin":
        from netcrm.services.linkedin import read_linkedin

        return read_linkedin(path)
    if kind == "yaml":
        from netcrm.services.yaml_io import read_folder

        read_folder(path)  # validates every file; import_yaml reads it again inside the transaction
    return None


def fill(ws: Workspace, kind: str, start: str, parsed: Any) -> str:
    """Put the chosen people into the (empty) database; a line saying what came in."""
    if kind == "demo":
        from netcrm.services.demo import load_demo

        bundle = load_demo(ws.now())
        with ws.repo.transaction():
            ws.repo.put_many(bundle.records())
        return f"{sum(not c.archived for c in bundle.contacts)} people from the demo network"
    if kind == "yaml":
        from netcrm.services.yaml_io import import_yaml

        return f"imported {start}: " + "; ".join(import_yaml(ws, Path(start).expanduser()).lines())
    if kind in ("vcard", "linkedin"):
        from netcrm.services.importing import import_people

        result = import_people(ws, parsed)
        return f"imported {start}: {result.summary()}"
    with ws.repo.transaction("init"):  # the empty database folder, so that `netcrm list` finds it there
        pass
    return "empty; add people with `netcrm add` or `a` in the app"


def write_config(setup: Setup, text: str, replace: bool) -> str:
    """Write config.yaml unless one is there; with `replace`, the old one is kept as config.yaml.bak."""
    path = setup.config_path
    if setup.config_exists and not replace:
        return f"{path} (already there, left as it is; --force rewrites it)"
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    note = "written"
    if setup.config_exists:
        backup = path.with_name(path.name + ".bak")
        atomic_write(backup, path.read_bytes())
        note = f"rewritten; the old one is {backup.name}"
    atomic_write(path, text.encode("utf-8"))
    return f"{path} ({note})"


def run_init(setup: Setup, answers: Answers, replace_config: bool = False) -> list[str]:
    """Check everything, then fill the database and write the config; lines for the user."""
    kind = source_kind(answers.start)
    check(setup, kind)
    text = render_config(answers)
    parsed = read_source(kind, answers.start)
    config = parse_config(text, str(setup.config_path))
    ws = Workspace(Repository(setup.db_path), config, system_clock)
    if setup.people:
        network = f"{_people(setup.people)} already there, left as they are"
    else:
        setup.db_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        network = fill(ws, kind, answers.start, parsed)
    settings = write_config(setup, text, replace_config)
    return [f"settings  {settings}", f"network   {setup.db_path}: {network}"]
