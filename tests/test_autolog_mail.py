"""`import mail`: headers only, one touch per person/thread/day/direction, never from lists or robots."""

from __future__ import annotations

import datetime as dt
import email.utils
import io
import shlex

from hypothesis import given
from hypothesis import strategies as st

from netcrm.commands.import_files import ProgressBar
from netcrm.domain.funnel import funnel
from netcrm.formats.mail_headers import addresses, header_block, mbox_messages, parse_header_block
from netcrm.services.autolog_mail import import_mail, suggest
from netcrm.services.config import Me
from netcrm.services.people import add_contact
from tests.autolog_support import DATA, ME, mbox, message, people, workspace

REAL = DATA / "mail" / "mikel-mail"


def header(name: str):
    return parse_header_block(header_block((REAL / name).read_bytes()))


# Real files ---------------------------------------------------------------------------------------


def test_encoded_word_subject_and_names_decode():
    assert header("plain_emails-raw_email.eml").subject == "NOTE: 한국말로 하는 것"  # EUC-KR encoded word
    assert header("rfc6532-utf8_headers.eml").sender == ("Jöhn Doe", "jdöe@mächine.example")


def test_odd_and_bad_dates():
    assert header("rfc2822-example10.eml").at == dt.datetime(1969, 2, 14, 3, 2, tzinfo=dt.UTC)  # folded, -0330
    assert header("plain_emails-raw_email_with_bad_date.eml").at is None
    assert header("error_emails-bad_date_header.eml").at is None


def test_rfc_thread_shares_one_thread_key():
    hello, reply, reply2 = (header(f"rfc2822-example0{n}.eml") for n in (5, 6, 7))
    assert hello.thread == reply.thread == reply2.thread == "1234@local.machine.example"
    assert reply.message_id == "3456@example.net"


def test_lists_and_bulk_are_marked():
    assert header("error_emails-empty_in_reply_to.eml").bulk == "mailing list (List-Id)"
    assert header("error_emails-bad_date_header.eml").bulk == "bulk (Precedence: junk)"
    assert header("rfc2822-example05.eml").bulk == ""


def test_cpython_mbox_is_one_message_despite_from_in_the_body():
    blocks = list(mbox_messages((DATA / "mail" / "cpython-mailbox_01.mbox").read_bytes()))
    assert len(blocks) == 1
    assert b"Subject: unquoted From in body" in blocks[0][1]


def test_rfc_thread_from_a_maildir_counts_as_responded(tmp_path):
    """John writes to Mary, Mary replies, John replies again the same day: one touch each way."""
    maildir = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    for n, sub in ((5, "cur"), (6, "cur"), (7, "new")):
        (maildir / sub / f"17000000{n}.M1P1.host:2,S").write_bytes((REAL / f"rfc2822-example0{n}.eml").read_bytes())
    ws = workspace(tmp_path / "db.json", me=Me(emails=["jdoe@machine.example"]))
    mary = add_contact(ws, "Mary Smith", emails=["mary@example.net", "smith@home.example"])
    result = import_mail(ws, maildir)
    assert sorted((t.direction, t.summary) for t in result.logged) == [
        ("inbound", "Re: Saying Hello"),
        ("outbound", "Saying Hello"),
    ]
    assert len(ws.repo.timeline(mary.id)) == 2
    book = funnel(ws.repo.contacts(), ws.repo.interactions(), dt.date(1997, 1, 1), dt.date(1997, 12, 31))
    assert (book.reached, book.responded) == (1, 1)


def test_a_folder_of_real_eml_files(tmp_path):
    ws = workspace(tmp_path / "db.json")
    jamis = add_contact(ws, "Jamis Buck", emails=["jamis@37signals.com"])
    add_contact(ws, "Andrey", emails=["ak@g.com"])  # writes to a mailing list
    result = import_mail(ws, REAL)
    assert [(t.contacts, t.direction, t.summary) for t in result.logged] == [
        ([jamis.id], "inbound", "NOTE: 한국말로 하는 것")
    ]
    assert result.skipped["mailing list (List-Id)"] == 1
    assert result.skipped["bulk (Precedence: junk)"] == 1
    assert result.skipped["messages without a readable date"] == 2  # bad date; the UTF-8 one has none
    assert result.problems == [
        f"{REAL / 'plain_emails-raw_email_with_bad_date.eml'}: no readable Date header",
        f"{REAL / 'rfc6532-utf8_headers.eml'}: no readable Date header",
    ]


# Synthetic ----------------------------------------------------------------------------------------


