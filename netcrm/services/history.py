"""Undo and redo: the last changes, whichever netcrm process made them.

Every write is recorded with a label in the database's journal (see
`storage/journal.py`); undo puts back what the newest change replaced, but
only over records nobody changed since, so an undo never erases someone
else's later change.
"""

from __future__ import annotations

from netcrm.services.workspace import Workspace


def undo(ws: Workspace) -> str:
    """Undo the newest change; what it was ("log coffee with Zoë Ødegård")."""
    return ws.repo.undo()


def redo(ws: Workspace) -> str:
    """Do again the change the last undo took back."""
    return ws.repo.redo()


def next_undo(ws: Workspace) -> str | None:
    """What `undo` would undo now, or None."""
    return ws.repo.undo_label()

