"""One query service: `netcrm list QUERY` and the app list the same people in the same order."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import NOW
from hypothesis import given
from hypothesis import strategies as st

from netcrm.domain.model import Contact
from netcrm.domain.warmth import Cadences
from netcrm.services.directory import Directory, by_name, load_directory
from netcrm.services.people import add_contact, archive, snooze
from netcrm.ui.app import NetcrmApp
from netcrm.ui.widgets.contact_list import ContactList
from netcrm.ui.widgets.side_panel import SidePanel
from tests.waiting import until

QUERIES = ["", "northwind", "tag:mentor", "dept:eng", "is:cold", "is:snoozed", "is:archived", "a is:cold", "zzz"]


@pytest.fixture
def network(demo_ws):
    """The demo network plus an accented name, a snoozed and an archived person."""
    add_contact(demo_ws, "Émile Roux", org="Northwind Labs", department="Engineering")
    add_contact(demo_ws, "Emil Abel", org="Northwind Labs", department="Engineering")
    snooze(demo_ws, demo_ws.find("Émile Roux"), until=NOW.date() + dt.timedelta(days=9))
    archive(demo_ws, add_contact(demo_ws, "Arne Archived", org="Northwind Labs"))
    return demo_ws


def cli_ids(cli, db, *args: str) -> list[str]:
    result = cli("list", *args, "--json", "--db", str(db))
    assert result.code == 0, result.err
    return [row["id"] for row in json.loads(result.out)]


async def test_same_query_same_people_same_order_in_cli_and_app(network, cli):
    db = network.repo.path
    app = NetcrmApp(network, watch=False)
    shown: dict[str, list[str]] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        for query in QUERIES:
            app.main.query_one("#search").value = query
            await pilot.pause()
            shown[query] = [w.contact.id for w in app.main.query_one(ContactList).rows]
        panel = app.main.query_one(SidePanel).query_one("#cold-list")
        panel_ids = [panel.get_option_at_index(i).id for i in range(panel.option_count)]
    # The CLI runs after the app has closed: the app captures stdout while it runs.
    for query in QUERIES:
        assert shown[query] == cli_ids(cli, db, *query.split()), query
    assert all(shown[q] for q in ("is:cold", "is:snoozed", "is:archived", "northwind"))
    # The going-cold panel is `list --cold`: same people, most overdue first.
    assert panel_ids and panel_ids == cli_ids(cli, db, "--cold")[: len(panel_ids)]


def test_names_sort_with_accents_folded(network, cli):
    ids = cli_ids(cli, network.repo.path, "dept:engineering")
    assert ids.index("emil-abel") < ids.index("emile-roux")  # "Émile" sorts as "Emile", not after "Z"
    assert cli("list", "--db", str(network.repo.path)).out.index("Émile Roux") < cli(
        "list", "--db", str(network.repo.path)).out.index("Zoë Ødegård")


def test_sort_limit_and_states(network, cli):
    db = network.repo.path
    directory = load_directory(network)
    overdue = cli_ids(cli, db, "--sort", "overdue", "--limit", "3")
    assert overdue == [w.contact.id for w in directory.search(sort="overdue").rows[:3]]
    assert [w.ratio for w in directory.search(sort="overdue").rows] == sorted(
        (w.ratio for w in directory.active), reverse=True)
    recent = directory.search(sort="last-touch").rows
    touched = [w.contact.last_touch for w in recent if w.contact.last_touch]
    assert touched == sorted(touched, reverse=True)
    assert cli_ids(cli, db, "--sort", "last-touch")[0] == recent[0].contact.id
    snoozed = cli_ids(cli, db, "is:snoozed")
    assert "emile-roux" in snoozed and all(network.repo.contact(i).snoozed_until > NOW.date() for i in snoozed)
    assert cli_ids(cli, db, "is:archived") == ["arne-archived", "lars-eriksson"]  # by name
    assert "arne-archived" in cli_ids(cli, db, "--archived") and "arne-archived" not in cli_ids(cli, db)
    assert "emile-roux" not in cli_ids(cli, db, "--cold")  # snoozed people are not going cold


def test_empty_results_say_what_was_searched(network, cli):
    result = cli("list", "--tag", "nosuchtag", "--db", str(network.repo.path))
    searched = len(load_directory(network).active)
    assert result.out.strip() == f"no one matches 'tag:nosuchtag' (searched {searched} people)"


def test_empty_network_says_how_to_start(cli):
    assert cli("init", "--yes").code == 0
    assert "add one with `netcrm add NAME`" in cli("list").out
    assert Directory.build([], NOW.date(), Cadences()).search("x").total == 0


def test_the_cli_offers_exactly_the_sorts_the_service_knows():
    from netcrm.commands.listing import SORTS as CLI_SORTS
    from netcrm.services.directory import SORTS

    assert CLI_SORTS == SORTS


async def test_the_palette_offers_people_in_the_list_order(network, cli):
    from netcrm.ui.palette import LIMIT, PeopleProvider

    app = NetcrmApp(network, watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.screen is app.main, "the main screen")
        provider = PeopleProvider(app.screen)
        hits = [hit.text async for hit in provider.search("northwind")]
    listed = cli("list", "northwind", "--json", "--db", str(network.repo.path)).out
    expected = [row["name"] for row in json.loads(listed)]
    assert len(hits) == LIMIT and hits == [f"Go to {name}" for name in expected[:LIMIT]]


def test_tag_option_takes_a_whole_value(cli):
    cli("add", "Ann Lee", "--tag", "needs love")
    cli("add", "Bo Chen", "--tag", "love")
    ids = [p["id"] for p in json.loads(cli("list", "--tag", "needs love", "--json").out)]
    assert ids == ["ann-lee"]


@given(st.lists(st.tuples(st.sampled_from(["Ana", "ana", "Åna", "Zoë", "zoe", "Émile", "emile", "Bo", "李", "ß"]),
                          st.sampled_from(["a", "b", "c", "d", "e", "f"])), min_size=0, max_size=12))
def test_the_list_is_in_name_order_then_id_order(people):
    """The directory sorts by id and then, stably, by folded name: the order of `by_name`
    (folded name, then id), ties of the name included."""
    contacts = [Contact(id=f"{cid}-{n}", name=name) for n, (name, cid) in enumerate(people)]
    directory = Directory.build(contacts, NOW.date(), Cadences())
    assert [w.contact for w in directory.active] == sorted(contacts, key=by_name)
