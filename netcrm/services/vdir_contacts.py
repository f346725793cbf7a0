"""People <-> `DIR/contacts/*.vcf`, both ways, for `sync vdir`.

Each item's state (the file's content hash and the card fields it held) is the
common ancestor of a three-way merge: what the other side changed since then
comes in; what both changed keeps netcrm's value and puts the other on the
timeline. Cards a phone created become people; a card deleted there archives
the person. A card is rewritten only when what it says about the person
changed, so a second sync writes nothing.
"""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import quote

import msgspec

from netcrm.domain.model import Contact
from netcrm.domain.threeway import three_way
from netcrm.errors import NetcrmError
from netcrm.formats.vcard4 import (
    EXTERNAL_PREFIX,
    Card,
    CardError,
    card_fields,
    card_uid,
    contact_from_fields,
    read_card,
    write_card,
)
from netcrm.services.people import add_contact, archive, update_contact
from netcrm.services.sync_state import content_hash
from netcrm.services.vdir import SyncSummary, Vdir, record_conflict
from netcrm.services.workspace import Workspace

COLLECTION = "contacts"
EXT = ".vcf"
# Never taken from the other side: identity, and times netcrm keeps itself.
NOT_MERGED = ("id", "created", "updated", "last_touch")
Entries = dict[str, dict[str, Any]]


def _comparable(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if k not in ("updated",)}


_encoder = msgspec.json.Encoder()


def _source(contact: Contact) -> str:
    """A digest of what a card is made from (`card_fields` depends on the person alone; `updated`
    is left out as `_comparable` leaves it out): equal digests, equal comparable fields."""
    return hashlib.blake2b(_encoder.encode(msgspec.structs.replace(contact, updated=None)), digest_size=16).hexdigest()


