"""The reader for what `export yaml` writes gives exactly the strict loader's data, or gives up.

`import yaml` trusts it only because of this: on exported text it must read what
PyYAML reads, and on hand-edited text (comments, quotes, odd indentation, words YAML
reads as booleans) it must either still agree or return None so the strict loader
(and its file-and-line errors) takes over.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_contact_yaml_roundtrip import contacts
from test_yaml_writer import tame, touches

from netcrm.domain.bounds import MULTILINE
from netcrm.formats.yaml_subset import read_list, read_mapping
from netcrm.formats.yaml_tree import contact_yaml
from netcrm.formats.yaml_writer import dump_record, dump_records
from netcrm.services import yaml_files


def strict(text: str) -> object:
    try:
        return yaml_files.load(text, "x.yaml")
    except yaml_files.YamlError as exc:
        return exc


def agrees(fast: object, text: str) -> None:
    """Given up, or the same data as the strict loader (which then must not have failed)."""
    if fast is not None:
        assert fast == strict(text), text


@settings(max_examples=300, deadline=None)
@given(st.lists(touches, max_size=5))
def test_exported_touches_read_as_the_strict_loader_reads_them(items):
    text = dump_records([yaml_files.to_data(i) for i in items])
    agrees(read_list(text, MULTILINE), text)


@settings(max_examples=300, deadline=None)
@given(st.one_of(contacts, tame))
def test_exported_people_read_as_the_strict_loader_reads_them(contact):
    text = dump_record(yaml_files.to_data(contact))
    agrees(read_mapping(text, MULTILINE), text)


EDITS = ["#", " #x", ": ", ":", " ", "  ", "\n", "\n  ", "\n    ", "\n- ", "'", "''", '"', "-", "- ", "\t", "|", "|-",
         "&a ", "*a", "!!str ", "[", "]", "{", "0", "1", "yes", "null", "~", "...", "---", "2026-02-31", "\r", "\u2028",
         "\x85", "\ufeff", "%", "@", "`", "?", ",", "1:30", "0x1F", "+1", ".5", "key: v", "\n\n", "notes: |-\n  a"]


@settings(max_examples=600, deadline=None)
@given(st.lists(touches, min_size=1, max_size=3), st.lists(st.tuples(st.integers(0, 10**6), st.sampled_from(EDITS),
                                                                       st.integers(0, 3)), min_size=1, max_size=3))
def test_hand_edited_touches_agree_or_are_left_to_the_strict_loader(items, edits):
    text = dump_records([yaml_files.to_data(i) for i in items])
    for where, what, cut in edits:
        at = where % (len(text) + 1)
        text = text[:at] + what + text[at + cut :]
    agrees(read_list(text, MULTILINE), text)


@settings(max_examples=600, deadline=None)
@given(st.one_of(contacts, tame), st.lists(st.tuples(st.integers(0, 10**6), st.sampled_from(EDITS),
                                                     st.integers(0, 3)), min_size=1, max_size=3))
def test_hand_edited_people_agree_or_are_left_to_the_strict_loader(contact, edits):
    text = dump_record(yaml_files.to_data(contact))
    for where, what, cut in edits:
        at = where % (len(text) + 1)
        text = text[:at] + what + text[at + cut :]
    agrees(read_mapping(text, MULTILINE), text)


def test_what_an_export_writes_is_read_without_the_strict_loader():
    """The fast path is really taken for ordinary records (else the speed claim is empty)."""
    touch = {"id": "t-1", "contacts": ["zoe", "raj"], "at": dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC),
             "kind": "coffee", "summary": "Q3 budget, offsite & hiring!" + " and more" * 12, "notes": "line one\n\n  two"}
    text = dump_records([touch, {**touch, "id": "t-2", "contacts": [], "summary": "yes"}])
    assert read_list(text, MULTILINE) == [touch, {**touch, "id": "t-2", "contacts": [], "summary": "yes"}]
    person = {"id": "zoe", "name": "Zoë Ødegård", "tags": ["team", "null"], "cadence": 14, "archived": True,
              "met_on": dt.date(2024, 5, 1), "birthday": "1985-04-16", "phones": ["+49 30 1", "-1"]}
    assert read_mapping(dump_record(person), MULTILINE) == person


@pytest.mark.parametrize("text", [
    "id: x\nname: a # comment\n",        # a comment is not part of the value
    "id: x\nname: yes\n",                # YAML 1.1 reads it as true
    "id: x\nid: y\n",                    # a key given twice: the strict loader names the line
    "id: x\nmet_on: 2026-02-31\n",       # no such day
    "id: x\nname: \"Zo\\u00eb\"\n",      # double quotes (escapes)
    "id: x\nname: |-\n  two\n  lines\n",  # a line break in a one-line field
    "id: x\ncadence: 017\n",             # octal in YAML 1.1 (15)
    "id: x\n  name: y\n",                # odd indentation
    "id: x\r\nname: y\r\n",              # Windows line ends
])
def test_unusual_text_is_left_to_the_strict_loader(text):
    assert read_mapping(text, MULTILINE) is None


def test_a_whole_export_is_read_fast_and_the_same(tmp_path, demo_ws):
    from netcrm.services.yaml_export import export_yaml

    export_yaml(demo_ws, tmp_path / "out")
    for path in sorted((tmp_path / "out").rglob("*.yaml")):
        text = path.read_text()
        one = path.parent.name == "people" or path.name == "network.yaml"
        fast = read_mapping(text, MULTILINE) if one else read_list(text, MULTILINE)
        assert fast is not None, path
        assert fast == yaml_files.load(text, str(path)), path


def test_contact_yaml_of_the_demo_reads_back(demo_ws):
    for contact in demo_ws.repo.contacts():
        text = contact_yaml(contact)
        assert read_mapping(text, MULTILINE) == yaml_files.load(text, contact.id)


def test_a_touch_out_of_range_among_many_is_named_with_its_line(tmp_path, demo_ws, now):
    """A year of touches is checked in one pass; the one bad touch is still reported at its line."""
    from netcrm.services.yaml_export import export_yaml
    from netcrm.services.yaml_io import read_folder

    out = tmp_path / "out"
    export_yaml(demo_ws, out)
    year = max((out / "touches").glob("*.yaml"))
    lines = year.read_text().split("\n")
    ats = [n for n, line in enumerate(lines) if line.startswith("  at: ")]
    assert len(ats) > 3
    lines[ats[2]] = f"  at: {now.year + 1}-01-02 03:04:00+00:00"
    year.write_text("\n".join(lines))
    with pytest.raises(yaml_files.YamlError, match=rf"touches/{year.name}: line {ats[2] + 1}: at: .* is in the future"):
        read_folder(out, now)
