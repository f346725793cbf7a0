"""Names as people use them: what the source says, what you call them, family name first."""

from __future__ import annotations

import json

from netcrm.domain.model import Contact
from netcrm.domain.names import call_name
from netcrm.domain.today import starter


def test_call_name_prefers_what_you_set_then_the_source_then_parsing():
    assert call_name(Contact(id="m", name="Nguyễn Thị Mai", call_name="Mai T.")) == "Mai T."
    assert call_name(Contact(id="m", name="Nguyễn Thị Mai", given_name="Mai", family_name="Nguyễn")) == "Mai"
    assert call_name(Contact(id="m", name="Nguyễn Thị Mai", family_name="Nguyễn")) == "Mai"  # family name first
    assert call_name(Contact(id="j", name="Dr. Jane Smith PhD")) == "Jane"  # titles and suffixes parsed away
    assert call_name(Contact(id="s", name="Smith, John")) == "John"
    assert call_name(Contact(id="x", name="ann@example.org")) == "ann@example.org"


def test_starters_greet_people_by_the_name_they_go_by():
    mai = Contact(id="m", name="Nguyễn Thị Mai", given_name="Mai", family_name="Nguyễn",
                  family=["daughter Mia (7)"], asks=["a frontend partner"])
    text = starter(mai, ["birthday today"], None, None)  # type: ignore[arg-type]
    assert text.startswith("wish Mai a happy birthday; ask Mai how daughter Mia (7) is doing")
    assert "Nguyễn" not in text


def test_vcard_n_and_linkedin_columns_keep_given_and_family_names(cli, tmp_path):
    card = tmp_path / "mai.vcf"
    card.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Nguyễn Thị Mai\nN:Nguyễn;Mai;Thị;;\nEND:VCARD\n", encoding="utf-8")
    assert cli("import", "vcard", str(card)).code == 0
    mai = json.loads(cli("show", "mai", "--json").out)
    assert (mai["given_name"], mai["family_name"]) == ("Mai", "Nguyễn")
    csv = tmp_path / "Connections.csv"
    csv.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                   "Zoë,Ødegård,,,Acme,CFO,01 Mar 2024\n", encoding="utf-8")
    assert cli("import", "linkedin", str(csv)).code == 0
    zoe = json.loads(cli("show", "zoe", "--json").out)
    assert (zoe["given_name"], zoe["family_name"]) == ("Zoë", "Ødegård")


def test_a_merged_card_under_another_name_does_not_set_what_to_call_them(cli, tmp_path):
    cli("add", "Ann Lee", "--email", "ann@x.org")
    card = tmp_path / "annie.vcf"
    card.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Annie Lee\nN:Lee;Annie;;;\nEMAIL:ann@x.org\nEND:VCARD\n")
    cli("import", "vcard", str(card))
    ann = json.loads(cli("show", "ann-lee", "--json").out)
    assert ann["aka"] == ["Annie Lee"] and "given_name" not in ann
