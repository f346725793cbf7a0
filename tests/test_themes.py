"""Themes: text drawn in Python takes the theme's colours, and the theme picked is remembered."""

from __future__ import annotations

import io

from rich.console import Console
from textual.color import Color

from netcrm.services.config import load_config
from netcrm.services.settings import remember
from netcrm.ui import colours
from netcrm.ui.app import NetcrmApp
from netcrm.ui.widgets.person_view import PersonView
from tests.waiting import until

SIZE = (120, 40)


def pane_colours(app: NetcrmApp) -> set[str]:
    """Every foreground colour used in the centre pane, as #rrggbb."""
    console = Console(width=80, record=True, file=io.StringIO(), color_system="truecolor")
    console.print(app.main.query_one(PersonView).shown)
    return {seg.style.color.get_truecolor().hex for seg in console._record_buffer
            if seg.style and seg.style.color is not None}


async def test_the_person_pane_takes_its_colours_from_the_theme(small_network):
    app = NetcrmApp(small_network, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.main.current_id == "ana-lima", "Ana selected")
        await app.workers.wait_for_complete()  # the first frame's background work, before a theme redraws
        for theme in ("nord", "textual-light", "gruvbox"):
            app.theme = theme
            await pilot.pause()
            cold = Color.parse(app.get_css_variables()["text-error"]).hex.lower()
            await until(pilot, lambda cold=cold: cold in {c.lower() for c in pane_colours(app)}, f"{theme}'s cold colour")
            await app.workers.wait_for_complete()


async def test_a_theme_picked_in_the_app_is_remembered_in_the_config(small_network, tmp_path):
    settings = tmp_path / "config.yaml"
    settings.write_text("# my settings\ntimezone: Europe/Berlin\ndaily_target: 2\n")
    app = NetcrmApp(small_network, watch=False, settings=settings)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.main.current_id, "the app up")
        await app.workers.wait_for_complete()  # the first frame's background work, before a theme redraws
        app.theme = "nord"
        await until(pilot, lambda: "theme" in settings.read_text(), "the theme saved")
        await app.workers.wait_for_complete()  # the panels redrawn in the new colours
    text = settings.read_text()
    assert text.startswith("# my settings\ntimezone: Europe/Berlin\ndaily_target: 2\n")
    assert load_config(settings).theme == "nord"
    assert settings.stat().st_mode & 0o777 == 0o600
    small_network.config.theme = "nord"
    again = NetcrmApp(small_network, watch=False)
    async with again.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: again.theme == "nord", "the remembered theme in use")


def test_remember_replaces_the_key_in_place_and_never_writes_an_invalid_config(tmp_path):
    path = tmp_path / "cfg" / "config.yaml"
    remember(path, "theme", "dracula")
    remember(path, "theme", "nord")
    assert path.read_text() == 'theme: "nord"\n'
    assert path.parent.stat().st_mode & 0o777 == 0o700
    path.write_text("daily_target: 900\n")  # already invalid: nothing more is written
    try:
        remember(path, "theme", "nord")
    except Exception as exc:  # noqa: BLE001 - the message is what matters
        assert "daily_target" in str(exc)
    assert path.read_text() == "daily_target: 900\n"


def test_without_a_theme_the_fallback_colours_are_plain_terminal_ones():
    assert colours.FALLBACK.keys() == colours.ROLES.keys()
