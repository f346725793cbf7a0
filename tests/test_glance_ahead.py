"""The app's first list read ahead by a child process (`services.glance_ahead`): the same
list the app reads itself, or nothing (then the app reads it), never a wrong one, and never
a word on the terminal from the child."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from conftest import NOW, contact_file

from netcrm.errors import StorageError
from netcrm.services import glance_ahead
from netcrm.services.directory import Directory, glance_directory
from netcrm.services.people import add_contact, archive, snooze
from netcrm.services.plans import plan_catchup
from netcrm.services.touches import log_touch
from netcrm.services.workspace import Workspace
from netcrm.storage.repository import Repository


@pytest.fixture
def forking(monkeypatch):
    """Fork even when a test before this one left a thread running in this worker."""
    monkeypatch.setattr(glance_ahead, "_safe_to_fork", lambda: True)


def fresh(ws: Workspace, clock=lambda: NOW) -> Workspace:
    """The database as a new process opens it: nothing read yet."""
    return Workspace(Repository(ws.repo.path), ws.config, clock)


def seen(directory: Directory) -> tuple[object, ...]:
    return (directory.today, sorted(directory.planned), directory.light,
            [(w.contact.id, w.contact.name, w.days, w.cadence, w.band, w.touched, w.contact.snoozed_until)
             for w in directory.active],
            [c.id for c in directory.archived_people])


@pytest.fixture
def network(small_network):
    ws = small_network
    for n, name in enumerate(["Émile Zola", "emile zola", "Åsa Berg", "李小龙", "Bo Chen"]):
        add_contact(ws, name, circle="internal" if n % 2 else "external", tags=["mentor"] if n == 1 else [])
    snooze(ws, ws.find("Ana"), until=NOW.date() + dt.timedelta(days=9))
    archive(ws, ws.find("Kai"))
    log_touch(ws, [ws.find("Bo Chen")], kind="call", at=NOW - dt.timedelta(days=400))
    plan_catchup(ws, [ws.find("Raj")], start=NOW + dt.timedelta(days=2), kind="coffee")
    return ws


def test_the_child_reads_the_very_list_the_app_would(network, forking, capfd):
    ahead = glance_ahead.start(fresh(network))
    assert ahead is not None
    got = ahead.result(fresh(network))
    assert got is not None and got.light
    assert seen(got) == seen(glance_directory(fresh(network)))
    assert capfd.readouterr() == ("", "")  # the child said nothing on the terminal


def test_a_broken_database_gives_no_head_start_and_the_app_says_what_is_wrong(network, forking, capfd):
    shard = contact_file(network.repo.path, "raj-patel")
    shard.write_bytes(shard.read_bytes()[:-30])
    ahead = glance_ahead.start(fresh(network))
    assert ahead is not None and ahead.result(fresh(network)) is None
    assert capfd.readouterr() == ("", "")
    with pytest.raises(StorageError, match="not readable JSON"):
        glance_directory(fresh(network))  # what the app does then: the one-line error


def test_a_child_that_fails_or_dawdles_is_no_head_start(network, forking, monkeypatch):
    def failing(ws, least=0):
        raise RuntimeError("boom")

    monkeypatch.setattr(glance_ahead, "glance_directory", failing)
    ahead = glance_ahead.start(fresh(network))
    assert ahead is not None and ahead.result(fresh(network)) is None

    monkeypatch.setattr(glance_ahead, "glance_directory", lambda ws, least=0: time.sleep(60))
    monkeypatch.setattr(glance_ahead, "PATIENCE", 0.3)
    started = time.monotonic()
    ahead = glance_ahead.start(fresh(network))
    assert ahead is not None and ahead.result(fresh(network)) is None
    assert time.monotonic() - started < 30  # the child was stopped, not waited for


def test_a_list_read_before_midnight_is_not_used_after_it(network, forking):
    ahead = glance_ahead.start(fresh(network))
    assert ahead is not None
    assert ahead.result(fresh(network, clock=lambda: NOW + dt.timedelta(days=1))) is None


def test_no_fork_while_another_thread_runs(network):
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        assert glance_ahead.start(fresh(network)) is None
    finally:
        stop.set()
        other.join()
