"""`export FORMAT ...` and `import FORMAT ...`: one subcommand per file format."""

from __future__ import annotations

import argparse
from pathlib import Path

from netcrm.commands.context import workspace_for
from netcrm.commands.import_files import register_formats
from netcrm.commands.output import user_path


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    export = sub.add_parser("export", parents=[common], help="write the network to files")
    exports = export.add_subparsers(dest="format", metavar="FORMAT", required=True, parser_class=type(export))
    yaml_out = exports.add_parser("yaml", parents=[common], help="one YAML file per person, for git")
    yaml_out.add_argument("folder", type=Path, metavar="DIR")
    yaml_out.add_argument("--git", action="store_true", help="commit the change in DIR (a git repository)")
    yaml_out.set_defaults(handler=cmd_export_yaml)
    ics_out = exports.add_parser("ics", parents=[common], help="catch-ups (and birthdays) for your calendar")
    ics_out.add_argument("-o", "--output", default="-", metavar="FILE", help="file to write (default, or -: stdout)")
    ics_out.add_argument("--birthdays", action="store_true", help="add birthdays as yearly all-day events")
    ics_out.set_defaults(handler=cmd_export_ics)

    imp = sub.add_parser("import", parents=[common], help="bring people in from files")
    imports = imp.add_subparsers(dest="format", metavar="FORMAT", required=True, parser_class=type(imp))
    yaml_in = imports.add_parser("yaml", parents=[common], help="a folder written by `export yaml`")
    yaml_in.add_argument("folder", type=Path, metavar="DIR")
    yaml_in.add_argument("--dry-run", action="store_true", help="only say what would change")
    yaml_in.set_defaults(handler=cmd_import_yaml)
    register_formats(imports, common)


def cmd_export_yaml(args: argparse.Namespace) -> int:
    from netcrm.services.yaml_export import export_yaml

    result = export_yaml(workspace_for(args), args.folder, git=args.git)
    changed = f"{len(result.written)} files written, {len(result.removed)} removed"
    print(f"exported {result.people} people and {result.touches} touches to {args.folder} ({changed})")
    if args.git:
        print(f"committed: {result.message}" if result.committed else "nothing to commit")
    return 0


def cmd_export_ics(args: argparse.Namespace) -> int:
    import sys

    from netcrm.domain.text import visible
    from netcrm.errors import NetcrmError
    from netcrm.services.ics import export_ics, save_ics

    target = user_path(args.output)
    if args.output != "-" and (not args.output.strip() or not target.name or target.is_dir()):
        raise NetcrmError(f"-o '{visible(args.output)}': not a file name (give a file, or - for stdout)")
    result = export_ics(workspace_for(args), birthdays=args.birthdays)
    if not result.events:
        hint = "" if args.birthdays else " (add --birthdays for birthdays)"
        print(f"no catch-ups to export{hint}; plan one with `netcrm plan NAME --at WHEN`", file=sys.stderr)
        old = user_path(args.output)
        if args.output != "-" and old.exists():
            # An empty calendar would make subscribed calendars drop every event; keep the last one.
            print(f"{visible(str(old))}: not written; the file there was left as it was", file=sys.stderr)
        return 0
    if args.output == "-":
        sys.stdout.buffer.write(result.data)
        sys.stdout.flush()
        return 0
    path = user_path(args.output)
    try:
        save_ics(result, path)
    except OSError as exc:
        raise NetcrmError(f"-o {args.output}: cannot write: {exc.strerror or exc}") from None
    print(f"exported {result.describe()} to {path}")
    return 0


def cmd_import_yaml(args: argparse.Namespace) -> int:
    from netcrm.services.yaml_io import import_yaml

    report = import_yaml(workspace_for(args), args.folder, dry_run=args.dry_run)
    prefix = "would import (dry run)" if args.dry_run else "imported"
    print(f"{prefix} from {args.folder}")
    for line in report.lines():
        print(f"  {line}")
    return 0
