"""A workspace bundles what every use case needs: the repository, the settings and the clock."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from netcrm.domain.lookup import resolve
from netcrm.domain.model import Contact
from netcrm.domain.warmth import Cadences
from netcrm.errors import NetcrmError, NotFound
from netcrm.services.config import Config, load_config
from netcrm.storage.paths import default_config_path, default_db_path
from netcrm.storage.repository import Repository

Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    """Now, or the instant in `NETCRM_NOW` (ISO 8601) so tests and demos can pin the date."""
    pinned = os.environ.get("NETCRM_NOW")
    if pinned:
        try:
            value = dt.datetime.fromisoformat(pinned)
        except ValueError:
            raise NetcrmError(f"NETCRM_NOW: not an ISO 8601 date-time: {pinned!r}") from None
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return dt.datetime.now(dt.UTC)


def new_id(prefix: str) -> str:
    return f"{prefix}-{os.urandom(5).hex()}"


@dataclass
class Workspace:
    repo: Repository
    config: Config = field(default_factory=Config)
    clock: Clock = system_clock
    hooks: dict[str, Callable[[Repository], None]] = field(default_factory=dict)
    """After-commit hooks installed for this workspace by name (the calendar file, the YAML
    export), so installing one again replaces it instead of running it twice."""

    def now(self) -> dt.datetime:
        return self.clock().astimezone(self.config.tzinfo()).replace(microsecond=0)

    def today(self) -> dt.date:
        return self.now().date()

    def cadences(self) -> Cadences:
        return self.config.cadences()

    def find(self, name: str) -> Contact:
        """The person `name` names (see `domain.lookup.resolve`), decoding only the contact found."""
        exact = self.repo.contact_quick(name.strip()) if name.strip() else None
        if exact is not None:
            return exact  # an exact id, found without decoding anyone else
        found = self.repo.contact(resolve(self.repo.contact_names(), name).id)
        if found is None:  # the document that matched cannot be read: it was set aside
            raise NotFound(f"no one called {name!r} (their record cannot be read; see the notice above)")
        return found

    def planned_ids(self) -> set[str]:
        """People with a catch-up still ahead: they are not going cold."""
        now = self.now()
        return {
            cid
            for plan in self.repo.plans()
            if plan.status == "planned" and plan.end >= now
            for cid in plan.contacts
        }


def open_workspace(
    db: Path | None = None, config_path: Path | None = None, clock: Clock = system_clock
) -> Workspace:
    config = load_config(config_path or default_config_path())
    return Workspace(Repository(db or default_db_path()), config, clock)
