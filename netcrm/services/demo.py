"""The demo network: the example YAML folder, moved in time so it is always "today".

The example files carry the date they were written for (`as_of` in
network.yaml). Loading shifts every date by the days since then, so the demo
keeps its mix of warm, due and cold people whenever it is opened. Birthdays
stay put. It is written to a throw-away database, never the user's own.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import msgspec

from netcrm.domain.model import Record
from netcrm.errors import NetcrmError
from netcrm.formats.yaml_tree import Bundle, with_last_touches
from netcrm.services.workspace import Workspace
from netcrm.services.yaml_io import read_folder
from netcrm.storage.repository import Repository

R = TypeVar("R", bound=Record)

SHIFTED = ("met_on", "created", "updated", "snoozed_until", "at", "start")


def demo_folder() -> Path:
    """The bundled copy in a wheel, else `examples/network` of a source checkout."""
    bundled = resources.files("netcrm") / "demo_network"
    if bundled.is_dir():
        return Path(str(bundled))
    source = Path(__file__).resolve().parents[2] / "examples" / "network"
    if source.is_dir():
        return source
    raise NetcrmError("the demo network is missing from this installation")


def shift(record: R, days: dt.timedelta) -> R:
    changes: dict[str, Any] = {}
    for name in SHIFTED:
        value = getattr(record, name, None)
        if isinstance(value, (dt.date, dt.datetime)):
            changes[name] = value + days
    return msgspec.structs.replace(record, **changes) if changes else record


def load_demo(now: dt.datetime) -> Bundle:
    bundle = read_folder(demo_folder())
    as_of = bundle.meta.get("as_of")
    if isinstance(as_of, dt.date):
        days = dt.timedelta(days=(now.date() - as_of).days)
        bundle.contacts = [shift(c, days) for c in bundle.contacts]
        bundle.interactions = [shift(i, days) for i in bundle.interactions]
        bundle.plans = [shift(p, days) for p in bundle.plans]
        bundle.introductions = [shift(x, days) for x in bundle.introductions]
    bundle.contacts = with_last_touches(bundle.contacts, bundle.interactions)
    return bundle


def build_demo_db(path: Path, now: dt.datetime) -> Path:
    bundle = load_demo(now)
    ws = Workspace(Repository(path))
    with ws.repo.transaction():
        ws.repo.put_many(bundle.records())
    return path
