"""Write a schema-2 database with netcrm at main (c52e589): the demo network plus a few changes."""
import datetime as dt
import sys
import zoneinfo
from pathlib import Path

from netcrm.services.config import Config
from netcrm.services.demo import build_demo_db
from netcrm.services.people import update_contact
from netcrm.services.touches import log_touch
from netcrm.services.workspace import Workspace
from netcrm.storage.repository import Repository

TZ = zoneinfo.ZoneInfo("Europe/Berlin")
NOW = dt.datetime(2026, 11, 22, 10, 0, tzinfo=TZ)
target = Path(sys.argv[1])
db = build_demo_db(target, NOW)
ws = Workspace(Repository(db), Config(timezone="Europe/Berlin", organisation="Northwind Labs"), lambda: NOW)
people = ws.repo.contacts()
log_touch(ws, [people[0]], kind="call", summary="pricing call", at=NOW - dt.timedelta(hours=2))
log_touch(ws, [people[1], people[2]], kind="lunch", at=dt.datetime(2024, 3, 5, 12, 30, tzinfo=TZ))
update_contact(ws, people[3].id, {"title": "Head of Research"})
print(db)
