"""`netcrm init`: a newcomer's own network (empty, the demo, an import) and a commented config that loads."""

from __future__ import annotations

import builtins
import json
import sys
from pathlib import Path

import pytest

from netcrm.errors import NetcrmError
from netcrm.services.config import Config, Me, load_config, parse_config

VCARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nN:Lee;Ann;;;\r\nEMAIL:ann@initech.example\r\nORG:Initech\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Chen\r\nN:Chen;Bo;;;\r\nEND:VCARD\r\n"
)
LINKEDIN = (
    "Notes:\r\n\"When exporting your connection data, you may notice...\"\r\n\r\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    "Ann,Lee,https://www.linkedin.com/in/annlee,,Initech,CTO,02 Jan 2024\r\n"
    "Bo,Chen,https://www.linkedin.com/in/bochen,,Globex,Designer,15 Mar 2023\r\n"
)


@pytest.fixture
def config_path(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where init writes its config: a folder that does not exist yet."""
    path = tmp_path / "settings" / "config.yaml"
    monkeypatch.setenv("NETCRM_CONFIG", str(path))
    return path


def names(cli) -> list[str]:
    return sorted(p["name"] for p in json.loads(cli("list", "--json").out))


def test_init_from_the_demo_with_flags(cli, config_path: Path) -> None:
    result = cli("init", "--from", "demo", "--org", "Northwind Labs", "--email", "me@northwind.example",
                 "--email", "Me@Home.example", "--timezone", "Europe/Lisbon", "--daily-target", "2",
                 "--work-days", "mon,tue,thu", "--cadence", "internal=21", "--yes")
    assert result.code == 0, result.err
    assert "demo network" in result.out and str(config_path) in result.out
    config = load_config(config_path)
    assert config.organisation == "Northwind Labs"
    assert config.me.emails == ["me@northwind.example", "Me@Home.example"]
    assert (config.timezone, config.daily_target, config.work_days) == ("Europe/Lisbon", 2, ["mon", "tue", "thu"])
    assert config.cadence == {"internal": 21, "external": 60}
    assert config_path.stat().st_mode & 0o777 == 0o600
    assert config_path.parent.stat().st_mode & 0o777 == 0o700
    assert "Zoë Ødegård" in names(cli)
    assert len(names(cli)) >= 40


def test_default_init_is_empty_with_a_commented_config_of_defaults(cli, config_path: Path) -> None:
    result = cli("init")
    assert result.code == 0, result.err
    assert names(cli) == []
    lines = config_path.read_text().splitlines()
    for key in ("organisation", "me", "cadence", "daily_target", "work_days", "timezone"):
        above = lines[: lines.index(next(line for line in lines if line.startswith(f"{key}:")))]
        while above and above[-1].strip() and not above[-1].startswith("#"):
            above.pop()  # settings explained by one comment together
        assert above and above[-1].startswith("#"), f"{key} has no comment above it"
    assert load_config(config_path) == Config()


@pytest.mark.parametrize("kind", ["vcard", "linkedin", "yaml"])
def test_init_from_an_import(cli, config_path: Path, tmp_path: Path, kind: str) -> None:
    if kind == "vcard":
        source = tmp_path / "phone.vcf"
        source.write_text(VCARD)
    elif kind == "linkedin":
        source = tmp_path / "Connections.csv"
        source.write_text(LINKEDIN)
    else:
        source = tmp_path / "exported"
        assert cli("--demo", "export", "yaml", str(source)).code == 0
    result = cli("init", "--from", str(source), "--yes")
    assert result.code == 0, result.err
    assert f"imported {source}" in result.out
    people = names(cli)
    assert "Zoë Ødegård" in people if kind == "yaml" else people == ["Ann Lee", "Bo Chen"]


def test_an_existing_config_is_kept_unless_forced_and_then_backed_up(cli, config_path: Path) -> None:
    config_path.parent.mkdir()
    config_path.write_text("organisation: Mine\n")
    result = cli("init", "--org", "Other", "--yes")
    assert result.code == 0, result.err
    assert "left as it is" in result.out
    assert config_path.read_text() == "organisation: Mine\n"
    result = cli("init", "--org", "Other", "--yes", "--force")
    assert result.code == 0, result.err
    assert load_config(config_path).organisation == "Other"
    assert config_path.with_name("config.yaml.bak").read_text() == "organisation: Mine\n"


def test_a_database_with_people_is_never_filled_again(cli, config_path: Path) -> None:
    assert cli("add", "Ada Lovelace").code == 0
    result = cli("init", "--from", "demo", "--yes")
    assert result.code == 2
    assert "already holds 1 person;" in result.err and result.err.count("\n") == 1
    assert names(cli) == ["Ada Lovelace"]
    assert not config_path.exists()
    result = cli("init", "--yes")  # starting empty keeps them and still writes the settings
    assert result.code == 0 and "left as they are" in result.out
    assert names(cli) == ["Ada Lovelace"] and config_path.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "nowhere.vcf"], "--from nowhere.vcf: no such file or folder"),
        (["--from", "broken.vcf"], "no BEGIN:VCARD"),
        (["--from", "notes.txt"], "cannot tell what this is"),
        (["--email", "not-an-address"], "--email: not an email address"),
        (["--timezone", "Mars/Olympus"], "--timezone: unknown time zone"),
        (["--daily-target", "99"], "--daily-target: expected a whole number"),
        (["--work-days", "mon,someday"], "--work-days"),
        (["--cadence", "vip=3"], "--cadence"),
        (["--demo"], "throw-away"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_writes_nothing(cli, config_path: Path, tmp_path: Path, db_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch, args, message) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "broken.vcf").write_text("this is not a card\n")
    (tmp_path / "notes.txt").write_text("hello\n")
    result = cli("init", "--yes", *args)
    assert result.code == 2
    assert message in result.err and result.err.count("\n") == 1
    assert not config_path.exists()
    assert not db_path.exists()


def test_on_a_terminal_init_asks_and_asks_again_after_a_bad_answer(
    cli, config_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter(["demo", "", "ann@northwind.example, ann@home.example", "Mars/Olympus", "Asia/Tokyo", "3"])
    questions: list[str] = []

    def fake_input(prompt: str) -> str:
        questions.append(prompt)
        return next(answers)

    monkeypatch.setattr(builtins, "input", fake_input)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    result = cli("init")
    assert result.code == 0, result.err
    assert "unknown time zone 'Mars/Olympus'" in result.out
    assert sum("time zone" in q for q in questions) == 2
    assert "[Northwind Labs]" in questions[1]  # the demo's organisation is offered
    config = load_config(config_path)
    assert config.organisation == "Northwind Labs"
    assert config.me.emails == ["ann@northwind.example", "ann@home.example"]
    assert (config.timezone, config.daily_target) == ("Asia/Tokyo", 3)
    assert "Zoë Ødegård" in names(cli)


def test_end_of_input_at_a_question_cancels_and_writes_nothing(cli, config_path: Path, monkeypatch) -> None:
    def no_more(prompt: str) -> str:
        raise EOFError

    monkeypatch.setattr(builtins, "input", no_more)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    result = cli("init")
    assert result.code == 2 and "cancelled" in result.err
    assert not config_path.exists()


def test_me_emails_in_the_config_are_checked_with_the_line() -> None:
    config = parse_config("me:\n  emails: [me@acme.example]\n", "config.yaml")
    assert config.me == Me(emails=["me@acme.example"])
    with pytest.raises(NetcrmError, match=r"config.yaml: line 4: me.emails.1: expected an email address \(got 'me at home'\)"):
        parse_config("me:\n  emails:\n    - me@acme.example\n    - me at home\n", "config.yaml")


def test_version_is_the_installed_distributions(cli) -> None:
    from importlib.metadata import version

    result = cli("--version")
    assert result.code == 0
    assert result.out.strip() == f"netcrm {version('netcrm')}"


async def test_the_app_on_an_empty_network_says_how_to_start(ws, demo_ws) -> None:
    from netcrm.ui.app import NetcrmApp

    for workspace, expected in ((ws, True), (demo_ws, False)):
        app = NetcrmApp(workspace, watch=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            hinted = any("netcrm init" in n.message for n in app._notifications)
            assert hinted is expected
