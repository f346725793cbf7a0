"""Importers and exporters keep what people wrote: QP spaces, textual birthdays, emoji in YAML, backslashes in CN."""

from __future__ import annotations

import datetime as dt
import json

from ics_support import libical_python, read_icalendar, read_libical

from netcrm.services.ics import export_ics
from netcrm.services.people import add_contact
from netcrm.services.plans import plan_catchup


def _notes(cli, name: str) -> str:
    return json.loads(cli("show", name, "--json").out)["notes"]


def test_a_space_after_a_quoted_printable_soft_break_is_content(cli, tmp_path):
    card = tmp_path / "qp.vcf"
    card.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Q P\r\n"
        b"NOTE;ENCODING=QUOTED-PRINTABLE:Now is the time for all good men to come=\r\n"
        b" to the aid of their country.=\r\n=0D=0Abye\r\nEND:VCARD\r\n"
    )
    assert cli("import", "vcard", str(card)).code == 0
    assert _notes(cli, "Q P") == "Now is the time for all good men to come to the aid of their country.\nbye"


def test_a_textual_birthday_is_kept_in_the_notes_and_said(cli, tmp_path):
    card = tmp_path / "bday.vcf"
    card.write_text("BEGIN:VCARD\nVERSION:4.0\nFN:Old Friend\nBDAY;VALUE=text:circa 1800\nNOTE:met at the fair\n"
                    "END:VCARD\n")
    dry = cli("import", "vcard", str(card), "--dry-run")
    assert "note: bday.vcf card 1 (line 1): birthday 'circa 1800' is not a date; kept in the notes" in dry.out
    cli("import", "vcard", str(card))
    shown = json.loads(cli("show", "Old Friend", "--json").out)
    assert shown["notes"] == "met at the fair\n\nBirthday: circa 1800" and shown.get("birthday") is None


def test_yaml_export_keeps_emoji_as_written_even_in_quoted_text(cli, ws, tmp_path):
    add_contact(ws, "Hana Ito", notes="likes\tcherry blossoms 🌸", tags=["🌸 sakura"])
    assert cli("export", "yaml", str(tmp_path / "out")).code == 0
    text = (tmp_path / "out" / "people" / "hana-ito.yaml").read_text(encoding="utf-8")
    assert "\\U0001F338" not in text and text.count("🌸") == 2
    assert cli("import", "yaml", str(tmp_path / "out"), "--dry-run").code == 0


def test_an_attendee_name_keeps_its_backslash(ws, now):
    jj = add_contact(ws, '"JJ" \\ Jr.', emails=["jj@example.org"])
    plan_catchup(ws, [jj], start=now + dt.timedelta(days=1))
    data = export_ics(ws).data
    (event,) = read_icalendar(data)
    assert event["attendees"] == [("mailto:jj@example.org", '"JJ" \\ Jr.')]
    if libical_python():
        errors, (theirs,) = read_libical(data)
        assert errors == [] and theirs["attendees"] == event["attendees"]
