"""Subcommands of `netcrm`, one module per group; each has `register(subparsers, common)`."""

from netcrm.commands import curate, people, plans, touches, transfer

COMMAND_MODULES = (people, touches, plans, transfer, curate)
