"""The fast YAML emitter writes exactly the bytes PyYAML (libyaml) writes for each record, and they read back."""

from __future__ import annotations

import copy
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st
from test_contact_yaml_roundtrip import contacts

from netcrm.domain.model import KINDS, Contact, Interaction
from netcrm.formats import yaml_writer
from netcrm.formats.yaml_subset import WORDS
from netcrm.formats.yaml_writer import dump_record, dump_records, dump_touches
from netcrm.services import yaml_files

words = st.sampled_from(["Zoë", "x\n", "\n", "coffee", "yes", "No", "a: b", "x #y", "Ben O'Brien", "", " pad", "1985", "~",
                         "null", "Q3 budget, offsite & hiring!", "a\nb", "über-café", "日本語", "🏃 run", "x" * 95])
texts = st.one_of(words, st.text(max_size=30), st.lists(words, max_size=12).map(" ".join))
moments = st.datetimes(min_value=dt.datetime(1970, 1, 2), max_value=dt.datetime(2100, 1, 1)).map(
    lambda d: d.replace(tzinfo=dt.UTC))
touches = st.builds(
    Interaction, id=st.from_regex(r"t-[0-9a-f]{1,10}", fullmatch=True),
    contacts=st.lists(st.sampled_from(["zoe", "raj-patel", "yes", "yuki-佐藤"]), min_size=1, max_size=3),
    at=moments, kind=st.sampled_from(KINDS), direction=st.sampled_from(["outbound", "inbound"]),
    summary=texts, notes=texts,
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(touches, max_size=5))
def test_touch_lists_are_byte_identical_to_pyyaml(items):
    data = [yaml_files.to_data(i) for i in items]
    text = dump_records(data)
    parts = [yaml_files.dump([d]) for d in data]
    if not data or any(p.endswith("\n...\n") for p in parts):  # a record that ends the document
        assert text == yaml_files.dump(data)
    else:
        assert text == "".join(parts)  # record by record, as PyYAML writes each
    assert yaml_files.load(text, "x.yaml") == data


# People whose every value is one of `words` (so the fast path is taken, not PyYAML's), or anything.
tame = st.builds(
    Contact, id=st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True), name=words.filter(str.strip),
    org=words, title=words, tags=st.lists(words, max_size=3), phones=st.lists(st.sampled_from(
        ["+49 30 5858837", "(0)30 12", "-1", "? x", ": y", "0x1F", "1_000", "12:30", "1e3", ".5", "-- x"]), max_size=3),
    notes=texts, birthday=st.none() | st.sampled_from(["--12-24", "1985-04-16", "--02-29"]),
    cadence=st.none() | st.integers(1, 3650), archived=st.booleans(), met_on=st.none() | st.dates(),
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.one_of(contacts, tame))
def test_people_are_byte_identical_to_pyyaml(contact):
    data = yaml_files.to_data(contact)
    assert dump_record(data) == yaml_files.dump(data)


def test_plain_records_take_the_fast_path():
    data = {"id": "t-1", "contacts": ["zoe"], "at": dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC), "kind": "coffee",
            "summary": "Q3 budget, offsite & hiring!"}
    assert dump_records([data]) == (
        "- id: t-1\n  contacts:\n  - zoe\n  at: 2026-01-02 03:04:00+00:00\n  kind: coffee\n"
        "  summary: Q3 budget, offsite & hiring!\n"
    )


def test_long_text_and_phone_numbers_match_pyyaml_in_every_position():
    long = " ".join(["budget", "offsite", "hiring", "roadmap"] * 12)
    person = {"id": "zoe", "name": "Zoë", "phones": ["+49 30 5858837", long], "notes": long, "cadence": 30}
    assert dump_record(person) == yaml_files.dump(person)
    twice = [person, copy.deepcopy(person)]  # not the same objects, or PyYAML writes anchors
    assert dump_records(twice) == yaml_files.dump(twice)
    assert "\n    " in dump_records([person])  # folded inside a list item, as libyaml does


@settings(max_examples=300, deadline=None)
@given(st.lists(touches, max_size=6))
def test_touches_written_from_the_records_match_their_data_written(items):
    """The export's hot loop (`dump_touches`, straight from the records) writes what the
    general writer writes for their data, including records that need PyYAML."""
    assert dump_touches(items) == dump_records([yaml_files.to_data(i) for i in items])


def test_the_touch_fast_path_knows_the_touch_record():
    """A new field on Interaction must be taught to `_touch_item`, or every touch takes the slow path."""
    assert (Interaction.__struct_fields__, Interaction.__struct_defaults__) == yaml_writer.TOUCH_SHAPE
    item = Interaction(id="t-1", contacts=["zoe"], at=dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC), kind="call",
                       direction="inbound", source="ics:x")
    assert dump_touches([item]) == dump_records([yaml_files.to_data(item)])


@settings(max_examples=500, deadline=None)
@given(st.from_regex(yaml_writer._SURELY_PLAIN, fullmatch=True) | st.sampled_from(sorted(WORDS)))
def test_the_quick_plain_check_never_says_plain_where_pyyaml_quotes(text):
    yaml_writer._plain_ok.clear()  # the full check, not a remembered answer
    if yaml_writer._plain(text):
        assert yaml_files.dump({"k": text})[3] not in "'\"|>"  # libyaml writes it plain too
        assert yaml_files.load(f"k: {text}\n", "x.yaml") == {"k": text}
