"""Remembering a setting the user chose in the app (the theme) in their config file.

One top-level key is set in place: the user's other lines, comments and order
stay as they wrote them. The result is checked like any config before it is
written (atomically, 0600), so a remembered setting can never break the file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from netcrm.errors import NetcrmError
from netcrm.services.config import Config, load_config
from netcrm.storage.atomic import atomic_write
from netcrm.storage.paths import default_config_path


def config_file() -> Path:
    return default_config_path()


def remember(path: Path, key: str, value: str) -> Config:
    """Set `key: value` in the config at `path` (created if missing); returns the config as now saved."""
    if key not in Config.__struct_fields__:
        raise NetcrmError(f"no setting called {key!r}")
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as exc:
        raise NetcrmError(f"{path}: cannot read the config ({exc})") from None
    line = f"{key}: {json.dumps(value, ensure_ascii=False)}"  # a JSON string is a YAML string
    pattern = re.compile(rf"^{re.escape(key)}:.*$", re.MULTILINE)
    if pattern.search(text):
        text = pattern.sub(lambda _: line, text, count=1)
    else:
        text = text + ("\n" if text and not text.endswith("\n") else "") + line + "\n"
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp_check = path.with_name(f".{path.name}.check")
    try:
        atomic_write(tmp_check, text.encode("utf-8"))
        config = load_config(tmp_check)  # the whole file still reads as a valid config
        atomic_write(path, text.encode("utf-8"))
    except OSError as exc:
        raise NetcrmError(f"{path}: cannot save the setting ({exc.strerror or exc})") from None
    finally:
        tmp_check.unlink(missing_ok=True)
    return config
