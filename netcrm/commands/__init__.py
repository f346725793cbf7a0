"""Subcommands of `netcrm`, one module per group; each has `register(subparsers, common)`."""

from netcrm.commands import curate, listing, people, plans, practice, touches, transfer

COMMAND_MODULES = (people, listing, touches, plans, practice, transfer, curate)
