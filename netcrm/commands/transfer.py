"""`export FORMAT ...` and `import FORMAT ...`: one subcommand per file format."""

from __future__ import annotations

import argparse
from pathlib import Path

from netcrm.commands.context import workspace_for
from netcrm.commands.importers import register_formats


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    export = sub.add_parser("export", parents=[common], help="write the network to files")
    exports = export.add_subparsers(dest="format", metavar="FORMAT", required=True, parser_class=type(export))
    yaml_out = exports.add_parser("yaml", parents=[common], help="one YAML file per person, for git")
    yaml_out.add_argument("folder", type=Path, metavar="DIR")
    yaml_out.set_defaults(handler=cmd_export_yaml)

    imp = sub.add_parser("import", parents=[common], help="bring people in from files")
    imports = imp.add_subparsers(dest="format", metavar="FORMAT", required=True, parser_class=type(imp))
    yaml_in = imports.add_parser("yaml", parents=[common], help="a folder written by `export yaml`")
    yaml_in.add_argument("folder", type=Path, metavar="DIR")
    yaml_in.add_argument("--dry-run", action="store_true", help="only say what would change")
    yaml_in.set_defaults(handler=cmd_import_yaml)
    register_formats(imports, common)


def cmd_export_yaml(args: argparse.Namespace) -> int:
    from netcrm.services.yaml_io import export_yaml

    counts = export_yaml(workspace_for(args), args.folder)
    print(f"exported {counts['people']} people and {counts['touches']} touches to {args.folder}")
    return 0


def cmd_import_yaml(args: argparse.Namespace) -> int:
    from netcrm.services.yaml_io import import_yaml

    report = import_yaml(workspace_for(args), args.folder, dry_run=args.dry_run)
    prefix = "would import (dry run)" if args.dry_run else "imported"
    print(f"{prefix} from {args.folder}")
    for line in report.lines():
        print(f"  {line}")
    return 0
