"""The directory `netcrm list` prints, read the cheapest way that still gives its very output.

Every variant of `list` prints every person it matches, so each record must be
validated in full (one that does not is set aside, with its notice, as when reading
everyone): a light decode of a few fields cannot stand in for that. What is saved:

- the cyclic collector's passes over the ~400,000 objects of a network that all stay
  alive until the command prints and exits (half of the time of `list` at 10k people);
- for `--json`, the per-person `to_builtins` and dict building: people are decoded
  straight into a mirror of `Contact` laid out in the JSON's key order (`json_ready`),
  with the same types and constraints, so it validates exactly as `Contact` does (a
  document it refuses sends the command to the whole-record path and its notices)
  and encodes to the very bytes `contact_json` gives.
"""

from __future__ import annotations

import functools
import types
import typing
from typing import Any, cast

import msgspec

from netcrm.domain.model import Contact
from netcrm.services.directory import Directory, load_directory
from netcrm.services.workspace import Workspace


@functools.cache
def json_ready(always: tuple[str, ...]) -> type[msgspec.Struct]:
    """`Contact`'s fields with `always` first, each typed and defaulted as in `Contact`,
    except that `always` are encoded even when empty: there they default to UNSET (never
    a stored value: null is refused as by `Contact`) and are given `Contact`'s default
    after decoding. Encoded with the defaults omitted, a record gives the keys and
    values of `contact_json` (without the warmth), in its order."""
    hints = typing.get_type_hints(Contact, include_extras=True)
    fields = {f.name: f for f in msgspec.structs.fields(Contact)}
    order = [*always, *(name for name in fields if name not in always)]
    spec: list[tuple[str, Any, Any]] = []
    for name in order:
        f = fields[name]
        default = f.default if f.default_factory is msgspec.NODEFAULT else msgspec.field(
            default_factory=f.default_factory)
        if name in always and f.required is False:
            spec.append((name, hints[name] | msgspec.UnsetType, msgspec.UNSET))
        elif f.required:
            spec.append((name, hints[name]))  # type: ignore[arg-type]
        else:
            spec.append((name, hints[name], default))
    fill = {f.name: f for f in fields.values() if f.name in always and not f.required}

    def __post_init__(self: Any) -> None:
        for name, f in fill.items():
            if getattr(self, name) is msgspec.UNSET:
                setattr(self, name, f.default if f.default_factory is msgspec.NODEFAULT else f.default_factory())

    config = Contact.__struct_config__
    return msgspec.defstruct(
        "ListedContact", spec, kw_only=True, omit_defaults=True, forbid_unknown_fields=config.forbid_unknown_fields,
        gc=False, namespace={"__post_init__": __post_init__},
    )


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
        people = ws.repo.contacts_through(_table_of(json_keys), _id_of)
        if people is not None:
            return Directory.build(cast(list[Contact], people), ws.today(), ws.cadences(), ws.planned_ids())
    return load_directory(ws)
