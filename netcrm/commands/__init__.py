"""Subcommands of `netcrm`, one module per group; each has `register(subparsers, common)`."""

from netcrm.commands import (
    adding,
    autolog,
    completion,
    curate,
    doctor,
    dupes,
    history,
    listing,
    people,
    plans,
    practice,
    setup,
    sync,
    touches,
    transfer,
)

# autolog extends the `import` group that transfer creates, so it comes after it.
COMMAND_MODULES = (setup, adding, people, listing, touches, plans, practice, transfer, autolog, curate, dupes, history, doctor, sync, completion)
