"""mypy over netcrm/ (strict on domain, formats, storage) and ruff over the tree, as pyproject.toml configures them.

A type error here is a mistake a reader of the code would be misled by; the suite is what CI runs,
so the check lives here. Slow (a few seconds cold), marked so `-m "not slow"` can leave it out.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_mypy_finds_no_errors_in_netcrm():
    if importlib.util.find_spec("mypy") is None:
        pytest.skip("mypy is not installed (pip install -e '.[test]' brings it)")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary", "netcrm"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


@pytest.mark.slow
def test_ruff_finds_nothing():
    """The pinned rule selection in pyproject.toml over the whole tree (code, tests, benchmarks)."""
    if importlib.util.find_spec("ruff") is None:
        pytest.skip("ruff is not installed (pip install -e '.[test]' brings it)")
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", "."],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
