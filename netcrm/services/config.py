"""The user's settings: a small optional YAML file, validated like every other edge."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path
from typing import Annotated, Literal

import msgspec

from netcrm.domain.warmth import Cadences
from netcrm.errors import NetcrmError

Days = Annotated[int, msgspec.Meta(ge=1, le=3650)]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[str, ...] = Weekday.__args__  # type: ignore[attr-defined]


class Config(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    organisation: str = ""
    """Your own organisation: its people are your internal network."""
    cadence: dict[str, Days] = msgspec.field(default_factory=lambda: {"internal": 30, "external": 60})
    """Default days between touches per circle."""
    tag_cadence: dict[str, Days] = {}
    """Days between touches for people with a tag (the shortest wins)."""
    daily_target: Annotated[int, msgspec.Meta(ge=0, le=50)] = 1
    """People to reach out to per work day."""
    work_days: list[Weekday] = msgspec.field(default_factory=lambda: ["mon", "tue", "wed", "thu", "fri"])
    timezone: str = ""
    """IANA zone such as Europe/Berlin; empty means the system's."""
    ics_export: str = ""
    """A path rewritten with your catch-ups after every change (empty: off)."""
    ics_birthdays: bool = False
    """Also put people's birthdays into the `ics_export` file."""
    auto_export_yaml: str = ""
    """A folder brought up to date with `export yaml` after every change (committed when it is a git
    repository; empty: off)."""

    def cadences(self) -> Cadences:
        return Cadences(by_circle={"internal": 30, "external": 60, **self.cadence}, by_tag=self.tag_cadence)

    def tzinfo(self) -> dt.tzinfo:
        if self.timezone:
            return zoneinfo.ZoneInfo(self.timezone)
        return dt.datetime.now().astimezone().tzinfo or dt.UTC

    def work_day_numbers(self) -> frozenset[int]:
        return frozenset(WEEKDAYS.index(d) for d in self.work_days)


def load_config(path: Path) -> Config:
    """The config at `path`; defaults when the file does not exist."""
    if not path.exists():
        return Config()
    from netcrm.services import yamlfmt  # only when there is a file to read

    text = path.read_text(encoding="utf-8")
    data = yamlfmt.load(text, str(path)) or {}
    if not isinstance(data, dict):
        raise NetcrmError(f"{path}: expected a mapping of settings")
    try:
        config = msgspec.convert(data, Config)
    except msgspec.ValidationError as exc:
        raise NetcrmError(yamlfmt.explain(exc, data, str(path), text)) from None
    if config.timezone:
        try:
            zoneinfo.ZoneInfo(config.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise NetcrmError(f"{path}: timezone: unknown time zone {config.timezone!r}") from None
    return config
