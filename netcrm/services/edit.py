"""Editing one person as YAML in the user's editor, validated on save (like `kubectl edit`).

The file has the layout of `export yaml`. When the saved text is invalid, the
editor opens again on the user's own text with the problem (field and line)
as `# error:` comment lines on top. Saving the text unchanged, or an empty
file, cancels without writing. The editor runner is a parameter, so the TUI
can run the same loop under `app.suspend()` and tests can script it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import msgspec

from netcrm.domain.bounds import BoundsError, check_record
from netcrm.domain.lookup import slugify
from netcrm.domain.model import Contact
from netcrm.errors import NetcrmError
from netcrm.formats.yaml_tree import contact_yaml
from netcrm.services import yaml_files
from netcrm.services.people import save_edit
from netcrm.services.workspace import Workspace
from netcrm.storage.atomic import atomic_write

RunEditor = Callable[[Path], None]
HELP = "# Save to apply. Save an empty file, or leave it unchanged, to cancel."
_HEADER = re.compile(r"^#.*$")


class EditCancelled(NetcrmError):
    """Nothing was changed: the file came back unchanged or empty. Not an error for the user."""

    exit_code = 0


def editor_command() -> list[str]:
    """$VISUAL, else $EDITOR, else vi; a command with arguments ("code --wait") is split like a shell would."""
    raw = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    try:
        command = shlex.split(raw)
    except ValueError as exc:
        raise NetcrmError(f"$EDITOR {raw!r}: cannot split it into a command ({exc})") from None
    return command or ["vi"]


def run_editor(path: Path) -> None:
    command = editor_command()
    try:
        status = subprocess.run([*command, str(path)], check=False).returncode
    except FileNotFoundError:
        raise NetcrmError(f"editor {command[0]!r} not found; set $EDITOR") from None
    if status != 0:
        raise NetcrmError(f"editor {command[0]!r} exited with status {status}; nothing changed")


def body_of(text: str) -> str:
    """The text without the comment lines at the top (ours: help and errors)."""
    lines = text.splitlines()
    start = 0
    while start < len(lines) and (_HEADER.match(lines[start]) or not lines[start].strip()):
        start += 1
    return "\n".join(lines[start:]).strip()


def parse_edit(original: Contact, body: str, where: str, now: dt.datetime | None = None) -> Contact:
    """The edited contact, or YamlError naming the field and line (relative to `body`).
    Given `now`, text and dates are checked as at every edge (no control characters, dates in range)."""
    data = yaml_files.load(body, where)
    record = yaml_files.to_record(data, Contact, where, body)
    if now is not None:
        try:
            check_record(record, now)
        except BoundsError as exc:
            line = yaml_files.line_of(body, [exc.field or ""])
            raise yaml_files.YamlError(f"{where}{f': line {line}' if line else ''}: {exc}", field=exc.field) from None
    if record.id != original.id:
        line = next((n for n, ln in enumerate(body.splitlines(), 1) if ln.startswith("id:")), None)
        at = f": line {line}" if line else ""
        raise yaml_files.YamlError(f"{where}{at}: id: cannot be changed (was {original.id!r}, got {record.id!r})")
    # last_touch is kept from the timeline, not edited (the YAML leaves it out, as export does).
    return msgspec.structs.replace(record, last_touch=original.last_touch)


def keep_text(contact: Contact, body: str) -> Path:
    """The user's edited text in a file of its own (0600, the system temp folder, as `kubectl edit` does)."""
    handle, name = tempfile.mkstemp(prefix=f"netcrm-edit-{slugify(contact.id)}-", suffix=".yaml")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(body + "\n")
    return Path(name)


def with_error(body: str, message: str) -> str:
    """The user's text again, the problem on top; line numbers shifted to match the new file."""
    shift = len(message.splitlines()) + 2  # the error lines, the help line, a blank line
    shifted = re.sub(r"\bline (\d+)\b", lambda m: f"line {int(m.group(1)) + shift}", message, count=1)
    lines = [f"# error: {part}" for part in shifted.splitlines()] + [HELP]
    return "\n".join(lines) + "\n\n" + body + "\n"


def edit_contact_in_editor(ws: Workspace, contact: Contact, *, run: RunEditor | None = None) -> Contact:
    """Edit until valid or cancelled; returns the saved contact, raises EditCancelled otherwise."""
    run = run or run_editor
    original = contact_yaml(contact).strip()
    where = f"{contact.id}.yaml"
    text = f"{HELP}\n\n{original}\n"
    error: NetcrmError | None = None
    with tempfile.TemporaryDirectory(prefix="netcrm-edit-") as folder:
        path = Path(folder) / f"{slugify(contact.id)}.yaml"
        while True:
            atomic_write(path, text.encode("utf-8"))
            run(path)
            try:
                saved = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise NetcrmError(f"{path}: cannot read the edited file ({exc})") from None
            body = body_of(saved)
            if not body or (body == body_of(text) and error is None):
                raise EditCancelled("edit cancelled, nothing changed")
            if body == body_of(text):
                # Back unchanged after an error: the editor cannot or will not fix it; asking
                # again would loop forever. Keep the user's text where they can find it.
                assert error is not None  # an unchanged text with no error was a cancel, above
                kept = keep_text(contact, body)
                raise NetcrmError(f"{error} (not saved; your text is kept in {kept})", field=error.field)
            try:
                edited = parse_edit(contact, body, where, ws.now())
            except NetcrmError as exc:
                error = exc
                text = with_error(body, str(exc))
                continue
            if edited == contact:
                raise EditCancelled("edit cancelled, nothing changed")
            return save_edit(ws, contact, edited)
