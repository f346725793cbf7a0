"""The one place that touches the database file."""

from netcrm.storage.repository import Repository

__all__ = ["Repository"]
