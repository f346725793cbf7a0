"""`import yaml` checks people in batches (one decode, each e-mail domain checked once) and still
reports exactly what reading one file after another reported: the same rule, file and line, and
the first problem in name order even when a later file is not YAML at all."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netcrm.domain.bounds import MULTILINE
from netcrm.domain.model import Contact
from netcrm.domain.rules import contact_problems
from netcrm.formats.yaml_records import mapping_data
from netcrm.formats.yaml_tree import contact_yaml
from netcrm.services import yaml_files
from netcrm.services.email_check import EmailCheck
from netcrm.services.yaml_export import export_yaml
from netcrm.services.yaml_io import read_folder

ADDRESSES = [
    "zoe@acme.example", "Zoe.Odegard+crm@acme.example", "x@corp.local", "a@localhost", "a@b", "a@-bad.example",
    "a@bad-.example", "a@exa_mple.com", "a..b@acme.example", ".a@acme.example", "a.@acme.example", "@acme.example",
    "zoe@", "zoe", "zoe@@acme.example", '"zoe smith"@acme.example', "Zoë <zoe@acme.example>", "zoë@acme.example",
    "zoe@äcme.example", "zoe@xn--80ak6aa92e.com", "zoe@xn--zz.com", "zoe@acme..example", "zoe@acme.example.",
    "zoe@" + "a" * 64 + ".example", "a" * 65 + "@acme.example", "z" * 240 + "@acme.example", "zoe@[127.0.0.1]",
    "zoe@test", "zoe@invalid", "zoe@example.onion", "zoe@123.example", "zoe@acme.EXAMPLE", "postmaster@acme.example",
    "zoe @acme.example", "zoe@acme.example\u200e",
]  # fmt: skip


def person(**fields) -> Contact:
    return Contact(id="zoe", name="Zoë Ødegård", **fields)


@pytest.mark.parametrize("address", ADDRESSES)
def test_an_address_is_judged_as_contact_problems_judges_it(address):
    contact = person(emails=["ok@acme.example", address])
    assert EmailCheck().keeps_the_rules(contact) == (not contact_problems(contact))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.emails(), st.text(max_size=20), st.sampled_from(ADDRESSES)), max_size=4),
       st.sampled_from([None, "1985-04-16", "--02-30", "1800-01-01"]), st.sampled_from(["", "Europe/Oslo", "Mars/Base"]))
def test_the_batch_check_agrees_with_contact_problems(emails, birthday, timezone):
    contact = person(emails=emails, birthday=birthday, timezone=timezone)
    check = EmailCheck()
    check.keeps_the_rules(person(emails=["warm@acme.example", *emails[:1]]))  # domains seen before
    assert check.keeps_the_rules(contact) == (not contact_problems(contact))


@pytest.fixture
def folder(tmp_path: Path, demo_ws) -> Path:
    out = tmp_path / "out"
    export_yaml(demo_ws, out)
    return out


def people_files(folder: Path) -> list[Path]:
    return sorted((folder / "people").glob("*.yaml"))


def set_field(path: Path, field: str, value: object) -> int:
    """Give `field` this value in a person's file, written as the export writes it; its line."""
    data = yaml_files.load(path.read_text(), str(path))
    contact = msgspec.convert({**data, "birthday": str(data["birthday"]) if data.get("birthday") else None}, Contact)
    text = contact_yaml(msgspec.structs.replace(contact, **{field: value}))
    path.write_text(text)
    assert mapping_data(text, Contact, MULTILINE) is not None  # the batch path takes it, not the careful one
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(f"{field}:"))


def test_a_bad_address_among_many_is_named_with_its_file_and_line(folder, now):
    files = people_files(folder)
    bad = files[len(files) // 2]
    line = set_field(bad, "emails", ["zoe@-bad.example"])
    with pytest.raises(yaml_files.YamlError) as caught:
        read_folder(folder, now)
    assert str(caught.value).startswith(f"out/people/{bad.name}: line {line}: emails: 'zoe@-bad.example' "
                                        "is not an email address")


def test_the_first_problem_in_name_order_is_reported_though_a_later_file_is_no_yaml(folder, now):
    files = people_files(folder)
    first, later = files[1], files[-1]
    set_field(first, "timezone", "Mars/Base")
    later.write_text("name: [unclosed\n")
    with pytest.raises(yaml_files.YamlError, match=rf"people/{first.name}: line \d+: timezone: unknown time zone"):
        read_folder(folder, now)


def test_a_file_that_is_no_yaml_before_a_bad_field_is_reported_first(folder, now):
    files = people_files(folder)
    first, later = files[1], files[-1]
    first.write_text("name: [unclosed\n")
    set_field(later, "timezone", "Mars/Base")
    with pytest.raises(yaml_files.YamlError, match=rf"people/{first.name}: line \d+"):
        read_folder(folder, now)


def test_a_date_out_of_range_is_named_with_its_line(folder, now):
    files = people_files(folder)
    line = set_field(files[3], "snoozed_until", dt.date(now.year + 200, 1, 1))
    with pytest.raises(yaml_files.YamlError, match=rf"people/{files[3].name}: line {line}: snoozed_until: .* out of range"):
        read_folder(folder, now)


def test_people_read_in_batches_are_those_read_one_by_one(folder, now):
    """The careful path (strict loader) for every file gives the same people."""
    fast = read_folder(folder, now).contacts
    careful = [yaml_files.to_record(yaml_files.load(p.read_text(), p.name), Contact, p.name) for p in people_files(folder)]
    assert fast == careful
    assert all(isinstance(c.created, dt.datetime) for c in fast)
