"""`netcrm completion bash|zsh|fish`: shell completion for commands, options, values, people and plans.

The script is generated from the argument parser, so it never falls behind a new
option. People and plan ids come from `netcrm __complete people|plans`, which the
script runs while you press tab (it reads the database, never writes it). No
dependency, and nothing runs at `netcrm` start-up unless completing.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field

SHELLS = ("bash", "zsh", "fish")
# Arguments (by destination) whose values are people, plan ids or paths.
PEOPLE = {"name", "names", "a", "b", "keep", "other", "introduced_by", "people", "done", "skip", "snooze"}
PLANS = {"plan"}
FILES = {"folder", "path", "output", "db"}
HIDDEN = "__complete"


@dataclass
class Command:
    path: str  # "list", "export yaml"
    flags: list[str] = field(default_factory=list)  # options without a value
    valued: dict[str, str] = field(default_factory=dict)  # option -> "people" | "plans" | "files" | "a b c" | ""
    positional: str = ""  # "people" | "plans" | "files" | "sub" | ""
    subcommands: list[str] = field(default_factory=list)


def _kind(action: argparse.Action) -> str:
    if action.dest in PEOPLE:
        return "people"
    if action.dest in PLANS:
        return "plans"
    if action.dest in FILES:
        return "files"
    if action.choices:
        return " ".join(str(c) for c in action.choices)
    return ""


def commands(parser: argparse.ArgumentParser, path: str = "") -> list[Command]:
    """Every command of `parser` (and their subcommands), with what each argument takes."""
    here = Command(path)
    found = [here]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            here.subcommands = [n for n in action.choices if n != "plan-edit"]
            here.positional = "sub"
            for name, sub in action.choices.items():
                found += commands(sub, "plan edit" if name == "plan-edit" else f"{path} {name}".strip())
            if "plan-edit" in action.choices:
                next(c for c in found if c.path == "plan").subcommands = ["edit"]
        elif action.option_strings:
            for option in action.option_strings:
                if action.nargs == 0:
                    here.flags.append(option)
                else:
                    here.valued[option] = _kind(action)
        elif not here.positional:
            here.positional = _kind(action)
    return found


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    completion = sub.add_parser(
        "completion", parents=[common], help="print a shell completion script (bash, zsh or fish)",
        description="Print a completion script: commands, options, their values, people's names and ids, "
        "plan ids. Load it from your shell's start-up file, e.g. `eval \"$(netcrm completion bash)\"`.",
    )
    completion.add_argument("shell", choices=SHELLS, help="which shell the script is for")
    completion.set_defaults(handler=cmd_completion)


def cmd_completion(args: argparse.Namespace) -> int:
    from netcrm.cli import build_parser
    from netcrm.commands import completion_scripts

    table = commands(build_parser())
    print(getattr(completion_scripts, args.shell)(table))
    return 0


def complete(argv: list[str]) -> int:
    """`netcrm __complete people|plans [--db PATH]`: one "id<TAB>name" line per candidate, for the scripts."""
    from netcrm.commands.context import workspace_for
    from netcrm.domain.text import strip_controls

    what = argv[0] if argv else ""
    db = argv[argv.index("--db") + 1] if "--db" in argv[:-1] else None
    args = argparse.Namespace(**({"db": db} if db else {}))
    try:
        ws = workspace_for(args)
        people = [(c.id, c.name) for c in ws.repo.contacts() if not c.archived]
        if what == "people":
            rows = people
        elif what == "all-people":  # fish: ids described by the name, and names described by the id
            rows = [*people, *((name, cid) for cid, name in people)]
        elif what == "plans":
            rows = [(p.id, p.kind) for p in ws.repo.plans() if p.status == "planned"]
        else:
            return 2
    except Exception:  # noqa: BLE001 - completion must never print a traceback into the user's prompt
        return 1
    sys.stdout.write("".join(f"{strip_controls(i)}\t{strip_controls(n)}\n" for i, n in rows))
    return 0
