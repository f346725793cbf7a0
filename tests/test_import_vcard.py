"""vCard import against real exports (the shared corpus) and hand-made cards for each repair."""

from __future__ import annotations

import csv
import json
import tempfile
from pathlib import Path

import pytest
from conftest import contact_file, snapshot_of

from netcrm.domain.model import Contact
from netcrm.services.importing import Parsed, import_people
from netcrm.services.vcard import read_vcards
from tests.conftest import SHARED

CORPUS = SHARED / "testdata/vcf"


def _expected() -> list[dict[str, str]]:
    if not (CORPUS / "EXPECTED.tsv").exists():
        return []
    with open(CORPUS / "EXPECTED.tsv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


needs_corpus = pytest.mark.skipif(
    not (CORPUS / "EXPECTED.tsv").exists(), reason=f"shared vCard corpus not found at {CORPUS}"
)


@needs_corpus
@pytest.mark.parametrize("row", _expected(), ids=lambda r: r["file"])
def test_corpus_file_imports_as_expected(row, ws):
    parsed = read_vcards(CORPUS / row["file"])
    result = import_people(ws, parsed)
    people = ws.repo.contacts()
    if row["tier"] == "C":
        assert len(parsed.candidates) + len(parsed.skipped) >= 1  # handled: imported or reported
        return
    assert len(people) == int(row["contacts"]), parsed.skipped
    assert result.count("create") == int(row["contacts"])
    if row["file"] == "aosp-v21_backslash.vcf":
        return  # EXPECTED.tsv: assert only "1 contact, no crash"
    wanted = [n.strip() for n in row["display_names"].split("|")]
    names = [c.name for c in people]
    for name in wanted:
        if name != "(none)":
            assert name in names
    for c in people:
        assert "base64" not in c.notes.lower() and "/9j/" not in c.notes  # photos never in notes


@needs_corpus
def test_corpus_details_users_rely_on(ws):
    by_file = {}
    for name in (
        "ezvcard-fullcontact.vcf",
        "ezvcard-gmail-single2.vcf",
        "ezvcard-issue114.vcf",
        "ezvcard-rfc6350-example.vcf",
        "ezvcard-John_Doe_ANDROID.vcf",
        "aosp-v30_ios_613_multiline.vcf",
        "ezvcard-thunderbird-MoreFunctionsForAddressBook-extension.vcf",
        "aosp-v21_japanese_2.vcf",
    ):
        by_file[name] = [c.fields for c in read_vcards(CORPUS / name).candidates]
    full = by_file["ezvcard-fullcontact.vcf"][0]
    assert (len(full["emails"]), len(full["phones"])) == (5, 9)
    assert full["org"] == "Organization1" and full["department"] == "Department1" and full["title"] == "Title1"
    assert full["birthday"] == "2016-08-01"  # two BDAY with one ALTID: one birthday
    gmail = by_file["ezvcard-gmail-single2.vcf"][0]
    assert (len(gmail["emails"]), len(gmail["phones"])) == (5, 11)
    dummy = by_file["ezvcard-issue114.vcf"][0]
    assert dummy["name"] == "Dummy, Dummy" and len(dummy["phones"]) == 2 and len(dummy["emails"]) == 1
    assert by_file["ezvcard-rfc6350-example.vcf"][0]["birthday"] == "--02-03"
    android = by_file["ezvcard-John_Doe_ANDROID.vcf"]
    assert [a["name"] for a in android[:2]] == ["john.doe@company.com", "jane.doe@company.com"]
    ios = by_file["aosp-v30_ios_613_multiline.vcf"][0]
    assert (len(ios["emails"]), len(ios["phones"])) == (1, 1)
    tb = by_file["ezvcard-thunderbird-MoreFunctionsForAddressBook-extension.vcf"][0]
    assert (len(tb["emails"]), len(tb["phones"])) == (5, 5)
    assert by_file["aosp-v21_japanese_2.vcf"][0]["name"] == "安藤 ロイド 1"


@needs_corpus
def test_whole_corpus_folder_imports_and_reimport_changes_nothing(cli, db_path):
    first = cli("import", "vcard", str(CORPUS))
    assert first.code == 0, first.err
    before = json.loads(cli("list", "--json").out)
    again = cli("import", "vcard", str(CORPUS))
    assert "created 0, merged 0" in again.out
    assert json.loads(cli("list", "--json").out) == before


def read_vcard_bytes(data: bytes, name: str) -> Parsed:
    """The cards in `data`, read as `netcrm import vcard` reads a file called `name`."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return read_vcards(path)


def _one(text: str) -> dict:
    parsed = read_vcard_bytes(text.encode("utf-8") if isinstance(text, str) else text, "t.vcf")
    assert not parsed.skipped, parsed.skipped
    assert len(parsed.candidates) == 1
    return parsed.candidates[0].fields


def test_folded_lines_groups_and_apple_labels():
    fields = _one(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\n  Lee\r\nitem1.TEL:+49 30 1\r\nitem1.X-ABLabel:_$!<Mobile>!$_\r\n"
        "item2.EMAIL;TYPE=INTERNET:ann@x.org\r\nitem2.X-ABLabel:Board\r\nORG:Acme;R&D\r\nTITLE:CTO\r\n"
        "URL:https\\://acme.example/ann\r\nBDAY:1604-04-16\r\nNOTE:one\\ntwo\r\nUID:abc-1\r\nEND:VCARD\r\n"
    )
    assert fields["name"] == "Ann Lee"
    assert fields["phones"] == ["+49 30 1 (mobile)"]
    assert fields["emails"] == ["ann@x.org"]
    assert (fields["org"], fields["department"], fields["title"]) == ("Acme", "R&D", "CTO")
    assert fields["links"] == ["https://acme.example/ann"]
    assert fields["birthday"] == "--04-16"  # Apple's 1604 means "no year"
    assert fields["notes"] == "one\ntwo"
    assert fields["external_ids"] == ["vcard:abc-1"]


def test_quoted_printable_soft_breaks_and_shift_jis_with_bare_cr_line_ends():
    sjis = "山田 太郎".encode("shift_jis")
    data = (
        b"BEGIN:VCARD\rVERSION:2.1\rN;CHARSET=SHIFT_JIS:" + sjis + b";;;;\r"
        b"NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:caf=C3=A9 =\rau lait=0D=0Asecond\r"
        b"TEL;CELL;PREF:123\rPHOTO;ENCODING=BASE64;JPEG:/9j/4AAQ\rAAAA\r\rEND:VCARD\r"
    )
    fields = _one(data)
    assert fields["name"] == "山田 太郎"
    assert fields["notes"] == "café au lait\nsecond"
    assert fields["phones"] == ["123 (cell)"]


def test_no_year_birthdays_and_names_from_n_or_email():
    assert _one("BEGIN:VCARD\nVERSION:4.0\nN:Lee;Ann;Q;;\nBDAY:--0203\nEND:VCARD\n")["birthday"] == "--02-03"
    assert _one("BEGIN:VCARD\nVERSION:3.0\nFN:X\nBDAY:--04-16\nEND:VCARD\n")["birthday"] == "--04-16"
    assert _one("BEGIN:VCARD\nVERSION:4.0\nN:Lee;Ann;Q;;\nEND:VCARD\n")["name"] == "Ann Lee"
    assert _one("BEGIN:VCARD\nVERSION:2.1\nEMAIL:x@y.org\nEND:VCARD\n")["name"] == "x@y.org"


def test_altid_alternatives_are_one_person():
    parsed = read_vcard_bytes(
        "BEGIN:VCARD\nVERSION:4.0\nFN;ALTID=1;LANGUAGE=ja:山田太郎\nFN;ALTID=1;LANGUAGE=en:Taro Yamada\n"
        "EMAIL:taro@example.jp\nEND:VCARD\n".encode(),
        "t.vcf",
    )
    assert [c.fields["name"] for c in parsed.candidates] == ["山田太郎"]


def test_a_broken_card_is_skipped_by_name_and_the_rest_imports(cli, tmp_path):
    path = tmp_path / "mixed.vcf"
    path.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Good One\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nNOTE:no name here\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Good Two\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Cut Short\n"
    )
    result = cli("import", "vcard", str(path))
    assert result.code == 0
    assert "mixed.vcf card 2 (line 5): no name and no email" in result.out
    assert "mixed.vcf card 4 (line 13): no END:VCARD" in result.out
    names = [p["name"] for p in json.loads(cli("list", "--json").out)]
    assert names == ["Good One", "Good Two"]
    assert "created 2, merged 0, unchanged 0, skipped 2" in result.out


def test_missing_path_is_one_line_error(cli, tmp_path):
    result = cli("import", "vcard", str(tmp_path / "nope.vcf"))
    assert result.code == 2 and "nope.vcf: no such file" in result.err


def test_dry_run_writes_nothing_and_reports_each_person(cli, tmp_path, db_path):
    cli("add", "Ann Lee", "--email", "ann@x.org")
    before = snapshot_of(db_path)
    path = tmp_path / "two.vcf"
    path.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Annie Lee\nEMAIL:ANN@x.org\nTEL:123\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Bo Ek\nEND:VCARD\n"
    )
    result = cli("import", "vcard", str(path), "--dry-run")
    assert result.code == 0
    assert "merge      Ann Lee (ann-lee)  <- two.vcf card 1 (line 1) (same email; aka, phones)" in result.out
    assert "create     Bo Ek (bo-ek)" in result.out
    assert snapshot_of(db_path) == before
    cli("import", "vcard", str(path))
    ann = json.loads(cli("show", "ann", "--json").out)
    assert ann["name"] == "Ann Lee" and ann["phones"] == ["123"]  # the user's name kept, the phone added
    assert ann["aka"] == ["Annie Lee"]  # the card's other name kept, not thrown away


def test_one_database_write_per_import(ws, monkeypatch):
    from netcrm.storage import docfile

    writes = []
    real = docfile.atomic_write
    monkeypatch.setattr(docfile, "atomic_write", lambda path, data: (writes.append(path.name), real(path, data)))
    commits = []
    ws.repo.after_commit.append(lambda repo: commits.append(repo.last_changes))
    cards = "".join(f"BEGIN:VCARD\nVERSION:3.0\nFN:P{i}\nEMAIL:p{i}@x.org\nEND:VCARD\n" for i in range(50))
    import_people(ws, read_vcard_bytes(cards.encode(), "many.vcf"))
    assert len(commits) == 1 and len(commits[0].ids[Contact]) == 50
    shards = {contact_file(ws.repo.path, c.id).name for c in ws.repo.contacts()}
    assert sorted(w for w in writes if w in shards) == sorted(shards) and len(ws.repo.contacts()) == 50


class _Stream:
    def __init__(self, tty: bool) -> None:
        self.tty, self.text = tty, ""

    def isatty(self) -> bool:
        return self.tty

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass


def test_progress_bar_draws_on_a_terminal_for_long_imports_only():
    from netcrm.commands.import_files import ProgressBar

    for tty, total, drawn in ((True, 1000, True), (False, 1000, False), (True, 10, False)):
        stream = _Stream(tty)
        bar = ProgressBar(stream, "reading")
        for done in range(1, total + 1):
            bar(done, total)
        bar.close()
        assert (f"{total}/{total}" in stream.text) is drawn


def test_a_file_that_is_not_a_vcard_is_an_error(cli, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello\n")
    result = cli("import", "vcard", str(path))
    assert result.code == 2 and "notes.txt: no BEGIN:VCARD found" in result.err
