"""`export yaml` -> `import yaml` -> `export yaml` gives the same bytes; bad files are named, not imported."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path

import pytest
from conftest import snapshot_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netcrm.domain.model import Contact, Interaction, Introduction, Plan
from netcrm.domain.text import has_controls
from netcrm.formats.yaml_tree import Bundle, render, with_last_touches
from netcrm.services.people import add_contact
from netcrm.services.plans import cancel, complete, plan_catchup
from netcrm.services.touches import log_touch
from netcrm.services.yaml_io import read_folder

NOTES = """Met at the Lisbon data summit; sharp on pricing.
  Indented line: keeps its two spaces.

Prefers mornings (CET). Ask about the marathon 🏃 — she ran Berlin in 3:41."""


def build_network(ws) -> None:
    """People with every kind of field, touches, plans in each state and an introduction."""
    ann = add_contact(
        ws, "Zoë Ødegård", org="Acme", department="Finance", title="Head of FP&A", circle="internal",
        tags=["mentor", "finance"], skills=["forecasting", "SQL"], asks=["intro to a CFO"],
        offers=["budget reviews"], interests=["marathons", "jazz"], goals=["learn how finance plans"],
        emails=["zoe@acme.example"], phones=["+47 22 00 00 00"], links=["https://example.org/zoe"],
        location="Oslo", timezone="Europe/Oslo", how_met="Lisbon data summit", met_on=dt.date(2024, 5, 14),
        family=["partner Kari", "twins (7)"], birthday="1986-03-09", notes=NOTES, cadence=21, stage="solid",
    )
    bo = add_contact(ws, "Bo Chen", org="Globex", birthday="--12-24", notes="yes", tags=["no"],
                     introduced_by=ann.id, title="null", how_met="2026-01-01")
    cy = add_contact(ws, "Cyrus 'Cy' O\"Neil", snoozed_until=dt.date(2027, 1, 5), archived=True,
                     notes="line with trailing space \nand a tab\there\n")
    now = ws.now()
    log_touch(ws, [ann, bo], kind="coffee", at=now - dt.timedelta(days=40), summary="Coffee: pricing & hiring",
              notes="Two things:\n- pricing page\n- hiring a data lead")
    log_touch(ws, [bo], kind="email", at=now - dt.timedelta(days=400), inbound=True, summary="Sent the deck — 日本語 ok")
    log_touch(ws, [cy], kind="milestone", at=now - dt.timedelta(days=3), summary="Promoted to VP")
    log_touch(ws, [ann], kind="call", at=now - dt.timedelta(hours=2))
    agenda = "Budget season\nand the offsite"
    plan_catchup(ws, [ann], start=now + dt.timedelta(days=2), duration=45, kind="lunch", where="Café Einstein", agenda=agenda,
                 remind=30)
    complete(ws, plan_catchup(ws, [bo], start=now + dt.timedelta(minutes=5)), notes="went well")
    cancel(ws, plan_catchup(ws, [ann, bo], start=now + dt.timedelta(days=9), kind="video"))
    with ws.repo.transaction():
        ws.repo.put(
            Introduction(id="i-1", a=ann.id, b=bo.id, why="both hiring data leads", at=now, outcome="met twice")
        )


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def exported(ws, cli, tmp_path) -> Path:
    build_network(ws)
    folder = tmp_path / "first"
    assert cli("export", "yaml", str(folder)).code == 0
    return folder


def test_export_import_export_gives_identical_files(exported, cli, tmp_path):
    other = tmp_path / "other.json"
    result = cli("import", "yaml", str(exported), "--db", str(other))
    assert result.code == 0, result.err
    assert "new: 3 people, 5 touches, 3 plans, 1 introductions" in result.out
    again = tmp_path / "again"
    assert cli("export", "yaml", str(again), "--db", str(other)).code == 0
    assert files(again) == files(exported)
    assert set(files(exported)) >= {"network.yaml", "people/zoe-odegard.yaml", "plans.yaml", "introductions.yaml"}


def test_exported_people_read_well(exported):
    text = (exported / "people" / "zoe-odegard.yaml").read_text()
    assert text.startswith("id: zoe-odegard\nname: Zoë Ødegård\n")
    assert "notes: |-\n  Met at the Lisbon data summit; sharp on pricing.\n    Indented line" in text
    assert "last_touch" not in text  # derived, rebuilt from the timeline on import
    bo = (exported / "people" / "bo-chen.yaml").read_text()
    assert "birthday: --12-24" in bo and "notes: 'yes'" in bo and "title: 'null'" in bo


def test_import_into_the_same_database_changes_nothing(exported, cli, db_path):
    before = snapshot_of(db_path)
    result = cli("import", "yaml", str(exported))
    assert result.code == 0
    assert "unchanged: 3 people, 5 touches, 3 plans, 1 introductions" in result.out
    assert "new" not in result.out and "updated" not in result.out
    assert snapshot_of(db_path) == before


def test_dry_run_writes_nothing(exported, cli, tmp_path):
    other = tmp_path / "other.json"
    result = cli("import", "yaml", str(exported), "--dry-run", "--db", str(other))
    assert result.code == 0
    assert "would import" in result.out and "new: 3 people" in result.out
    assert not other.exists()
    cli("add", "Someone Else", "--db", str(other))
    before = snapshot_of(other)
    assert cli("import", "yaml", str(exported), "--dry-run", "--db", str(other)).code == 0
    assert snapshot_of(other) == before


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


BAD_EDITS = {
    # name: (file, old text, new text, field named in the error)
    "cadence abc": ("people/zoe-odegard.yaml", "cadence: 21", "cadence: abc", "cadence"),
    "cadence 0": ("people/zoe-odegard.yaml", "cadence: 21", "cadence: 0", "cadence"),
    "unknown key": ("people/bo-chen.yaml", "org: Globex", "org: Globex\nfavourite_colour: teal", "favourite_colour"),
    "bad birthday": ("people/bo-chen.yaml", "birthday: --12-24", "birthday: --13-24", "birthday"),
    "kind dance": ("touches/2026.yaml", "kind: coffee", "kind: dance", "kind"),
    "plan status": ("plans.yaml", "status: cancelled", "status: maybe", "status"),
}


@pytest.mark.parametrize("edit", BAD_EDITS.values(), ids=BAD_EDITS.keys())
def test_a_bad_field_names_file_field_and_line_and_imports_nothing(exported, cli, tmp_path, edit):
    rel, old, new, field = edit
    path = exported / rel
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    line = line_of(path, new.splitlines()[-1])
    other = tmp_path / "other.json"
    result = cli("import", "yaml", str(exported), "--db", str(other))
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1
    assert rel in result.err and f"{field}:" in result.err and f"line {line}" in result.err, result.err
    assert not other.exists()


def test_malformed_yaml_is_named_with_its_line_and_imports_nothing(exported, cli, tmp_path, db_path):
    path = exported / "people" / "bo-chen.yaml"
    path.write_text(path.read_text() + "tags: [unclosed\nnotes: x\n")
    before = snapshot_of(db_path)
    result = cli("import", "yaml", str(exported))
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1
    assert "people/bo-chen.yaml" in result.err and re.search(r"line \d+", result.err), result.err
    assert snapshot_of(db_path) == before


def test_a_touch_naming_an_unknown_person_imports_nothing(exported, cli, tmp_path):
    path = exported / "touches" / "2026.yaml"
    path.write_text(path.read_text().replace("- bo-chen", "- nobody-here", 1))
    other = tmp_path / "other.json"
    result = cli("import", "yaml", str(exported), "--db", str(other))
    assert result.code == 2 and "nobody-here" in result.err
    assert not other.exists()


# Property: any valid network survives render -> files -> read_folder -> render unchanged. ---------

ids = st.from_regex(r"[a-z][a-z0-9-]{0,15}", fullmatch=True)
text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
lines = st.lists(text, max_size=4).map("\n".join)
zones = st.sampled_from(
    [dt.UTC, dt.timezone(dt.timedelta(hours=1)), dt.timezone(dt.timedelta(hours=-5, minutes=-30))]
)
moments = st.builds(
    lambda d, tz: d.replace(tzinfo=tz), st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2040, 1, 1)), zones
)
# Real days only: with a year (29 February only in leap years), or without one (--02-29 is fine).
birthdays = st.dates(dt.date(1900, 1, 1), dt.date(2020, 12, 31)).map(lambda d: f"{d:%Y-%m-%d}") | st.dates(
    dt.date(2000, 1, 1), dt.date(2000, 12, 31)
).map(lambda d: f"--{d:%m-%d}")


@st.composite
def networks(draw) -> Bundle:
    people_ids = draw(st.lists(ids, min_size=1, max_size=5, unique=True))
    contacts = [
        Contact(
            id=cid,
            name=draw(text.filter(lambda s: s.strip() and not has_controls(s))),  # domain.rules: clean names
            org=draw(text),
            tags=draw(st.lists(text, max_size=3)),
            notes=draw(lines),
            birthday=draw(st.none() | birthdays),
            met_on=draw(st.none() | st.dates(dt.date(1990, 1, 1), dt.date(2040, 1, 1))),
            introduced_by=draw(st.none() | st.sampled_from(people_ids)),
            cadence=draw(st.none() | st.integers(1, 3650)),
            created=draw(st.none() | moments),
        )
        for cid in people_ids
    ]
    touches = [
        Interaction(
            id=f"t-{n}",
            contacts=draw(st.lists(st.sampled_from(people_ids), min_size=1, max_size=3, unique=True)),
            at=draw(moments),
            kind=draw(st.sampled_from(["call", "coffee", "email", "milestone"])),
            direction=draw(st.sampled_from(["outbound", "inbound"])),
            summary=draw(text),
            notes=draw(lines),
        )
        for n in range(draw(st.integers(0, 6)))
    ]
    plans = [
        Plan(id=f"p-{n}", contacts=[draw(st.sampled_from(people_ids))], start=draw(moments), agenda=draw(lines))
        for n in range(draw(st.integers(0, 2)))
    ]
    return Bundle(with_last_touches(contacts, touches), touches, plans)


def write(folder: Path, rendered: dict[str, str]) -> None:
    for rel, content in rendered.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(content, encoding="utf-8")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_any_network_round_trips_through_yaml(bundle):
    rendered = render(bundle)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "net"
        write(folder, rendered)
        back = read_folder(folder)
    rebuilt = with_last_touches(back.contacts, back.interactions)
    assert sorted(rebuilt, key=lambda c: c.id) == sorted(bundle.contacts, key=lambda c: c.id)
    assert sorted(back.interactions, key=lambda i: i.id) == sorted(bundle.interactions, key=lambda i: i.id)
    assert sorted(back.plans, key=lambda p: p.id) == sorted(bundle.plans, key=lambda p: p.id)
    assert render(Bundle(rebuilt, back.interactions, back.plans)) == rendered
