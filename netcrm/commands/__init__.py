"""Subcommands of `netcrm`, one module per group; each has `register(subparsers, common)`."""

from netcrm.commands import curate, people, plans, practice, setup, touches, transfer

COMMAND_MODULES = (setup, people, touches, plans, practice, transfer, curate)
