"""The layers stay apart: no Textual below the UI, no storage in the domain, a light CLI.

Each check runs in a fresh interpreter, so what is in `sys.modules` is what
those imports pulled in, not what other tests loaded.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

WALK = """
import importlib, json, pkgutil, sys
for name in {packages!r}:
    package = importlib.import_module(name)
    for info in pkgutil.walk_packages(getattr(package, "__path__", []), name + "."):
        importlib.import_module(info.name)
print(json.dumps(sorted(sys.modules)))
"""


def imported_by(*packages: str) -> set[str]:
    """Every module loaded by importing `packages` and all their submodules."""
    code = textwrap.dedent(WALK.format(packages=list(packages)))
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    return set(json.loads(out))


def top_level(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def test_domain_storage_services_and_commands_never_import_textual():
    modules = imported_by("netcrm.domain", "netcrm.storage", "netcrm.services", "netcrm.commands", "netcrm.cli")
    assert {"netcrm.domain.warmth", "netcrm.storage.repository", "netcrm.services.yaml_io"} <= modules
    assert "textual" not in top_level(modules)
    assert not any(m.startswith("netcrm.ui") for m in modules)


def test_the_domain_is_pure():
    modules = imported_by("netcrm.domain")
    assert not any(m.startswith(("netcrm.storage", "netcrm.services", "netcrm.commands")) for m in modules)
    assert not {"tinydb", "yaml", "textual", "platformdirs"} & top_level(modules)


def lint_imports() -> str | None:
    """The `lint-imports` beside this interpreter (the venv's), else the one on PATH."""
    beside = Path(sys.executable).with_name("lint-imports")
    return str(beside) if beside.exists() else shutil.which("lint-imports")


def test_import_linter_contracts_are_kept():
    """The contracts in pyproject.toml: the layers, no storage from ui or commands, pure formats, a pure domain."""
    tool = lint_imports()
    if tool is None:
        pytest.skip("import-linter is not installed (pip install -e '.[test]' brings it)")
    result = subprocess.run([tool, "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
    assert result.stdout.count("KEPT") >= 4  # every contract was read and checked


def test_netcrm_list_does_not_import_textual(tmp_path):
    code = textwrap.dedent(
        """
        import sys
        from netcrm.cli import main
        code = main(["add", "Ann Lee"]) or main(["list", "--cold"]) or main(["list", "--json"])
        assert code == 0, code
        sys.stderr.write(" ".join(m for m in sys.modules if m.split(".")[0] == "textual"))
        """
    )
    env = {"NETCRM_DB": str(tmp_path / "db.json"), "NETCRM_CONFIG": str(tmp_path / "none.yaml"), "PATH": ""}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert "Ann Lee" in result.stdout
    assert result.stderr == ""


def test_screens_keep_their_styles_in_tcss_files_beside_them():
    """The app's styles live in .tcss files (DEFAULT_CSS is for reusable widgets): every screen's
    stylesheet exists, sits next to its module, and no screen carries CSS in a Python string."""
    import importlib
    import inspect

    from textual.screen import Screen

    folder = ROOT / "netcrm" / "ui" / "screens"
    screens = []
    for module_file in sorted(folder.glob("*.py")):
        module = importlib.import_module(f"netcrm.ui.screens.{module_file.stem}")
        screens += [c for _, c in inspect.getmembers(module, inspect.isclass)
                    if issubclass(c, Screen) and c.__module__ == module.__name__]
    assert len(screens) >= 10
    for screen in screens:
        assert "DEFAULT_CSS" not in vars(screen) and "CSS" not in vars(screen), screen.__name__
        paths = screen.CSS_PATH if isinstance(screen.CSS_PATH, list) else [screen.CSS_PATH] if screen.CSS_PATH else []
        for path in paths:
            assert Path(path).is_file() and Path(path).parent == folder, (screen.__name__, path)
    styled = {Path(p).name for s in screens for p in (s.CSS_PATH if isinstance(s.CSS_PATH, list) else [s.CSS_PATH]) if p}
    assert styled == {p.name for p in folder.glob("*.tcss")}  # and no stylesheet is left unused
