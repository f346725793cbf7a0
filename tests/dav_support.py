"""A real CalDAV/CardDAV server (Radicale) and a real synchroniser (vdirsyncer) for tests.

`radicale_server()` starts Radicale on 127.0.0.1 on a free port with a throw-away
storage folder and one user (htpasswd, plain), creates an address book and a
calendar the way a user would in the server's web page, and stops it afterwards.
`Laptop` is one netcrm database with its own vdir and the vdirsyncer config the
README documents, so two of them are two machines sharing one server.
"""

from __future__ import annotations

import base64
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

USER, PASSWORD = "me", "secret"
CONTACTS, CATCHUPS = "contacts", "catch-ups"

MKADDRESSBOOK = b"""<?xml version="1.0" encoding="utf-8"?>
<D:mkcol xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><D:set><D:prop>
<D:resourcetype><D:collection/><C:addressbook/></D:resourcetype><D:displayname>netcrm</D:displayname>
</D:prop></D:set></D:mkcol>"""
MKCALENDAR = b"""<?xml version="1.0" encoding="utf-8"?>
<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>
<D:displayname>netcrm catch-ups</D:displayname>
<C:supported-calendar-component-set><C:comp name="VEVENT"/></C:supported-calendar-component-set>
</D:prop></D:set></C:mkcalendar>"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None) -> bytes:
        token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        req = urllib.request.Request(f"{self.url}{path}", data=body, method=method,
                                     headers={"Authorization": f"Basic {token}", **(headers or {})})
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.read()

    def items(self, collection: str) -> dict[str, bytes]:
        """href -> body of every item in a collection (PROPFIND, then GET each)."""
        body = self.request("PROPFIND", f"/{USER}/{collection}/", b"", {"Depth": "1"})
        hrefs = [e.text for e in ET.fromstring(body).iter("{DAV:}href") if e.text and not e.text.endswith("/")]
        return {href: self.request("GET", href) for href in hrefs}

    def put(self, href: str, data: bytes, content_type: str) -> None:
        self.request("PUT", href, data, {"Content-Type": f"{content_type}; charset=utf-8"})


@contextmanager
def radicale_server(folder: Path) -> Iterator[Server]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "users").write_text(f"{USER}:{PASSWORD}\n")
    port = free_port()
    config = folder / "radicale.conf"
    config.write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n"
        f"[auth]\ntype = htpasswd\nhtpasswd_filename = {folder / 'users'}\nhtpasswd_encryption = plain\n"
        f"[storage]\nfilesystem_folder = {folder / 'collections'}\n"
        "[rights]\ntype = owner_only\n[logging]\nlevel = warning\n"
    )
    log = (folder / "radicale.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "radicale", "--config", str(config)], stdout=log, stderr=log)
    server = Server(f"http://127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + 60
        while True:  # wait until it answers, or give up with its log
            try:
                server.request("PROPFIND", f"/{USER}/", b"", {"Depth": "0"})
                break
            except (urllib.error.URLError, ConnectionError):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"radicale did not start: {(folder / 'radicale.log').read_text()}") from None
                time.sleep(0.1)
        server.request("MKCOL", f"/{USER}/{CONTACTS}/", MKADDRESSBOOK, {"Content-Type": "application/xml"})
        server.request("MKCALENDAR", f"/{USER}/{CATCHUPS}/", MKCALENDAR, {"Content-Type": "application/xml"})
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


README = Path(__file__).resolve().parents[1] / "README.md"


def vdirsyncer_config(vdir: Path, status: Path, server_url: str, password_file: Path) -> str:
    """The config the README shows (its ```ini block), pointed at this vdir and server."""
    text = README.read_text(encoding="utf-8")
    config = text.split("```ini\n", 1)[1].split("```", 1)[0]
    for old, new in (
        ("~/.local/share/vdirsyncer/status/", f"{status}/"),
        ("~/netcrm-vdir", str(vdir)),
        ("https://dav.example.com/me/", f"{server_url}/{USER}/"),
        ('["command", "pass", "dav.example.com"]', f'["command", "cat", "{password_file}"]'),
    ):
        assert old in config, f"the README's vdirsyncer config no longer has {old!r}"
        config = config.replace(old, new)
    return config


class Laptop:
    """One netcrm database, its vdir and its vdirsyncer, syncing with `server`."""

    def __init__(self, home: Path, server: Server) -> None:
        self.home = home
        self.db = home / "netcrm.json"
        self.vdir = home / "vdir"
        home.mkdir(parents=True, exist_ok=True)
        for sub in ("contacts", "catch-ups"):
            (self.vdir / sub).mkdir(parents=True, exist_ok=True)
        password = home / "password"
        password.write_text(PASSWORD)
        self.config = home / "vdirsyncer.conf"
        self.config.write_text(vdirsyncer_config(self.vdir, home / "status", server.url, password))
        self._vdirsyncer("discover")

    def _vdirsyncer(self, *args: str) -> None:
        exe = Path(sys.executable).with_name("vdirsyncer")
        env = {**os.environ, "HOME": str(self.home)}
        done = subprocess.run([str(exe), "-c", str(self.config), *args], capture_output=True, text=True, env=env,
                              timeout=120)
        if done.returncode != 0:
            raise AssertionError(f"vdirsyncer {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")

    def vdirsyncer_sync(self) -> None:
        self._vdirsyncer("sync")
