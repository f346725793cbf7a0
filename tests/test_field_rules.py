"""One rule per field, every entry point through it: the same bad value is refused everywhere.

Entry points: `netcrm add`, the app's form, `netcrm edit` (parse_edit), `import yaml`,
`import vcard`, `import linkedin`. Also: the circle follows the organisation everywhere.
"""

from __future__ import annotations

import json

import pytest
from textual.widgets import Input, Select

from netcrm.domain.model import Contact
from netcrm.domain.rules import circle_for, contact_problems, is_internal
from netcrm.errors import NetcrmError
from netcrm.formats.yaml_tree import contact_yaml
from netcrm.services.edit import parse_edit
from netcrm.services.people import add_contact
from netcrm.ui.app import NetcrmApp
from netcrm.ui.screens.contact_form import ContactForm

BAD_EMAIL = "ann lee@example.com"
BAD_ZONE = "Mars/Olympus"
BAD_NAME = "Eve\x1b]0;owned\x07"


def ids(cli) -> list[str]:
    return [p["id"] for p in json.loads(cli("list", "--json", "--archived").out)]


def test_the_rules_themselves():
    assert contact_problems(Contact(id="a", name="Ann", emails=["ann@example.com"], timezone="Europe/Berlin")) == []
    problems = contact_problems(Contact(id="a", name=BAD_NAME, emails=["ok@x.io", BAD_EMAIL], timezone=BAD_ZONE))
    assert [p.path for p in problems] == ["name", "timezone"]  # the first text problem, then the zone
    problems = contact_problems(Contact(id="a", name="Ann", emails=["ok@x.io", BAD_EMAIL]))
    assert [p.path for p in problems] == ["emails"] and BAD_EMAIL in str(problems[0])
    assert circle_for("ACMÉ ", "acme") == "internal" and circle_for("Other", "Acme") == "external"
    assert circle_for("Acme", "") == "external"
    assert is_internal("external", "acme", "ACME") and is_internal("internal", "", "ACME")


@pytest.mark.parametrize(
    ("option", "value", "field"),
    [("--email", BAD_EMAIL, "emails"), ("--timezone", BAD_ZONE, "timezone")],
)
def test_cli_add_refuses(cli, option, value, field):
    result = cli("add", "Ann Lee", option, value)
    assert result.code == 2 and result.err.startswith(f"netcrm: {field}: ") and "--" not in result.err
    assert ids(cli) == []


def test_cli_add_refuses_a_name_with_control_characters(cli):
    result = cli("add", BAD_NAME)
    assert result.code == 2 and "name: a control character is not allowed" in result.err
    assert "\x1b" not in result.err and ids(cli) == []


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [("emails", BAD_EMAIL, BAD_EMAIL), ("timezone", BAD_ZONE, BAD_ZONE), ("name", BAD_NAME, "control character")],
)
async def test_app_form_refuses_next_to_the_field(small_network, field, value, said):
    before = len(small_network.repo.contacts())
    app = NetcrmApp(small_network, watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        form = app.screen
        form.query_one("#name", Input).value = "Ann Lee"
        form.query_one(f"#{field}", Input).value = value
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert said in str(form.query_one(f"#{field}-error").render())
    assert len(small_network.repo.contacts()) == before


async def test_app_add_form_takes_the_circle_from_the_organisation(demo_ws):
    app = NetcrmApp(demo_ws, watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, ContactForm)
        form.query_one("#name", Input).value = "New Colleague"
        form.query_one("#org", Input).value = "northwind labs"  # the configured organisation, other case
        await pilot.pause()
        assert form.query_one("#circle", Select).value == "internal"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ContactForm)
    assert demo_ws.repo.contact("new-colleague").circle == "internal"


@pytest.mark.parametrize(("key", "value"), [("emails", [BAD_EMAIL]), ("timezone", BAD_ZONE), ("name", BAD_NAME)])
def test_edit_refuses(ws, key, value):
    ann = add_contact(ws, "Ann Lee", emails=["ann@example.com"])
    import yaml

    data = yaml.safe_load(contact_yaml(ann))
    data[key] = value
    with pytest.raises(NetcrmError) as caught:
        parse_edit(ann, yaml.safe_dump(data, allow_unicode=True), "ann-lee.yaml", now=ws.now())
    assert "ann-lee.yaml: line " in str(caught.value) and f": {key}" in str(caught.value)


def test_yaml_import_refuses(cli, tmp_path):
    cli("add", "Ann Lee", "--email", "ann@example.com")
    folder = tmp_path / "export"
    assert cli("export", "yaml", str(folder)).code == 0
    cli("delete", "ann-lee")
    person = folder / "people" / "ann-lee.yaml"
    person.write_text(person.read_text().replace("ann@example.com", BAD_EMAIL))
    result = cli("import", "yaml", str(folder))
    assert result.code == 2 and "people/ann-lee.yaml: line " in result.err and "emails" in result.err
    assert ids(cli) == []


IMPORTS = {
    "vcard": ("cards.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nEMAIL:{bad}\nEND:VCARD\n"
              "BEGIN:VCARD\nVERSION:3.0\nFN:Bo Chen\nEMAIL:bo@example.com\nEND:VCARD\n"),
    "linkedin": ("Connections.csv", "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                 "Ann,Lee,https://www.linkedin.com/in/ann,{bad},Acme,CTO,05 Mar 2024\n"
                 "Bo,Chen,https://www.linkedin.com/in/bo,bo@example.com,Acme,CFO,05 Mar 2024\n"),
}


@pytest.mark.parametrize("kind", IMPORTS)
def test_imports_skip_the_person_naming_the_field(cli, tmp_path, kind):
    name, text = IMPORTS[kind]
    path = tmp_path / name
    path.write_text(text.format(bad=BAD_EMAIL))
    result = cli("import", kind, str(path))
    assert result.code == 0 and "is not an email address" in result.out
    assert ids(cli) == ["bo-chen"]


def test_circle_from_organisation_in_cli_and_imports(cli, tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text("timezone: Europe/Berlin\norganisation: Northwind\n")
    assert "internal" in cli("add", "Raj Patel", "--org", "NORTHWIND").out
    assert "external" in cli("add", "Ana Lima", "--org", "Lumen").out
    assert "external" in cli("add", "Kai Mo", "--org", "Northwind", "--circle", "external").out
    path = tmp_path / "c.vcf"
    path.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Zoe Odegard\nORG:Northwind\nEND:VCARD\n")
    cli("import", "vcard", str(path))
    circles = {p["id"]: p["circle"] for p in json.loads(cli("list", "--json").out)}
    assert circles == {"raj-patel": "internal", "ana-lima": "external", "kai-mo": "external", "zoe-odegard": "internal"}
