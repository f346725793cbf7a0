"""People as a file describes them, before they are matched against the network.

The vCard and LinkedIn readers return these; `services.importing` matches each
against the people already there, then creates or merges.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Progress = Callable[[int, int], None]
"""`progress(done, total)`, called as a reader gets through a big file."""


@dataclass
class Candidate:
    """One person as a file describes them: Contact fields (no id) and where they came from."""

    fields: dict[str, Any]
    source: str
    connected_on: dt.date | None = None
    # LinkedIn says where someone works *now*: a change there is news, not a conflict.
    current_job: bool = False
    # What the reader kept in another form than the source had it, to say in the summary.
    remarks: list[str] = field(default_factory=list)


@dataclass
class Parsed:
    candidates: list[Candidate] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
