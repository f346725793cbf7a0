"""Errors a user can cause. The CLI prints them as one line and exits with `exit_code`."""


class NetcrmError(Exception):
    """Bad input or usage: exit status 2, nothing written.

    `field` names the record field at fault, so a form can show the message next to it.
    """

    exit_code = 2

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFound(NetcrmError):
    """A name, id or plan that does not exist: exit status 1."""

    exit_code = 1


class StorageError(NetcrmError):
    """The database file cannot be read, written or locked."""


class EditConflict(NetcrmError):
    """Someone else changed the same field meanwhile: the user decides, nothing is overwritten.

    `conflicts` lists (field, yours, theirs); the app offers "keep mine" / "keep theirs",
    the CLI exits 2 with nothing written.
    """

    def __init__(self, message: str, conflicts: list, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.conflicts = conflicts
