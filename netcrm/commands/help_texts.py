"""Examples for every command and help for options that had none, in one place.

`annotate(parser)` fills in what a command module left out, so `netcrm CMD --help`
always ends with examples; tests/test_cli_help.py fails for a new command or
option without help, which is the reminder to add a line here (or in the module).
"""

from __future__ import annotations

import argparse

EXAMPLES: dict[str, str] = {
    "init": "netcrm init\n  netcrm init --from demo --yes\n  netcrm init --from contacts.vcf --org Acme --email me@acme.example",
    "import calendar": "netcrm import calendar ~/Downloads/calendar.ics --dry-run\n  netcrm import calendar ~/.calendars/work/ --since 2026-01-01",
    "import mail": "netcrm import mail ~/Takeout/Mail/All.mbox --dry-run\n  netcrm import mail ~/Maildir --suggest 3",
    "dupes": "netcrm dupes\n  netcrm dupes --different 'Bo Ek' bo-ek-2\n  netcrm dupes --json",
    "move": "netcrm move p-3f2a9c --at 'fri 15:00'\n  netcrm move p-3f2a9c --at 'in 2 weeks'",
    "undo": "netcrm undo\n  netcrm undo --redo",
    "doctor": "netcrm doctor\n  netcrm doctor --fix\n  netcrm --db ~/backup/netcrm.json doctor",
    "show": "netcrm show zoe\n  netcrm show 'Zoë Ødegård' --json",
    "snooze": "netcrm snooze raj --until 'in 2 weeks'\n  netcrm snooze raj --until 2027-01-10",
    "archive": "netcrm archive kai\n  netcrm archive kai --restore",
    "plan": "netcrm plan zoe --at 'fri 10:00' --kind coffee --where 'Café Central'\n"
            "  netcrm plan zoe raj --at '2026-12-03 14:30' --duration 1h --remind 15m",
    "plans": "netcrm plans\n  netcrm plans --all --json",
    "done": "netcrm done p-3f2a9c --note 'agreed to meet monthly'",
    "cancel": "netcrm cancel p-3f2a9c",
    "today": "netcrm today\n  netcrm today --done zoe --kind email --note 'sent the deck'\n  netcrm today --skip raj",
    "stats": "netcrm stats\n  netcrm stats --days 90 --json",
    "intros": "netcrm intros --limit 5\n  netcrm intros --made --json",
    "intro": "netcrm intro zoe raj --why 'both work on forecasting'\n"
             "  netcrm intro zoe raj --outcome 'they meet monthly'\n  netcrm intro x-3f2a9c --outcome 'hired'",
    "export": "netcrm export yaml ~/network\n  netcrm export ics -o catchups.ics --birthdays",
    "export yaml": "netcrm export yaml ~/network\n  netcrm export yaml ~/network --git",
    "sync": "netcrm sync vdir ~/.local/share/netcrm/vdir\n  vdirsyncer sync",
    "export ics": "netcrm export ics -o catchups.ics\n  netcrm export ics --birthdays > all.ics",
    "import": "netcrm import vcard contacts.vcf --dry-run\n  netcrm import linkedin Connections.csv",
    "import yaml": "netcrm import yaml ~/network --dry-run",
    "import vcard": "netcrm import vcard contacts.vcf\n  netcrm import vcard ~/.contacts/ --dry-run",
    "import linkedin": "netcrm import linkedin Connections.csv --dry-run",
    "merge": "netcrm merge zoe-odegard zoe-odegard-2",
    "edit": "EDITOR=nano netcrm edit zoe",
    "completion": "netcrm completion bash > ~/.local/share/bash-completion/completions/netcrm\n"
                  "  netcrm completion zsh > ~/.zfunc/_netcrm\n"
                  "  netcrm completion fish > ~/.config/fish/completions/netcrm.fish",
    "": "netcrm list --cold\n  netcrm log zoe --kind coffee\n  netcrm CMD --help   (every command has examples)",
}

# Help for arguments by destination name, where the module gave none.
OPTION_HELP: dict[str, str] = {
    "json": "print JSON (the YAML keys) instead of text",
    "name": "an id or a unique part of a name",
    "names": "ids or unique parts of names",
    "a": "a person: an id or a unique part of a name",
    "b": "the other person (leave out with an introduction id and --outcome)",
    "until": "a day, e.g. 'in 2 weeks', 'dec 3', 2027-01-10",
    "where": "place or video link",
    "agenda": "what to talk about",
    "plan": "a plan id or a unique start of one (see `netcrm plans`)",
    "limit": "at most N",
    "folder": "a folder",
    "path": "a file or a folder",
}


def annotate(parser: argparse.ArgumentParser, path: str = "") -> None:
    """Give every option a help line and every command its examples (RawDescription keeps their lines)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                annotate(sub, f"{path} {name}".strip())
        elif action.help is None and action.dest in OPTION_HELP:
            action.help = OPTION_HELP[action.dest]
    if not parser.epilog and path in EXAMPLES:
        parser.epilog = "examples:\n  " + EXAMPLES[path]
        parser.formatter_class = argparse.RawDescriptionHelpFormatter
