"""Subcommands of `netcrm`, one module per group; each has `register(subparsers, common)`."""

from netcrm.commands import curate, people, plans, practice, sync, touches, transfer

COMMAND_MODULES = (people, touches, plans, practice, transfer, curate, sync)
