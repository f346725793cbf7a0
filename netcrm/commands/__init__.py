"""Subcommands of `netcrm`, one module per group; each has `register(subparsers, common)`."""

from netcrm.commands import autolog, curate, people, plans, practice, touches, transfer

# autolog extends the `import` group that transfer creates, so it comes after it.
COMMAND_MODULES = (people, touches, plans, practice, transfer, autolog, curate)
