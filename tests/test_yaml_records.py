"""The records reader (`formats.yaml_records`) makes exactly the records the careful path makes
(strict loader, then `msgspec.convert`), or gives up; and `import yaml` reading people in batches
reports the same first problem as reading one file after another.

`import yaml` trusts the fast reader only because of this: on exported text it must give the
records the careful path gives; on hand-edited text (comments, quotes, odd indentation, words
YAML reads as booleans, a time where text belongs) it must agree or return None.
"""

from __future__ import annotations

import datetime as dt

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_contact_yaml_roundtrip import contacts
from test_yaml_subset import EDITS
from test_yaml_writer import tame, touches

from netcrm.domain.bounds import MULTILINE
from netcrm.domain.model import Contact, Interaction, Plan
from netcrm.formats.yaml_records import decode_all, mapping_data, read_records
from netcrm.formats.yaml_writer import dump_record, dump_records
from netcrm.services import yaml_files

edits = st.lists(st.tuples(st.integers(0, 10**6), st.sampled_from(EDITS), st.integers(0, 3)), min_size=1, max_size=3)


def careful(text: str, kind: type, one: bool) -> object:
    """What the careful path makes of the text: the records, or the exception it stops at."""
    try:
        data = yaml_files.load(text, "x.yaml")
        if one:
            if isinstance(data, dict) and isinstance(data.get("birthday"), dt.date):
                data = {**data, "birthday": data["birthday"].isoformat()}  # as yaml_text.to_record does
            return msgspec.convert(data, kind)
        return msgspec.convert(data or [], list[kind])
    except (yaml_files.YamlError, msgspec.ValidationError) as exc:
        return exc


def one_record(text: str, kind: type) -> object:
    data = mapping_data(text, kind, MULTILINE)
    if data is None:
        return None
    records = decode_all([data], kind)
    return None if records is None else records[0]


def agrees(fast: object, text: str, kind: type, one: bool) -> None:
    """Given up, or the very records of the careful path (which then must not have failed)."""
    if fast is not None:
        assert fast == careful(text, kind, one), text


def edited(text: str, changes: list[tuple[int, str, int]]) -> str:
    for where, what, cut in changes:
        at = where % (len(text) + 1)
        text = text[:at] + what + text[at + cut :]
    return text


@settings(max_examples=300, deadline=None)
@given(st.lists(touches, max_size=5))
def test_exported_touches_become_the_records_of_the_careful_path(items):
    text = dump_records([yaml_files.to_data(i) for i in items])
    fast = read_records(text, Interaction, MULTILINE)
    agrees(fast, text, Interaction, one=False)


@settings(max_examples=300, deadline=None)
@given(st.one_of(contacts, tame))
def test_exported_people_become_the_records_of_the_careful_path(contact):
    text = dump_record(yaml_files.to_data(contact))
    agrees(one_record(text, Contact), text, Contact, one=True)


@settings(max_examples=600, deadline=None)
@given(st.lists(touches, min_size=1, max_size=3), edits)
def test_hand_edited_touches_agree_or_are_left_to_the_careful_path(items, changes):
    text = edited(dump_records([yaml_files.to_data(i) for i in items]), changes)
    agrees(read_records(text, Interaction, MULTILINE), text, Interaction, one=False)


@settings(max_examples=600, deadline=None)
@given(st.one_of(contacts, tame), edits)
def test_hand_edited_people_agree_or_are_left_to_the_careful_path(contact, changes):
    text = edited(dump_record(yaml_files.to_data(contact)), changes)
    agrees(one_record(text, Contact), text, Contact, one=True)


TOUCH = "- id: t-1\n  contacts:\n  - zoe\n  at: 2026-01-02 03:04:00+00:00\n  kind: call\n"


