"""Property: any contact survives the YAML layout used by `export yaml` and `edit` unchanged."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from hypothesis import given, settings
from hypothesis import strategies as st

from netcrm.domain.model import CIRCLES, STAGES, Contact
from netcrm.formats.yaml_tree import contact_yaml
from netcrm.services import yaml_files
from netcrm.services.edit import parse_edit

# Printable text, with newlines and tabs (notes are multi-line), but no other control characters.
text = st.text(st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\n\t"), max_size=40)
line = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=30)
words = st.lists(line, max_size=4)
zones = st.sampled_from([dt.UTC, zoneinfo.ZoneInfo("Europe/Berlin"), dt.timezone(dt.timedelta(hours=-5))])
moments = st.builds(
    lambda d, tz: d.replace(tzinfo=tz, microsecond=0),
    st.datetimes(min_value=dt.datetime(1970, 1, 2), max_value=dt.datetime(2100, 1, 1)),
    zones,
)
dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1))
birthdays = st.one_of(
    st.none(),
    dates.map(dt.date.isoformat),
    dates.map(lambda d: f"--{d.month:02d}-{d.day:02d}"),
)

contacts = st.builds(
    Contact,
    id=st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True),
    name=line.filter(lambda s: s.strip() != "" and s == s.strip()),
    org=line, department=line, title=line,
    circle=st.sampled_from(CIRCLES),
    tags=words, skills=words, asks=words, offers=words, interests=words, goals=words,
    emails=st.lists(st.emails(), max_size=3), phones=words,  # domain.rules: valid syntax only links=words, family=words, external_ids=words,
    location=line, timezone=st.sampled_from(["", "Europe/Berlin", "America/Sao_Paulo"]), how_met=line,
    met_on=st.none() | dates,
    introduced_by=st.none() | line.filter(bool),
    birthday=birthdays,
    notes=text,
    cadence=st.none() | st.integers(1, 3650),
    stage=st.sampled_from(STAGES),
    snoozed_until=st.none() | dates,
    archived=st.booleans(),
    created=st.none() | moments,
    updated=st.none() | moments,
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(contacts)
def test_contact_survives_yaml_round_trip(contact):
    text_out = contact_yaml(contact)
    back = yaml_files.to_record(yaml_files.load(text_out, "x.yaml"), Contact, "x.yaml", text_out)
    assert back == contact


@settings(max_examples=50, deadline=None)
@given(contacts)
def test_an_unchanged_edit_gives_back_the_same_contact(contact):
    assert parse_edit(contact, contact_yaml(contact), "x.yaml") == contact