def test_one_touch_per_person_thread_day_and_idempotent(tmp_path):
    ws = workspace(tmp_path / "db.json")
    ids = people(ws)
    box = tmp_path / "All mail Including Spam and Trash.mbox"
    box.write_bytes(mbox(
        message(f"Me <{ME}>", "Ana <ana@example.com>, Bo <bo@example.com>", "Plan", "Mon, 2 Nov 2026 09:00:00 +0100", "1@me"),
        message(f"Me <{ME}>", "ana@example.com", "Re: Plan", "Mon, 2 Nov 2026 11:00:00 +0100", "2@me",
                "In-Reply-To: <1@me>", "References: <1@me>"),
        message("Ana <ana.lima@work.example>", ME, "Re: Plan", "Mon, 2 Nov 2026 12:00:00 +0100", "3@ana",
                "References: <1@me> <2@me>"),
        message(f"Me <{ME}>", "ana@example.com", "Re: Plan", "Tue, 3 Nov 2026 09:00:00 +0100", "4@me",
                "References: <1@me>"),
        message(f"Me <{ME}>", "ana@example.com", "Other", "Tue, 3 Nov 2026 10:00:00 +0100", "5@me",
                "Bcc: Cy <cy@example.com>"),
    ))  # fmt: skip
    result = import_mail(ws, box)
    ana = sorted((t.at.isoformat()[:10], t.direction, t.summary) for t in result.logged if ids["ana"] in t.contacts)
    assert ana == [
        ("2026-11-02", "inbound", "Re: Plan"),
        ("2026-11-02", "outbound", "Plan"),  # 9:00 and 11:00 in one thread: one touch
        ("2026-11-03", "outbound", "Other"),
        ("2026-11-03", "outbound", "Re: Plan"),
    ]
    assert [t.contacts for t in result.logged if ids["bo"] in t.contacts] == [[ids["bo"]]]
    assert [t.summary for t in result.logged if ids["cy"] in t.contacts] == ["Other"]  # Bcc in my sent mail
    again = import_mail(ws, box)
    assert again.logged == [] and again.known == 6
    assert len(ws.repo.timeline(ids["ana"])) == 4


def test_lists_bulk_and_robots_never_make_touches_even_from_people_in_the_network(tmp_path):
    ws = workspace(tmp_path / "db.json")
    people(ws)
    box = tmp_path / "box.mbox"
    box.write_bytes(mbox(
        message("Ana <ana@example.com>", ME, "[team] news", "Mon, 2 Nov 2026 09:00:00 +0100", "1@x", "List-Id: <team.example.com>"),
        message("Bo <bo@example.com>", ME, "Offer", "Mon, 2 Nov 2026 09:00:00 +0100", "2@x", "Precedence: bulk"),
        message("Shop <no-reply@example.com>", ME, "Receipt", "Mon, 2 Nov 2026 09:00:00 +0100", "3@x"),
        message("Cy <cy@example.com>", ME, "Away", "Mon, 2 Nov 2026 09:00:00 +0100", "4@x", "Auto-Submitted: auto-replied"),
    ))  # fmt: skip
    result = import_mail(ws, box)
    assert result.logged == []
    assert sum(result.skipped.values()) == 4


def test_since_and_future_dates(tmp_path):
    ws = workspace(tmp_path / "db.json")
    people(ws)
    box = tmp_path / "box.mbox"
    box.write_bytes(mbox(
        message("ana@example.com", ME, "Old", "Mon, 2 Nov 2020 09:00:00 +0100", "1@x"),
        message("ana@example.com", ME, "New", "Mon, 2 Nov 2026 09:00:00 +0100", "2@x"),
        message("ana@example.com", ME, "Wrong clock", "Mon, 2 Nov 2099 09:00:00 +0100", "3@x"),
    ))  # fmt: skip
    result = import_mail(ws, box, since=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    assert [t.summary for t in result.logged] == ["New"]
    assert result.skipped == {"messages before --since": 1, "messages dated in the future": 1}


def test_a_malformed_message_is_named_and_the_rest_imports(tmp_path):
    ws = workspace(tmp_path / "db.json")
    people(ws)
    box = tmp_path / "box.mbox"
    box.write_bytes(mbox(
        "Subject: no sender at all\n\nbody\n\n",
        message("ana@example.com", ME, "Fine", "Mon, 2 Nov 2026 09:00:00 +0100", "2@x"),
    ))  # fmt: skip
    result = import_mail(ws, box)
    assert [t.summary for t in result.logged] == ["Fine"]
    assert result.problems == [f"{box}: message 1 at byte 0: no From header"]


def test_suggest_lists_frequent_addresses_with_names(tmp_path):
    ws = workspace(tmp_path / "db.json")
    people(ws)
    sent = [
        message(f"Me <{ME}>", "=?UTF-8?Q?Jos=C3=A9_P=C3=A9rez?= <jose@example.net>, ana@example.com", f"S{i}",
                "Mon, 2 Nov 2026 09:00:00 +0100", f"{i}@me")
        for i in range(3)
    ] + [message(f"Me <{ME}>", "once@example.net", "Once", "Mon, 2 Nov 2026 09:00:00 +0100", "9@me")]  # fmt: skip
    box = tmp_path / "sent.mbox"
    box.write_bytes(mbox(*sent))
    found = suggest(ws, box, at_least=2)
    assert [(s.address, s.name, s.count) for s in found] == [("jose@example.net", "José Pérez", 3)]


def test_cli_import_mail_suggest_then_add(cli, tmp_path, monkeypatch):
    config = tmp_path / "config.yaml"
    config.write_text(f"timezone: Europe/Berlin\nme:\n  emails: [{ME}]\n")
    monkeypatch.setenv("NETCRM_CONFIG", str(config))
    box = tmp_path / "sent.mbox"
    box.write_bytes(mbox(*[message(ME, "Kim Ode <kim@example.net>", f"S{i}", "Mon, 2 Nov 2026 09:00:00 +0100",
                                   f"{i}@me") for i in range(4)]))  # fmt: skip
    listed = cli("import", "mail", str(box), "--suggest")
    assert listed.code == 0 and "kim@example.net" in listed.out
    command = next(line for line in listed.out.splitlines() if "netcrm add" in line).split("netcrm ", 1)[1]
    assert cli(*shlex.split(command)).code == 0
    imported = cli("import", "mail", str(box))
    assert imported.code == 0 and "Kim Ode: 4 touches (4 email)" in imported.out
    assert imported.out.rstrip().endswith("4 touches logged, 0 already known, 0 skipped")


def test_cli_import_mail_without_my_addresses_is_one_line(cli, tmp_path):
    box = tmp_path / "box.mbox"
    box.write_bytes(mbox(message("a@example.com", "b@example.com", "x", "Mon, 2 Nov 2026 09:00:00 +0100", "1@x")))
    result = cli("import", "mail", str(box))
    assert result.code == 2 and result.err.count("\n") == 1 and "me:" in result.err


def test_progress_bar_shows_rate_and_eta_on_a_terminal_only():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen, pipe = Terminal(), io.StringIO()
    for stream in (screen, pipe):
        ticks = iter([10.0, 12.0])  # the first report, then two seconds later
        bar = ProgressBar(stream, "messages", clock=ticks.__next__)
        bar(0, 1000)
        bar(500, 1000)
        bar.close()
    assert "500/1000 250/s ETA 0:02" in screen.getvalue()
    assert pipe.getvalue() == ""


# Properties ---------------------------------------------------------------------------------------

text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=30)


