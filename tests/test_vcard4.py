"""Property: any contact survives netcrm's vCard 4.0 and the reader (vobject) unchanged, and a
card from a phone without netcrm's extensions still reads as a clean person."""

from __future__ import annotations

import msgspec
from hypothesis import given, settings
from test_contact_yaml_roundtrip import contacts

from netcrm.formats.vcard4 import card_fields, card_uid, contact_from_fields, read_card, write_card


def _without_derived(contact):
    return msgspec.structs.replace(contact, last_touch=None)


@settings(max_examples=200, deadline=None)
@given(contacts)
def test_every_contact_survives_a_vcard_round_trip(contact):
    related = "urn:uuid:introducer" if contact.introduced_by else None
    card = read_card(write_card(contact, related_uid=related), {"urn:uuid:introducer": "someone"})
    assert card.uid == card_uid(contact)
    assert card.fields == card_fields(contact)
    assert contact_from_fields(card.fields) == _without_derived(contact)


@settings(max_examples=50, deadline=None)
@given(contacts)
def test_lines_are_folded_to_75_octets_and_end_in_crlf(contact):
    text = write_card(contact)
    assert text.endswith("\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert "\n" not in text.replace("\r\n", "")


def test_a_phone_card_reads_as_a_person_without_crm_fields():
    text = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:ABC-123\r\nFN:Mia Chen\r\nN:Chen;Mia;;;\r\n"
        "ORG:Lumen;Research\r\nTEL;TYPE=CELL:+49 170 1234567\r\nEMAIL;TYPE=INTERNET:mia@lumen.example\r\n"
        "BDAY:1604-03-09\r\nRELATED;TYPE=contact:urn:uuid:zoe\r\nEND:VCARD\r\n"
    )
    card = read_card(text, {"urn:uuid:zoe": "zoe"})
    assert card.uid == "ABC-123"
    assert not card.has_extras
    assert card.fields["name"] == "Mia Chen"
    assert (card.fields["org"], card.fields["department"]) == ("Lumen", "Research")
    assert card.fields["phones"] == ["+49 170 1234567 (cell)"]
    assert card.fields["emails"] == ["mia@lumen.example"]
    assert card.fields["birthday"] == "--03-09"
    assert card.fields["introduced_by"] == "zoe"
    assert "circle" not in card.fields  # unknown, not "external": the sync keeps netcrm's value
