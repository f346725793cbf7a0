"""The demo network: big and varied enough to show off, stays lively whatever today is,
and never touches the user's own database."""

from __future__ import annotations

import datetime as dt
import importlib.util
from collections import Counter
from pathlib import Path

import pytest
from conftest import NOW, snapshot_of

from netcrm.domain.warmth import Cadences, warmth
from netcrm.formats.yaml_tree import render, with_last_touches
from netcrm.services.demo import build_demo_db, demo_folder, load_demo
from netcrm.services.yaml_io import read_folder

LATER = NOW.replace(year=2027)
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def demo():
    return load_demo(NOW)


def bands(now: dt.datetime) -> Counter:
    bundle = load_demo(now)
    return Counter(warmth(c, now.date(), Cadences()).band for c in bundle.contacts if not c.archived)


def test_demo_is_a_realistic_network(demo) -> None:
    internal = [c for c in demo.contacts if c.circle == "internal"]
    external = [c for c in demo.contacts if c.circle == "external"]
    assert len(demo.contacts) >= 40
    assert len({c.org for c in internal}) == 1
    assert len({c.department for c in internal}) >= 5
    assert len(external) >= 12
    assert {"mentor", "client", "alumni", "webinar"} <= {t for c in external for t in c.tags}
    assert sum(1 for c in demo.contacts if c.birthday) >= 10
    assert any(c.introduced_by for c in demo.contacts)
    assert any(c.family for c in demo.contacts) and any("\n" in c.notes for c in demo.contacts)


def test_demo_has_a_long_timeline_plans_and_introductions(demo) -> None:
    touches = [t for t in demo.interactions if t.kind != "milestone"]
    assert len(touches) >= 300
    span = max(t.at for t in touches) - min(t.at for t in touches)
    assert span >= dt.timedelta(days=15 * 30)
    assert max(t.at for t in touches) <= NOW
    assert any(len(t.contacts) >= 3 for t in touches)
    assert any(t.kind == "milestone" for t in demo.interactions)
    ahead = [p for p in demo.plans if p.status == "planned"]
    assert len(ahead) >= 5 and all(NOW < p.start < NOW + dt.timedelta(days=21) for p in ahead)
    assert {"done", "cancelled"} <= {p.status for p in demo.plans}
    assert len(demo.introductions) >= 4


@pytest.mark.parametrize("now", [NOW, LATER], ids=["as-of", "a-year-later"])
def test_demo_mixes_warm_due_and_cold_people_on_any_day(now: dt.datetime) -> None:
    counts = bands(now)
    total = sum(counts.values())
    assert counts["warm"] / total >= 0.3
    assert counts["due"] >= 3 and counts["overdue"] >= 5
    assert counts["cold"] / total >= 0.15
    never = [c for c in load_demo(now).contacts if c.last_touch is None]
    assert 2 <= len(never) <= 3


def test_demo_mix_is_the_same_a_year_later() -> None:
    assert bands(NOW) == bands(LATER)


def test_demo_birthdays_do_not_move(demo) -> None:
    later = {c.id: c.birthday for c in load_demo(LATER).contacts}
    assert later == {c.id: c.birthday for c in demo.contacts}


def test_demo_files_are_exactly_what_export_writes() -> None:
    folder = demo_folder()
    bundle = read_folder(folder)
    bundle.contacts = with_last_touches(bundle.contacts, bundle.interactions)
    for rel, text in render(bundle).items():
        if rel != "network.yaml":
            assert (folder / rel).read_text(encoding="utf-8") == text, rel


@pytest.mark.skipif(not (EXAMPLES / "make_demo.py").exists(), reason="examples/ is only in a source checkout")
def test_generator_reproduces_the_shipped_files(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_demo", EXAMPLES / "make_demo.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    files = module.write(tmp_path)
    shipped = {p.relative_to(EXAMPLES / "network").as_posix() for p in (EXAMPLES / "network").rglob("*.yaml")}
    assert shipped == set(files)
    for rel in files:
        assert (tmp_path / rel).read_bytes() == (EXAMPLES / "network" / rel).read_bytes(), rel


def test_build_demo_db_writes_only_the_path_it_is_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = tmp_path / "real.json"
    monkeypatch.setenv("NETCRM_DB", str(real))
    target = build_demo_db(tmp_path / "demo" / "netcrm.json", NOW)
    assert target.exists()
    assert not real.exists()


def test_demo_commands_leave_the_users_database_alone(cli, db_path: Path) -> None:
    assert cli("add", "Ada Lovelace").code == 0
    before = snapshot_of(db_path)
    assert "Zoë Ødegård" in cli("--demo", "list").out
    assert cli("--demo", "log", "Jonas Becker", "--kind", "call", "--note", "demo call").code == 0
    assert snapshot_of(db_path) == before
    assert "Zoë" not in cli("list").out
