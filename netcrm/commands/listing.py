"""`list`: people matching a query in the app's search language, as the app lists them."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

import msgspec

from netcrm.commands.context import workspace_for
from netcrm.commands.output import CONTACT_KEYS, ago, contact_json, print_csv, print_table
from netcrm.domain.model import CIRCLES, Contact

if TYPE_CHECKING:
    from netcrm.domain.search import Query
    from netcrm.domain.warmth import Warmth
    from netcrm.services.directory import Found

SORTS = ("name", "overdue", "last-touch")  # services.directory.SORTS (not imported: --help stays fast)
CSV_COLUMNS = (
    "id", "name", "org", "department", "title", "circle", "tags", "emails", "phones",
    "band", "days_since_touch", "cadence", "overdue_days", "last_touch",
)
EXAMPLES = """examples:
  netcrm list                                everyone, by name (as the app lists them)
  netcrm list 'tag:mentor dept:finance zoe'  the app's search language
  netcrm list is:snoozed                     also is:archived, is:cold
  netcrm list --cold --limit 5               the five most overdue
  netcrm list --sort last-touch --json       most recently touched first, as JSON
  netcrm list --format csv > people.csv      for a spreadsheet
"""


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    ls = sub.add_parser(
        "list", parents=[common], help="list people (going cold with --cold)", epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="People matching QUERY, in the app's search language: free words search name, "
        "organisation, department, title, tags and skills; field:value narrows (tag: dept: org: title: "
        "skill: ask: offer: interest: circle: stage: city:); is:archived, is:snoozed, is:cold.",
    )
    ls.add_argument("query", nargs="*", metavar="QUERY", help="search terms, e.g. 'tag:mentor zoe'")
    ls.add_argument("--cold", action="store_true", help="only people past their cadence (is:cold), most overdue first")
    ls.add_argument("--tag", action="append", default=[], metavar="T", help="only people with tag T (tag:T)")
    ls.add_argument("--circle", choices=CIRCLES, default=None, help="only this circle (circle:C)")
    ls.add_argument("--archived", action="store_true", help="include archived people")
    ls.add_argument("--sort", choices=SORTS, default=None,
                    help="name (default; accents folded), overdue (most overdue first), last-touch (most recent first)")
    ls.add_argument("--limit", type=_positive, default=None, metavar="N", help="at most N people")
    ls.add_argument("--json", action="store_true", help="one JSON array, YAML keys plus warmth")
    ls.add_argument("--format", choices=("text", "csv"), default="text", help="csv: for a spreadsheet")
    ls.set_defaults(handler=cmd_list)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"a whole number of people, 1 or more (got {text!r})")
    return int(text)


def query_text(args: argparse.Namespace) -> str:
    """The search as the app's search box would show it (for messages)."""
    parts = list(args.query)
    parts += [f"tag:{t}" for t in args.tag]
    if args.circle:
        parts.append(f"circle:{args.circle}")
    if args.cold:
        parts.append("is:cold")
    return " ".join(parts)


def parsed_query(args: argparse.Namespace) -> Query:
    """The search, with --tag and --circle as whole values: a tag may hold a space ("needs love")."""
    import dataclasses

    from netcrm.domain.lookup import fold
    from netcrm.domain.search import parse_query

    query = parse_query(" ".join(args.query))
    fields = [*query.fields, *(("tags", fold(t)) for t in args.tag)]
    if args.circle:
        fields.append(("circle", args.circle))
    states = (*query.states, "cold") if args.cold and "cold" not in query.states else query.states
    return dataclasses.replace(query, fields=tuple(fields), states=states)


def cmd_list(args: argparse.Namespace) -> int:
    from netcrm.services.collector import collector_paused
    from netcrm.services.listing import listing_directory

    ws = workspace_for(args)
    with collector_paused():  # everything read stays alive until printed (services.listing)
        directory = listing_directory(ws, CONTACT_KEYS if args.json else None)
        text = query_text(args)
        sort = args.sort or ("overdue" if args.cold else "name")
        found = directory.search(parsed_query(args), sort=sort, limit=args.limit, include_archived=args.archived)
        print_rows(found, args, text)
    return 0


def print_rows(found: Found, args: argparse.Namespace, text: str) -> None:
    rows = found.rows
    if args.json:
        sys.stdout.buffer.write(rows_json(rows) + b"\n")
        sys.stdout.flush()
        return
    if args.format == "csv":
        print_csv([csv_row(w) for w in rows], CSV_COLUMNS)
        return
    if not rows:
        print(empty_message(text, found.total, args.cold))
        return
    from netcrm.domain.warmth import BAND_COLOURS, MARKS

    lines = []
    for w in rows:
        c = w.contact
        where = f"{c.org} / {c.department}" if c.org and c.department else c.org or c.department or "-"
        since = ago(w.days) if w.touched else "never"
        late = w.days - w.cadence
        lines.append((MARKS[w.band], c.name, where, c.title or "-", f"{since} +{late}d" if late > 0 else since))
    print_table(lines, ("", "name", "org / department", "title", "last touch"), [BAND_COLOURS[w.band] for w in rows])


def rows_json(rows: list[Warmth]) -> bytes:
    """The JSON array of `contact_json(w.contact, w)` for every row, byte for byte. Rows of
    `services.listing.json_ready` records are encoded as they are, each followed by its
    warmth (a small Struct whose first key is "band"), in one call; then every record's
    closing brace before its warmth goes. `},{"band":` occurs nowhere else: records hold
    no nested objects, and a quote inside a string is escaped. ("cadence" stays where
    the record has one, as `dict.update` leaves it.)"""
    if not rows or isinstance(rows[0].contact, Contact):  # the whole-record path
        return msgspec.json.encode([contact_json(w.contact, w) for w in rows])
    items: list[object] = []
    for w in rows:
        if w.contact.cadence is None:
            tail: msgspec.Struct = _Tail(w.band, w.days, w.cadence, w.days - w.cadence, round(w.ratio, 3))
        else:
            tail = _PacedTail(w.band, w.days, w.days - w.cadence, round(w.ratio, 3))
        items += (w.contact, tail)
    return msgspec.json.encode(items).replace(b'},{"band":', b',"band":')


class _PacedTail(msgspec.Struct, gc=False):
    """The warmth keys `contact_json` adds after a record that has its own cadence."""

    band: str
    days_since_touch: int
    overdue_days: int
    overdue_ratio: float


class _Tail(msgspec.Struct, gc=False):
    """The warmth keys `contact_json` adds after a record without a cadence: the cadence is new."""

    band: str
    days_since_touch: int
    cadence: int
    overdue_days: int
    overdue_ratio: float


def empty_message(text: str, total: int, cold: bool) -> str:
    """Say what was searched, so "nothing" is not mistaken for "no data"."""
    if total == 0:
        return "no people yet; add one with `netcrm add NAME`"
    if cold and text == "is:cold":
        return "no one is going cold"
    return f"no one matches {text!r} (searched {total} people)"


def csv_row(w: Warmth) -> list[object]:
    c = w.contact
    return [
        c.id, c.name, c.org, c.department, c.title, c.circle, "; ".join(c.tags), "; ".join(c.emails),
        "; ".join(c.phones), w.band, w.days, w.cadence, w.overdue_days,
        c.last_touch.isoformat() if c.last_touch else "",
    ]
