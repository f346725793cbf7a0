"""The user's settings: a small optional YAML file, validated like every other edge."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path
from typing import Annotated, Literal, get_args

import msgspec

from netcrm.domain.model import Kind
from netcrm.domain.warmth import CIRCLE_CADENCE, Cadences
from netcrm.errors import NetcrmError

Days = Annotated[int, msgspec.Meta(ge=1, le=3650)]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[str, ...] = get_args(Weekday)
# An address as people type it: something, one @, a domain with a dot; no spaces.
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
Email = Annotated[str, msgspec.Meta(pattern=EMAIL_PATTERN)]


class Me(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Who "I" am, so imports of mail and calendars can tell my side from theirs."""

    emails: list[Email] = []
    """My own email addresses (work and private)."""


class Config(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    organisation: str = ""
    """Your own organisation: its people are your internal network."""
    cadence: dict[str, Days] = msgspec.field(default_factory=lambda: dict(CIRCLE_CADENCE))
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
    me: Me = msgspec.field(default_factory=Me)
    """Facts about the user: `me.emails`, their own email addresses."""
    default_kind: Kind = "message"
    """What `netcrm log` records when no --kind is given (call, coffee, email, message...)."""
    max_attendees: Annotated[int, msgspec.Meta(ge=1, le=10000)] = 10
    """A meeting with more people than this is not a touch (an all-hands): `import calendar` skips it."""
    theme: str = ""
    """The app's colour theme (one of Textual's, e.g. nord); the app remembers the one you pick."""
    auto_export_yaml: str = ""
    """A folder brought up to date with `export yaml` after every change (committed when it is a git
    repository; empty: off)."""

    def cadences(self) -> Cadences:
        return Cadences(by_circle={**CIRCLE_CADENCE, **self.cadence}, by_tag=self.tag_cadence)

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
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise NetcrmError(f"{path}: not UTF-8 text (byte {exc.start}); save the config as UTF-8") from None
    return parse_config(text, str(path))


def parse_config(text: str, where: str) -> Config:
    """Settings from YAML text; errors name `where`, the setting and its line."""
    from netcrm.services import yaml_files  # only when there is text to read

    data = yaml_files.load(text, where) or {}
    if not isinstance(data, dict):
        raise NetcrmError(f"{where}: expected a mapping of settings")
    try:
        config = msgspec.convert(data, Config)
    except msgspec.ValidationError as exc:
        message = yaml_files.explain(exc, data, where, text)
        raise NetcrmError(message.replace(f"`str` matching regex {EMAIL_PATTERN!r}", "an email address")) from None
    if config.timezone:
        from netcrm.domain.rules import known_time_zone

        if not known_time_zone(config.timezone):
            raise NetcrmError(f"{where}: timezone: unknown time zone {config.timezone!r}")
    return config
