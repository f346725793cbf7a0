"""The networking map: whom you know where, and where you have no warm contact.

Inside your own organisation the map is by department; outside it, by
organisation. A group with people but nobody warm is flagged: that is where a
coffee would open a door. Mentors and mentees (by tag) are listed with how
warm each is. Warmth bands come from `warmth.warmth` with the day as a parameter.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field

from netcrm.domain.lookup import fold
from netcrm.domain.model import Contact
from netcrm.domain.rules import is_internal
from netcrm.domain.warmth import BANDS, Cadences, Warmth, warmth

NO_DEPARTMENT = "(no department)"
NO_ORG = "(no organisation)"


@dataclass(slots=True)
class Group:
    """People in one department or organisation: those you have talked to by warmth band,
    and those you never contacted (not warm, however recently you met them)."""

    name: str
    bands: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BANDS, 0))
    never: int = 0

    @property
    def known(self) -> int:
        return sum(self.bands.values()) + self.never

    @property
    def warm(self) -> int:
        return self.bands["warm"]

    @property
    def no_warm_contact(self) -> bool:
        return self.known > 0 and self.warm == 0


@dataclass(slots=True)
class OrgMap:
    organisation: str  # the user's own ("" when not configured: the internal circle)
    departments: list[Group]
    organisations: list[Group]
    mentors: list[Warmth]
    mentees: list[Warmth]

    @property
    def cold_departments(self) -> list[str]:
        return [g.name for g in self.departments if g.no_warm_contact]


@functools.lru_cache(maxsize=4096)
def group_key(name: str) -> str:
    """Names of departments and organisations repeat: fold each spelling once."""
    return fold(name)


def _sorted(groups: dict[str, Group]) -> list[Group]:
    return sorted(groups.values(), key=lambda g: (-g.known, g.name.casefold()))


def org_map(contacts: Iterable[Contact], today: dt.date, cadences: Cadences, organisation: str = "") -> OrgMap:
    """Departments of your organisation, other organisations, mentors and mentees."""
    departments: dict[str, Group] = {}
    organisations: dict[str, Group] = {}
    mentors: list[Warmth] = []
    mentees: list[Warmth] = []
    for contact in contacts:
        if contact.archived:
            continue
        w = warmth(contact, today, cadences)
        if is_internal(contact.circle, contact.org, organisation):
            key = contact.department or NO_DEPARTMENT
            groups = departments
        else:
            key = contact.org or NO_ORG
            groups = organisations
        folded = group_key(key)  # "ACME" and "Acme" are one group, named as first seen
        group = groups.get(folded)
        if group is None:
            group = groups[folded] = Group(key)
        if w.touched:
            group.bands[w.band] += 1
        else:
            group.never += 1
        if "mentor" in contact.tags:
            mentors.append(w)
        if "mentee" in contact.tags:
            mentees.append(w)
    by_ratio = lambda w: (w.ratio, w.contact.name.casefold())
    return OrgMap(
        organisation, _sorted(departments), _sorted(organisations), sorted(mentors, key=by_ratio),
        sorted(mentees, key=by_ratio),
    )

