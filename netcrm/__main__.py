"""`python -m netcrm` runs the same entry point as the `netcrm` command."""

from netcrm.cli import main

raise SystemExit(main())