class ContactSync:
    def __init__(self, ws: Workspace, vdir: Vdir, entries: Entries, summary: SyncSummary) -> None:
        self.ws, self.vdir, self.summary = ws, vdir, summary
        self.entries: Entries = {}
        self.old = entries
        self.by_id = {c.id: c for c in ws.repo.contacts()}
        self._uids: dict[str, str] | None = None

    @property
    def id_of_uid(self) -> dict[str, str]:
        """Card UID -> person id, made when a card must be read (not on a sync with nothing new)."""
        if self._uids is None:
            self._uids = {card_uid(c): c.id for c in self.by_id.values()}
        return self._uids

    def run(self) -> Entries:
        files = self.vdir.changed_items(COLLECTION, EXT, {name: entry.get("stat") for name, entry in self.old.items()})
        gone = []
        for name, entry in self.old.items():
            if name not in files:
                gone.append(entry["id"])
            else:
                self._seen(name, entry, files.pop(name))
        self._deleted_there(gone)
        for name, data in files.items():
            if data is not None:  # always: only files with a recorded signature are not read
                self._new_there(name, data)
        self._write_ours()
        return self.entries

    def _parse(self, name: str, data: bytes) -> Card | None:
        try:
            return read_card(data.decode("utf-8", errors="replace"), self.id_of_uid)
        except CardError as exc:
            self.summary.skipped.append(f"{COLLECTION}/{name}: unreadable card ({exc})")
            return None

    def _deleted_there(self, ids: list[str]) -> None:
        """Archive the people whose cards were deleted on the other side, all in one transaction:
        one write, one undo step, one journal entry, even when a phone lost all 10,000 cards."""
        if not ids:
            return
        with self.ws.repo.transaction():
            people = [c for c in map(self.ws.repo.contact, ids) if c is not None and not c.archived]
            if len(people) > 1:
                self.ws.repo.describe(f"archive {len(people)} people deleted on the other side")
            for contact in people:  # one person: the label is archive's own ("archive Raj Patel")
                archive(self.ws, contact)
                self.summary.archived.append(contact.name)

    def _seen(self, name: str, entry: dict[str, Any], data: bytes | None) -> None:
        self.entries[name] = entry
        if data is None:
            return  # its file is the one read last time (same stat signature): unchanged there
        digest = content_hash(data)
        if digest == entry["hash"]:
            # Unchanged there: no need to ask the database (10,000 cards, most syncs), nor next
            # time to read the file again while its signature stays the same.
            signature = self.vdir.signatures.get(name)
            if signature is None:
                entry.pop("stat", None)
            else:
                entry["stat"] = signature
            return
        contact = self.ws.repo.contact(entry["id"])
        if contact is None:
            return
        card = self._parse(name, data)
        if card is None:
            return
        base = entry["fields"]
        theirs = card.fields if card.has_extras else {**base, **card.fields}
        merge = three_way(base, theirs, card_fields(contact), ignore=NOT_MERGED)
        changes = {k: v for k, v in merge.changes.items() if not (k == "name" and not str(v or "").strip())}
        if changes:
            try:
                update_contact(self.ws, contact, changes)
                self.summary.updated_people.append(f"{contact.name}: {', '.join(sorted(changes))}")
            except NetcrmError as exc:
                self.summary.skipped.append(f"{COLLECTION}/{name}: {exc}")
                return
        for key, value in merge.conflicts.items():
            ours = getattr(contact, key)
            record_conflict(self.ws, [contact.id], f"Sync: kept {key} {ours!r}; the other side had {value!r}")
            self.summary.conflicts.append(f"{contact.name}: {key}: kept {ours!r}, the other side had {value!r}")
        self.entries[name] = {"id": contact.id, "hash": digest, "fields": theirs, "extras": card.has_extras}

    def _new_there(self, name: str, data: bytes) -> None:
        card = self._parse(name, data)
        if card is None:
            return
        known = card.fields.get("id") if card.has_extras else None
        cid = known if known in self.by_id else self.id_of_uid.get(card.uid)
        contact = self.ws.repo.contact(cid) if cid else None
        if contact is None:
            contact = self._create(name, card)
            if contact is None:
                return
        # The file becomes the common ancestor; netcrm's values win when they differ.
        fields = card.fields if card.has_extras else {**card_fields(contact), **card.fields}
        self.entries[name] = {"id": contact.id, "hash": content_hash(data), "fields": fields, "extras": card.has_extras}

    def _create(self, name: str, card: Card) -> Contact | None:
        fields = {k: v for k, v in card.fields.items() if k != "last_touch"}
        try:
            if card.has_extras and fields.get("id"):
                contact = contact_from_fields(fields)
                with self.ws.repo.transaction():
                    if self.ws.repo.contact(contact.id) is not None:  # added meanwhile: never overwrite it
                        raise NetcrmError(f"a person with id {contact.id!r} is here already; left as it is")
                    self.ws.repo.put(contact)
            else:
                if not fields.get("name"):
                    fields["name"] = (fields.get("emails") or [""])[0]
                if card.uid:
                    fields["external_ids"] = [*fields.get("external_ids", []), EXTERNAL_PREFIX + card.uid]
                for key in ("id", "updated", "created"):
                    fields.pop(key, None)
                contact = add_contact(self.ws, fields.pop("name"), **fields)
        except (NetcrmError, msgspec.ValidationError) as exc:
            self.summary.skipped.append(f"{COLLECTION}/{name}: {exc}")
            return None
        self.by_id[contact.id] = contact
        self.id_of_uid[card_uid(contact)] = contact.id
        self.summary.new_people.append(contact.name)
        return contact

    def _write_ours(self) -> None:
        names = {e["id"]: n for n, e in self.entries.items()}
        contacts = {c.id: c for c in self.ws.repo.contacts()}
        for cid, name in list(names.items()):
            if cid not in contacts or contacts[cid].archived:
                self.vdir.remove(COLLECTION, name)
                del self.entries[name]
        for contact in sorted(contacts.values(), key=lambda c: c.id):
            if contact.archived:
                continue
            known = names.get(contact.id)
            entry = self.entries.get(known or "")
            # The card was written from (or found to say) exactly this person: nothing to compare.
            source = _source(contact)
            if entry and entry.get("source") == source:
                continue
            fields = card_fields(contact)
            if entry and entry.get("extras", True) and _comparable(entry["fields"]) == _comparable(fields):
                entry["source"] = source
                continue
            name = known or self._free_name(contact)
            introducer = contacts.get(contact.introduced_by or "")
            data = write_card(contact, card_uid(introducer) if introducer else None).encode("utf-8")
            self.vdir.write(COLLECTION, name, data)
            self.entries[name] = {"id": contact.id, "hash": content_hash(data), "fields": fields, "source": source}

    def _free_name(self, contact: Contact) -> str:
        stem = quote(contact.id, safe="-._@")
        name, n = f"{stem}{EXT}", 1
        while name in self.entries or (self.vdir.root / COLLECTION / name).exists():
            n += 1
            name = f"{stem}-{n}{EXT}"
        return name


def sync_contacts(ws: Workspace, vdir: Vdir, entries: Entries, summary: SyncSummary) -> Entries:
    return ContactSync(ws, vdir, entries, summary).run()
