"""Subcommands of `netcrm`, one module per group; each has `register(subparsers, common)`."""

from netcrm.commands import (
    adding,
    completion,
    curate,
    listing,
    people,
    plans,
    practice,
    setup,
    touches,
    transfer,
)

COMMAND_MODULES = (setup, adding, people, listing, touches, plans, practice, transfer, curate, completion)