@pytest.mark.parametrize("line", [
    "  summary: 2026-01-02 03:04:00+00:00\n",  # a time where text belongs: YAML reads a time, not text
    "  summary: 2026-01-02\n",                 # a date, likewise
    "  summary: 17\n",                         # a number
    "  summary: yes\n",                        # YAML 1.1 reads it as true
    "  summary: ~\n",                          # null
    "  summary: a # comment\n",                # the comment is not part of the value
    "  summary: a: b\n",                       # a mapping, not text
    "  summary: \"Zo\\u00eb\"\n",              # double quotes (escapes)
    "  summary: |-\n    two\n    lines\n",     # a line break in a one-line field
    "  summary: 'open\n",                      # a quote never closed
    "  summary: -5\n",                         # a negative number
    "  summary: .inf\n",                       # a float
    "  summary: 0x1F\n",                       # hexadecimal
    "  notes: |-\n      deeper first line\n    then\n",  # YAML would find another indentation
    "  notes: |-\n    trailing empty line\n\n",
    "  direction: inbound\n  kind: call\n",   # a key given twice
    "  unknown: x\n",                          # not a field of a touch
])
def test_what_the_export_never_writes_is_left_to_the_careful_path_or_read_the_same(line):
    text = TOUCH + line
    fast = read_records(text, Interaction, MULTILINE)
    expected = careful(text, Interaction, one=False)
    assert fast is None or fast == expected, (fast, expected)
    if isinstance(expected, Exception):
        assert fast is None


@pytest.mark.parametrize("line, value", [
    ("  summary: +49 30 1234\n", "+49 30 1234"),
    ("  summary: 3 intros, 2 asks\n", "3 intros, 2 asks"),
    ("  summary: --12-24\n", "--12-24"),
    ("  summary: 'yes'\n", "yes"),
    ("  summary: 'it''s: fine # really'\n", "it's: fine # really"),
    ("  summary: He said \"hi\" \\o/\n", 'He said "hi" \\o/'),
    ("  summary: folded\n    onto two lines\n", "folded onto two lines"),
    ("  notes: |-\n    one\n\n      two\n", "one\n\n  two"),
])
def test_ordinary_values_are_read_fast(line, value):
    """The fast path is really taken for what the export writes (else the speed claim is empty)."""
    field = line.split(":")[0].strip()
    [touch] = read_records(TOUCH + line, Interaction, MULTILINE)
    assert getattr(touch, field) == value
    assert [touch] == careful(TOUCH + line, Interaction, one=False)


def test_a_record_the_fast_reader_does_not_know_is_read_by_the_subset_reader_among_the_others():
    odd = "- id: t-2\n  kind: call\n  contacts:\n  - raj\n  at: 2026-01-03 03:04:00+00:00\n"  # fields out of order
    text = TOUCH + odd + TOUCH.replace("t-1", "t-3")
    records = read_records(text, Interaction, MULTILINE)
    assert records is not None and [r.id for r in records] == ["t-1", "t-2", "t-3"]
    assert records == careful(text, Interaction, one=False)


def test_a_record_that_does_not_validate_leaves_the_file_to_the_careful_path():
    assert read_records(TOUCH.replace("kind: call", "kind: telepathy"), Interaction, MULTILINE) is None
    assert read_records(TOUCH.replace("2026-01-02", "2026-02-31"), Interaction, MULTILINE) is None


def test_plans_with_numbers_and_nothing_read_fast():
    text = ("- id: p-1\n  contacts:\n  - zoe\n  start: 2026-01-02 03:04:00+01:00\n  duration: 45\n"
            "  remind: null\n  status: planned\n  sequence: 2\n")
    [plan] = read_records(text, Plan, MULTILINE)
    assert (plan.duration, plan.remind, plan.sequence) == (45, None, 2)
    assert [plan] == careful(text, Plan, one=False)


def test_a_whole_demo_export_is_read_fast_and_the_same(tmp_path, demo_ws):
    from netcrm.services.yaml_export import export_yaml

    export_yaml(demo_ws, tmp_path / "out")
    for path in sorted((tmp_path / "out").glob("people/*.yaml")):
        text = path.read_text()
        assert mapping_data(text, Contact, MULTILINE) is not None, path
        assert one_record(text, Contact) == careful(text, Contact, one=True), path
    for path in sorted((tmp_path / "out").glob("touches/*.yaml")):
        text = path.read_text()
        fast = read_records(text, Interaction, MULTILINE)
        assert fast is not None and fast == careful(text, Interaction, one=False), path
