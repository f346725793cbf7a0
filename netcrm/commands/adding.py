"""`add` and `delete`: a person joins the network (every field the app's form has) or leaves it."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from netcrm.commands.context import workspace_for
from netcrm.domain.model import CIRCLES, STAGES

if TYPE_CHECKING:  # the workspace is imported when a command runs, not for --help
    from netcrm.domain.model import Contact
    from netcrm.services.workspace import Workspace

# Repeatable options: (option, contact field, help). Each may also hold comma-separated values.
LIST_OPTIONS = (
    ("--tag", "tags", "a tag, e.g. mentor (repeat for more)"),
    ("--skill", "skills", "what they know (repeat for more)"),
    ("--ask", "asks", "what they are looking for"),
    ("--offer", "offers", "what you can offer them"),
    ("--interest", "interests", "an interest"),
    ("--goal", "goals", "why you keep in touch: learn, mentor, job, business, support..."),
    ("--email", "emails", "an email address"),
    ("--phone", "phones", "a phone number"),
    ("--link", "links", "LinkedIn, website..."),
    ("--family", "family", "e.g. 'daughter Mia (7)'"),
)
TEXT_OPTIONS = (
    ("--org", "org", "organisation (sets the circle: internal when it is yours)"),
    ("--department", "department", "department"),
    ("--title", "title", "role or title"),
    ("--location", "location", "city or place"),
    ("--timezone", "timezone", "IANA time zone, e.g. Europe/Berlin"),
    ("--how-met", "how_met", "how you met"),
    ("--notes", "notes", "free notes"),
)
ADD_EXAMPLES = """examples:
  netcrm add "Zoë Ødegård" --org Northwind --department Finance --tag mentor
  netcrm add "Raj Patel" --email raj@example.com --skill python --skill k8s --met-on 'last fri'
  netcrm add "Ana Lima" --birthday '16 apr' --timezone America/Sao_Paulo --introduced-by zoe
  netcrm add "Ana Lima" --new      a second person with a name already in the network
"""
DELETE_EXAMPLES = """examples:
  netcrm delete "Kai Müller"       asks nothing; archive instead to keep their history
  netcrm delete kai-muller --json  what was removed, as JSON
"""


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    add = sub.add_parser(
        "add", parents=[common], help="add a person", epilog=ADD_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Add a person with any field of the app's form. A name already in the network is "
        "refused (its id is shown) unless --new is given.",
    )
    add.add_argument("name", metavar="NAME", help="their full name")
    for option, dest, text in TEXT_OPTIONS:
        add.add_argument(option, dest=dest, default="", metavar="TEXT", help=text)
    for option, dest, text in LIST_OPTIONS:
        add.add_argument(option, dest=dest, action="append", default=[], metavar=option[2:].upper(), help=text)
    add.add_argument("--circle", choices=CIRCLES, default=None,
                     help="internal or external (default: from --org and your configured organisation)")
    add.add_argument("--stage", choices=STAGES, default=None, help="how close you are (default new)")
    add.add_argument("--cadence", type=int, default=None, metavar="DAYS",
                     help="days between touches (default: by tag, then by circle)")
    add.add_argument("--met-on", default=None, metavar="WHEN", help="when you met, e.g. 2024-03-05 or 'last fri'")
    add.add_argument("--birthday", default=None, metavar="DAY", help="1985-04-16, or '16 apr' without the year")
    add.add_argument("--introduced-by", default=None, metavar="NAME", help="who introduced you (a name or id)")
    add.add_argument("--new", action="store_true", help="add even when someone has this name already")
    add.set_defaults(handler=cmd_add)

    delete = sub.add_parser(
        "delete", parents=[common], help="remove a person and the touches only they were in",
        epilog=DELETE_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Remove a person for good (`archive` keeps them). Touches and plans with only them go; "
        "shared ones stay for the others; their introductions go.",
    )
    delete.add_argument("name", metavar="NAME", help="an id or a unique part of a name")
    delete.add_argument("--json", action="store_true", help="what was removed, as JSON")
    delete.set_defaults(handler=cmd_delete)


def contact_fields(args: argparse.Namespace, ws: Workspace) -> dict[str, object]:
    """Contact fields from the options, dates read as the app's form reads them."""
    from netcrm.domain.rules import circle_for
    from netcrm.domain.when import DateError, parse_birthday, parse_day
    from netcrm.errors import NetcrmError

    fields: dict[str, object] = {dest: getattr(args, dest) for _, dest, _ in TEXT_OPTIONS}
    for _, dest, _ in LIST_OPTIONS:
        fields[dest] = [part.strip() for value in getattr(args, dest) for part in value.split(",") if part.strip()]
    fields["circle"] = args.circle or circle_for(args.org, ws.config.organisation)
    fields.update(stage=args.stage, cadence=args.cadence)
    try:
        fields["met_on"] = parse_day(args.met_on, ws.today(), prefer="past") if args.met_on else None
    except DateError as exc:
        raise NetcrmError(f"met_on: {exc}", field="met_on") from None
    try:
        fields["birthday"] = parse_birthday(args.birthday) if args.birthday else None
    except DateError as exc:
        raise NetcrmError(f"birthday: {exc}", field="birthday") from None
    try:
        fields["introduced_by"] = ws.find(args.introduced_by).id if args.introduced_by else None
    except NetcrmError as exc:
        raise type(exc)(f"introduced_by: {exc}", field="introduced_by") from None
    return fields


def same_name(ws: Workspace, name: str) -> list[Contact]:
    """People already called `name` (accents and case aside): adding another is probably a mistake."""
    from netcrm.domain.lookup import fold

    wanted = fold(name.strip())
    return [c for c in ws.repo.contacts() if fold(c.name) == wanted]


def cmd_add(args: argparse.Namespace) -> int:
    from netcrm.commands.output import shown
    from netcrm.errors import NetcrmError
    from netcrm.services.people import add_contact

    ws = workspace_for(args)
    fields = contact_fields(args, ws)
    existing = same_name(ws, args.name)
    if existing and not args.new:
        ids = ", ".join(c.id for c in existing)
        raise NetcrmError(
            f"name: {shown(existing[0].name)} is already in your network ({ids}); "
            "use that id, or add --new for a different person with the same name",
            field="name",
        )
    contact = add_contact(ws, args.name, **fields)
    print(f"added {shown(contact.name)} ({contact.id}, {contact.circle})")
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    from netcrm.commands.output import print_json, shown
    from netcrm.services.removal import delete_contact

    ws = workspace_for(args)
    result = delete_contact(ws, ws.find(args.name))
    if args.json:
        import msgspec

        print_json({"deleted": msgspec.to_builtins(result.contact),
                    "removed": [msgspec.to_builtins(r) for r in result.removed],
                    "kept_without_them": [r.id for r in result.changed]})
        return 0
    print(shown(result.summary()))
    return 0