@given(subjects=st.lists(text, min_size=1, max_size=6))
def test_mbox_split_finds_every_message_whatever_the_subjects(subjects):
    box = mbox(*[message("a@example.com", ME, s, "Mon, 2 Nov 2026 09:00:00 +0100", f"{i}@x")
                 for i, s in enumerate(subjects)])  # fmt: skip
    headers = [parse_header_block(block) for _, block in mbox_messages(box)]
    assert [h.message_id for h in headers] == [f"{i}@x" for i in range(len(subjects))]
    assert [h.subject for h in headers] == [" ".join(s.split()) for s in subjects]


@given(st.binary(max_size=400))
def test_any_bytes_parse_or_raise_value_error(data):
    for _, block in mbox_messages(data):
        try:
            parse_header_block(block)
        except ValueError:
            pass


word = st.text("abcXYZ019._-+", min_size=1, max_size=8)
mailbox_address = st.builds(lambda local, domain: f"{local}@{domain}.example", word, word)
named = st.tuples(st.lists(word, max_size=3).map(" ".join), mailbox_address).map(
    lambda pair: f"{pair[0]} <{pair[1]}>" if pair[0] else pair[1]
)


@given(st.lists(named, min_size=1, max_size=4).map(", ".join))
def test_fast_address_path_agrees_with_the_standard_library(header):
    expected = [(" ".join(n.split()), a.lower()) for n, a in email.utils.getaddresses([header]) if "@" in a]
    assert list(addresses(header)) == expected


def test_their_reply_later_the_same_day_counts_as_responded(tmp_path):
    """They wrote at 9, I answered at 10, they answered at 11: my reaching out got a response."""
    ws = workspace(tmp_path / "db.json")
    ids = people(ws)
    box = tmp_path / "box.mbox"
    box.write_bytes(mbox(
        message("ana@example.com", ME, "Idea", "Mon, 2 Nov 2026 09:00:00 +0100", "1@ana"),
        message(ME, "ana@example.com", "Re: Idea", "Mon, 2 Nov 2026 10:00:00 +0100", "2@me", "References: <1@ana>"),
        message("ana@example.com", ME, "Re: Idea", "Mon, 2 Nov 2026 11:00:00 +0100", "3@ana", "References: <1@ana>"),
    ))  # fmt: skip
    result = import_mail(ws, box)
    assert sorted((t.direction, t.at.hour) for t in result.logged) == [("inbound", 11), ("outbound", 10)]
    book = funnel(ws.repo.contacts(), ws.repo.interactions(), dt.date(2026, 11, 1), dt.date(2026, 11, 22))
    assert (book.reached, book.responded) == (1, 1)
    assert ws.repo.contact(ids["ana"]).stage == "active"


def test_cli_import_mail_from_an_empty_folder_is_one_line(cli, tmp_path, monkeypatch):
    config = tmp_path / "config.yaml"
    config.write_text(f"me:\n  emails: [{ME}]\n")
    monkeypatch.setenv("NETCRM_CONFIG", str(config))
    (tmp_path / "empty").mkdir()
    result = cli("import", "mail", str(tmp_path / "empty"))
    assert result.code == 2 and result.err.count("\n") == 1 and "no mail here" in result.err
