"""`merge A B` and `edit NAME`: tidying records by hand."""

from __future__ import annotations

import argparse

from netcrm.commands.context import workspace_for


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    merge = sub.add_parser("merge", parents=[common], help="two records of one person become one (the first is kept)")
    merge.add_argument("keep", metavar="A", help="the record to keep")
    merge.add_argument("other", metavar="B", help="the record merged into A and removed")
    merge.set_defaults(handler=cmd_merge)

    edit = sub.add_parser("edit", parents=[common], help="edit a person as YAML in $EDITOR, validated on save")
    edit.add_argument("name")
    edit.set_defaults(handler=cmd_edit)


def cmd_merge(args: argparse.Namespace) -> int:
    from netcrm.services.merge_people import merge_people

    ws = workspace_for(args)
    result = merge_people(ws, ws.find(args.keep), ws.find(args.other))
    moved = f"{result.touches} touches, {result.plans} plans, {result.introductions} introductions moved"
    from netcrm.domain.text import visible

    print(visible(
        f"merged {result.removed.name} ({result.removed.id}) into {result.contact.name} ({result.contact.id}); {moved}"
    ))
    if result.was:
        print(visible(f"kept on the timeline: {result.was}"))
    if result.dropped_introductions:
        n = result.dropped_introductions
        print(f"dropped {n} introduction{'s' if n != 1 else ''} of the two to each other (they are one person now)")
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    from netcrm.services.edit import EditCancelled, edit_contact_in_editor

    ws = workspace_for(args)
    try:
        contact = edit_contact_in_editor(ws, ws.find(args.name))
    except EditCancelled as exc:
        print(exc)
        return 0
    print(f"saved {contact.name} ({contact.id})")
    return 0
