"""Pausing the collector for a command that builds many records must not keep them from it."""

from __future__ import annotations

import gc
import weakref

from netcrm.services.collector import collector_paused


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the cyclic collector frees it


def test_a_cycle_built_while_paused_is_still_collected_afterwards():
    with collector_paused():
        node = Node()
        alive = weakref.ref(node)
        assert not gc.isenabled()
    assert gc.isenabled() and gc.get_freeze_count() == 0  # nothing is left out of collection
    del node
    gc.collect()
    assert alive() is None


def test_a_collector_someone_turned_off_stays_off():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
