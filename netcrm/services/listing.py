"""The directory `netcrm list` prints, read the cheapest way that still gives its very output.

Every variant of `list` prints every person it matches, so each record must be
validated in full (one that does not is set aside, with its notice, as when reading
everyone): a light decode of a few fields cannot stand in for that. What is saved:

- the cyclic collector's passes over the ~400,000 objects of a network that all stay
  alive until the command prints and exits (`services.collector`, used by `cmd_list`);
- for `--json`, the per-person `to_builtins` and dict building: people are decoded
  straight into a mirror of `Contact` laid out in the JSON's key order (`json_ready`),
  with the same types, constraints and defaults, so it validates exactly as `Contact`
  does (a document it refuses sends the command to the whole-record path and its
  notices) and encodes to the very bytes `contact_json` gives."""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Callable
from typing import Any, cast

import msgspec

from netcrm.domain.model import Contact
from netcrm.services.directory import Directory, load_directory
from netcrm.services.workspace import Workspace


@functools.cache
def json_ready(always: tuple[str, ...]) -> type[msgspec.Struct]:
    """`Contact`'s fields with `always` first, each typed, constrained and defaulted as in
    `Contact`, so a document validates (or not) exactly as it does. Encoded with the
    defaults omitted, a record gives the keys and values of `contact_json` (without the
    warmth) in its order: `always` are encoded even when empty, because their default
    comes from a factory of the caller's own (msgspec omits a field only when it holds
    the default itself or an empty list, dict or set made by that type's own factory)."""
    hints = typing.get_type_hints(Contact, include_extras=True)
    fields = {f.name: f for f in msgspec.structs.fields(Contact)}
    spec: list[tuple[str, Any, Any]] = []
    for name in [*always, *(name for name in fields if name not in always)]:
        f = fields[name]
        if f.required:
            spec.append((name, hints[name]))  # type: ignore[arg-type]  # (name, type): a field without a default
        elif name in always:
            spec.append((name, hints[name], msgspec.field(default_factory=_made_anew(f))))
        elif f.default_factory is not msgspec.NODEFAULT:
            spec.append((name, hints[name], msgspec.field(default_factory=f.default_factory)))
        else:
            spec.append((name, hints[name], f.default))
    return msgspec.defstruct("ListedContact", spec, kw_only=True, omit_defaults=True, gc=False,
                             forbid_unknown_fields=Contact.__struct_config__.forbid_unknown_fields)


def _made_anew(f: msgspec.structs.FieldInfo) -> Callable[[], Any]:
    """A factory of `f`'s default that msgspec does not take for the default (so it is encoded)."""
    if f.default_factory is not msgspec.NODEFAULT:
        factory = f.default_factory
        return lambda: factory()
    default = f.default
    return lambda: default


@functools.cache
def _table_of(always: tuple[str, ...]) -> msgspec.json.Decoder[dict[str, dict[str, Any]]]:
    """A contacts table as stored ({table: {document id: record}}) read as `json_ready` records."""
    return msgspec.json.Decoder(types.GenericAlias(dict, (str, types.GenericAlias(dict, (str, json_ready(always))))))


def _id_of(record: Any) -> str:
    return cast(str, record.id)


def listing_directory(ws: Workspace, json_keys: tuple[str, ...] | None = None) -> Directory:
    """Everyone, as `load_directory` gives them. With `json_keys` (the keys `--json` always
    prints), people are `json_ready(json_keys)` records (every field of a `Contact`, so
    search, sort and warmth read them alike) when each stored document validates as one;
    else, and without `json_keys`, whole `Contact`s."""
    if json_keys is not None:
        people = ws.repo.contacts_through(_table_of(json_keys), _id_of, learn=False)  # no one is looked up after
        if people is not None:
            return Directory.build(cast(list[Contact], people), ws.today(), ws.cadences(), ws.planned_ids())
    return load_directory(ws)
