"""Subcommands of `netcrm`, one module per group; each has `register(subparsers, common)`."""

from netcrm.commands import people, plans, practice, touches, transfer

COMMAND_MODULES = (people, touches, plans, transfer, practice)
