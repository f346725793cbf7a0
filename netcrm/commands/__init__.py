"""Subcommands of `netcrm`, one module per group; each has `register(subparsers, common)`.

The modules are imported when `command_modules()` is called (building the parser),
not when a helper such as `netcrm.commands.context` is: the bare `netcrm` opens the app
without importing any command (see `cli.app_only`)."""

from __future__ import annotations

from types import ModuleType


def command_modules() -> tuple[ModuleType, ...]:
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
    return (setup, adding, people, listing, touches, plans, practice, transfer, autolog, curate, dupes, history,
            doctor, sync, completion)
