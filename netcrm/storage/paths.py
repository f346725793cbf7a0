"""Where netcrm keeps things, as tiny functions so tests can point elsewhere by env var."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "netcrm"


def default_db_path() -> Path:
    """`NETCRM_DB`, else `netcrm.json` in the platform's user data dir."""
    env = os.environ.get("NETCRM_DB")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP, appauthor=False)) / "netcrm.json"


def default_config_path() -> Path:
    """`NETCRM_CONFIG`, else `config.yaml` in the platform's user config dir."""
    env = os.environ.get("NETCRM_CONFIG")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_config_dir(APP, appauthor=False)) / "config.yaml"
