"""Values stored before dates and text had rules must not crash any reader.

A database written by an older netcrm (or by hand) can hold a catch-up on
31 Dec 9999, a touch in the year 1 at +14:00 (which no time zone west of it can
show), 31 February as a birthday, or ESC in a name. Every read command still
answers, exit 0, with no traceback and no raw control character.
"""

from __future__ import annotations

import datetime as dt

import pytest

from netcrm.domain.model import Contact, Interaction, Plan
from netcrm.services.people import add_contact

FAR = dt.datetime(9999, 12, 31, 23, 30, tzinfo=dt.UTC)
EARLY = dt.datetime(1, 1, 1, 0, 0, tzinfo=dt.timezone(dt.timedelta(hours=14)))
EVIL = "Evil\x1b[2J\x1b]0;pwned\x07 \x9b31m Name"

READERS = [
    ["list"], ["list", "--cold"], ["list", "--archived"], ["show", "odd"], ["show", "evil"], ["plans"],
    ["plans", "--all"], ["today"], ["stats"], ["intros"], ["intros", "--made"], ["export", "ics"],
    ["export", "ics", "--birthdays"], ["list", "--json"], ["plans", "--all", "--json"], ["show", "odd", "--json"],
]


@pytest.fixture
def odd_db(ws):
    """Records that today's edges refuse, stored the way an older version could have."""
    odd = add_contact(ws, "Odd Dates")
    evil = Contact(id="evil", name=EVIL, title="T\rOVERWRITE", org="Org\x1b]8;;http://evil.example\x1b\\",
                   birthday="1980-02-31", notes="line\x1b[31m red\nsecond")
    with ws.repo.transaction():
        ws.repo.put_many([
            evil,
            Plan(id="p-far", contacts=[odd.id, "evil"], start=FAR, duration=60 * 24 * 14, where="\x1b[2J"),
            Interaction(id="t-early", contacts=[odd.id], at=EARLY, kind="call", summary="\x1b]0;t\x07"),
            Interaction(id="t-evil", contacts=["evil"], at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC), kind="call",
                        summary="hi \x1b]8;;http://evil.example\x1b\\link", notes="a\x1b[2Jb"),
        ])
    return ws


@pytest.mark.parametrize("args", READERS, ids=" ".join)
def test_every_reader_survives_stored_extremes(odd_db, cli, args):
    result = cli(*args)
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    if "--json" not in args:
        # An .ics ends its lines with CRLF, as RFC 5545 says; a terminal shows that as a line break.
        shown = result.out.replace("\r\n", "\n") if "ics" in args else result.out
        for char in ("\x1b", "\x07", "\x9b", "\r"):
            assert char not in shown, (args, result.out)


def test_stored_control_characters_are_shown_as_escapes(odd_db, cli):
    out = cli("show", "evil").out
    assert "Evil␛[2J␛]0;pwned\\x07 \\x9b31m Name" in out
    assert "T\\x0dOVERWRITE" in out


def test_json_stays_exact(odd_db, cli):
    import json

    data = json.loads(cli("show", "evil", "--json").out)
    assert data["name"] == EVIL


def test_snooze_still_works_on_a_person_stored_with_controls(odd_db, cli):
    """Rules apply to what the user changes, not to old values they did not touch."""
    result = cli("snooze", "evil", "--until", "in 2 weeks")
    assert result.code == 0, result.err


def test_plan_end_does_not_overflow(odd_db):
    plan = odd_db.repo.plan("p-far")
    assert plan.end >= plan.start
